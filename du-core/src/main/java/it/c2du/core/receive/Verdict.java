package it.c2du.core.receive;

/** The outcome of one received frame, as {@code du replay} names it. */
public enum Verdict {
    /** Authenticated, new, and a known compact frame: counted. */
    ACCEPTED("accepted"),
    /** Authenticated, but its frame counter was already consumed: dropped, not counted. */
    REPETITION("repetition"),
    /** Dropped at some layer, for a {@code RejectReason}. */
    REJECTED("rejected");

    private final String wireName;

    Verdict(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
