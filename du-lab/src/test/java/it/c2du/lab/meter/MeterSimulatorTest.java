package it.c2du.lab.meter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Verdict;
import it.c2du.core.stack.CompactFrameCodec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The simulator's traffic, property-style: for seeds drawn from a printed master seed and for
 * days that matter (both DST changes, December, June, one random day, and two days across
 * midnight), every frame is accepted by the real receive stack with exactly the reported fields,
 * and the frames are what the profile says a day of two meters holds.
 */
class MeterSimulatorTest {
    private static final long QUARTER = 900;

    /** One period of traffic to check: {@code days} local days from {@code first}. */
    private record Period(LocalDate first, int days) {
    }

    @Test
    void daysOfTrafficAreAcceptedWithTheReportedFieldsAndHoldWhatTheProfileSays() {
        long master = Long.getLong("c2du.seed", System.nanoTime());
        Random random = new Random(master);
        for (int s = 0; s < 3; s++) {
            long seed = random.nextLong();
            String where = "master seed " + master + ", seed " + seed;
            LabSetup lab = new LabSetup(seed);
            MeterSimulator sim = lab.simulator(seed);
            ReceiveStack du = lab.pipeline();
            // In time order, so that frame counters keep rising across periods.
            List<Period> periods = new ArrayList<>(List.of(
                    new Period(LocalDate.of(2024, 10, 27), 1),  // 25 hours
                    new Period(LocalDate.of(2024, 12, 14), 2),  // December, across midnight
                    new Period(LocalDate.of(2025, 3, 30), 1),   // 23 hours
                    new Period(LocalDate.of(2025, 6, 21), 1)));
            periods.add(new Period(LocalDate.of(2025, 7, 1).plusDays(random.nextInt(180)), 1));
            for (Period p : periods) {
                Instant from = p.first().atStartOfDay(LabSetup.ROME).toInstant();
                Instant to = p.first().plusDays(p.days()).atStartOfDay(LabSetup.ROME).toInstant();
                String at = where + ", " + p.first() + " + " + p.days() + " d";
                List<MeterTransmission> traffic = sim.traffic(from, to);
                everyFrameIsAccepted(du, traffic, at);
                inTimeOrderWithRisingFrameCounters(traffic, from, to, at);
                quarterHourFrames(sim, traffic, CompactFrameType.CF1, from, to, at);
                quarterHourFrames(sim, traffic, CompactFrameType.CF2, from, to, at);
                powerSteps(traffic, CompactFrameType.CF21, "InstantPower", sim.household().powerStep(), at);
                powerSteps(traffic, CompactFrameType.CF41, "InstantProdPower", sim.plant().powerStep(), at);
                overloads(sim, traffic, at);
                thresholds(traffic, at);
                enoughEventsEveryDay(traffic, p, at);
            }
        }
    }

    private static void everyFrameIsAccepted(ReceiveStack du, List<MeterTransmission> traffic, String at) {
        for (MeterTransmission t : traffic) {
            Reception r = du.receive(t.macFrame());
            String what = at + ": " + t;
            assertEquals(Verdict.ACCEPTED, r.verdict(), what + " " + r.rejection());
            assertEquals(t.meter(), r.meter(), what);
            assertEquals(t.frameCounter(), r.frameCounter(), what);
            assertEquals(t.type(), r.compactFrame().type(), what);
            assertEquals(t.fields(), r.compactFrame().fields(), what);
            assertArrayEquals(t.plaintext(), r.plaintext(), what);
            assertEquals(LabSetup.DU, t.destination(), what);
            assertEquals(t.at().getEpochSecond(), t.fields().get("MessagePosixTimestamp"), what);
        }
    }

    private static void inTimeOrderWithRisingFrameCounters(List<MeterTransmission> traffic, Instant from, Instant to,
                                                           String at) {
        Map<MeterRole, Long> last = new EnumMap<>(MeterRole.class);
        Instant previous = from;
        for (MeterTransmission t : traffic) {
            assertTrue(!t.at().isBefore(previous) && t.at().isBefore(to), at + ": " + t);
            previous = t.at();
            Long before = last.put(t.meter(), t.frameCounter());
            assertTrue(before == null || t.frameCounter() > before, at + ": " + t + " after fc " + before);
            assertTrue(t.type().sender() == t.meter() && !t.repetition(), at + ": " + t);
        }
    }

