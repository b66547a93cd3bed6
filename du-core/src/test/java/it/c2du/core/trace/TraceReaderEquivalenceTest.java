package it.c2du.core.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import it.c2du.core.stack.Bytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast trace reader (block reads, one char buffer, direct time and hex parsing) against the
 * straightforward one it replaced (a String per line, strip, split on \s+, the ISO formatter), on
 * random traces full of odd lines: both give the same events and the same errors on the same
 * lines. Seeded: the seed is in every failure message; -Dc2du.seed=N replays one.
 */
class TraceReaderEquivalenceTest {
    private static final long SEED = Long.getLong("c2du.seed", System.nanoTime());
    private static final String[] SEPARATORS = {" ", "  ", "\t", " \t ", "\u000B", "\f", "\u001F", "\u2003", "\u00A0"};

    @Test
    void sameEventsAndErrorsAsTheStraightforwardReader() throws Exception {
        Random random = new Random(SEED);
        for (int round = 0; round < 400; round++) {
            byte[] trace = randomTrace(random);
            String where = "seed " + SEED + " (replay with -Dc2du.seed=" + SEED + "), round " + round + ", trace:\n"
                    + new String(trace, StandardCharsets.UTF_8);
            List<String> expected = reference(trace);
            assertEquals(expected, fast(new TraceReader(new ByteArrayInputStream(trace), "t")), where);
            // In reads of random sizes: a line across two reads leaves the in-place path for the general one.
            assertEquals(expected, fast(new TraceReader(new RandomReads(trace, new Random(SEED + round)), "t")), where + "\n(random reads)");
            if (isUtf8(trace)) {
                assertEquals(expected, fast(new TraceReader(new StringReader(new String(trace, StandardCharsets.UTF_8)), "t")),
                        where);
            }
        }
    }

    /**
     * The garbage-free form (nextInto: one reused holder) against next() on the same random traces:
     * the same events, times (text, instant, fields) and errors at the same lines. Its fields are
     * checked against the OffsetDateTime next() gives, so the fast path's epoch second, made without
     * one, is checked against java.time's.
     */
    @Test
    void theHolderGivesTheSameEventsAndErrorsAsNext() throws Exception {
        System.out.println("TraceReaderEquivalenceTest seed " + SEED + " (replay with -Dc2du.seed=" + SEED + ")");
        Random random = new Random(SEED ^ 0x5eed);
        for (int round = 0; round < 400; round++) {
            byte[] trace = randomTrace(random);
            String where = "seed " + SEED + " (replay with -Dc2du.seed=" + SEED + "), round " + round + ", trace:\n"
                    + new String(trace, StandardCharsets.UTF_8);
            List<String> expected = fast(new TraceReader(new ByteArrayInputStream(trace), "t"));
            assertEquals(expected, holder(new TraceReader(new ByteArrayInputStream(trace), "t"), new TraceLine()), where);
            assertEquals(expected, holder(new TraceReader(new RandomReads(trace, new Random(SEED + round)), "t"), null),
                    where + "\n(random reads, nextLine)");
        }
    }

    /** Every event through nextInto(into) (or nextLine when into is null), described as {@link #describe} does. */
    private static List<String> holder(TraceReader r, TraceLine into) {
        List<String> out = new ArrayList<>();
        try {
            while (true) {
                TraceLine l;
                if (into != null) {
                    l = r.nextInto(into) ? into : null;
                } else {
                    l = r.nextLine();
                }
                if (l == null) {
                    break;
                }
                OffsetDateTime time = l.time();
                assertEquals(time.toEpochSecond(), l.epochSecond(), l.toString());
                assertEquals(time.getNano(), l.nano(), l.toString());
                assertEquals(time.toInstant(), l.instant(), l.toString());
                out.add(l.line() + " " + l.timeText() + " " + time + " " + time.getOffset() + " " + l.kind() + " "
                        + (l.kind() != TraceEvent.Kind.FRAME ? "-"
                                : Bytes.hex(java.util.Arrays.copyOf(l.frameBuffer(), l.frameLength()))));
                // toEvent is what next() returns: the same as the holder says.
                assertEquals(out.get(out.size() - 1), describe(l.toEvent()));
            }
        } catch (TraceFormatException e) {
            out.add("error " + e.line() + ": " + e.getMessage());
        }
        return out;
    }

