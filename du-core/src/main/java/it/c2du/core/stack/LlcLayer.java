package it.c2du.core.stack;

import it.c2du.core.layout.Layout;

/** Layer 2: the profile's exact LLC bytes (C2P-1: UI discipline 0x03, DU-data service 0x01). */
public final class LlcLayer {
    private LlcLayer() {
    }

    public static LayerResult<LlcPdu> decode(byte[] pdu) {
        return decode(pdu, 0, pdu.length);
    }

    /** Decodes the C2P-1 PDU held in {@code buf[offset, offset + length)}, in place. */
    public static LayerResult<LlcPdu> decode(byte[] buf, int offset, int length) {
        return decode(buf, offset, length, Layout.c2p1());
    }

    /**
     * Decodes the PDU held in {@code buf[offset, offset + length)}, in place, against the profile's
     * LLC bytes: a mismatch at index 0 is llc-control, at any later index llc-service.
     */
    public static LayerResult<LlcPdu> decode(byte[] buf, int offset, int length, Layout layout) {
        long scan = scan(buf, offset, length, layout);
        return Scan.isRejected(scan) ? Scan.rejection(Layer.LLC, scan) : LayerResult.passed(pdu(buf, layout, scan));
    }

    /** The record of a PDU whose {@link #scan} passed. */
    public static LlcPdu pdu(byte[] buf, Layout layout, long scan) {
        int size = layout.llcSize();
        return new LlcPdu(size > 0 ? layout.llcByte(0) : -1, size > 1 ? layout.llcByte(1) : -1, buf, Scan.offset(scan),
                Scan.length(scan));
    }

    /** The checks of {@link #decode} without the record: a {@link Scan} of the payload (the convergence PDU). */
    public static long scan(byte[] buf, int offset, int length, Layout layout) {
        int size = layout.llcSize();
        if (length < size) {
            return Scan.rejected(RejectReason.TRUNCATED);
        }
        for (int i = 0; i < size; i++) {
            if ((buf[offset + i] & 0xFF) != layout.llcByte(i)) {
                return Scan.rejected(i == 0 ? RejectReason.LLC_CONTROL : RejectReason.LLC_SERVICE);
            }
        }
        return Scan.passed(offset + size, length - size, 0);
    }

    public static byte[] encode(int control, int service, byte[] payload) {
        return encode(new byte[] {(byte) control, (byte) service}, payload);
    }

    /** The LLC header's bytes, then the payload. */
    public static byte[] encode(byte[] header, byte[] payload) {
        byte[] p = new byte[header.length + payload.length];
        System.arraycopy(header, 0, p, 0, header.length);
        System.arraycopy(payload, 0, p, header.length, payload.length);
        return p;
    }
}
