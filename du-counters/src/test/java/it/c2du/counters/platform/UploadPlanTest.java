package it.c2du.counters.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import it.c2du.core.profile.MeterRole;
import it.c2du.counters.platform.PlatformDay;
import it.c2du.counters.platform.UploadLedger.Entry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which days go out: all but those acknowledged OK or refused (KO) for the very message they would carry now. */
class UploadPlanTest {
    private static final Instant AT = Instant.parse("2026-11-23T00:00:05Z");

    static UploadMessage day(MeterRole m, int dayOfMonth, String installation, int... values) {
        return UploadMessage.of(new PlatformDay(m, LocalDate.of(2026, 11, dayOfMonth), values,
                m == MeterRole.M1 ? "IT001E12345678" : "ITP0AE12345678", "DC0000000002", installation));
    }

    @Test
    void okAndKoForTheSameMessageAreDoneOrHeldAndAnythingElseIsSent() {
        UploadMessage a = day(MeterRole.M1, 20, "XY171001", 96, 4, 1);
        UploadMessage b = day(MeterRole.M2, 20, "XY171001", 96, 30);
        UploadMessage c = day(MeterRole.M1, 21, "XY171001", 0x8000 | 93, 0x8000, 0x8000);
        UploadMessage d = day(MeterRole.M1, 22, "XY171001", 96, 1, 0);
        Map<MeterDay, Entry> ledger = new HashMap<>();
        ledger.put(a.key(), Entry.ok(a, AT));
        ledger.put(b.key(), Entry.ko(b, 2, "POD: unknown", AT));
        // c was acknowledged, but with other content (the installation id was wrong then): sent again.
        ledger.put(c.key(), Entry.ok(day(MeterRole.M1, 21, "AB171001", 0x8000 | 93, 0x8000, 0x8000), AT));
        UploadPlan plan = UploadPlan.of(List.of(d, c, b, a), ledger);
        assertEquals(List.of(c, d), plan.toSend());
        assertEquals(List.of(ledger.get(b.key())), plan.heldBack());
        assertEquals(1, plan.acknowledged());
        // A KO for other content than now's does not hold the day back: the configuration changed.
        ledger.put(b.key(), Entry.ko(day(MeterRole.M2, 20, "AB171001", 96, 30), 2, "ID_INSTALLAZIONE", AT));
        assertEquals(List.of(b, c, d), UploadPlan.of(List.of(a, b, c, d), ledger).toSend());
    }

    @Test
    void nothingAnsweredMeansEverythingIsSentOldestFirst() {
        UploadMessage m1 = day(MeterRole.M1, 22, "XY171001", 1, 2, 3);
        UploadMessage m2 = day(MeterRole.M2, 21, "XY171001", 4, 5);
        UploadPlan plan = UploadPlan.of(List.of(m1, m2), Map.of());
        assertEquals(List.of(m2, m1), plan.toSend());
        assertEquals(0, plan.acknowledged());
    }
}
