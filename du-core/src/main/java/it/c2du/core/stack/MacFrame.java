package it.c2du.core.stack;

import it.c2du.core.profile.C2P1;
import java.util.Arrays;

/**
 * A Layer-1 MAC frame that passed every MAC check. It shares the received bytes ({@code frame})
 * rather than copying its payload: the layers above read their PDUs in place.
 */
public record MacFrame(int control, int length, MacAddress destination, int fcs, byte[] frame) {

    /** The sender's address, read from the frame when asked (only displays need it). */
    public MacAddress source() {
        return MacAddress.of(frame, C2P1.Mac.OFFSET_SOURCE);
    }

    /** Where the payload (the LLC PDU) starts in {@link #frame()}; it is {@link #length()} bytes. */
    public int payloadOffset() {
        return C2P1.Mac.HEADER_SIZE;
    }

    /** A copy of the payload, the LLC PDU. */
    public byte[] payload() {
        return Arrays.copyOfRange(frame, payloadOffset(), payloadOffset() + length);
    }
}
