package it.c2du.core.trace;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * One trace event in a caller-owned, reusable holder: what {@link TraceReader#nextInto} fills in
 * place of a new {@link TraceEvent}, so that reading a line makes no garbage (docs/performance.md,
 * issue 20: a million lines of garbage grew G1's young generation to hundreds of MB). The time is
 * kept as its characters and its parsed fields; a String or {@link OffsetDateTime} is made only
 * when asked for (an error, --until, the last line). The frame is decoded into the holder's own
 * buffer: [0, {@link #frameLength()}).
 *
 * <p>A holder is overwritten by the next fill: whoever keeps something of a line past that copies
 * it ({@link #toEvent()}, {@link #copyTimeFrom}).
 */
public final class TraceLine {
    int line;
    TraceEvent.Kind kind;
    long epochSecond;
    int nano;
    /** The time as written: [0, timeLength). */
    char[] timeChars = new char[32];
    int timeLength;
    /** The time's fields, as the fast path read them (no {@link #slowTime}). */
    LocalDate date;
    int hour;
    int minute;
    int second;
    ZoneOffset offset;
    /** The time when the formatter read it (an unusual form): then the fields above are not used. */
    OffsetDateTime slowTime;
    /** The frame's bytes ({@link TraceEvent.Kind#FRAME}): [0, frameLength). */
    byte[] frame = new byte[128];
    int frameLength;

    /** The 1-based line number in the trace. */
    public int line() {
        return line;
    }

    public TraceEvent.Kind kind() {
        return kind;
    }

    /** The time's instant, as {@link Instant#getEpochSecond()} and {@link Instant#getNano()}. */
    public long epochSecond() {
        return epochSecond;
    }

    public int nano() {
        return nano;
    }

    /** The frame buffer: the frame is its first {@link #frameLength()} bytes (the rest is stale). */
    public byte[] frameBuffer() {
        return frame;
    }

    public int frameLength() {
        return frameLength;
    }

    /** The time exactly as written (a new String). */
    public String timeText() {
        return new String(timeChars, 0, timeLength);
    }

    /** The time (a new object unless the line's time was in an unusual form). */
    public OffsetDateTime time() {
        return slowTime != null ? slowTime
                : OffsetDateTime.of(LocalDateTime.of(date, LocalTime.of(hour, minute, second)), offset);
    }

    public Instant instant() {
        return Instant.ofEpochSecond(epochSecond, nano);
    }

    /** This line as a {@link TraceEvent} of its own (nothing shared with the holder). */
    public TraceEvent toEvent() {
        return new TraceEvent(line, timeText(), time(), kind,
                kind == TraceEvent.Kind.FRAME ? Arrays.copyOf(frame, frameLength) : null);
    }

    /** Copies {@code other}'s line number and time, not its event: what outlives the holder it was read into. */
    public void copyTimeFrom(TraceLine other) {
        line = other.line;
        kind = other.kind;
        epochSecond = other.epochSecond;
        nano = other.nano;
        setTime(other.timeChars, 0, other.timeLength);
        date = other.date;
        hour = other.hour;
        minute = other.minute;
        second = other.second;
        offset = other.offset;
        slowTime = other.slowTime;
        frameLength = 0;
    }

    void setTime(char[] chars, int from, int length) {
        if (length > timeChars.length) {
            timeChars = new char[Math.max(2 * timeChars.length, length)];
        }
        System.arraycopy(chars, from, timeChars, 0, length);
        timeLength = length;
    }

    /** Makes room for a frame of {@code n} bytes. */
    byte[] frameRoom(int n) {
        if (n > frame.length) {
            frame = new byte[Math.max(2 * frame.length, n)];
        }
        return frame;
    }

    @Override
    public String toString() {
        return "TraceLine[" + line + " " + timeText() + " " + kind + "]";
    }
}
