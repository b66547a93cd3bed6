package it.c2du.core.receive;

import it.c2du.core.stack.RejectReason;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the receiver heard and what it discarded, and why: the rejection counters an engineer
 * reads first when a DU misses frames.
 */
public final class ReceptionTally {
    private long total;
    private long accepted;
    private long repetitions;
    private long rejected;
    private long whileOff;
    private final EnumMap<RejectReason, Long> reasons = new EnumMap<>(RejectReason.class);

    public void record(Reception r) {
        total++;
        switch (r.verdict()) {
            case ACCEPTED:
                accepted++;
                break;
            case REPETITION:
                repetitions++;
                break;
            default:
                rejected++;
                reasons.merge(r.rejection().reason(), 1L, Long::sum);
        }
    }

    /** A frame that arrived while the DU was without power: not heard, not decoded. */
    public void recordWhileOff() {
        total++;
        whileOff++;
    }

    public long total() {
        return total;
    }

    public long accepted() {
        return accepted;
    }

    public long repetitions() {
        return repetitions;
    }

    public long rejected() {
        return rejected;
    }

    public long whileOff() {
        return whileOff;
    }

    /** Rejections by reason, in the stack's check order; reasons never seen are absent. */
    public Map<RejectReason, Long> reasons() {
        return new EnumMap<>(reasons);
    }
}
