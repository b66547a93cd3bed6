package it.c2du.core.stack;

import java.util.Arrays;

/**
 * A Layer-1 MAC frame that passed every MAC check. It shares the received bytes ({@code frame})
 * rather than copying its payload: the layers above read their PDUs in place. Where each field
 * sits depends on the profile; the offsets are recorded so that displays can show them.
 *
 * @param length          the payload's size in bytes (what C2P-1's L holds; other profiles count more)
 * @param lengthField     the length field's value as sent
 * @param payloadOffset   where the payload (the LLC PDU) starts in {@code frame}
 * @param sourceOffset    where the sender's address starts
 * @param addressReversed the addresses travel last byte first
 */
public record MacFrame(int control, int length, MacAddress destination, long fcs, byte[] frame, int lengthField,
                       int payloadOffset, int sourceOffset, boolean addressReversed) {

    /** The sender's address, read from the frame when asked (only displays need it). */
    public MacAddress source() {
        return addressReversed ? MacAddress.ofReversed(frame, sourceOffset) : MacAddress.of(frame, sourceOffset);
    }

    /** A copy of the payload, the LLC PDU. */
    public byte[] payload() {
        return Arrays.copyOfRange(frame, payloadOffset, payloadOffset + length);
    }
}
