package it.c2du.core.trace;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TraceReader} on a thread of its own: it reads and parses lines while the caller
 * decodes and counts the events before them, on a second core. The events come out of
 * {@link #next()} in the trace's order, exactly as the reader gives them, and a bad line's error
 * comes out at its place, after every event before it; it ends the trace (as it ends a replay).
 *
 * <p>Events are handed over in batches (one lock per batch, not per line) through a bounded queue,
 * so the reader runs at most {@link #BATCHES} batches ahead and memory stays bounded. A batch is
 * handed over when full, at the end, at an error, and before every read of the input that may
 * wait (a pipe, standard input): a line that has arrived is never held back waiting for the next.
 *
 * <p>{@link #close()} on any path (the end, an error, SIGTERM's stop, an exception of the caller)
 * stops the reading thread and waits for it, so no thread outlives the reader. A thread blocked in
 * a read of standard input cannot be woken (standard input is not ours to close): it is a daemon,
 * and close waits for it only {@link #CLOSE_WAIT_MILLIS}.
 */
public final class PipelinedTraceReader implements TraceSource {
    /** Events per batch at most: large enough that handing over costs nothing per line, small enough to start early. */
    static final int BATCH = 512;
    /** Batches the reader may run ahead of the caller. */
    static final int BATCHES = 8;
    /** How long close waits for the reading thread to end. */
    static final long CLOSE_WAIT_MILLIS = 2000;

    /** Some events in order, and what ended the trace after them, if anything did. */
    private static final class Batch {
        final TraceEvent[] events = new TraceEvent[BATCH];
        int size;
        /** The end of the trace follows the events. */
        boolean end;
        /** A bad line (the end follows). */
        TraceFormatException error;
        /** The reader failed in an unforeseen way (a bug, out of memory): the caller gets it (the end follows). */
        Throwable failure;
    }

    private final TraceReader reader;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    private volatile boolean closed;

    /** The batch the reading thread is filling (its thread only). */
    private Batch filling = new Batch();
    /** The batch the caller is taking events from (the caller's thread only), and the next event's index in it. */
    private Batch taking;
    private int taken;

    /** Starts reading {@code reader} on a new thread; closing this closes it. */
    public PipelinedTraceReader(TraceReader reader) {
        this.reader = reader;
        reader.beforeRead = this::handOver;
        thread = new Thread(this::read, "du-trace-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** The reading thread: fills batches until the end, an error, or close. */
    private void read() {
        try {
            while (!closed) {
                TraceEvent e;
                try {
                    e = reader.next();
                } catch (TraceFormatException ex) {
                    filling.error = ex;
                    e = null;
                }
                if (e == null) {
                    filling.end = true;
                    put(filling);
                    return;
                }
                filling.events[filling.size++] = e;
                if (filling.size == BATCH) {
                    put(filling);
                    filling = new Batch();
                }
            }
        } catch (InterruptedException ex) {
            // close(): nobody takes events any more
        } catch (Throwable t) {
            if (!closed) {
                // After the events read before it, as an error would be.
                filling.failure = t;
                filling.end = true;
                try {
                    put(filling);
                } catch (InterruptedException ex) {
                    // close()
                }
            }
        } finally {
            reader.close();
        }
    }

    /** Before a read that may wait: the events parsed so far go to the caller now. */
    private void handOver() {
        if (filling.size > 0 && !closed) {
            try {
                put(filling);
            } catch (InterruptedException e) {
                // close(): the read that follows fails or is never looked at
                Thread.currentThread().interrupt();
                return;
            }
            filling = new Batch();
        }
    }

    private void put(Batch b) throws InterruptedException {
        while (!queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
            if (closed) {
                throw new InterruptedException("closed");
            }
        }
    }

    @Override
    public TraceEvent next() throws TraceFormatException {
        while (taking == null || taken == taking.size) {
            if (taking != null && taking.end) {
                if (taking.error != null) {
                    throw taking.error;
                }
                if (taking.failure instanceof RuntimeException r) {
                    throw r;
                }
                if (taking.failure instanceof Error err) {
                    throw err;
                }
                if (taking.failure != null) {
                    throw new IllegalStateException("the trace reader failed", taking.failure);
                }
                return null;
            }
            try {
                taking = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TraceFormatException("interrupted while reading the trace");
            }
            taken = 0;
        }
        TraceEvent e = taking.events[taken];
        taking.events[taken++] = null; // the batch no longer keeps the event (and its frame) alive
        return e;
    }

    /** Whether the reading thread has ended (tests: no thread outlives the reader). */
    boolean readingEnded() {
        return !thread.isAlive();
    }

    @Override
    public void close() {
        closed = true;
        queue.clear(); // a reader waiting to hand over a batch sees closed at once
        thread.interrupt();
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
    }
}
