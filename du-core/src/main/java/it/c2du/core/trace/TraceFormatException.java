package it.c2du.core.trace;

/** A trace line that does not follow interfaces.md; the message names file and line. */
public final class TraceFormatException extends Exception {
    private final int line;

    public TraceFormatException(String source, int line, String message) {
        super(source + " line " + line + ": " + message);
        this.line = line;
    }

    public TraceFormatException(String message) {
        super(message);
        this.line = 0;
    }

    /** The 1-based line, or 0 when the problem is not one line's. */
    public int line() {
        return line;
    }
}