    @Test
    void longLinesAcrossBlockBoundaries() throws Exception {
        StringBuilder sb = new StringBuilder();
        Random random = new Random(SEED);
        OffsetDateTime t = OffsetDateTime.parse("2024-03-01T00:00:00+01:00");
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            byte[] f = new byte[1 + random.nextInt(i % 100 == 0 ? 40_000 : 300)];
            random.nextBytes(f);
            frames.add(f);
            sb.append(t.plusSeconds(i).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(' ').append(Bytes.hex(f)).append('\n');
        }
        TraceReader r = new TraceReader(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.US_ASCII)), "t");
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(frames.get(i), r.next().frame(), "seed " + SEED + ", line " + (i + 1));
        }
        assertEquals(null, r.next());
    }

    /** Gives its bytes in reads of random sizes, down to one byte. */
    private static final class RandomReads extends java.io.InputStream {
        private final byte[] data;
        private final Random random;
        private int at;

        RandomReads(byte[] data, Random random) {
            this.data = data;
            this.random = random;
        }

        @Override
        public int read() {
            return at < data.length ? data[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(random.nextBoolean() ? 4 : 200)), data.length - at);
            System.arraycopy(data, at, b, off, n);
            at += n;
            return n;
        }
    }

    private static boolean isUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static List<String> fast(TraceReader r) {
        List<String> out = new ArrayList<>();
        try {
            for (TraceEvent e = r.next(); e != null; e = r.next()) {
                out.add(describe(e));
            }
        } catch (TraceFormatException e) {
            out.add("error " + e.line() + ": " + e.getMessage());
        }
        return out;
    }

    private static String describe(TraceEvent e) {
        return e.line() + " " + e.timeText() + " " + e.time() + " " + e.time().getOffset() + " " + e.kind() + " "
                + (e.frame() == null ? "-" : Bytes.hex(e.frame()));
    }

    private byte[] randomTrace(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OffsetDateTime t = OffsetDateTime.of(2024, 1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24),
                random.nextInt(60), random.nextInt(60), 0, ZoneOffset.ofHours(random.nextInt(5) - 2));
        if (random.nextInt(10) == 0) {
            out.writeBytes("\uFEFF".getBytes(StandardCharsets.UTF_8));
        }
        int lines = 1 + random.nextInt(12);
        for (int i = 0; i < lines; i++) {
            t = t.plusSeconds(random.nextInt(10) == 0 ? -5 : random.nextInt(4000));
            String line = switch (random.nextInt(12)) {
                case 0 -> "";
                case 1 -> "# a comment " + random.nextInt();
                case 2 -> sep(random) + time(random, t) + sep(random) + event(random) + sep(random);
                case 3 -> time(random, t);
                case 4 -> time(random, t) + sep(random) + event(random) + sep(random) + event(random);
                default -> time(random, t) + sep(random) + event(random);
            };
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            if (random.nextInt(30) == 0) {
                out.write(0xC3); // a broken UTF-8 sequence
            }
            if (i < lines - 1 || random.nextBoolean()) {
                out.writeBytes((random.nextInt(5) == 0 ? "\r\n" : "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static String sep(Random random) {
        return SEPARATORS[random.nextInt(random.nextInt(3) == 0 ? SEPARATORS.length : 4)];
    }

    private static String time(Random random, OffsetDateTime t) {
        String iso = t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return switch (random.nextInt(16)) {
            case 0 -> t.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            case 1 -> iso.toLowerCase();
            case 2 -> t.withNano(random.nextInt(1_000_000_000)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            case 3 -> iso.substring(0, 16) + iso.substring(19); // no seconds
            case 4 -> iso.substring(0, 19) + "-00:00";
            case 5 -> iso.substring(0, 19) + List.of("+18:00", "-18:00", "+19:00", "+05:30", "+01:60", "+0100", "+01")
                    .get(random.nextInt(7));
            case 6 -> iso.substring(0, 8) + List.of("30", "31", "00", "29").get(random.nextInt(4)) + iso.substring(10);
            case 7 -> iso.substring(0, 11) + List.of("24", "25", "-1", "1:").get(random.nextInt(4)) + iso.substring(13);
            case 8 -> iso.replace('-', '/');
            case 9 -> iso.substring(0, 17) + "60" + iso.substring(19);
            case 10 -> "+" + iso;
            case 11 -> iso.substring(0, random.nextInt(iso.length()));
            default -> iso;
        };
    }

    private static String event(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> "POWER_OFF";
            case 1 -> "POWER_ON";
            case 2 -> "power_on";
            case 3 -> "ABC";
            case 4 -> "0G";
            case 5 -> "éé";
            case 6 -> "\u0660\u0661"; // Arabic-Indic digits: not hex
            default -> {
                byte[] b = new byte[1 + random.nextInt(70)];
                random.nextBytes(b);
                String h = Bytes.hex(b);
                yield random.nextBoolean() ? h.toLowerCase() : h;
            }
        };
    }

    // ---- the reader before it was made fast (TraceReader of commit e65f796), as the reference ----

    private static List<String> reference(byte[] trace) {
        List<String> out = new ArrayList<>();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteArrayInputStream in = new ByteArrayInputStream(trace);
        int lineNumber = 0;
        OffsetDateTime last = null;
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c = in.read();
            if (c < 0) {
                return out;
            }
            while (c >= 0 && c != '\n') {
                line.write(c);
                c = in.read();
            }
            String raw;
            try {
                raw = utf8.decode(ByteBuffer.wrap(line.toByteArray())).toString();
            } catch (CharacterCodingException e) {
                out.add("error " + (lineNumber + 1) + ": t line " + (lineNumber + 1) + ": not UTF-8 text");
                return out;
            }
            lineNumber++;
            String l = raw.strip();
            if (lineNumber == 1 && l.startsWith("\uFEFF")) {
                l = l.substring(1).strip();
            }
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String prefix = "error " + lineNumber + ": t line " + lineNumber + ": ";
            String[] tokens = l.split("\\s+");
            if (tokens.length != 2) {
                out.add(prefix + "expected a time and one event, found " + tokens.length + " field" + (tokens.length == 1 ? "" : "s"));
                return out;
            }
            OffsetDateTime time;
            try {
                time = OffsetDateTime.parse(tokens[0], DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                out.add(prefix + "time \"" + abbreviate(tokens[0]) + "\" is not ISO-8601 with an offset (e.g. 2024-03-01T10:02:00+01:00)");
                return out;
            }
            if (last != null && time.toInstant().isBefore(last.toInstant())) {
                out.add(prefix + "time " + tokens[0] + " is before the previous line's " + last + " (times never decrease)");
                return out;
            }
            last = time;
            String kind;
            byte[] frame = null;
            if (tokens[1].equals("POWER_OFF")) {
                kind = "POWER_OFF";
            } else if (tokens[1].equals("POWER_ON")) {
                kind = "POWER_ON";
            } else {
                frame = Bytes.parseHexOrNull(tokens[1]);
                if (frame == null) {
                    out.add(prefix + "event \"" + abbreviate(tokens[1]) + "\" is neither POWER_OFF, POWER_ON nor an even number of hex digits");
                    return out;
                }
                kind = "FRAME";
            }
            out.add(lineNumber + " " + tokens[0] + " " + time + " " + time.getOffset() + " " + kind + " "
                    + (frame == null ? "-" : Bytes.hex(frame)));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

}
