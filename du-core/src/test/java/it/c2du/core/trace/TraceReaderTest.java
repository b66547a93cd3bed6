package it.c2du.core.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceReaderTest {
    private static final String SRC = "bench.trace";
    private static final String FRAME_HEX = "1026DC1234567890E5A1000000010301C0040B3000000065AEF239FFDA8837D717B382E1D0C4B68496E14F41DF20B0D87DE828BE04D0";

    /** The example of interfaces.md, verbatim. */
    private static final String EXAMPLE = """
            # time (ISO-8601 with offset) and event
            2024-03-01T10:02:00+01:00 1026DC1234567890E5A1000000010301C0040B3000000065AEF239FFDA8837D717B382E1D0C4B68496E14F41DF20B0D87DE828BE04D0
            2024-03-31T00:00:00+01:00 POWER_OFF
            2024-03-31T08:00:00+02:00 POWER_ON
            """;

    private static List<TraceEvent> readAll(String text) throws TraceFormatException {
        List<TraceEvent> out = new ArrayList<>();
        try (TraceReader r = new TraceReader(new StringReader(text), SRC)) {
            for (TraceEvent e = r.next(); e != null; e = r.next()) {
                out.add(e);
            }
        }
        return out;
    }

    private static void assertLine(TraceFormatException e, String source, int line) {
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(source), "message should name " + source + ": " + e.getMessage());
        assertTrue(Pattern.compile("\\bline " + line + "\\b").matcher(e.getMessage()).find(),
                "message should name line " + line + ": " + e.getMessage());
    }

    @Test
    void theInterfacesExampleReads() throws TraceFormatException {
        List<TraceEvent> ev = readAll(EXAMPLE);
        assertEquals(3, ev.size());

        TraceEvent f = ev.get(0);
        assertEquals(TraceEvent.Kind.FRAME, f.kind());
        assertEquals(2, f.line());
        assertEquals("2024-03-01T10:02:00+01:00", f.timeText());
        assertEquals(OffsetDateTime.parse("2024-03-01T10:02:00+01:00"), f.time());
        assertEquals(OffsetDateTime.parse("2024-03-01T09:02:00Z").toInstant(), f.instant());
        assertArrayEquals(HexFormat.of().parseHex(FRAME_HEX), f.frame());

        assertEquals(TraceEvent.Kind.POWER_OFF, ev.get(1).kind());
        assertEquals(3, ev.get(1).line());
        assertNull(ev.get(1).frame());
        assertEquals(TraceEvent.Kind.POWER_ON, ev.get(2).kind());
        assertEquals(4, ev.get(2).line());
        assertEquals("+02:00", ev.get(2).time().getOffset().getId());
        assertEquals(OffsetDateTime.parse("2024-03-31T06:00:00Z").toInstant(), ev.get(2).instant());
    }

    @Test
    void commentsAndBlankLinesAreSkippedButCounted() throws TraceFormatException {
        String text = "# header\n"                                   // 1
                + "\n"                                               // 2
                + "   \t  \n"                                        // 3
                + "2024-03-01T10:00:00+01:00 AABB\n"                 // 4
                + "   # indented comment\n"                          // 5
                + "#2024-03-01T10:00:00+01:00 POWER_OFF\n"           // 6
                + "2024-03-01T10:00:00+01:00\tPOWER_OFF\n"           // 7 (tab, equal time)
                + "\n"                                               // 8
                + "  2024-03-01T11:00:00+01:00    POWER_ON   \n"     // 9 (extra white space)
                + "# trailing comment";                              // 10
        List<TraceEvent> ev = readAll(text);
        assertEquals(3, ev.size());
        assertEquals(List.of(4, 7, 9), ev.stream().map(TraceEvent::line).toList());
        assertEquals(List.of(TraceEvent.Kind.FRAME, TraceEvent.Kind.POWER_OFF, TraceEvent.Kind.POWER_ON),
                ev.stream().map(TraceEvent::kind).toList());
        assertArrayEquals(new byte[] {(byte) 0xAA, (byte) 0xBB}, ev.get(0).frame());
        assertEquals("2024-03-01T11:00:00+01:00", ev.get(2).timeText());
    }

    @Test
    void crLfLineEndingsCountLikeLf() throws TraceFormatException {
        List<TraceEvent> ev = readAll("# c\r\n\r\n2024-03-01T10:00:00+01:00 aabb\r\n2024-03-01T10:00:01+01:00 POWER_OFF\r\n");
        assertEquals(List.of(3, 4), ev.stream().map(TraceEvent::line).toList());
        TraceFormatException e = assertThrows(TraceFormatException.class,
                () -> readAll("# c\r\n\r\n2024-03-01T10:00:00+01:00 aab\r\n"));
        assertLine(e, SRC, 3);
    }

    @Test
    void hexIsCaseInsensitive() throws TraceFormatException {
        List<TraceEvent> ev = readAll("2024-03-01T10:00:00+01:00 0a0bFfcD\n2024-03-01T10:00:00Z 00ff\n");
        assertArrayEquals(new byte[] {0x0A, 0x0B, (byte) 0xFF, (byte) 0xCD}, ev.get(0).frame());
        assertArrayEquals(new byte[] {0x00, (byte) 0xFF}, ev.get(1).frame());
    }

    @Test
    void equalInstantsInDifferentOffsetsDoNotDecrease() throws TraceFormatException {
        List<TraceEvent> ev = readAll("2024-10-27T02:30:00+02:00 AA\n2024-10-27T00:30:00Z BB\n2024-10-27T02:30:00+01:00 CC\n");
        assertEquals(3, ev.size());
        assertEquals(ev.get(0).instant(), ev.get(1).instant());
        assertTrue(ev.get(2).instant().isAfter(ev.get(1).instant()));
    }

    @Test
    void emptyTraceHasNoEvents() throws TraceFormatException {
        assertEquals(List.of(), readAll(""));
        assertEquals(List.of(), readAll("# only\n\n# comments\n"));
    }

    /** Line 1 comment, 2 blank, 3 a good frame at 10:00, 4 the bad line, 5 a good line never reached. */
    @ParameterizedTest
    @ValueSource(strings = {
        "2024-03-01T10:05:00+01:00 AABB CC",          // 3 tokens
        "2024-03-01T10:05:00+01:00 POWER_OFF now",    // 3 tokens
        "2024-03-01T10:05:00+01:00",                  // 1 token
        "AABB",                                       // 1 token
        "2024-13-01T10:05:00+01:00 AABB",             // bad month
        "2024-03-01T25:05:00+01:00 AABB",             // bad hour
        "yesterday AABB",                             // not a time
        "2024-03-01T10:05:00 AABB",                   // no offset
        "2024-03-01 AABB",                            // date only
        "2024-03-01T10:05:00+01:00 AAB",              // odd number of hex digits
        "2024-03-01T10:05:00+01:00 A",                // one hex digit
        "2024-03-01T10:05:00+01:00 AAGG",             // non-hex
        "2024-03-01T10:05:00+01:00 0xAABB",           // prefix
        "2024-03-01T10:05:00+01:00 AA\u0660\u0661",   // non-ASCII (Arabic-Indic) digits
        "2024-03-01T10:05:00+01:00 AA\uFF21\uFF22",   // full-width letters
        "2024-03-01T10:05:00+01:00 power_off",        // events are upper case
        "2024-03-01T09:59:59+01:00 AABB",             // time decreases
        "2024-03-01T10:30:00+02:00 AABB",             // later text, earlier instant (09:30+01:00)
        "+999999999-12-31T23:59:59Z AABB",            // a year no day of the counters can hold
        "+10000-01-01T00:00:00+18:00 AABB",           // past 9999
    })
    void malformedLineNamesSourceAndLine(String bad) throws TraceFormatException {
        String text = "# trace\n\n2024-03-01T10:00:00+01:00 AABB\n" + bad + "\n2024-03-01T12:00:00+01:00 POWER_OFF\n";
        try (TraceReader r = new TraceReader(new StringReader(text), SRC)) {
            TraceEvent first = r.next();
            assertNotNull(first);
            assertEquals(3, first.line());
            TraceFormatException e = assertThrows(TraceFormatException.class, r::next, bad);
            assertLine(e, SRC, 4);
        }
    }

    @Test
    void malformedFirstLine() {
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> readAll("POWER_ON\n"));
        assertLine(e, SRC, 1);
    }

    @Test
    void lineNumbersStayRightFarIntoAFile() {
        StringBuilder sb = new StringBuilder();
        OffsetDateTime t = OffsetDateTime.parse("2024-03-30T22:00:00+01:00");
        Random rnd = new Random(42);
        int line = 0;
        for (int i = 0; i < 2000; i++) {
            line++;
            switch (rnd.nextInt(4)) {
                case 0 -> sb.append("# comment ").append(i).append('\n');
                case 1 -> sb.append('\n');
                default -> {
                    t = t.plusMinutes(rnd.nextInt(3));
                    sb.append(t).append(' ').append("0102").append('\n');
                }
            }
        }
        sb.append(t.minusSeconds(1)).append(" 0102\n");
        int badLine = line + 1;
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> readAll(sb.toString()));
        assertLine(e, SRC, badLine);
    }

    @Test
    void writerOutputReadsBack() throws IOException, TraceFormatException {
        StringWriter w = new StringWriter();
        TraceWriter tw = new TraceWriter(w);
        OffsetDateTime t0 = OffsetDateTime.parse("2024-10-27T02:30:00+02:00");
        tw.comment("two lines\nof comment");
        tw.frame(t0, new byte[] {1, 2, (byte) 0xFE});
        tw.powerOff(t0.plusMinutes(1));
        tw.powerOn(OffsetDateTime.parse("2024-10-27T02:10:00+01:00"));
        tw.flush();
        List<TraceEvent> ev = readAll(w.toString());
        assertEquals(List.of(3, 4, 5), ev.stream().map(TraceEvent::line).toList());
        assertArrayEquals(new byte[] {1, 2, (byte) 0xFE}, ev.get(0).frame());
        assertEquals(t0, ev.get(0).time());
        assertEquals(TraceEvent.Kind.POWER_ON, ev.get(2).kind());
    }

    // ---------------------------------------------------------------- validate

    @Test
    void validateReturnsTheLastTime(@TempDir Path dir) throws IOException, TraceFormatException {
        Path f = dir.resolve("ok.trace");
        Files.writeString(f, EXAMPLE + "# the end\n\n", StandardCharsets.UTF_8);
        assertEquals(OffsetDateTime.parse("2024-03-31T08:00:00+02:00"), TraceReader.validate(f));

        Path empty = dir.resolve("empty.trace");
        Files.writeString(empty, "# nothing here\n\n", StandardCharsets.UTF_8);
        assertNull(TraceReader.validate(empty));
    }

    @Test
    void validateReportsTheFirstBadLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.trace");
        Files.writeString(f, EXAMPLE
                + "\n"                                        // 5
                + "2024-03-31T09:00:00+02:00 XYZ\n"           // 6: first bad line
                + "2024-03-31T08:00:00+02:00 AA BB\n",        // 7: bad too
                StandardCharsets.UTF_8);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.validate(f));
        assertLine(e, f.toString(), 6);
    }

    @Test
    void openNamesAMissingFile(@TempDir Path dir) {
        Path f = dir.resolve("missing.trace");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.validate(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void notUtf8IsATraceFormatException(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("latin1.trace");
        Files.write(f, "# caf\u00e9\n2024-03-01T10:00:00+01:00 AABB\n".getBytes(StandardCharsets.ISO_8859_1));
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.validate(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertEquals(1, e.line(), e.getMessage());
    }

    @Test
    void notUtf8IsReportedOnItsOwnLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("late.trace");
        Files.write(f, ("# ok\n2024-03-01T10:00:00+01:00 AABB\n\n# caf\u00e9\n2024-03-01T10:01:00+01:00 AABB\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceReader.validate(f));
        assertEquals(4, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("line 4: not UTF-8"), e.getMessage());
    }

    @Test
    void exceptionCarriesItsLine() {
        TraceFormatException e = new TraceFormatException("x.trace", 17, "oops");
        assertEquals(17, e.line());
        assertEquals("x.trace line 17: oops", e.getMessage());
        assertEquals(0, new TraceFormatException("whole file").line());
    }
}
