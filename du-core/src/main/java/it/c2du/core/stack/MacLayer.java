package it.c2du.core.stack;

import it.c2du.core.layout.Layout;
import it.c2du.core.layout.Layout.MacField;

/**
 * Layer 1: length, FCS, control, destination, where the profile puts them. Checked in that order:
 * the FCS comes before the fields so that a corrupted control byte reads as corruption, not as a
 * foreign frame type.
 */
public final class MacLayer {
    private MacLayer() {
    }

    /** Decodes by profile C2P-1. */
    public static LayerResult<MacFrame> decode(byte[] frame, MacAddress own) {
        return decode(frame, own, Layout.c2p1().mac());
    }

    public static LayerResult<MacFrame> decode(byte[] frame, MacAddress own, Layout.Mac mac) {
        long scan = scan(frame, own, mac);
        return Scan.isRejected(scan) ? Scan.rejection(Layer.MAC, scan) : LayerResult.passed(pdu(frame, own, mac, scan));
    }

    /** The record of a frame whose {@link #scan} passed (the fields are read again: the scan keeps offsets only). */
    public static MacFrame pdu(byte[] frame, MacAddress own, Layout.Mac mac, long scan) {
        int lengthField = (int) Bytes.readUnsigned(frame, mac.offset(MacField.LENGTH), mac.lengthSize(), mac.lengthBigEndian());
        int length = Scan.length(scan);
        long fcs = Bytes.readUnsigned(frame, Scan.offset(scan) + length, mac.fcsSize(), mac.fcsBigEndian());
        // The destination is the DU's own address (checked by the scan): no copy of it.
        return new MacFrame(frame[mac.offset(MacField.CONTROL)] & 0xFF, length, own, fcs, frame, lengthField,
                Scan.offset(scan), mac.offset(MacField.SOURCE), mac.addressReversed());
    }

    /**
     * The checks of {@link #decode} without the record: a {@link Scan} of the payload (the LLC
     * PDU) or the rejection. The counting path's form; decode is built on it.
     */
    public static long scan(byte[] frame, MacAddress own, Layout.Mac mac) {
        int header = mac.headerSize();
        int fcsSize = mac.fcsSize();
        if (frame.length < header + fcsSize) {
            return Scan.rejected(RejectReason.TRUNCATED);
        }
        int lengthField = (int) Bytes.readUnsigned(frame, mac.offset(MacField.LENGTH), mac.lengthSize(), mac.lengthBigEndian());
        int length = mac.payloadOf(lengthField);
        if (length < Layout.Mac.MIN_PAYLOAD || length > Layout.Mac.MAX_PAYLOAD || frame.length != header + length + fcsSize) {
            return Scan.rejected(RejectReason.MAC_LENGTH);
        }
        int end = header + length;
        long fcs = Bytes.readUnsigned(frame, end, fcsSize, mac.fcsBigEndian());
        if (fcs != mac.crc().compute(frame, 0, end)) {
            return Scan.rejected(RejectReason.MAC_FCS);
        }
        int control = frame[mac.offset(MacField.CONTROL)] & 0xFF;
        if (control != mac.control()) {
            return Scan.rejected(RejectReason.MAC_CONTROL);
        }
        if (!own.matches(frame, mac.offset(MacField.DESTINATION), mac.addressReversed())) {
            return Scan.rejected(RejectReason.NOT_FOR_ME);
        }
        return Scan.passed(header, length, 0);
    }

    /** Builds a C2P-1 frame around a payload, with the FCS: the meter side, for the encoder. */
    public static byte[] encode(int control, MacAddress destination, MacAddress source, byte[] payload) {
        return encode(Layout.c2p1().mac(), control, destination, source, payload);
    }

    /** Builds a frame of the profile around a payload, with the FCS. */
    public static byte[] encode(Layout.Mac mac, int control, MacAddress destination, MacAddress source, byte[] payload) {
        byte[] f = new byte[mac.headerSize() + payload.length + mac.fcsSize()];
        f[mac.offset(MacField.CONTROL)] = (byte) control;
        Bytes.writeUnsigned(f, mac.offset(MacField.LENGTH), mac.lengthSize(), mac.lengthValue(payload.length), mac.lengthBigEndian());
        writeAddress(f, mac.offset(MacField.DESTINATION), destination, mac.addressReversed());
        writeAddress(f, mac.offset(MacField.SOURCE), source, mac.addressReversed());
        System.arraycopy(payload, 0, f, mac.headerSize(), payload.length);
        refreshFcs(mac, f);
        return f;
    }

    private static void writeAddress(byte[] f, int offset, MacAddress a, boolean reversed) {
        byte[] b = a.toBytes();
        for (int i = 0; i < b.length; i++) {
            f[offset + i] = reversed ? b[b.length - 1 - i] : b[i];
        }
    }

    /** Recomputes the FCS of a C2P-1 frame whose other bytes were changed on purpose (fault injection). */
    public static void refreshFcs(byte[] f) {
        refreshFcs(Layout.c2p1().mac(), f);
    }

    /** Recomputes the FCS of a frame of the profile whose other bytes were changed on purpose. */
    public static void refreshFcs(Layout.Mac mac, byte[] f) {
        int end = f.length - mac.fcsSize();
        Bytes.writeUnsigned(f, end, mac.fcsSize(), mac.crc().compute(f, 0, end), mac.fcsBigEndian());
    }
}
