package it.c2du.core.stack;

/**
 * What one layer makes of its PDU as a single {@code long}: a typed rejection, or where the next
 * layer's PDU lies in the received buffer (offset, length) and one small value the layer found
 * (the SSAP, the CF number). The layers' {@code scan} functions return it; their {@code decode}
 * functions, which return the PDU records {@code du decode} and the frame objects print, are
 * built on the same scans, so the counting path (no object per frame, docs/performance.md,
 * issue 20) and the displays can never disagree.
 *
 * <p>Layout: bit 63 set = rejected, the {@link RejectReason}'s ordinal in the low bits; else bits
 * 0-19 the offset, 20-39 the length, 40-62 the value. A MAC frame is at most a few hundred bytes,
 * far inside 20 bits; {@link #passed} refuses what does not fit rather than wrap.
 */
public final class Scan {
    private static final int FIELD_BITS = 20;
    private static final long FIELD_MASK = (1L << FIELD_BITS) - 1;
    private static final int VALUE_SHIFT = 2 * FIELD_BITS;
    private static final long VALUE_MASK = (1L << (63 - VALUE_SHIFT)) - 1;

    private Scan() {
    }

    public static long rejected(RejectReason reason) {
        return Long.MIN_VALUE | reason.ordinal();
    }

    public static long passed(int offset, int length, int value) {
        if ((offset & ~FIELD_MASK) != 0 || (length & ~FIELD_MASK) != 0 || (value & ~VALUE_MASK) != 0) {
            throw new IllegalArgumentException("PDU beyond the scan's range: offset " + offset + ", length " + length);
        }
        return offset | (long) length << FIELD_BITS | (long) value << VALUE_SHIFT;
    }

    public static boolean isRejected(long scan) {
        return scan < 0;
    }

    /** The reason of a rejected scan. */
    public static RejectReason reason(long scan) {
        return RejectReason.byOrdinal((int) (scan & 0xFF));
    }

    /** Where the next layer's PDU starts in the buffer (passed scans). */
    public static int offset(long scan) {
        return (int) (scan & FIELD_MASK);
    }

    /** The next layer's PDU's length (passed scans). */
    public static int length(long scan) {
        return (int) (scan >>> FIELD_BITS & FIELD_MASK);
    }

    /** The value the layer found: the SSAP (convergence), the CF number (compact frame); 0 for the others. */
    public static int value(long scan) {
        return (int) (scan >>> VALUE_SHIFT & VALUE_MASK);
    }

    /** The {@link LayerResult} form of a rejected scan, for the decode functions. */
    static <T> LayerResult<T> rejection(Layer layer, long scan) {
        return LayerResult.rejected(layer, reason(scan));
    }
}
