package it.c2du.core.stack;

/**
 * Why a frame was rejected, with the name {@code du replay} prints (interfaces.md). Declared in
 * the order the stack checks them: a frame with several faults is rejected for the first.
 */
public enum RejectReason {
    /** Any layer's PDU too short for its own header and trailer. */
    TRUNCATED("truncated"),
    MAC_LENGTH("mac-length"),
    MAC_FCS("mac-fcs"),
    MAC_CONTROL("mac-control"),
    /** Traffic for another DU: not an error, but not ours. */
    NOT_FOR_ME("not-for-me"),
    LLC_CONTROL("llc-control"),
    LLC_SERVICE("llc-service"),
    SEGMENTED("segmented"),
    DSAP("dsap"),
    SSAP("ssap"),
    SECURITY_CONTROL("security-control"),
    /** The DU has no association (key, System Title) for the sending meter. */
    NO_KEY("no-key"),
    AUTH_FAILED("auth-failed"),
    REPLAY_STALE("replay-stale"),
    CF_UNKNOWN("cf-unknown"),
    CF_LENGTH("cf-length");

    /** values() copies its array at each call; the counting path looks reasons up by ordinal. */
    private static final RejectReason[] BY_ORDINAL = values();

    private final String wireName;

    RejectReason(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in replay output and rejection tallies. */
    public String wireName() {
        return wireName;
    }

    /** The reason of this ordinal (a {@link Scan}'s or a reception code's), without copying values(). */
    public static RejectReason byOrdinal(int ordinal) {
        return BY_ORDINAL[ordinal];
    }

    public static RejectReason byWireName(String name) {
        for (RejectReason r : values()) {
            if (r.wireName.equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown reject reason: " + name);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
