package it.c2du.core.stack;

import static it.c2du.core.profile.C2P1.Llc.*;

import java.util.Arrays;

/** Layer 2: UI discipline and the DU-data service. */
public final class LlcLayer {
    private LlcLayer() {
    }

    public static LayerResult<LlcPdu> decode(byte[] pdu) {
        if (pdu.length < HEADER_SIZE) {
            return LayerResult.rejected(Layer.LLC, RejectReason.TRUNCATED);
        }
        int control = pdu[0] & 0xFF;
        if (control != CONTROL_UI) {
            return LayerResult.rejected(Layer.LLC, RejectReason.LLC_CONTROL);
        }
        int service = pdu[1] & 0xFF;
        if (service != SERVICE_DU_DATA) {
            return LayerResult.rejected(Layer.LLC, RejectReason.LLC_SERVICE);
        }
        return LayerResult.passed(new LlcPdu(control, service, Arrays.copyOfRange(pdu, HEADER_SIZE, pdu.length)));
    }

    public static byte[] encode(int control, int service, byte[] payload) {
        byte[] p = new byte[HEADER_SIZE + payload.length];
        p[0] = (byte) control;
        p[1] = (byte) service;
        System.arraycopy(payload, 0, p, HEADER_SIZE, payload.length);
        return p;
    }
}
