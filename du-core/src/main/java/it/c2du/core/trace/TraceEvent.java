package it.c2du.core.trace;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * One event of a trace: a received MAC frame, or the DU losing or regaining power.
 *
 * @param line     1-based line number in the trace file
 * @param timeText the time exactly as written, for output
 * @param frame    the Layer-1 MAC frame bytes ({@link Kind#FRAME} only)
 */
public record TraceEvent(int line, String timeText, OffsetDateTime time, Kind kind, byte[] frame) {

    public enum Kind { FRAME, POWER_OFF, POWER_ON }

    public Instant instant() {
        return time.toInstant();
    }
}
