package it.c2du.core.stack;

import static it.c2du.core.profile.C2P1.Mac.*;

/**
 * Layer 1: length, FCS, control, destination. Checked in that order: the FCS comes before the
 * fields so that a corrupted control byte reads as corruption, not as a foreign frame type.
 */
public final class MacLayer {
    private MacLayer() {
    }

    public static LayerResult<MacFrame> decode(byte[] frame, MacAddress own) {
        if (frame.length < HEADER_SIZE + FCS_SIZE) {
            return LayerResult.rejected(Layer.MAC, RejectReason.TRUNCATED);
        }
        int length = frame[OFFSET_LENGTH] & 0xFF;
        if (length < MIN_PAYLOAD || length > MAX_PAYLOAD
                || frame.length != HEADER_SIZE + length + FCS_SIZE) {
            return LayerResult.rejected(Layer.MAC, RejectReason.MAC_LENGTH);
        }
        int end = HEADER_SIZE + length;
        int fcs = (frame[end] & 0xFF) | (frame[end + 1] & 0xFF) << 8;
        if (fcs != Crc16X25.compute(frame, 0, end)) {
            return LayerResult.rejected(Layer.MAC, RejectReason.MAC_FCS);
        }
        int control = frame[OFFSET_CONTROL] & 0xFF;
        if (control != CONTROL_DATA) {
            return LayerResult.rejected(Layer.MAC, RejectReason.MAC_CONTROL);
        }
        if (!own.matches(frame, OFFSET_DESTINATION)) {
            return LayerResult.rejected(Layer.MAC, RejectReason.NOT_FOR_ME);
        }
        // The destination is the DU's own address (checked above): no copy of it.
        return LayerResult.passed(new MacFrame(control, length, own, fcs, frame));
    }

    /** Builds a frame around a payload, with the FCS: the meter side, for the encoder. */
    public static byte[] encode(int control, MacAddress destination, MacAddress source, byte[] payload) {
        byte[] f = new byte[HEADER_SIZE + payload.length + FCS_SIZE];
        f[OFFSET_CONTROL] = (byte) control;
        f[OFFSET_LENGTH] = (byte) payload.length;
        System.arraycopy(destination.toBytes(), 0, f, OFFSET_DESTINATION, ADDRESS_SIZE);
        System.arraycopy(source.toBytes(), 0, f, OFFSET_SOURCE, ADDRESS_SIZE);
        System.arraycopy(payload, 0, f, HEADER_SIZE, payload.length);
        refreshFcs(f);
        return f;
    }

    /** Recomputes the FCS of a frame whose other bytes were changed on purpose (fault injection). */
    public static void refreshFcs(byte[] f) {
        int end = f.length - FCS_SIZE;
        int fcs = Crc16X25.compute(f, 0, end);
        f[end] = (byte) fcs;
        f[end + 1] = (byte) (fcs >>> 8);
    }
}
