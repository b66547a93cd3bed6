package it.c2du.counters.platform;

import it.c2du.counters.CounterSnapshot;
import it.c2du.counters.DailyCounters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.json.Json;
import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The platform forms of chain2-profile.md, "Export to the collaborative platform". */
class PlatformDayTest {
    private static final int N = ReceptionCounter.values().length;
    private static final int DAYS = C2P1.Counters.PROFILE_DAYS;
    private static final LocalDate DAY = LocalDate.of(2024, 5, 10);

    @Test
    void valueSentFollowsTheSpecExamples() {
        assertEquals(0, PlatformDay.valueSent(0));
        assertEquals(-32768, PlatformDay.valueSent(0x8000));
        assertEquals(1, PlatformDay.valueSent(1));
        assertEquals(-32769, PlatformDay.valueSent(0x8001));
        assertEquals(-65535, PlatformDay.valueSent(0xFFFF));
        assertEquals(32767, PlatformDay.valueSent(0x7FFF));
        assertEquals(-32772, PlatformDay.valueSent(0x8004));
        assertEquals(93, PlatformDay.valueSent(93));
    }

    @Test
    void valueSentIsOneToOneOverAll16BitValues() {
        Set<Integer> seen = new HashSet<>();
        for (int raw = 0; raw <= 0xFFFF; raw++) {
            int v = PlatformDay.valueSent(raw);
            if ((raw & 0x8000) == 0) {
                assertEquals(raw, v, "raw " + raw);
            } else {
                assertEquals(-(32768 + (raw & 0x7FFF)), v, "raw " + raw);
                assertTrue(v <= -32768 && v >= -65535, "raw " + raw);
            }
            assertTrue(seen.add(v), "two raw values sent as " + v);
        }
    }

    @Test
    void timestampIsTheDateAtMidnightUtcInMillis() {
        assertEquals(1509408000000L, PlatformDay.timestampMillis(LocalDate.of(2017, 10, 31)));
        assertEquals(0L, PlatformDay.timestampMillis(LocalDate.of(1970, 1, 1)));
        // The 23-hour day in Rome is still its date at 00:00 UTC.
        assertEquals(Instant.parse("2024-03-31T00:00:00Z").toEpochMilli(), PlatformDay.timestampMillis(LocalDate.of(2024, 3, 31)));
        assertEquals(Instant.parse("2024-10-27T00:00:00Z").toEpochMilli(), PlatformDay.timestampMillis(LocalDate.of(2024, 10, 27)));
    }

    @Test
    void countersAndCsvHeaderOfEachMeter() {
        assertEquals(List.of(ReceptionCounter.C1, ReceptionCounter.C2, ReceptionCounter.C3), PlatformDay.countersOf(MeterRole.M1));
        assertEquals(List.of(ReceptionCounter.C4, ReceptionCounter.C5), PlatformDay.countersOf(MeterRole.M2));
        assertEquals("TS,C1_DU,C2_DU,C3_DU,POD,DU,ID_INSTALLAZIONE", PlatformDay.csvHeader(MeterRole.M1));
        assertEquals("TS,C4_DU,C5_DU,POD,DU,ID_INSTALLAZIONE", PlatformDay.csvHeader(MeterRole.M2));
    }

    @Test
    void csvRowReproducesThePlatformExample() {
        PlatformDay d = new PlatformDay(MeterRole.M1, LocalDate.of(2017, 11, 1), new int[] {93, 5, 2}, "IT001E123456789",
                "DC0000000006", "XY171101");
        assertEquals("01/11/2017,93,5,2,IT001E123456789,DC0000000006,XY171101", d.csvRow());
        PlatformDay off = new PlatformDay(MeterRole.M2, LocalDate.of(2024, 3, 9), new int[] {0x8000, 0x8060}, "ITP0AE12345678",
                "DC1234567890", "AB240301");
        assertEquals("09/03/2024,-32768,-32864,ITP0AE12345678,DC1234567890,AB240301", off.csvRow());
        assertEquals(PlatformDay.csvHeader(MeterRole.M2).split(",").length, off.csvRow().split(",").length);
    }

