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
 * to {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}, which also words the errors. {@link #nextInto}
 * reads a line into a caller's reusable {@link TraceLine} and makes no object for the usual line
 * (its epoch second is computed from the fields, the day's date cached); {@link #next()} is that
 * same parsing plus a copy into a {@link TraceEvent}.
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
    /** The previous event's time fields (its time is made from them only for the error message). */
    private final TraceLine last = new TraceLine();
    /** The holder {@link #next()} reads into before copying out a {@link TraceEvent}. */
    private final TraceLine scratch = new TraceLine();
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
        TraceLine line = new TraceLine();
        boolean any = false;
        try (TraceReader r = open(file)) {
            while (r.nextInto(line)) {
                any = true;
            }
        }
        return any ? line.time() : null;
    }

    /** The next event, or null at the end of the trace. */
    @Override
    public TraceEvent next() throws TraceFormatException {
        // The same parsing as nextInto, so that the two can never disagree; then a copy of its own.
        return nextInto(scratch) ? scratch.toEvent() : null;
    }

    /** {@link #nextInto} into a holder of this reader's, valid until the next call. */
    @Override
    public TraceLine nextLine() throws TraceFormatException {
        return nextInto(scratch) ? scratch : null;
    }

    /**
     * Reads the next event into {@code into}, allocating nothing for the usual line (the usual time
     * form, a frame or power event): the garbage-free form of {@link #next()}, with the same events
     * and the same errors at the same lines.
     *
     * @return false at the end of the trace ({@code into} is then as it was)
     */
    public boolean nextInto(TraceLine into) throws TraceFormatException {
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
                return false;
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
            parse(s, e, into);
            return true;
        }
    }

    /** The fields of the stripped line chars[s, e), separated as by the regular expression \s+, into {@code into}. */
    private void parse(int s, int e, TraceLine into) throws TraceFormatException {
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
        int hexEnd = hexPairs(eventStart, e, into);
        int eventEnd = hexEnd;
        while (eventEnd < e && !isSpace(chars[eventEnd])) {
            eventEnd++;
        }
        if (eventStart == e || eventEnd != e) {
            int fields = fields(s, e);
            throw error("expected a time and one event, found " + fields + " field" + (fields == 1 ? "" : "s"));
        }
        into.setTime(chars, s, timeEnd - s);
        int year = fastTime(s, timeEnd, into);
        if (year < 0) {
            // An unusual form: the formatter reads it (and words the error); allocating is fine here.
            OffsetDateTime time;
            try {
                time = OffsetDateTime.parse(into.timeText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException ex) {
                throw error("time \"" + abbreviate(into.timeText()) + "\" is not ISO-8601 with an offset (e.g. 2024-03-01T10:02:00+01:00)");
            }
            into.slowTime = time;
            into.epochSecond = time.toEpochSecond();
            into.nano = time.getNano();
            year = time.getYear();
        }
        String outside = outsideCountingYears(year);
        if (outside != null) {
            throw error("time " + abbreviate(into.timeText()) + " " + outside);
        }
        long second = into.epochSecond;
        int nano = into.nano;
        if (second < lastSecond || second == lastSecond && nano < lastNano) {
            throw error("time " + into.timeText() + " is before the previous line's " + last.time() + " (times never decrease)");
        }
        lastSecond = second;
        lastNano = nano;
        last.slowTime = into.slowTime;
        last.date = into.date;
        last.hour = into.hour;
        last.minute = into.minute;
        last.second = into.second;
        last.offset = into.offset;
        into.line = lineNumber;
        int n = eventEnd - eventStart;
        into.frameLength = 0;
        if (matches(eventStart, n, "POWER_OFF")) {
            into.kind = TraceEvent.Kind.POWER_OFF;
            return;
        }
        if (matches(eventStart, n, "POWER_ON")) {
            into.kind = TraceEvent.Kind.POWER_ON;
            return;
        }
        if (hexEnd != e) {
            throw error("event \"" + abbreviate(new String(chars, eventStart, n))
                    + "\" is neither POWER_OFF, POWER_ON nor an even number of hex digits");
        }
        into.kind = TraceEvent.Kind.FRAME;
        into.frameLength = n / 2;
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
        return outsideCountingYears(time.getYear());
    }

    /** {@link #outsideCountingYears(OffsetDateTime)} of a time in {@code year}. */
    static String outsideCountingYears(int year) {
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

    /**
     * Decodes pairs of hex digits from chars[start] into {@code into}'s frame buffer until a
     * character that is not one or the end {@code e}; returns where the pairs end (before any odd
     * digit left over).
     */
    private int hexPairs(int start, int e, TraceLine into) {
        char[] c = chars;
        byte[] out = into.frameRoom((e - start) / 2);
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
     * ISO_OFFSET_DATE_TIME reads it, into {@code into}'s time fields and instant: its year, or -1
     * for any other form or value (the formatter decides). Makes no object while the day and the
     * offset stay those of the line before.
     */
    private int fastTime(int s, int e, TraceLine into) {
        int n = e - s;
        if (n != 20 && n != 25) {
            return -1;
        }
        char[] c = chars;
        if (c[s + 4] != '-' || c[s + 7] != '-' || c[s + 10] != 'T' || c[s + 13] != ':' || c[s + 16] != ':') {
            return -1;
        }
        int year = digits(s, 4);
        int month = digits(s + 5, 2);
        int day = digits(s + 8, 2);
        int hour = digits(s + 11, 2);
        int minute = digits(s + 14, 2);
        int second = digits(s + 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return -1;
        }
        // LocalTime.of's ranges: anything else is the formatter's to word.
        if (hour > 23 || minute > 59 || second > 59) {
            return -1;
        }
        ZoneOffset offset;
        if (n == 20) {
            if (c[s + 19] != 'Z') {
                return -1;
            }
            offset = ZoneOffset.UTC;
        } else {
            char sign = c[s + 19];
            int oh = digits(s + 20, 2);
            int om = digits(s + 23, 2);
            if (sign != '+' && sign != '-' || c[s + 22] != ':' || oh < 0 || om < 0 || oh > 18 || om > 59) {
                return -1;
            }
            int total = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
            if (total == 0 && sign == '-') {
                return -1; // "-00:00": the formatter's rules
            }
            offset = lastOffset.getTotalSeconds() == total ? lastOffset : null;
            if (offset == null) {
                try {
                    offset = ZoneOffset.ofTotalSeconds(total);
                } catch (DateTimeException ex) {
                    return -1;
                }
                lastOffset = offset;
            }
        }
        // Consecutive lines mostly share their day: its date is checked and made once.
        LocalDate date = lastDate;
        if (date == null || year != lastYear || month != lastMonth || day != lastDay) {
            try {
                date = LocalDate.of(year, month, day);
            } catch (DateTimeException ex) {
                return -1; // e.g. February 30th: the formatter words the error
            }
            lastDate = date;
            lastEpochDay = date.toEpochDay();
            lastYear = year;
            lastMonth = month;
            lastDay = day;
        }
        into.slowTime = null;
        into.date = date;
        into.hour = hour;
        into.minute = minute;
        into.second = second;
        into.offset = offset;
        // As OffsetDateTime.toEpochSecond, without making one.
        into.epochSecond = lastEpochDay * 86_400 + hour * 3600 + minute * 60 + second - offset.getTotalSeconds();
        into.nano = 0;
        return year;
    }

    /** The date of the previous fast-parsed time, reused while the day does not change. */
    private LocalDate lastDate;
    private long lastEpochDay;
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
