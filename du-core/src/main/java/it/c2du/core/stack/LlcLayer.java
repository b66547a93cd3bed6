package it.c2du.core.stack;

import static it.c2du.core.profile.C2P1.Llc.*;

/** Layer 2: UI discipline and the DU-data service. */
public final class LlcLayer {
    private LlcLayer() {
    }

    public static LayerResult<LlcPdu> decode(byte[] pdu) {
        return decode(pdu, 0, pdu.length);
    }

    /** Decodes the PDU held in {@code buf[offset, offset + length)}, in place. */
    public static LayerResult<LlcPdu> decode(byte[] buf, int offset, int length) {
        if (length < HEADER_SIZE) {
            return LayerResult.rejected(Layer.LLC, RejectReason.TRUNCATED);
        }
        int control = buf[offset] & 0xFF;
        if (control != CONTROL_UI) {
            return LayerResult.rejected(Layer.LLC, RejectReason.LLC_CONTROL);
        }
        int service = buf[offset + 1] & 0xFF;
        if (service != SERVICE_DU_DATA) {
            return LayerResult.rejected(Layer.LLC, RejectReason.LLC_SERVICE);
        }
        return LayerResult.passed(new LlcPdu(control, service, buf, offset + HEADER_SIZE, length - HEADER_SIZE));
    }

    public static byte[] encode(int control, int service, byte[] payload) {
        byte[] p = new byte[HEADER_SIZE + payload.length];
        p[0] = (byte) control;
        p[1] = (byte) service;
        System.arraycopy(payload, 0, p, HEADER_SIZE, payload.length);
        return p;
    }
}
