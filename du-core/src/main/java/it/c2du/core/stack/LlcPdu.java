package it.c2du.core.stack;

import java.util.Arrays;

/**
 * A Layer-2 LLC PDU that passed the LLC checks (control and service are the first two header
 * bytes, -1 when the profile's LLC header is shorter); its payload (the convergence PDU) is
 * {@code buffer[payloadOffset, payloadOffset + payloadLength)}, shared, not copied.
 */
public record LlcPdu(int control, int service, byte[] buffer, int payloadOffset, int payloadLength) {

    /** A copy of the payload, the convergence PDU. */
    public byte[] payload() {
        return Arrays.copyOfRange(buffer, payloadOffset, payloadOffset + payloadLength);
    }
}