    /** One frame per quarter hour, a few seconds after it, whose energies add up. */
    private static void quarterHourFrames(MeterSimulator sim, List<MeterTransmission> traffic, CompactFrameType type,
                                          Instant from, Instant to, String at) {
        String prod = type == CompactFrameType.CF2 ? "Prod" : "";
        TreeMap<Long, MeterTransmission> byQuarter = new TreeMap<>();
        for (MeterTransmission t : traffic) {
            if (t.type() == type) {
                long quarter = t.fields().get("MeasurePosixTimestamp");
                assertNull(byQuarter.put(quarter, t), at + ": two " + type + " for " + quarter);
                long delay = t.at().getEpochSecond() - quarter;
                assertTrue(quarter % QUARTER == 0 && delay >= 2 && delay <= 14, at + ": " + t);
                // What a lab asking for this frame's fields at its instant would get.
                assertEquals(t.fields(), sim.fieldsFor(type, t.at()), at + ": " + t);
            }
        }
        assertEquals((to.getEpochSecond() - from.getEpochSecond()) / QUARTER, byQuarter.size(), at + ": " + type);
        assertEquals(from.getEpochSecond(), byQuarter.firstKey(), at + ": " + type);
        MeterTransmission previous = null;
        for (MeterTransmission t : byQuarter.values()) {
            Map<String, Long> f = t.fields();
            long total = f.get("Total" + prod + "ActEnergy");
            long current = f.get("CurrQuart" + prod + "ActEnergy");
            long average = f.get("QuartAverage" + prod + "Power");
            assertTrue(Math.abs(average - 4 * current) <= 4, at + ": average power of " + t);
            if (type == CompactFrameType.CF1) {
                long tariff = f.get("TariffCode");
                assertTrue(tariff >= 1 && tariff <= 3, at + ": " + t);
                assertTrue(current >= 150 / 4 - 1, at + ": a household never draws less than its base load, " + t);
            }
            if (previous != null) {
                Map<String, Long> p = previous.fields();
                assertEquals(p.get("Total" + prod + "ActEnergy") + current, total, at + ": total of " + t);
                assertEquals(p.get("CurrQuart" + prod + "ActEnergy"), f.get("PrevQuart" + prod + "ActEnergy"), at + ": " + t);
            }
            previous = t;
        }
    }

    /** CF21/CF41: each event in another band than the one before, numbered one after the other. */
    private static void powerSteps(List<MeterTransmission> traffic, CompactFrameType type, String power, long step,
                                   String at) {
        MeterTransmission previous = null;
        for (MeterTransmission t : sortedEvents(traffic, type)) {
            Map<String, Long> f = t.fields();
            long delay = f.get("MessagePosixTimestamp") - f.get("EventPosixTimestamp");
            assertTrue(delay >= 1 && delay <= 3, at + ": " + t);
            if (previous != null) {
                Map<String, Long> p = previous.fields();
                assertNotEquals(p.get(power) / step, f.get(power) / step, at + ": " + t + " after " + previous);
                assertEquals((p.get("EventsCounter") + 1) % 65536, f.get("EventsCounter"), at + ": " + t);
            }
            previous = t;
        }
    }

    private static void overloads(MeterSimulator sim, List<MeterTransmission> traffic, String at) {
        MeterTransmission previous = null;
        for (MeterTransmission t : sortedEvents(traffic, CompactFrameType.CF22)) {
            Map<String, Long> f = t.fields();
            long power = f.get("InstantPower");
            assertTrue(power > f.get("AvailablePower"), at + ": " + t);
            assertEquals(sim.household().availablePower(), f.get("AvailablePower"), at + ": " + t);
            assertEquals(power > 3810 ? 120L : 7200L, f.get("SwitchOffSeconds"), at + ": " + t);
            assertEquals(sim.household().powerAt(Instant.ofEpochSecond(f.get("EventPosixTimestamp"))), power, at + ": " + t);
            if (previous != null) {
                assertEquals((previous.fields().get("EventsCounter") + 1) % 65536, f.get("EventsCounter"), at + ": " + t);
            }
            previous = t;
        }
    }

