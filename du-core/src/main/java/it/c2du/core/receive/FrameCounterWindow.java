package it.c2du.core.receive;

import it.c2du.core.profile.C2P1;
import java.util.Arrays;

/**
 * The frame counters one security context has consumed: the highest valid counter {@code h} and
 * which counters of (h - 1024, h] were seen. Only counters of frames whose tag verified may be
 * consumed, so a forged frame can never move the window.
 *
 * <p>Counter {@code f} is bit {@code f mod 1024} of the bitmap: the 1024 counters of the window
 * map to distinct bits, and advancing {@code h} clears the bits of the counters it skips.
 */
public final class FrameCounterWindow {
    public static final int WIDTH = C2P1.Replay.WINDOW;

    /** What consuming a verified counter would mean. */
    public enum Position {
        /** Above every counter seen so far (or the first one): accepted. */
        NEW_HIGHEST,
        /** Inside the window and not seen yet: accepted late. */
        LATE,
        /** Inside the window and already seen: a repetition, dropped. */
        REPETITION,
        /** At or below h - 1024: too old to tell, rejected. */
        STALE
    }

    static {
        // Counter f is bit (f mod WIDTH) of a long[] bitmap: WIDTH must be a power of two, at least 64.
        if (Integer.bitCount(WIDTH) != 1 || WIDTH < 64) {
            throw new ExceptionInInitializerError("replay window must be a power of two >= 64, got " + WIDTH);
        }
    }

    private long highest = -1;
    private final long[] seen = new long[WIDTH / 64];

    public Position position(long fc) {
        if (fc > highest) {
            return Position.NEW_HIGHEST;
        }
        if (fc <= highest - WIDTH) {
            return Position.STALE;
        }
        return isSeen(fc) ? Position.REPETITION : Position.LATE;
    }

    /** Marks a verified, accepted counter as seen. */
    public void consume(long fc) {
        Position p = position(fc);
        if (p == Position.STALE || p == Position.REPETITION) {
            throw new IllegalStateException("counter " + fc + " is " + p + ", not consumable");
        }
        if (fc > highest) {
            if (highest < 0 || fc - highest >= WIDTH) {
                Arrays.fill(seen, 0);
            } else {
                for (long g = highest + 1; g < fc; g++) {
                    clear(g);
                }
            }
            highest = fc;
        }
        set(fc);
    }

    /** The highest valid counter, or -1 when none was consumed. */
    public long highest() {
        return highest;
    }

    /** Snapshot of the bitmap, for durable state. */
    public long[] bitmap() {
        return seen.clone();
    }

    /** A window rebuilt from durable state. */
    public static FrameCounterWindow restore(long highest, long[] bitmap) {
        if (bitmap.length != WIDTH / 64 || highest < -1 || highest > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("not a frame-counter window: highest " + highest + ", " + bitmap.length + " words");
        }
        FrameCounterWindow w = new FrameCounterWindow();
        w.highest = highest;
        System.arraycopy(bitmap, 0, w.seen, 0, bitmap.length);
        return w;
    }

    private boolean isSeen(long fc) {
        int bit = (int) (fc & (WIDTH - 1));
        return (seen[bit >>> 6] & (1L << bit)) != 0;
    }

    private void set(long fc) {
        int bit = (int) (fc & (WIDTH - 1));
        seen[bit >>> 6] |= 1L << bit;
    }

    private void clear(long fc) {
        int bit = (int) (fc & (WIDTH - 1));
        seen[bit >>> 6] &= ~(1L << bit);
    }
}
