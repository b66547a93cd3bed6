package it.c2du.core.trace;

import java.io.Closeable;

/**
 * A trace's events in order: read on the caller's thread ({@link TraceReader}) or on a thread of
 * their own ({@link PipelinedTraceReader}); the same events and the same first error either way.
 */
public interface TraceSource extends Closeable {
    /** The next event, or null at the end of the trace; a bad line throws, naming the source and its line. */
    TraceEvent next() throws TraceFormatException;

    /**
     * {@link #next()} without a new object: the next event in a holder of the source's, which it
     * refills at the next call of {@code nextLine} or {@code next} (the caller copies what it keeps);
     * null at the end of the trace. The same events and errors as next.
     */
    TraceLine nextLine() throws TraceFormatException;

    /** Ends the reading; never throws (nothing was written). */
    @Override
    void close();
}