    /** CF25: at each multiple of the threshold, counted by the register itself. */
    private static void thresholds(List<MeterTransmission> traffic, String at) {
        MeterTransmission previous = null;
        for (MeterTransmission t : sortedEvents(traffic, CompactFrameType.CF25)) {
            Map<String, Long> f = t.fields();
            long threshold = f.get("ThresholdEnergy");
            long total = f.get("TotalActEnergy");
            assertEquals(3000L, threshold, at + ": " + t);
            assertTrue(total % threshold <= 2, at + ": sent within a second of the multiple, " + t);
            assertEquals(total / threshold % 65536, f.get("EventsCounter"), at + ": " + t);
            if (previous != null) {
                assertEquals(previous.fields().get("TotalActEnergy") / threshold + 1, total / threshold, at + ": " + t);
            }
            previous = t;
        }
        // Between CF1 readings, the register only grows: in the order of the instants the values were
        // read (a CF1 reports the quarter's end and goes a few seconds later, after a CF25 maybe).
        TreeMap<Long, List<MeterTransmission>> byReading = new TreeMap<>();
        for (MeterTransmission t : traffic) {
            if (t.type() == CompactFrameType.CF1 || t.type() == CompactFrameType.CF25) {
                long read = t.fields().get(t.type() == CompactFrameType.CF1 ? "MeasurePosixTimestamp" : "EventPosixTimestamp");
                byReading.computeIfAbsent(read, k -> new ArrayList<>()).add(t);
            }
        }
        long lastTotal = -1;
        for (List<MeterTransmission> same : byReading.values()) {
            for (MeterTransmission t : same) {
                long total = t.fields().get("TotalActEnergy");
                assertTrue(total >= lastTotal, at + ": " + t);
            }
            lastTotal = same.stream().mapToLong(t -> t.fields().get("TotalActEnergy")).max().orElseThrow();
        }
    }

    private static void enoughEventsEveryDay(List<MeterTransmission> traffic, Period p, String at) {
        for (int d = 0; d < p.days(); d++) {
            LocalDate day = p.first().plusDays(d);
            Map<CompactFrameType, Integer> count = new EnumMap<>(CompactFrameType.class);
            for (MeterTransmission t : traffic) {
                if (LocalDate.ofInstant(t.at(), LabSetup.ROME).equals(day)) {
                    count.merge(t.type(), 1, Integer::sum);
                }
            }
            String what = at + ", " + day + ": " + count;
            assertTrue(count.getOrDefault(CompactFrameType.CF21, 0) >= 20, what);
            assertTrue(count.getOrDefault(CompactFrameType.CF22, 0) >= 2, what);
            assertTrue(count.getOrDefault(CompactFrameType.CF25, 0) >= 2, what);
            assertTrue(count.getOrDefault(CompactFrameType.CF41, 0) >= 20, what);
        }
    }

    private static List<MeterTransmission> sortedEvents(List<MeterTransmission> traffic, CompactFrameType type) {
        List<MeterTransmission> events = new ArrayList<>();
        for (MeterTransmission t : traffic) {
            if (t.type() == type) {
                events.add(t);
            }
        }
        events.sort((a, b) -> Long.compare(a.fields().get("EventPosixTimestamp"), b.fields().get("EventPosixTimestamp")));
        return events;
    }

