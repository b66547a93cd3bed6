package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.cli.live.LabObserveView;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.counters.DailyCounters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code du lab observe}'s screen shows the counters as {@code du counters} does. */
class LabObserveViewTest {
    @Test
    void powerLossIsShownAsAnnouncedAndDaysBeforeTheFirstAreNotObserved() {
        DailyCounters c = new DailyCounters(ZoneId.of("Europe/Rome"));
        c.advanceTo(Instant.parse("2026-03-27T10:00:00Z"));
        c.markInterruption(); // the receiver's first start
        c.count(ReceptionCounter.C1);
        c.count(ReceptionCounter.C1);
        c.advanceTo(Instant.parse("2026-03-28T10:00:00Z"));
        c.count(ReceptionCounter.C2);
        StringWriter text = new StringWriter();
        new LabObserveView(new PrintWriter(text)).started(c);
        String out = text.toString();
        // Yesterday: 2 frames after a start (bit 15), as du counters shows it.
        assertTrue(Pattern.compile("(?m)^\\s+1\\s+2026-03-27\\s+2P\\s+0P\\s").matcher(out).find(), out);
        assertTrue(out.contains("C1=0 C2=1 C3=0 C4=0 C5=0"), out);
        assertFalse(out.contains("*"), out);
        // The day before the first event was never observed: not a 0.
        assertTrue(Pattern.compile("(?m)^\\s+2\\s+2026-03-26\\s+elements 2\\.\\.3: before the first event \\(2026-03-27\\),"
                + " not observed").matcher(out).find(), out);
    }
}
