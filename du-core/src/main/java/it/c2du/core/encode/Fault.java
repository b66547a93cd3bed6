package it.c2du.core.encode;

import it.c2du.core.stack.RejectReason;

/**
 * One fault the meter-side encoder can put into a frame, and the reason the receiver must give
 * for it. NONE builds a good frame.
 */
public enum Fault {
    NONE(null),
    /** The MAC frame cut below its 16-byte header and FCS. */
    TRUNCATED_MAC(RejectReason.TRUNCATED),
    /** A well-formed MAC frame whose LLC PDU is shorter than its header. */
    TRUNCATED_LLC(RejectReason.TRUNCATED),
    /** ... whose convergence PDU is shorter than its header. */
    TRUNCATED_CONVERGENCE(RejectReason.TRUNCATED),
    /** ... whose secured APDU has no room for header, one ciphertext byte and tag. */
    TRUNCATED_SECURITY(RejectReason.TRUNCATED),
    MAC_LENGTH(RejectReason.MAC_LENGTH),
    MAC_FCS(RejectReason.MAC_FCS),
    MAC_CONTROL(RejectReason.MAC_CONTROL),
    NOT_FOR_ME(RejectReason.NOT_FOR_ME),
    LLC_CONTROL(RejectReason.LLC_CONTROL),
    LLC_SERVICE(RejectReason.LLC_SERVICE),
    SEGMENTED(RejectReason.SEGMENTED),
    DSAP(RejectReason.DSAP),
    SSAP(RejectReason.SSAP),
    SECURITY_CONTROL(RejectReason.SECURITY_CONTROL),
    /** One bit of ciphertext or tag flipped after sealing. */
    AUTH_FAILED(RejectReason.AUTH_FAILED),
    /** A CF number the profile does not define, properly sealed. */
    CF_UNKNOWN(RejectReason.CF_UNKNOWN),
    /** A known CF one byte too long or too short, properly sealed. */
    CF_LENGTH(RejectReason.CF_LENGTH);

    private final RejectReason expected;

    Fault(RejectReason expected) {
        this.expected = expected;
    }

    /** The reason a receiver holding the meter's association gives; null for NONE. */
    public RejectReason expected() {
        return expected;
    }
}