    @Test
    void jsonReproducesThePlatformExampleInMemberOrder() {
        PlatformDay d = new PlatformDay(MeterRole.M1, LocalDate.of(2017, 10, 31), new int[] {0x8004, 0x8001, 0x8000},
                "IT001E12345678", "DC0000000002", "XY171001");
        assertEquals("{\"TS\":1509408000000,\"C1_DU\":-32772,\"C2_DU\":-32769,\"C3_DU\":-32768,"
                + "\"POD\":\"IT001E12345678\",\"ID_INSTALLAZIONE\":\"XY171001\",\"DU\":\"DC0000000002\"}", Json.writeCompact(d.json()));
        assertEquals(List.of("TS", "C1_DU", "C2_DU", "C3_DU", "POD", "ID_INSTALLAZIONE", "DU"), new ArrayList<>(d.json().keySet()));
    }

    @Test
    void jsonOfM2() {
        PlatformDay d = new PlatformDay(MeterRole.M2, LocalDate.of(2017, 10, 31), new int[] {96, 0x8002}, "ITP0AE12345678",
                "DC0000000002", "XY171001");
        Map<String, Object> m = d.json();
        assertEquals(List.of("TS", "C4_DU", "C5_DU", "POD", "ID_INSTALLAZIONE", "DU"), new ArrayList<>(m.keySet()));
        assertEquals("{\"TS\":1509408000000,\"C4_DU\":96,\"C5_DU\":-32770,\"POD\":\"ITP0AE12345678\","
                + "\"ID_INSTALLAZIONE\":\"XY171001\",\"DU\":\"DC0000000002\"}", Json.writeCompact(m));
    }

    @Test
    void valuesMustMatchTheMetersCounters() {
        assertThrows(IllegalArgumentException.class, () -> new PlatformDay(MeterRole.M1, DAY, new int[] {1, 2}, "p", "d", "i"));
        assertThrows(IllegalArgumentException.class, () -> new PlatformDay(MeterRole.M2, DAY, new int[] {1, 2, 3}, "p", "d", "i"));
        int[] v = {1, 2, 3};
        PlatformDay d = new PlatformDay(MeterRole.M1, DAY, v, "p", "d", "i");
        v[0] = 99;
        assertArrayEquals(new int[] {1, 2, 3}, d.values(), "a copy is kept");
    }

    // ---------------------------------------------------------------- closed days

    /** profile[c][i] = 100 * c + i (+ bit 15 on odd i): each value names its counter and day. */
    private static CounterSnapshot counters(LocalDate firstDay, LocalDate day) {
        int[][] p = new int[N][DAYS];
        for (int c = 0; c < N; c++) {
            for (int i = 0; i < DAYS; i++) {
                p[c][i] = 100 * c + i | (i % 2 == 1 ? 0x8000 : 0);
            }
        }
        Instant clock = day == null ? null : day.atTime(12, 0).atZone(ZoneId.of("Europe/Rome")).toInstant();
        return new CounterSnapshot(firstDay, day, clock, new int[] {7, 7, 7, 7, 7}, p, true);
    }

    private static void assertDays(List<PlatformDay> days, MeterRole meter, LocalDate day, int count) {
        assertEquals(count, days.size());
        List<ReceptionCounter> cs = PlatformDay.countersOf(meter);
        for (int k = 0; k < days.size(); k++) {
            PlatformDay d = days.get(k);
            LocalDate expected = day.minusDays(count - k);
            assertEquals(expected, d.day(), "oldest first, entry " + k);
            int index = count - k - 1; // profile element: 0 = yesterday
            int[] values = new int[cs.size()];
            for (int j = 0; j < cs.size(); j++) {
                values[j] = 100 * cs.get(j).ordinal() + index | (index % 2 == 1 ? 0x8000 : 0);
            }
            assertArrayEquals(values, d.values(), "values of " + expected);
            assertEquals(meter, d.meter());
            assertEquals("POD", d.pod());
            assertEquals("DC1234567890", d.du());
            assertEquals("XY240501", d.installationId());
        }
    }

