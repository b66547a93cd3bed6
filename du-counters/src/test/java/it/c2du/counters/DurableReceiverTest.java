package it.c2du.counters;

import it.c2du.counters.state.ReceiverState;
import it.c2du.counters.state.StateDirectory;
import it.c2du.counters.state.StateException;
import it.c2du.counters.state.WindowState;

import static it.c2du.core.profile.ReceptionCounter.C1;
import static it.c2du.core.profile.ReceptionCounter.C2;
import static it.c2du.core.profile.ReceptionCounter.C3;
import static it.c2du.core.profile.ReceptionCounter.C4;
import static it.c2du.core.profile.ReceptionCounter.C5;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.config.DuConfig;
import it.c2du.core.encode.Fault;
import it.c2du.core.encode.MeterFrameEncoder;
import it.c2du.core.encode.SampleCompactFrames;
import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.receive.Association;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.Verdict;
import it.c2du.core.stack.CompactFrameCodec;
import it.c2du.core.stack.MacAddress;
import it.c2du.core.stack.RejectReason;
import it.c2du.core.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DurableReceiver with real frames from the meter-side encoder. */
class DurableReceiverTest {
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final int BIT15 = C2P1.Counters.POWER_LOSS_BIT;
    private static final int DAYS = C2P1.Counters.PROFILE_DAYS;
    private static final ReceptionCounter[] ALL = ReceptionCounter.values();
    private static final LocalDate D = LocalDate.of(2024, 5, 10);

    private static final String M1_LINES = """
            du.mac          = DC1234567890
            du.name         = Test DU
            m1.pod          = IT001E12345678
            m1.key          = BC000000001234567890000012345678
            m1.system-title = 4345434543454345
            counters.zone   = Europe/Rome
            """;
    private static final String M2_LINES = """
            m2.pod          = ITP0AE12345678
            m2.key          = 123456789012345678901234567890FF
            m2.system-title = 4345434543454345
            """;
    private static final String BASE = M1_LINES + M2_LINES;

    @TempDir
    Path tmp;

    /** A configuration, its meters' encoders, and trace events made with them. */
    private static final class Rig {
        final DuConfig cfg;
        final MeterFrameEncoder fromM1;
        final MeterFrameEncoder fromM2;
        int line;

