package it.c2du.core.trace;

import it.c2du.core.stack.Bytes;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads a trace (interfaces.md) one event at a time, so a months-long trace never has to fit in
 * memory. Times must not decrease. Use {@link #validate(Path)} first when an error half way
 * through must not leave work half done.
 *
 * <p>A field engineer replays months of a fleet's traces, so this runs millions of times: lines
 * are read in blocks into one reused char buffer (decoded as UTF-8 one line at a time, ASCII
 * without a decoder), fields are found and hex digits parsed in that buffer, and the usual time
 * form ({@code 2024-03-01T10:02:00+01:00} or {@code ...Z}) is read directly; any other form goes
 * to {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, which also words the errors.
 */
public final class TraceReader implements TraceSource {
    /** Where lines come from: decoded text, or bytes decoded one line at a time. */
    private interface Lines extends Closeable {
        /** Puts the next line, without its terminator, into {@link #chars}; its length, or -1 at the end. */
        int next() throws IOException;
    }

    private final Lines in;
    private final String source;
    private int lineNumber;
    /** The current line's characters: [0, lineLength). Grows to the longest line. */
    private char[] chars = new char[256];
    /** The previous event's instant, to check that times never decrease. */
    private long lastSecond = Long.MIN_VALUE;
    private int lastNano;
    private OffsetDateTime last;
    /** The offset of the previous fast-parsed time, reused while it does not change. */
    private ZoneOffset lastOffset = ZoneOffset.UTC;

    /** Reads text that is already decoded. */
    public TraceReader(Reader in, String source) {
        BufferedReader b = in instanceof BufferedReader br ? br : new BufferedReader(in);
        this.in = new Lines() {
            @Override
            public int next() throws IOException {
                if (!b.ready()) {
                    beforeRead.run();
                }
                String line = b.readLine();
                if (line == null) {
                    return -1;
                }
                ensure(line.length());
                line.getChars(0, line.length(), chars, 0);
                return line.length();
            }

            @Override
            public void close() throws IOException {
                b.close();
            }
        };
        this.source = source;
    }

    /**
     * Reads UTF-8 bytes, decoding line by line so that a byte that is not UTF-8 is reported on
     * its own line (a decoding reader reads ahead and would blame an earlier one).
     */
    public TraceReader(InputStream in, String source) {
        this.in = new ByteLines(in);
        this.source = source;
    }

    /**
     * Lines of UTF-8 bytes split at '\n', read in 64 KiB blocks. One pass per line finds its end
     * and widens its bytes into {@link #chars}; a line with a byte over 0x7F (rare: a trace is
     * ASCII) is then taken back from those chars, which hold its bytes, and decoded strictly.
     */
    private final class ByteLines implements Lines {
        private final InputStream stream;
        private final byte[] block = new byte[1 << 16];
        private int pos;
        private int limit;
        private boolean eof;
        private byte[] line = new byte[256];
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

        ByteLines(InputStream stream) {
            this.stream = stream;
        }

        @Override
        public int next() throws IOException {
            int n = 0;
            int high = 0;
            boolean any = false;
            while (true) {
                if (pos == limit) {
                    if (eof || !fill()) {
                        if (!any) {
                            return -1;
                        }
                        break;
                    }
                }
                any = true;
                int end = pos;
                byte[] b = block;
                // At most the rest of the block fits in chars: grow once, not per byte.
                ensure(n + (limit - pos));
                char[] c = chars;
                while (end < limit) {
                    byte x = b[end];
                    if (x == '\n') {
                        break;
                    }
                    high |= x;
                    c[n++] = (char) (x & 0xFF);
                    end++;
                }
                if (end < limit) {
                    pos = end + 1;
                    break;
                }
                pos = limit;
            }
            return high < 0 ? decode(n) : n;
        }

        private boolean fill() throws IOException {
            // Whatever was parsed so far can be handed on before a read that may wait (a pipe).
            beforeRead.run();
            int r = stream.read(block, 0, block.length);
            if (r <= 0) {
                eof = r < 0;
                if (r == 0) {
                    // A stream that returns 0 for a full buffer: read one byte the blocking way.
                    int c = stream.read();
                    if (c < 0) {
                        eof = true;
                        return false;
                    }
                    block[0] = (byte) c;
                    pos = 0;
                    limit = 1;
                    return true;
                }
                return false;
            }
            pos = 0;
            limit = r;
            return true;
        }

        /** The line's bytes, held one per char in chars[0, n), decoded through a strict UTF-8 decoder. */
        private int decode(int n) throws CharacterCodingException {
            if (n > line.length) {
                line = new byte[Math.max(2 * line.length, n)];
            }
            for (int i = 0; i < n; i++) {
                line[i] = (byte) chars[i];
            }
            utf8.reset();
            CharBuffer out = CharBuffer.wrap(chars);
            CoderResult r = utf8.decode(ByteBuffer.wrap(line, 0, n), out, true);
            if (!r.isUnderflow()) {
                r.throwException();
            }
            r = utf8.flush(out);
            if (!r.isUnderflow()) {
                r.throwException();
            }
            return out.position();
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /** Makes room for a line of {@code n} chars (UTF-8 never decodes to more chars than bytes). */
    private void ensure(int n) {
        if (n > chars.length) {
            chars = java.util.Arrays.copyOf(chars, Math.max(2 * chars.length, n));
        }
    }

    /** Called before each read of the input that may wait for more (package-private: {@link PipelinedTraceReader}). */
    Runnable beforeRead = () -> { };

    public static TraceReader open(Path file) throws TraceFormatException {
        try {
            return new TraceReader(Files.newInputStream(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new TraceFormatException(file + ": no such trace file");
        } catch (IOException e) {
            throw new TraceFormatException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Reads the whole file once and reports its first bad line.
     *
     * @return the time of the last event, or null when the trace has none
     */
    public static OffsetDateTime validate(Path file) throws TraceFormatException {
        OffsetDateTime lastTime = null;
        try (TraceReader r = open(file)) {
            for (TraceEvent e = r.next(); e != null; e = r.next()) {
                lastTime = e.time();
            }
        }
        return lastTime;
    }

    /** The next event, or null at the end of the trace. */
    @Override
    public TraceEvent next() throws TraceFormatException {
        while (true) {
            int length;
            try {
                length = in.next();
            } catch (CharacterCodingException e) {
                throw new TraceFormatException(source, lineNumber + 1, "not UTF-8 text");
            } catch (IOException e) {
                throw new TraceFormatException(source, lineNumber + 1, "cannot read: " + e.getMessage());
            }
            if (length < 0) {
                return null;
            }
            lineNumber++;
            // The line stripped of white space at both ends (as String.strip), a byte-order mark on line 1 too.
            int s = 0;
            int e = length;
            while (s < e && Character.isWhitespace(chars[s])) {
                s++;
            }
            while (e > s && Character.isWhitespace(chars[e - 1])) {
                e--;
            }
            if (lineNumber == 1 && s < e && chars[s] == '\uFEFF') {
                s++;
                while (s < e && Character.isWhitespace(chars[s])) {
                    s++;
                }
            }
            if (s == e || chars[s] == '#') {
                continue;
            }
            return parse(s, e);
        }
    }

    /** The fields of the stripped line chars[s, e), separated as by the regular expression \s+. */
    private TraceEvent parse(int s, int e) throws TraceFormatException {
        int timeEnd = s;
        while (timeEnd < e && !isSpace(chars[timeEnd])) {
            timeEnd++;
        }
        int eventStart = timeEnd;
        while (eventStart < e && isSpace(chars[eventStart])) {
            eventStart++;
        }
        // A frame's hex digits are decoded while the event's end is looked for: one pass over the
        // longest field. Anything else (a power event, a bad line) is looked at again below.
        int hexEnd = hexPairs(eventStart, e);
        int eventEnd = hexEnd;
        while (eventEnd < e && !isSpace(chars[eventEnd])) {
            eventEnd++;
        }
        if (eventStart == e || eventEnd != e) {
            int fields = fields(s, e);
            throw error("expected a time and one event, found " + fields + " field" + (fields == 1 ? "" : "s"));
        }
        String timeText = new String(chars, s, timeEnd - s);
        OffsetDateTime time = fastTime(s, timeEnd);
        if (time == null) {
            try {
                time = OffsetDateTime.parse(timeText, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException ex) {
                throw error("time \"" + abbreviate(timeText) + "\" is not ISO-8601 with an offset (e.g. 2024-03-01T10:02:00+01:00)");
            }
        }
        String outside = outsideCountingYears(time);
        if (outside != null) {
            throw error("time " + abbreviate(timeText) + " " + outside);
        }
        long second = time.toEpochSecond();
        int nano = time.getNano();
        if (second < lastSecond || second == lastSecond && nano < lastNano) {
            throw error("time " + timeText + " is before the previous line's " + last + " (times never decrease)");
        }
        last = time;
        lastSecond = second;
        lastNano = nano;
        int n = eventEnd - eventStart;
        if (matches(eventStart, n, "POWER_OFF")) {
            return new TraceEvent(lineNumber, timeText, time, TraceEvent.Kind.POWER_OFF, null);
        }
        if (matches(eventStart, n, "POWER_ON")) {
            return new TraceEvent(lineNumber, timeText, time, TraceEvent.Kind.POWER_ON, null);
        }
        byte[] frame = hexEnd == e ? java.util.Arrays.copyOf(decoded, n / 2) : null;
        if (frame == null) {
            throw error("event \"" + abbreviate(new String(chars, eventStart, n))
                    + "\" is neither POWER_OFF, POWER_ON nor an even number of hex digits");
        }
        return new TraceEvent(lineNumber, timeText, time, TraceEvent.Kind.FRAME, frame);
    }

    /** The first and last year a trace's time may have. */
    public static final int FIRST_YEAR = 1;
    public static final int LAST_YEAR = 9999;

    /**
     * Why the DU cannot place {@code time} on a day, or null when it can. A year of 0001..9999 (as
     * written, four digits) stays a day, in any zone, that the counters and the state file hold;
     * Java's extreme years do not (their day in the counters' zone, or its epoch day, overflows).
     */
    public static String outsideCountingYears(OffsetDateTime time) {
        int year = time.getYear();
        return year >= FIRST_YEAR && year <= LAST_YEAR ? null
                : "is outside the years " + String.format("%04d", FIRST_YEAR) + ".." + LAST_YEAR + " the DU counts days in";
    }

    /** The characters \s matches: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private int fields(int s, int e) {
        int n = 0;
        for (int i = s; i < e; ) {
            while (i < e && isSpace(chars[i])) {
                i++;
            }
            if (i < e) {
                n++;
            }
            while (i < e && !isSpace(chars[i])) {
                i++;
            }
        }
        return n;
    }

    private boolean matches(int start, int n, String word) {
        if (n != word.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (chars[start + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The value of each ASCII hex digit (either case), -1 for every other character below 128. */
    private static final byte[] HEX_VALUE = new byte[128];

    static {
        java.util.Arrays.fill(HEX_VALUE, (byte) -1);
        for (int c = 0; c < 128; c++) {
            HEX_VALUE[c] = (byte) Bytes.hexValue(c);
        }
    }

    /** The bytes {@link #hexPairs} decoded; reused from line to line (a frame gets a copy). */
    private byte[] decoded = new byte[128];

    /**
     * Decodes pairs of hex digits from chars[start] into {@link #decoded} until a character that
     * is not one or the end {@code e}; returns where the pairs end (before any odd digit left over).
     */
    private int hexPairs(int start, int e) {
        if ((e - start) / 2 > decoded.length) {
            decoded = new byte[Math.max(2 * decoded.length, (e - start) / 2)];
        }
        char[] c = chars;
        byte[] out = decoded;
        int i = start;
        int k = 0;
        while (i + 1 < e) {
            char h = c[i];
            char l = c[i + 1];
            int hi = h < 128 ? HEX_VALUE[h] : -1;
            int lo = l < 128 ? HEX_VALUE[l] : -1;
            if ((hi | lo) < 0) {
                break;
            }
            out[k++] = (byte) (hi << 4 | lo);
            i += 2;
        }
        return i;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss} then {@code Z} or {@code +HH:MM}/{@code -HH:MM}, as
     * ISO_OFFSET_DATE_TIME reads it; null for any other form or value (the formatter decides).
     */
    private OffsetDateTime fastTime(int s, int e) {
        int n = e - s;
        if (n != 20 && n != 25) {
            return null;
        }
        char[] c = chars;
        if (c[s + 4] != '-' || c[s + 7] != '-' || c[s + 10] != 'T' || c[s + 13] != ':' || c[s + 16] != ':') {
            return null;
        }
        int year = digits(s, 4);
        int month = digits(s + 5, 2);
        int day = digits(s + 8, 2);
        int hour = digits(s + 11, 2);
        int minute = digits(s + 14, 2);
        int second = digits(s + 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        ZoneOffset offset;
        if (n == 20) {
            if (c[s + 19] != 'Z') {
                return null;
            }
            offset = ZoneOffset.UTC;
        } else {
            char sign = c[s + 19];
            int oh = digits(s + 20, 2);
            int om = digits(s + 23, 2);
            if (sign != '+' && sign != '-' || c[s + 22] != ':' || oh < 0 || om < 0 || oh > 18 || om > 59) {
                return null;
            }
            int total = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
            if (total == 0 && sign == '-') {
                return null; // "-00:00": the formatter's rules
            }
            offset = lastOffset.getTotalSeconds() == total ? lastOffset : null;
            if (offset == null) {
                try {
                    offset = ZoneOffset.ofTotalSeconds(total);
                } catch (DateTimeException ex) {
                    return null;
                }
                lastOffset = offset;
            }
        }
        try {
            // Consecutive lines mostly share their day: its date is checked and made once.
            LocalDate date = lastDate;
            if (date == null || year != lastYear || month != lastMonth || day != lastDay) {
                date = LocalDate.of(year, month, day);
                lastDate = date;
                lastYear = year;
                lastMonth = month;
                lastDay = day;
            }
            return OffsetDateTime.of(LocalDateTime.of(date, LocalTime.of(hour, minute, second)), offset);
        } catch (DateTimeException ex) {
            return null; // e.g. February 30th: the formatter words the error
        }
    }

    /** The date of the previous fast-parsed time, reused while the day does not change. */
    private LocalDate lastDate;
    private int lastYear;
    private int lastMonth;
    private int lastDay;

    /** The value of {@code n} ASCII digits at chars[at], or -1. */
    private int digits(int at, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            char ch = chars[at + i];
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private TraceFormatException error(String message) {
        return new TraceFormatException(source, lineNumber, message);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing was written; a failed close of a read-only file loses nothing
        }
    }
}
