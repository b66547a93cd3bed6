package it.c2du.core.trace;

import it.c2du.core.stack.Bytes;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads a trace (interfaces.md) one event at a time, so a months-long trace never has to fit in
 * memory. Times must not decrease. Use {@link #validate(Path)} first when an error half way
 * through must not leave work half done.
 */
public final class TraceReader implements Closeable {
    /** Where lines come from: decoded text, or bytes decoded one line at a time. */
    private interface Lines extends Closeable {
        /** The next line without its terminator, or null at the end. */
        String next() throws IOException;
    }

    private final Lines in;
    private final String source;
    private int lineNumber;
    private OffsetDateTime last;

    /** Reads text that is already decoded. */
    public TraceReader(Reader in, String source) {
        BufferedReader b = in instanceof BufferedReader br ? br : new BufferedReader(in);
        this.in = new Lines() {
            @Override
            public String next() throws IOException {
                return b.readLine();
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
        BufferedInputStream b = new BufferedInputStream(in);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        this.in = new Lines() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

            @Override
            public String next() throws IOException {
                line.reset();
                int c = b.read();
                if (c < 0) {
                    return null;
                }
                while (c >= 0 && c != '\n') {
                    line.write(c);
                    c = b.read();
                }
                return utf8.decode(ByteBuffer.wrap(line.toByteArray())).toString();
            }

            @Override
            public void close() throws IOException {
                b.close();
            }
        };
        this.source = source;
    }

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
    public TraceEvent next() throws TraceFormatException {
        while (true) {
            String raw;
            try {
                raw = in.next();
            } catch (CharacterCodingException e) {
                throw new TraceFormatException(source, lineNumber + 1, "not UTF-8 text");
            } catch (IOException e) {
                throw new TraceFormatException(source, lineNumber + 1, "cannot read: " + e.getMessage());
            }
            if (raw == null) {
                return null;
            }
            lineNumber++;
            String line = raw.strip();
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            return parse(line);
        }
    }

    private TraceEvent parse(String line) throws TraceFormatException {
        String[] tokens = line.split("\\s+");
        if (tokens.length != 2) {
            throw error("expected a time and one event, found " + tokens.length + " field" + (tokens.length == 1 ? "" : "s"));
        }
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(tokens[0], DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw error("time \"" + abbreviate(tokens[0]) + "\" is not ISO-8601 with an offset (e.g. 2024-03-01T10:02:00+01:00)");
        }
        if (last != null && time.toInstant().isBefore(last.toInstant())) {
            throw error("time " + tokens[0] + " is before the previous line's " + last
                    + " (times never decrease)");
        }
        last = time;
        String event = tokens[1];
        if (event.equals("POWER_OFF")) {
            return new TraceEvent(lineNumber, tokens[0], time, TraceEvent.Kind.POWER_OFF, null);
        }
        if (event.equals("POWER_ON")) {
            return new TraceEvent(lineNumber, tokens[0], time, TraceEvent.Kind.POWER_ON, null);
        }
        byte[] frame = Bytes.parseHexOrNull(event);
        if (frame == null) {
            throw error("event \"" + abbreviate(event) + "\" is neither POWER_OFF, POWER_ON nor an even number of hex digits");
        }
        return new TraceEvent(lineNumber, tokens[0], time, TraceEvent.Kind.FRAME, frame);
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