    @Test
    void theSameSeedGivesTheSameTrafficWhateverWasAskedBefore() {
        LabSetup lab = new LabSetup(7);
        Instant from = Instant.parse("2025-05-10T08:00:00Z");
        Instant to = Instant.parse("2025-05-10T14:00:00Z");
        List<MeterTransmission> first = lab.simulator(7).traffic(from, to);
        MeterSimulator other = lab.simulator(7);
        // Ask about a later day first (and a day before the registers' anchor): nothing may move.
        other.fieldsFor(CompactFrameType.CF25, Instant.parse("2025-07-02T10:00:00Z"));
        other.fieldsFor(CompactFrameType.CF41, Instant.parse("2024-11-02T10:00:00Z"));
        List<MeterTransmission> second = other.traffic(from, to);
        assertEquals(first, second);
        assertNotEquals(first, new LabSetup(7).simulator(8).traffic(from, to));
    }

    @Test
    void trafficOfConsecutivePeriodsIsTheTrafficOfTheWhole() {
        LabSetup lab = new LabSetup(3);
        Instant a = Instant.parse("2025-03-29T20:00:00Z");
        Instant b = Instant.parse("2025-03-29T23:00:07.5Z");
        Instant c = Instant.parse("2025-03-30T03:00:00Z");
        MeterSimulator split = lab.simulator(3);
        List<MeterTransmission> parts = new ArrayList<>(split.traffic(a, b));
        parts.addAll(split.traffic(b, c));
        assertEquals(lab.simulator(3).traffic(a, c), parts);
    }

    @Test
    void fieldsForAnyFrameAtAnyInstantFitAndAreAccepted() {
        long master = Long.getLong("c2du.seed", System.nanoTime());
        Random random = new Random(master);
        LabSetup lab = new LabSetup(master);
        MeterSimulator sim = lab.simulator(master);
        ReceiveStack du = lab.pipeline();
        long start = Instant.parse("2024-06-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 60; i++) {
            Instant at = Instant.ofEpochSecond(start + (long) i * 86_400 * 7 + random.nextInt(86_400));
            for (CompactFrameType type : CompactFrameType.values()) {
                Map<String, Long> f = sim.fieldsFor(type, at);
                String what = "master seed " + master + ": " + type + " at " + at + " " + f;
                CompactFrameCodec.encode(type, f);
                assertEquals(at.getEpochSecond(), f.get("MessagePosixTimestamp"), what);
                if (type == CompactFrameType.CF22) {
                    assertTrue(f.get("InstantPower") > f.get("AvailablePower"), what);
                }
                if (i % 10 == 0) {
                    MeterTransmission t = sim.meter(type.sender()).send(at, type, f);
                    assertEquals(f, du.receive(t.macFrame()).compactFrame().fields(), what);
                }
            }
        }
    }

    @Test
    void aLabSendsDistinctEventFramesAtTimesOfItsChoosing() {
        LabSetup lab = new LabSetup(11);
        MeterSimulator sim = lab.simulator(11);
        ReceiveStack du = lab.pipeline();
        Set<List<Long>> seen = new HashSet<>();
        Instant at = Instant.parse("2025-02-03T18:00:00Z");
        for (int i = 0; i < 5; i++, at = at.plusSeconds(40)) {
            MeterTransmission t = sim.meter(MeterRole.M1).send(at, CompactFrameType.CF21,
                    sim.fieldsFor(CompactFrameType.CF21, at));
            assertEquals(Verdict.ACCEPTED, du.receive(t.macFrame()).verdict(), t.toString());
            assertTrue(seen.add(List.copyOf(t.fields().values())), t.toString());
        }
    }

    @Test
    void aDuWithoutProductionMeterHearsOnlyM1() {
        LabSetup lab = new LabSetup(5);
        MeterSimulator sim = MeterSimulator.of(LabSetup.DU, lab.m1, null, new it.c2du.core.crypto.JdkGcmEngine(),
                LabSetup.ROME, 5);
        assertNull(sim.meter(MeterRole.M2));
        List<MeterTransmission> traffic = sim.traffic(Instant.parse("2025-06-21T09:00:00Z"),
                Instant.parse("2025-06-21T12:00:00Z"));
        assertTrue(traffic.size() >= 12, traffic.toString());
        assertTrue(traffic.stream().allMatch(t -> t.meter() == MeterRole.M1), traffic.toString());
    }
}