    private static List<PlatformDay> closed(CounterSnapshot s, MeterRole meter) {
        return PlatformDay.closedDays(s, meter, "POD", "DC1234567890", "XY240501");
    }

    @Test
    void noClosedDaysBeforeTheFirstEventOrOnTheFirstDay() {
        CounterSnapshot none = new CounterSnapshot(null, null, null, new int[N], new int[N][DAYS], true);
        assertEquals(List.of(), closed(none, MeterRole.M1));
        assertEquals(List.of(), closed(none, MeterRole.M2));
        assertEquals(List.of(), closed(counters(DAY, DAY), MeterRole.M1));
    }

    @Test
    void closedDaysStartAtTheFirstDayOldestFirst() {
        for (MeterRole m : MeterRole.values()) {
            assertDays(closed(counters(DAY.minusDays(1), DAY), m), m, DAY, 1);
            assertDays(closed(counters(DAY.minusDays(10), DAY), m), m, DAY, 10);
            assertDays(closed(counters(DAY.minusDays(59), DAY), m), m, DAY, 59);
        }
        List<PlatformDay> ten = closed(counters(DAY.minusDays(10), DAY), MeterRole.M1);
        assertEquals(DAY.minusDays(10), ten.get(0).day(), "the first day itself is reported");
        assertEquals(DAY.minusDays(1), ten.get(9).day(), "yesterday last");
    }

    @Test
    void atMostSixtyClosedDays() {
        for (int back : new int[] {60, 61, 100, 5000}) {
            for (MeterRole m : MeterRole.values()) {
                List<PlatformDay> days = closed(counters(DAY.minusDays(back), DAY), m);
                assertDays(days, m, DAY, 60);
                assertEquals(DAY.minusDays(60), days.get(0).day());
            }
        }
    }

    @Test
    void closedDaysOfRealCountersMatchWhatWasCounted() {
        ZoneId rome = ZoneId.of("Europe/Rome");
        DailyCounters dc = new DailyCounters(rome);
        LocalDate start = LocalDate.of(2024, 3, 29);
        dc.advanceTo(start.atTime(10, 0).atZone(rome).toInstant());
        dc.count(ReceptionCounter.C1);
        dc.count(ReceptionCounter.C4);
        dc.advanceTo(start.plusDays(1).atTime(10, 0).atZone(rome).toInstant());
        dc.powerOff(start.plusDays(1).atTime(11, 0).atZone(rome).toInstant());
        dc.powerOn(start.plusDays(3).atTime(9, 0).atZone(rome).toInstant());
        List<PlatformDay> m1 = closed(dc.snapshot(), MeterRole.M1);
        assertEquals(List.of("29/03/2024,1,0,0,POD,DC1234567890,XY240501", "30/03/2024,-32768,-32768,-32768,POD,DC1234567890,XY240501",
                "31/03/2024,-32768,-32768,-32768,POD,DC1234567890,XY240501"), m1.stream().map(PlatformDay::csvRow).toList());
        List<PlatformDay> m2 = closed(dc.snapshot(), MeterRole.M2);
        assertEquals(List.of("29/03/2024,1,0,POD,DC1234567890,XY240501", "30/03/2024,-32768,-32768,POD,DC1234567890,XY240501",
                "31/03/2024,-32768,-32768,POD,DC1234567890,XY240501"), m2.stream().map(PlatformDay::csvRow).toList());
        assertEquals(1711843200000L, m1.get(2).json().get("TS"));
    }
}