        Rig(String properties) throws Exception {
            cfg = DuConfig.parse(properties, "test.properties");
            fromM1 = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("E5A100000001"), cfg.newEngine());
            fromM2 = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("E5A200000002"), cfg.newEngine());
        }

        ReceiveStack pipeline() {
            return new ReceiveStack(cfg.duAddress(), cfg.associations(), cfg.newEngine());
        }

        byte[] bytes(CompactFrameType type, long fc, Instant t) {
            Association a = cfg.association(type.sender());
            MeterFrameEncoder e = type.sender() == MeterRole.M1 ? fromM1 : fromM2;
            return e.encode(a, fc, type, SampleCompactFrames.random(type, t.getEpochSecond(), new Random(fc)));
        }

        TraceEvent frame(CompactFrameType type, long fc, ZonedDateTime t) {
            return new TraceEvent(++line, t.toOffsetDateTime().toString(), t.toOffsetDateTime(), TraceEvent.Kind.FRAME,
                    bytes(type, fc, t.toInstant()));
        }

        TraceEvent forged(CompactFrameType type, long fc, ZonedDateTime t) {
            Association a = cfg.association(type.sender());
            byte[] pt = CompactFrameCodec.encode(type, SampleCompactFrames.random(type, t.toEpochSecond(), new Random(fc)));
            byte[] f = fromM1.encode(a, fc, pt, Fault.AUTH_FAILED, new Random(fc));
            return new TraceEvent(++line, t.toString(), t.toOffsetDateTime(), TraceEvent.Kind.FRAME, f);
        }

        TraceEvent power(TraceEvent.Kind kind, ZonedDateTime t) {
            return new TraceEvent(++line, t.toOffsetDateTime().toString(), t.toOffsetDateTime(), kind, null);
        }
    }

    private static ZonedDateTime at(LocalDate d, int hour, int minute) {
        return ZonedDateTime.of(d, LocalTime.of(hour, minute), ROME);
    }

    private Path dir() {
        return tmp.resolve("state");
    }

    private static int[] today(DailyCounters c) {
        int[] v = new int[ALL.length];
        for (ReceptionCounter r : ALL) {
            v[r.ordinal()] = c.today(r);
        }
        return v;
    }

    private static int[] profileDay(DailyCounters c, int index) {
        int[] v = new int[ALL.length];
        for (ReceptionCounter r : ALL) {
            v[r.ordinal()] = c.profile(r)[index];
        }
        return v;
    }

    private static List<Reception> feed(DurableReceiver r, List<TraceEvent> events) throws StateException {
        List<Reception> out = new ArrayList<>();
        for (TraceEvent e : events) {
            out.add(r.apply(e));
        }
        return out;
    }

    private static boolean anyNote(DurableReceiver r, String... parts) {
        return r.notes().stream().anyMatch(n -> java.util.Arrays.stream(parts).allMatch(n::contains));
    }

    // ---------------------------------------------------------------- replay: clean and unclean ends

    @Test
    void aDayClosedIsToldOnceItIsCommittedAndTheMemoryReceiverTellsItToo() throws Exception {
        Rig rig = new Rig(BASE);
        List<TraceEvent> trace = List.of(
                rig.frame(CompactFrameType.CF1, 10, at(D, 23, 30)),
                rig.frame(CompactFrameType.CF1, 11, at(D.plusDays(1), 0, 15)),
                rig.frame(CompactFrameType.CF1, 12, at(D.plusDays(1), 0, 30)));
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 1000);
            List<String> told = new java.util.ArrayList<>();
            r.onDayClosed((day, counters) -> told.add(day + " committed day " + dir.state().counters().day()
                    + " profile[0] C1 " + (dir.state().counters().profile()[0][0] & 0x7FFF)));
            feed(r, trace);
            assertEquals(List.of(D + " committed day " + D.plusDays(1) + " profile[0] C1 1"), told,
                    "told once, after the closed day was in the state directory");
            r.advanceTo(at(D.plusDays(3), 1, 0).toInstant());
            assertEquals(2, told.size(), "advancing two days is one call, for the day that was current: " + told);
            r.finish();
        }
        Rig memory = new Rig(BASE);
        CountingReceiver c = new CountingReceiver(memory.pipeline(), new DailyCounters(ROME));
        List<java.time.LocalDate> days = new java.util.ArrayList<>();
        c.onDayClosed((day, counters) -> days.add(day));
        for (TraceEvent e : List.of(memory.frame(CompactFrameType.CF1, 10, at(D, 23, 30)),
                memory.frame(CompactFrameType.CF1, 11, at(D.plusDays(1), 0, 15)))) {
            c.apply(e);
        }
        c.advanceTo(at(D.plusDays(1), 12, 0).toInstant());
        assertEquals(List.of(D), days);
    }

    @Test
    void aClockBehindIsLoggedInTheDusZoneWithItsOffset() throws Exception {
        Rig rig = new Rig(BASE);
        CountingReceiver c = new CountingReceiver(rig.pipeline(), new DailyCounters(ROME));
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(CountingReceiver.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try {
            c.onFrame(at(D, 10, 0).toInstant(), rig.bytes(CompactFrameType.CF1, 10, at(D, 10, 0).toInstant()));
            c.onFrame(at(D.minusDays(1), 12, 0).toInstant(), rig.bytes(CompactFrameType.CF1, 11, at(D.minusDays(1), 12, 0).toInstant()));
        } finally {
            log.detachAppender(lines);
        }
        assertEquals(List.of("clock 2024-05-09T12:00+02:00 is behind the counters' day 2024-05-10: counting into 2024-05-10"
                + " until the clock passes it"), lines.list.stream().map(e -> e.getFormattedMessage()).toList());
    }

    @Test
    void resumeReplayOnAFreshDirectoryThenFinishIsCleanOnReopen() throws Exception {
        Rig rig = new Rig(BASE);
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 1);
            assertTrue(r.notes().isEmpty(), r.notes().toString());
            assertNotNull(dir.state(), "the start is committed");
            assertTrue(dir.state().running(), "running while the replay works");
            assertNull(dir.state().counters().day());
            feed(r, List.of(rig.frame(CompactFrameType.CF1, 10, at(D, 10, 0)), rig.frame(CompactFrameType.CF1, 11, at(D, 10, 15)),
                    rig.frame(CompactFrameType.CF1, 12, at(D, 10, 30)), rig.frame(CompactFrameType.CF2, 40, at(D, 10, 40))));
            r.finish();
            r.close();
        }
        try (StateDirectory dir = StateDirectory.open(dir())) {
            ReceiverState s = dir.state();
            assertFalse(s.running(), "a clean finish clears the running flag");
            assertArrayEquals(new int[] {3, 0, 0, 1, 0}, s.counters().today(), "no bit 15 after a clean end");
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 1);
            assertTrue(r.notes().isEmpty(), r.notes().toString());
            assertArrayEquals(new int[] {3, 0, 0, 1, 0}, today(r.counters()));
            assertEquals(D, r.counters().day());
            assertTrue(dir.state().running());
            r.finish();
            r.close();
        }
    }

    @Test
    void closeWithoutFinishMarksOnlyTheStatesDayAtTheNextResumeAndReFeedingCountsNothingTwice() throws Exception {
        Rig rig = new Rig(BASE);
        LocalDate before = D.minusDays(1);
        List<TraceEvent> trace = List.of(
                rig.frame(CompactFrameType.CF1, 100, at(before, 22, 0)),
                rig.frame(CompactFrameType.CF1, 101, at(before, 22, 15)),
                rig.frame(CompactFrameType.CF1, 102, at(D, 8, 0)),
                rig.frame(CompactFrameType.CF21, 103, at(D, 8, 5)),
                rig.frame(CompactFrameType.CF1, 104, at(D, 8, 15)),
                rig.frame(CompactFrameType.CF1, 105, at(D, 8, 30)),
                rig.frame(CompactFrameType.CF41, 7, at(D, 8, 31)));
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 1);
            feed(r, trace);
            assertEquals(7, r.receiver().tally().accepted());
            r.close(); // no finish: killed, or a power cut
        }
        try (StateDirectory dir = StateDirectory.open(dir())) {
            assertTrue(dir.state().running(), "the interrupted run left the flag set");
            assertArrayEquals(new int[] {3, 1, 0, 0, 1}, dir.state().counters().today());
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 1);
            DailyCounters c = r.counters();
            assertEquals(D, c.day());
            assertArrayEquals(new int[] {BIT15 | 3, BIT15 | 1, BIT15, BIT15, BIT15 | 1}, today(c), "bit 15 on the state's day");
            assertArrayEquals(new int[] {2, 0, 0, 0, 0}, profileDay(c, 0), "the day before keeps no bit 15");
            for (ReceptionCounter rc : ALL) {
                for (int i = 1; i < DAYS; i++) {
                    assertEquals(0, c.profile(rc)[i], rc + " day -" + (i + 1));
                }
            }
            assertTrue(anyNote(r, "did not end cleanly", D.toString()), r.notes().toString());
            assertEquals(c.snapshot(), dir.state().counters(), "the mark is committed at once");

            // The same trace again: every frame is a repetition, the day before is not reopened.
            List<Reception> again = feed(r, trace);
            assertEquals(0, r.receiver().tally().accepted());
            assertEquals(trace.size(), r.receiver().tally().repetitions());
            for (Reception x : again) {
                assertEquals(Verdict.REPETITION, x.verdict());
            }
            assertEquals(D, c.day());
            assertArrayEquals(new int[] {BIT15 | 3, BIT15 | 1, BIT15, BIT15, BIT15 | 1}, today(c));
            assertArrayEquals(new int[] {2, 0, 0, 0, 0}, profileDay(c, 0));

            // The trace goes on: only the new frames count.
            List<TraceEvent> more = List.of(rig.frame(CompactFrameType.CF1, 106, at(D, 8, 45)),
                    rig.frame(CompactFrameType.CF22, 107, at(D, 8, 50)), rig.frame(CompactFrameType.CF1, 106, at(D, 8, 46)));
            List<Reception> m = feed(r, more);
            assertEquals(List.of(Verdict.ACCEPTED, Verdict.ACCEPTED, Verdict.REPETITION), m.stream().map(Reception::verdict).toList());
            assertArrayEquals(new int[] {BIT15 | 4, BIT15 | 1, BIT15 | 1, BIT15, BIT15 | 1}, today(c));
            r.finish();
            r.close();
        }
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 1);
            assertFalse(anyNote(r, "did not end cleanly"), "the resumed run ended cleanly: " + r.notes());
            assertArrayEquals(new int[] {BIT15 | 4, BIT15 | 1, BIT15 | 1, BIT15, BIT15 | 1}, today(r.counters()));
            r.finish();
            r.close();
        }
    }

    @Test
    void theUncleanEndMarksOnlyTheStatesDayNotTheNextOneTheResumedTraceReaches() throws Exception {
        Rig rig = new Rig(BASE);
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 1);
            r.apply(rig.frame(CompactFrameType.CF1, 1, at(D, 23, 0)));
            r.close();
        }
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 1);
            r.apply(rig.frame(CompactFrameType.CF1, 2, at(D.plusDays(1), 0, 15)));
            assertEquals(D.plusDays(1), r.counters().day());
            assertArrayEquals(new int[] {BIT15 | 1, BIT15, BIT15, BIT15, BIT15}, profileDay(r.counters(), 0));
            assertArrayEquals(new int[] {1, 0, 0, 0, 0}, today(r.counters()), "the next day is clean");
            assertEquals(r.counters().snapshot(), dir.state().counters());
            r.finish();
            r.close();
        }
    }

    @Test
    void reFedFramesBetweenPowerOffAndPowerOnStayUnheard() throws Exception {
        Rig rig = new Rig(BASE);
        List<TraceEvent> trace = List.of(
                rig.frame(CompactFrameType.CF1, 10, at(D, 10, 0)),
                rig.frame(CompactFrameType.CF1, 11, at(D, 10, 15)),
                rig.power(TraceEvent.Kind.POWER_OFF, at(D, 10, 20)),
                rig.frame(CompactFrameType.CF1, 12, at(D, 10, 30)),
                rig.frame(CompactFrameType.CF2, 50, at(D, 10, 35)),
                rig.frame(CompactFrameType.CF1, 13, at(D, 10, 45)),
                rig.power(TraceEvent.Kind.POWER_ON, at(D, 11, 0)),
                rig.frame(CompactFrameType.CF1, 14, at(D, 11, 15)));
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 1);
            List<Reception> first = feed(r, trace);
            assertNull(first.get(3));
            assertEquals(3, r.receiver().tally().accepted());
            assertEquals(3, r.receiver().tally().whileOff());
            assertArrayEquals(new int[] {BIT15 | 3, BIT15, BIT15, BIT15, BIT15}, today(r.counters()));
            r.close();
        }
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 1);
            List<Reception> again = feed(r, trace);
            assertEquals(0, r.receiver().tally().accepted(), "nothing counted twice, nothing heard that was not");
            assertEquals(3, r.receiver().tally().whileOff(), "the frames of the power cut stay unheard");
            assertEquals(3, r.receiver().tally().repetitions());
            assertNull(again.get(3));
            assertNull(again.get(4));
            assertNull(again.get(5));
            assertEquals(2, r.receiver().skippedPowerEvents());
            assertTrue(r.counters().powered());
            assertArrayEquals(new int[] {BIT15 | 3, BIT15, BIT15, BIT15, BIT15}, today(r.counters()));
            assertEquals(Verdict.ACCEPTED, r.apply(rig.frame(CompactFrameType.CF1, 15, at(D, 11, 30))).verdict());
            assertEquals(BIT15 | 4, r.counters().today(C1));
            r.finish();
            r.close();
        }
    }

    @Test
    void batchedReplayLosesOnlyUncommittedFramesAndCountsThemAgainExactlyOnce() throws Exception {
        Rig rig = new Rig(BASE);
        List<TraceEvent> trace = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            trace.add(rig.frame(CompactFrameType.CF1, 1 + i, at(D, 9, i)));
        }
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 5);
            feed(r, trace);
            assertEquals(7, r.counters().today(C1));
            assertEquals(6, dir.state().counters().today()[C1.ordinal()], "frame 7 not committed yet");
            r.close(); // crash
        }
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 5);
            List<Reception> again = feed(r, trace);
            assertEquals(Verdict.ACCEPTED, again.get(6).verdict(), "lost with its frame counter: counted again");
            assertEquals(1, r.receiver().tally().accepted());
            assertEquals(BIT15 | 7, r.counters().today(C1), "each frame counted exactly once");
            r.finish();
            r.close();
        }
    }

    // ---------------------------------------------------------------- commit policy

    @Test
    void commitEvery1CommitsAfterEachAcceptedFrameOnly() throws Exception {
        Rig rig = new Rig(BASE);
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 1);
            assertEquals(1, dir.commits(), "the start");
            for (int i = 0; i < 5; i++) {
                Reception x = r.apply(rig.frame(CompactFrameType.CF1, 100 + i, at(D, 10, i)));
                assertEquals(Verdict.ACCEPTED, x.verdict());
                assertEquals(2 + i, dir.commits(), "after accepted frame " + i);
                assertEquals(i + 1, dir.state().counters().today()[C1.ordinal()], "committed with frame " + i);
                assertEquals(r.counters().snapshot(), dir.state().counters());
            }
            assertEquals(Verdict.REPETITION, r.apply(rig.frame(CompactFrameType.CF1, 102, at(D, 10, 10))).verdict());
            assertEquals(6, dir.commits(), "a repetition changes nothing to commit");
            Reception forged = r.apply(rig.forged(CompactFrameType.CF1, 200, at(D, 10, 11)));
            assertEquals(RejectReason.AUTH_FAILED, forged.rejection().reason());
            assertEquals(6, dir.commits());
            assertEquals(Verdict.ACCEPTED, r.apply(rig.frame(CompactFrameType.CF41, 3, at(D, 10, 12))).verdict());
            assertEquals(7, dir.commits());
            assertEquals(3, dir.state().windows().get(MeterRole.M2).highest());
            assertEquals(104, dir.state().windows().get(MeterRole.M1).highest());
            r.finish();
            assertEquals(8, dir.commits());
            r.close();
        }
    }

    @Test
    void commitEvery5BatchesFramesButCommitsPowerEventsAndDayChanges() throws Exception {
        Rig rig = new Rig(BASE);
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 5);
            assertEquals(1, dir.commits());
            r.apply(rig.frame(CompactFrameType.CF1, 1, at(D, 10, 0)));
            assertEquals(2, dir.commits(), "the first day opened");
            assertEquals(D, dir.state().counters().day());
            for (int fc = 2; fc <= 5; fc++) {
                r.apply(rig.frame(CompactFrameType.CF1, fc, at(D, 10, fc)));
                assertEquals(2, dir.commits(), "frame " + fc + " batched");
            }
            assertEquals(1, dir.state().counters().today()[C1.ordinal()]);
            r.apply(rig.frame(CompactFrameType.CF1, 6, at(D, 10, 6)));
            assertEquals(3, dir.commits(), "five accepted frames since the last commit");
            assertEquals(6, dir.state().counters().today()[C1.ordinal()]);
            r.apply(rig.frame(CompactFrameType.CF1, 7, at(D, 10, 7)));
            r.apply(rig.frame(CompactFrameType.CF1, 7, at(D, 10, 8)));
            assertEquals(3, dir.commits());
            r.apply(rig.power(TraceEvent.Kind.POWER_OFF, at(D, 12, 0)));
            assertEquals(4, dir.commits(), "power off committed at once");
            assertEquals(BIT15 | 7, dir.state().counters().today()[C1.ordinal()]);
            assertFalse(dir.state().counters().powered());
            assertNull(r.apply(rig.frame(CompactFrameType.CF1, 8, at(D, 12, 10))), "not heard");
            assertEquals(4, dir.commits());
            r.apply(rig.power(TraceEvent.Kind.POWER_ON, at(D, 12, 30)));
            assertEquals(5, dir.commits(), "power on committed at once");
            assertTrue(dir.state().counters().powered());
            r.apply(rig.frame(CompactFrameType.CF1, 9, at(D, 13, 0)));
            assertEquals(5, dir.commits());
            r.apply(rig.frame(CompactFrameType.CF1, 10, at(D.plusDays(1), 9, 0)));
            assertEquals(6, dir.commits(), "a new day is committed at once");
            CounterSnapshot s = dir.state().counters();
            assertEquals(D.plusDays(1), s.day());
            assertEquals(BIT15 | 8, s.profile()[C1.ordinal()][0]);
            assertEquals(1, s.today()[C1.ordinal()]);
            r.advanceTo(at(D.plusDays(3), 8, 0).toInstant());
            assertEquals(7, dir.commits(), "days closed by the clock are committed");
            assertEquals(D.plusDays(3), dir.state().counters().day());
            assertEquals(1, dir.state().counters().profile()[C1.ordinal()][1]);
            r.advanceTo(at(D.plusDays(3), 9, 0).toInstant());
            assertEquals(7, dir.commits(), "same day: nothing to commit");
            r.finish();
            r.close();
        }
    }

    @Test
    void commitEveryBelow1IsRefused() throws Exception {
        Rig rig = new Rig(BASE);
        try (StateDirectory dir = StateDirectory.open(dir())) {
            assertThrows(IllegalArgumentException.class, () -> DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 0));
            assertEquals(0, dir.commits());
        }
    }

    // ---------------------------------------------------------------- live start

    /** A finished replay leaving C1 = 3, C3 = 1 on day D, clock at D 10:30. */
    private void replayDayD(Rig rig) throws Exception {
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 1);
            feed(r, List.of(rig.frame(CompactFrameType.CF1, 1, at(D, 10, 0)), rig.frame(CompactFrameType.CF1, 2, at(D, 10, 15)),
                    rig.frame(CompactFrameType.CF22, 3, at(D, 10, 20)), rig.frame(CompactFrameType.CF1, 4, at(D, 10, 30))));
            r.finish();
            r.close();
        }
    }

    @Test
    void liveStartThreeDaysLaterMarksBothEndsAndPushesTheWholeDaysBetweenAs0x8000() throws Exception {
        Rig rig = new Rig(BASE);
        replayDayD(rig);
        Instant now = at(D.plusDays(3), 8, 0).toInstant();
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.startLive(dir, ROME, rig.pipeline(), now);
            DailyCounters c = r.counters();
            assertEquals(D.plusDays(3), c.day());
            assertEquals(now, c.clock());
            assertArrayEquals(new int[] {BIT15, BIT15, BIT15, BIT15, BIT15}, today(c), "today has bit 15");
            assertArrayEquals(new int[] {BIT15, BIT15, BIT15, BIT15, BIT15}, profileDay(c, 0), "D+2: whole day off");
            assertArrayEquals(new int[] {BIT15, BIT15, BIT15, BIT15, BIT15}, profileDay(c, 1), "D+1: whole day off");
            assertArrayEquals(new int[] {BIT15 | 3, BIT15, BIT15 | 1, BIT15, BIT15}, profileDay(c, 2), "D: stopped during it");
            assertArrayEquals(new int[] {0, 0, 0, 0, 0}, profileDay(c, 3));
            assertTrue(anyNote(r, "2 whole day(s)"), r.notes().toString());
            assertTrue(dir.state().running());
            assertTrue(c.powered());
            assertEquals(c.snapshot(), dir.state().counters(), "committed at start");
            long commits = dir.commits();
            Reception x = r.onFrame(now.plusSeconds(60), rig.bytes(CompactFrameType.CF1, 5, now));
            assertEquals(Verdict.ACCEPTED, x.verdict());
            assertEquals(commits + 1, dir.commits(), "the live receiver commits every accepted frame");
            assertEquals(BIT15 | 1, dir.state().counters().today()[C1.ordinal()]);
            assertEquals(Verdict.REPETITION, r.onFrame(now.plusSeconds(90), rig.bytes(CompactFrameType.CF1, 4, now)).verdict());
            r.finish();
            r.close();
        }
    }

    @Test
    void liveStartLaterTheSameDayMarksOnlyThatDay() throws Exception {
        Rig rig = new Rig(BASE);
        replayDayD(rig);
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.startLive(dir, ROME, rig.pipeline(), at(D, 18, 0).toInstant());
            assertEquals(D, r.counters().day());
            assertArrayEquals(new int[] {BIT15 | 3, BIT15, BIT15 | 1, BIT15, BIT15}, today(r.counters()));
            assertArrayEquals(new int[] {0, 0, 0, 0, 0}, profileDay(r.counters(), 0));
            r.finish();
            r.close();
        }
    }

    @Test
    void liveStartWithTheClockBehindTheStateMarksTheCurrentDayAndReopensNothing() throws Exception {
        Rig rig = new Rig(BASE);
        replayDayD(rig);
        Instant stateClock = at(D, 10, 30).toInstant();
        Instant now = at(D.minusDays(2), 12, 0).toInstant(); // a Pi without RTC booting offline
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.startLive(dir, ROME, rig.pipeline(), now);
            DailyCounters c = r.counters();
            assertEquals(D, c.day(), "day unchanged");
            assertEquals(stateClock, c.clock(), "the clock never goes back");
            assertArrayEquals(new int[] {BIT15 | 3, BIT15, BIT15 | 1, BIT15, BIT15}, today(c), "bit 15 on the current day");
            for (ReceptionCounter rc : ALL) {
                assertArrayEquals(new int[DAYS], c.profile(rc), rc + ": no day pushed or reopened");
            }
            assertTrue(anyNote(r, "behind"), r.notes().toString());
            assertEquals(c.snapshot(), dir.state().counters());
            // Frames with the clock still behind count into the current day.
            assertEquals(Verdict.ACCEPTED, r.onFrame(now.plusSeconds(60), rig.bytes(CompactFrameType.CF1, 5, now)).verdict());
            assertEquals(D, c.day());
            assertEquals(BIT15 | 4, c.today(C1));
            assertEquals(BIT15 | 4, dir.state().counters().today()[C1.ordinal()]);
            r.finish();
            r.close();
        }
    }

    @Test
    void liveStartOnAFreshDirectoryMarksTheFirstDay() throws Exception {
        Rig rig = new Rig(BASE);
        Instant now = at(D, 7, 45).toInstant();
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.startLive(dir, ROME, rig.pipeline(), now);
            DailyCounters c = r.counters();
            assertEquals(D, c.day());
            assertEquals(D, c.firstDay());
            assertEquals(now, c.clock());
            assertArrayEquals(new int[] {BIT15, BIT15, BIT15, BIT15, BIT15}, today(c));
            for (ReceptionCounter rc : ALL) {
                assertArrayEquals(new int[DAYS], c.profile(rc));
            }
            assertTrue(dir.state().running());
            assertEquals(D, dir.state().counters().day());
            assertArrayEquals(new int[] {BIT15, BIT15, BIT15, BIT15, BIT15}, dir.state().counters().today());
            r.finish();
            r.close();
        }
        try (StateDirectory dir = StateDirectory.open(dir())) {
            assertFalse(dir.state().running());
        }
    }

    // ---------------------------------------------------------------- associations and zone

    /** Run 1 with BASE: M1 frame counters 100..102 (CF1), M2 200..201 (CF2); finished. */
    private void countBothMeters(Rig rig) throws Exception {
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 1);
            List<Reception> x = feed(r, List.of(rig.frame(CompactFrameType.CF1, 100, at(D, 10, 0)),
                    rig.frame(CompactFrameType.CF1, 101, at(D, 10, 15)), rig.frame(CompactFrameType.CF1, 102, at(D, 10, 30)),
                    rig.frame(CompactFrameType.CF2, 200, at(D, 10, 5)), rig.frame(CompactFrameType.CF2, 201, at(D, 10, 20))));
            assertTrue(x.stream().allMatch(Reception::accepted));
            r.finish();
            r.close();
        }
    }

    @Test
    void changedKeyStartsThatMetersWindowFreshAndKeepsTheOther() throws Exception {
        Rig base = new Rig(BASE);
        countBothMeters(base);
        Rig changed = new Rig(BASE.replace("BC000000001234567890000012345678", "00112233445566778899AABBCCDDEEFF"));
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, changed.pipeline(), 1);
            assertTrue(anyNote(r, "M1", "System Title or key changed", "102"), r.notes().toString());
            assertFalse(anyNote(r, "M2"), r.notes().toString());
            assertEquals(-1, dir.state().windows().get(MeterRole.M1).highest(), "committed fresh");
            assertTrue(dir.state().windows().get(MeterRole.M1).boundTo(changed.cfg.association(MeterRole.M1)));
            assertEquals(201, dir.state().windows().get(MeterRole.M2).highest());
            assertEquals(Verdict.ACCEPTED, r.apply(changed.frame(CompactFrameType.CF1, 101, at(D, 11, 0))).verdict(),
                    "a frame counter counted under the old key is accepted again");
            assertEquals(Verdict.REPETITION, r.apply(changed.frame(CompactFrameType.CF2, 200, at(D, 11, 1))).verdict(),
                    "M2's window was kept");
            assertEquals(RejectReason.AUTH_FAILED,
                    r.apply(base.frame(CompactFrameType.CF1, 103, at(D, 11, 2))).rejection().reason(), "old key");
            assertEquals(4, r.counters().today(C1));
            assertEquals(2, r.counters().today(C4));
            r.finish();
            r.close();
        }
    }

    @Test
    void changedSystemTitleStartsThatMetersWindowFreshAndKeepsTheOther() throws Exception {
        Rig base = new Rig(BASE);
        countBothMeters(base);
        Rig changed = new Rig(M1_LINES + M2_LINES.replace("4345434543454345", "0102030405060708"));
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, changed.pipeline(), 1);
            assertTrue(anyNote(r, "M2", "System Title or key changed", "201"), r.notes().toString());
            assertFalse(anyNote(r, "M1"), r.notes().toString());
            assertEquals(Verdict.ACCEPTED, r.apply(changed.frame(CompactFrameType.CF2, 200, at(D, 11, 0))).verdict());
            assertEquals(Verdict.REPETITION, r.apply(changed.frame(CompactFrameType.CF1, 100, at(D, 11, 1))).verdict());
            assertEquals(3, r.counters().today(C4));
            assertEquals(3, r.counters().today(C1));
            r.finish();
            r.close();
        }
        // The new binding is what is kept: the same configuration again is not a change.
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, changed.pipeline(), 1);
            assertTrue(r.notes().isEmpty(), r.notes().toString());
            assertEquals(Verdict.REPETITION, r.apply(changed.frame(CompactFrameType.CF2, 200, at(D, 11, 2))).verdict());
            r.finish();
            r.close();
        }
    }

    @Test
    void windowOfAMeterNoLongerConfiguredIsKeptAndRestoredWhenItComesBack() throws Exception {
        Rig base = new Rig(BASE);
        countBothMeters(base);
        Rig m1Only = new Rig(M1_LINES);
        assertNull(m1Only.cfg.association(MeterRole.M2));
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, m1Only.pipeline(), 1);
            assertFalse(anyNote(r, "M2"), r.notes().toString());
            WindowState kept = dir.state().windows().get(MeterRole.M2);
            assertNotNull(kept, "kept in the state");
            assertEquals(201, kept.highest());
            Reception noKey = r.apply(base.frame(CompactFrameType.CF2, 202, at(D, 11, 0)));
            assertEquals(RejectReason.NO_KEY, noKey.rejection().reason());
            assertEquals(Verdict.ACCEPTED, r.apply(base.frame(CompactFrameType.CF1, 103, at(D, 11, 1))).verdict());
            r.finish();
            assertEquals(201, dir.state().windows().get(MeterRole.M2).highest(), "still kept after finish");
            r.close();
        }
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, base.pipeline(), 1);
            assertTrue(r.notes().isEmpty(), r.notes().toString());
            assertEquals(Verdict.REPETITION, r.apply(base.frame(CompactFrameType.CF2, 201, at(D, 12, 0))).verdict(),
                    "the kept window is restored");
            assertEquals(Verdict.ACCEPTED, r.apply(base.frame(CompactFrameType.CF2, 202, at(D, 12, 1))).verdict());
            assertEquals(Verdict.REPETITION, r.apply(base.frame(CompactFrameType.CF1, 103, at(D, 12, 2))).verdict());
            assertEquals(3, r.counters().today(C4));
            assertEquals(4, r.counters().today(C1));
            r.finish();
            r.close();
        }
    }

    @Test
    void aZoneOtherThanTheStatesIsRefusedAndNothingIsWritten() throws Exception {
        Rig rig = new Rig(BASE);
        replayDayD(rig);
        byte[] before = Files.readAllBytes(dir().resolve(StateDirectory.STATE_FILE));
        try (StateDirectory dir = StateDirectory.open(dir())) {
            StateException e = assertThrows(StateException.class,
                    () -> DurableReceiver.resumeReplay(dir, ZoneId.of("UTC"), rig.pipeline(), 1));
            assertTrue(e.getMessage().contains("Europe/Rome") && e.getMessage().contains("UTC"), e.getMessage());
            assertThrows(StateException.class,
                    () -> DurableReceiver.startLive(dir, ZoneId.of("Europe/Berlin"), rig.pipeline(), Instant.now()));
            assertEquals(0, dir.commits());
        }
        assertArrayEquals(before, Files.readAllBytes(dir().resolve(StateDirectory.STATE_FILE)));
        try (StateDirectory dir = StateDirectory.open(dir())) {
            assertFalse(dir.state().running(), "the refused start did not mark the run");
        }
    }

    @Test
    void counterOfEveryCfIsTheOneTheProfileNames() throws Exception {
        Rig rig = new Rig(BASE);
        try (StateDirectory dir = StateDirectory.open(dir())) {
            DurableReceiver r = DurableReceiver.resumeReplay(dir, ROME, rig.pipeline(), 1);
            long fc1 = 1;
            long fc2 = 1;
            int minute = 0;
            for (CompactFrameType t : CompactFrameType.values()) {
                long fc = t.sender() == MeterRole.M1 ? fc1++ : fc2++;
                assertEquals(Verdict.ACCEPTED, r.apply(rig.frame(t, fc, at(D, 9, minute++))).verdict(), t.toString());
            }
            assertArrayEquals(new int[] {1, 1, 2, 1, 1}, today(r.counters()));
            r.finish();
            r.close();
        }
        assertEquals(C1, CompactFrameType.CF1.counter());
        assertEquals(C2, CompactFrameType.CF21.counter());
        assertEquals(C3, CompactFrameType.CF25.counter());
        assertEquals(C5, CompactFrameType.CF41.counter());
    }
}
