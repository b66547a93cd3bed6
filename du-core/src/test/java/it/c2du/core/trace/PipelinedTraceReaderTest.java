package it.c2du.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.stack.Bytes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trace read on a thread of its own gives exactly what the sequential reader gives -- the same
 * events in the same order, the same first error at the same place -- however the input arrives
 * (random read sizes, split at every offset, a pipe that waits), and its thread ends on every
 * path. Seeded: the seed is printed and in every failure message; -Dc2du.seed=N replays one.
 */
class PipelinedTraceReaderTest {
    private static final long SEED = Long.getLong("c2du.seed", System.nanoTime());

    @BeforeAll
    static void printSeed() {
        System.out.println("PipelinedTraceReaderTest seed " + SEED + " (replay with -Dc2du.seed=" + SEED + ")");
    }

    @Test
    void sameEventsAndErrorsAsTheSequentialReaderOnRandomTraces() {
        Random random = new Random(SEED);
        for (int round = 0; round < 200; round++) {
            // Some traces are longer than a batch and a read block, so hand-overs fall everywhere.
            byte[] trace = randomTrace(random, random.nextInt(4) == 0 ? 1 + random.nextInt(3000) : 1 + random.nextInt(40));
            long chunkSeed = random.nextLong();
            String where = "seed " + SEED + " (replay with -Dc2du.seed=" + SEED + "), round " + round;
            List<String> expected = events(new TraceReader(new Chunked(trace, new Random(chunkSeed)), "t"));
            List<String> got = events(new PipelinedTraceReader(new TraceReader(new Chunked(trace, new Random(chunkSeed)), "t")));
            assertEquals(expected, got, where);
        }
    }

