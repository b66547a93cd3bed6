package it.c2du.core.trace;

import java.util.ArrayDeque;
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
 * <p>The batches are recycled: each holds {@link TraceLine} holders that the reader fills in place
 * ({@link TraceReader#nextInto}), and a batch goes back to the reader only when the caller asks for
 * the event after its last one, so a line is never refilled while the caller may still look at it.
 * At most {@link #BATCHES} + 2 batches exist (the queue's, the one being filled, the one being
 * taken from): reading a trace makes no garbage per line (docs/performance.md, issue 20).
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
        final TraceLine[] lines;
        int size;
        /** The end of the trace follows the events. */
        boolean end;
        /** A bad line (the end follows). */
        TraceFormatException error;
        /** The reader failed in an unforeseen way (a bug, out of memory): the caller gets it (the end follows). */
        Throwable failure;

        Batch(int capacity) {
            lines = new TraceLine[capacity];
            for (int i = 0; i < capacity; i++) {
                lines[i] = new TraceLine();
            }
        }
    }

    private final TraceReader reader;
    private final int batchSize;
    private final int maxBatches;
    private final BlockingQueue<Batch> queue;
    /**
     * Batches the caller is done with, for the reader to refill; last in, first out (the batch
     * still in the cache is reused first). Guarded by itself.
     */
    private final ArrayDeque<Batch> free;
    private final Thread thread;
    private volatile boolean closed;

    /** The batch the reading thread is filling (its thread only), and how many batches it has made. */
    private Batch filling;
    private int made;
    /** The batch the caller is taking events from (the caller's thread only), and the next event's index in it. */
    private Batch taking;
    private int taken;

    /** Starts reading {@code reader} on a new thread; closing this closes it. */
    public PipelinedTraceReader(TraceReader reader) {
        this(reader, BATCH, BATCHES);
    }

    /** With {@code batches} batches of {@code batchSize} events in the queue at most (tests: small ones). */
    PipelinedTraceReader(TraceReader reader, int batchSize, int batches) {
        this.reader = reader;
        this.batchSize = batchSize;
        this.queue = new ArrayBlockingQueue<>(batches);
        this.maxBatches = batches + 2;
        this.free = new ArrayDeque<>(maxBatches);
        reader.beforeRead = this::handOver;
        thread = new Thread(this::read, "du-trace-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** The reading thread: fills batches until the end, an error, or close. */
    private void read() {
        try {
            filling = emptyBatch();
            // Lines are read into a holder of the reading thread's own, then swapped into the batch:
            // the read may hand the batch over (beforeRead) before the line is complete, and the
            // line belongs in the batch that is filling when it is.
            TraceLine staging = new TraceLine();
            while (!closed) {
                boolean more;
                try {
                    more = reader.nextInto(staging);
                } catch (TraceFormatException ex) {
                    filling.error = ex;
                    more = false;
                }
                if (!more) {
                    filling.end = true;
                    put(filling);
                    return;
                }
                TraceLine slot = filling.lines[filling.size];
                filling.lines[filling.size] = staging;
                staging = slot;
                if (++filling.size == batchSize) {
                    put(filling);
                    filling = emptyBatch();
                }
            }
        } catch (InterruptedException ex) {
            // close(): nobody takes events any more
        } catch (Throwable t) {
            if (!closed && filling != null) {
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
            try {
                filling = emptyBatch();
            } catch (InterruptedException e) {
                // close(): as above; the reading thread stops at its next look at closed
                filling = null;
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A batch to fill: a new one while fewer than the bound exist, else one the caller gave back
     * (waiting for it). The bound is never waited on for long: the caller gives one back each time
     * it takes one from the queue.
     */
    private Batch emptyBatch() throws InterruptedException {
        synchronized (free) {
            while (true) {
                Batch b = free.pollFirst();
                if (b != null) {
                    return b;
                }
                if (made < maxBatches) {
                    made++;
                    return new Batch(batchSize);
                }
                if (closed) {
                    throw new InterruptedException("closed");
                }
                free.wait(100);
            }
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
        TraceLine line = nextLine();
        return line == null ? null : line.toEvent();
    }

    /**
     * The next event in a holder of this reader's batches, valid until the next call: the batch it
     * is in goes back to the reading thread only when the caller asks for the event after the batch's last.
     */
    @Override
    public TraceLine nextLine() throws TraceFormatException {
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
            Batch next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TraceFormatException("interrupted while reading the trace");
            }
            if (taking != null) {
                // Only now, with the caller past its last line: its holders may be refilled.
                release(taking);
            }
            taking = next;
            taken = 0;
        }
        return taking.lines[taken++];
    }

    /** Gives a batch the caller is done with back to the reading thread. */
    private void release(Batch b) {
        b.size = 0;
        b.end = false;
        b.error = null;
        b.failure = null;
        synchronized (free) {
            free.addFirst(b);
            free.notifyAll();
        }
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
