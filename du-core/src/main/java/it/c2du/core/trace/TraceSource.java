package it.c2du.core.trace;

import java.io.Closeable;

/**
 * A trace's events in order: read on the caller's thread ({@link TraceReader}) or on a thread of
 * their own ({@link PipelinedTraceReader}); the same events and the same first error either way.
 */
public interface TraceSource extends Closeable {
    /** The next event, or null at the end of the trace; a bad line throws, naming the source and its line. */
    TraceEvent next() throws TraceFormatException;

    /** Ends the reading; never throws (nothing was written). */
    @Override
    void close();
}