    @Test
    void sameEventsAndErrorsWhateverOffsetTheInputIsSplitAt() {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < 5; round++) {
            byte[] trace = randomTrace(random, 8);
            List<String> expected = events(new TraceReader(new Chunked(trace, 0, trace.length), "t"));
            for (int split = 0; split <= trace.length; split++) {
                assertEquals(expected, events(new PipelinedTraceReader(new TraceReader(new Chunked(trace, split, trace.length), "t"))),
                        "seed " + SEED + ", round " + round + ", split at " + split);
            }
            // And one byte per read: every line's every byte arrives on its own.
            assertEquals(expected, events(new PipelinedTraceReader(new TraceReader(new Chunked(trace, 1, 1), "t"))),
                    "seed " + SEED + ", round " + round + ", one byte per read");
        }
    }

    @Test
    void aLineThatHasArrivedIsNotHeldBackForTheNext() throws Exception {
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream pipe = new PipedInputStream(writer, 1 << 16);
        try (PipelinedTraceReader r = new PipelinedTraceReader(new TraceReader(pipe, "pipe"))) {
            writer.write("2024-03-01T10:00:00+01:00 POWER_ON\n2024-03-01T10:02:00+01:00 ABCD\n".getBytes(StandardCharsets.US_ASCII));
            writer.flush();
            // The pipe stays open: both lines must come out without a third.
            TraceEvent[] two = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new TraceEvent[] {r.next(), r.next()});
            assertEquals(TraceEvent.Kind.POWER_ON, two[0].kind());
            assertEquals(2, two[1].line());
            writer.write("2024-03-01T10:03:00+01:00 POWER_OFF\n".getBytes(StandardCharsets.US_ASCII));
            writer.close();
            assertEquals(TraceEvent.Kind.POWER_OFF, assertTimeoutPreemptively(Duration.ofSeconds(10), r::next).kind());
            assertNull(r.next());
            assertNull(r.next(), "the end stays the end");
        }
    }

    @Test
    void aBadLineLateInALongTraceComesAfterEveryEventBeforeIt() {
        Random random = new Random(SEED + 2);
        StringBuilder sb = new StringBuilder();
        OffsetDateTime t = OffsetDateTime.parse("2024-03-01T00:00:00+01:00");
        int lines = 50_000;
        for (int i = 1; i < lines; i++) {
            byte[] f = new byte[1 + random.nextInt(60)];
            random.nextBytes(f);
            sb.append(t.plusSeconds(i).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(' ').append(Bytes.hex(f)).append('\n');
        }
        sb.append("2024-03-01T00:00:00+01:00 POWER_OFF\n"); // before the previous line's time
        byte[] trace = sb.toString().getBytes(StandardCharsets.US_ASCII);
        try (PipelinedTraceReader r = new PipelinedTraceReader(new TraceReader(new Chunked(trace, new Random(SEED)), "long.trace"))) {
            int n = 0;
            TraceFormatException e = null;
            try {
                while (r.next() != null) {
                    n++;
                }
            } catch (TraceFormatException ex) {
                e = ex;
            }
            assertEquals(lines - 1, n, "seed " + SEED + ": every event before the bad line");
            assertTrue(e != null && e.getMessage().startsWith("long.trace line " + lines + ": time "), "seed " + SEED + ": " + e);
            TraceFormatException again = assertThrows(TraceFormatException.class, r::next, "the error ends the trace");
            assertEquals(e.getMessage(), again.getMessage());
        }
    }

    @Test
    void closingAtAnyPointEndsTheReadingThread() throws Exception {
        Random random = new Random(SEED + 3);
        byte[] trace = randomValidTrace(random, 20_000);
        for (int take : new int[] {0, 1, PipelinedTraceReader.BATCH - 1, PipelinedTraceReader.BATCH + 1, 10_000}) {
            PipelinedTraceReader r = new PipelinedTraceReader(new TraceReader(new Chunked(trace, new Random(SEED)), "t"));
            for (int i = 0; i < take; i++) {
                r.next();
            }
            r.close();
            assertTrue(r.readingEnded(), "seed " + SEED + ": the reading thread ended after close, " + take + " events taken");
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(th -> th.getName().equals("du-trace-reader")
                && th.isAlive()), "no reading thread left behind");
    }

    @Test
    void anUnforeseenFailureOfTheInputComesOutAfterTheEventsBeforeIt() throws Exception {
        byte[] trace = "2024-03-01T10:00:00+01:00 POWER_ON\n2024-03-01T10:02:00+01:00 ABCD\n".getBytes(StandardCharsets.US_ASCII);
        InputStream failing = new InputStream() {
            int at;

            @Override
            public int read() {
                if (at == trace.length) {
                    throw new IllegalStateException("disk on fire");
                }
                return trace[at++];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at == trace.length) {
                    throw new IllegalStateException("disk on fire");
                }
                int n = Math.min(len, trace.length - at);
                System.arraycopy(trace, at, b, off, n);
                at += n;
                return n;
            }
        };
        PipelinedTraceReader r = new PipelinedTraceReader(new TraceReader(failing, "t"));
        assertEquals(TraceEvent.Kind.POWER_ON, r.next().kind());
        assertEquals(TraceEvent.Kind.FRAME, r.next().kind());
        IllegalStateException e = assertThrows(IllegalStateException.class, r::next);
        assertEquals("disk on fire", e.getMessage());
        r.close();
        assertTrue(r.readingEnded());
    }

    @Test
    void recycledBatchesOfAnySizeGiveTheSameAsTheSequentialReader() {
        Random random = new Random(SEED + 2);
        for (int round = 0; round < 300; round++) {
            byte[] trace = randomTrace(random, random.nextInt(4) == 0 ? 1 + random.nextInt(3000) : 1 + random.nextInt(40));
            long chunkSeed = random.nextLong();
            int batchSize = List.of(1, 2, 3, 7, 64, PipelinedTraceReader.BATCH).get(random.nextInt(6));
            int batches = 1 + random.nextInt(3);
            String where = "seed " + SEED + " (replay with -Dc2du.seed=" + SEED + "), round " + round + ", batches of "
                    + batchSize + " x " + batches;
            List<String> expected = events(new TraceReader(new Chunked(trace, new Random(chunkSeed)), "t"));
            PipelinedTraceReader r = new PipelinedTraceReader(new TraceReader(new Chunked(trace, new Random(chunkSeed)), "t"),
                    batchSize, batches);
            // Through the holders (nextLine), with next() now and then: one cursor, the same events.
            List<String> got = new ArrayList<>();
            Random mix = new Random(chunkSeed);
            try (r) {
                while (true) {
                    String d;
                    if (mix.nextInt(5) == 0) {
                        TraceEvent e = r.next();
                        d = e == null ? null : describe(e);
                    } else {
                        TraceLine l = r.nextLine();
                        d = l == null ? null : describe(l);
                    }
                    if (d == null) {
                        break;
                    }
                    got.add(d);
                }
            } catch (TraceFormatException e) {
                got.add("error " + e.line() + ": " + e.getMessage());
            }
            assertEquals(expected, got, where);
            assertTrue(r.readingEnded(), where);
        }
    }

    /**
     * A holder the caller was given is not refilled until it asks for the next line, however far
     * the reading thread runs ahead. The caller goes through most lines at once (so the reading
     * thread has free batches to fill) and at random ones pauses, then looks at the line again:
     * it is as it was. Batches are tiny, so a pause often falls on a batch's last line, and
     * holders are recycled hundreds of times (checked: fewer distinct holders than lines).
     */
    @Test
    void aHolderIsNeverRefilledWhileTheCallerHasIt() throws Exception {
        Random random = new Random(SEED + 3);
        byte[] trace = randomValidTrace(random, 20_000);
        java.util.Set<TraceLine> holders = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int pauses = 0;
        try (PipelinedTraceReader r = new PipelinedTraceReader(new TraceReader(new java.io.ByteArrayInputStream(trace), "t"), 3, 2)) {
            int expectedLine = 1;
            for (TraceLine l = r.nextLine(); l != null; l = r.nextLine()) {
                assertEquals(expectedLine, l.line(), "seed " + SEED);
                holders.add(l);
                if (random.nextInt(40) == 0) {
                    String seen = describe(l);
                    Thread.sleep(1);
                    pauses++;
                    assertEquals(seen, describe(l), "seed " + SEED + ": the holder of line " + expectedLine + " was refilled");
                }
                expectedLine++;
            }
            assertEquals(20_001, expectedLine, "seed " + SEED);
        }
        assertTrue(pauses > 100, "seed " + SEED + ": " + pauses + " pauses");
        assertTrue(holders.size() < 100, "holders are recycled: " + holders.size() + " distinct for 20000 lines");
    }

    // ---- helpers ----

    private static String describe(TraceEvent e) {
        return e.line() + " " + e.timeText() + " " + e.time() + " " + e.time().getOffset() + " " + e.kind() + " "
                + (e.frame() == null ? "-" : Bytes.hex(e.frame()));
    }

    private static String describe(TraceLine l) {
        return l.line() + " " + l.timeText() + " " + l.time() + " " + l.time().getOffset() + " " + l.kind() + " "
                + (l.kind() != TraceEvent.Kind.FRAME ? "-" : Bytes.hex(java.util.Arrays.copyOf(l.frameBuffer(), l.frameLength())));
    }

    /** Every event as text, then the first error's line and message; the source is closed. */
    private static List<String> events(TraceSource r) {
        List<String> out = new ArrayList<>();
        try (r) {
            for (TraceEvent e = r.next(); e != null; e = r.next()) {
                out.add(e.line() + " " + e.timeText() + " " + e.time() + " " + e.time().getOffset() + " " + e.kind() + " "
                        + (e.frame() == null ? "-" : Bytes.hex(e.frame())));
            }
        } catch (TraceFormatException e) {
            out.add("error " + e.line() + ": " + e.getMessage());
        }
        return out;
    }

    /** A trace of valid lines, comments and blank lines, and sometimes one bad line at a random place. */
    private static byte[] randomTrace(Random random, int lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OffsetDateTime t = OffsetDateTime.of(2024, 1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24),
                random.nextInt(60), random.nextInt(60), 0, ZoneOffset.ofHours(random.nextInt(5) - 2));
        int bad = random.nextBoolean() ? random.nextInt(lines) : -1;
        for (int i = 0; i < lines; i++) {
            t = t.plusSeconds(random.nextInt(120));
            String time = t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            String line;
            if (i == bad) {
                line = switch (random.nextInt(7)) {
                    case 0 -> time + " 0G";
                    case 1 -> time;
                    case 2 -> time + " ABCD EF";
                    case 3 -> time.substring(0, 10) + " POWER_ON";
                    case 4 -> t.minusDays(1).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " POWER_OFF";
                    case 5 -> time + " ABC";
                    default -> time + " \u00e9\u00e9";
                };
            } else {
                line = switch (random.nextInt(14)) {
                    case 0 -> "";
                    case 1 -> "# comment " + random.nextInt();
                    case 2 -> time + " POWER_OFF";
                    case 3 -> time + " POWER_ON";
                    case 4 -> " \t" + time + "\t" + hex(random) + " ";
                    case 5 -> t.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " " + hex(random);
                    default -> time + " " + hex(random);
                };
            }
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            if (i == bad && random.nextInt(8) == 0) {
                out.write(0xC3); // not UTF-8
            }
            if (i < lines - 1 || random.nextBoolean()) {
                out.writeBytes((random.nextInt(6) == 0 ? "\r\n" : "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    private static byte[] randomValidTrace(Random random, int lines) {
        StringBuilder sb = new StringBuilder();
        OffsetDateTime t = OffsetDateTime.parse("2024-03-01T00:00:00+01:00");
        for (int i = 0; i < lines; i++) {
            sb.append(t.plusSeconds(i).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(' ').append(hex(random)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String hex(Random random) {
        byte[] b = new byte[1 + random.nextInt(80)];
        random.nextBytes(b);
        String h = Bytes.hex(b);
        return random.nextInt(4) == 0 ? h.toLowerCase() : h;
    }

    /** Gives its bytes in reads of chosen sizes: random ones, or one read up to {@code split} and then reads of {@code step}. */
    private static final class Chunked extends InputStream {
        private final byte[] data;
        private final Random random;
        private final int split;
        private final int step;
        private int at;

        Chunked(byte[] data, Random random) {
            this.data = data;
            this.random = random;
            this.split = -1;
            this.step = 0;
        }

        Chunked(byte[] data, int split, int step) {
            this.data = data;
            this.random = null;
            this.split = split;
            this.step = Math.max(1, step);
        }

        @Override
        public int read() {
            return at < data.length ? data[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (at == data.length) {
                return -1;
            }
            int n;
            if (random != null) {
                n = random.nextInt(3) == 0 ? 1 + random.nextInt(8) : 1 + random.nextInt(5000);
            } else {
                n = at < split ? split - at : step;
            }
            n = Math.min(Math.min(n, len), data.length - at);
            System.arraycopy(data, at, b, off, n);
            at += n;
            return n;
        }
    }
}
