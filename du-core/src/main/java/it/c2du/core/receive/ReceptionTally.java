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
    /** By the reason's ordinal: a map of boxed counts made a Long per rejection (docs/performance.md). */
    private final long[] reasons = new long[RejectReason.values().length];

    public void record(Reception r) {
        record(r.verdict(), r.rejection() == null ? null : r.rejection().reason());
    }

    /** The same for a {@link ReceptionCode} of the counting path. */
    public void record(int code) {
        if (code == ReceptionCode.NOT_HEARD) {
            recordWhileOff();
        } else {
            record(ReceptionCode.verdict(code), ReceptionCode.reason(code));
        }
    }

    private void record(Verdict verdict, RejectReason reason) {
        total++;
        switch (verdict) {
            case ACCEPTED:
                accepted++;
                break;
            case REPETITION:
                repetitions++;
                break;
            default:
                rejected++;
                reasons[reason.ordinal()]++;
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
        EnumMap<RejectReason, Long> m = new EnumMap<>(RejectReason.class);
        for (int i = 0; i < reasons.length; i++) {
            if (reasons[i] != 0) {
                m.put(RejectReason.byOrdinal(i), reasons[i]);
            }
        }
        return m;
    }
}
