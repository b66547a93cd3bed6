package it.c2du.core.stack;

import static it.c2du.core.profile.C2P1.Convergence.*;

import it.c2du.core.profile.MeterRole;

/** Layer 3: no segmentation, DSAP of the DU, SSAP of meter M1 or M2. */
public final class ConvergenceLayer {
    private ConvergenceLayer() {
    }

    public static LayerResult<ConvergencePdu> decode(byte[] pdu) {
        return decode(pdu, 0, pdu.length);
    }

    /** Decodes the PDU held in {@code buf[offset, offset + length)}, in place. */
    public static LayerResult<ConvergencePdu> decode(byte[] buf, int offset, int length) {
        if (length < HEADER_SIZE) {
            return LayerResult.rejected(Layer.CONVERGENCE, RejectReason.TRUNCATED);
        }
        int segmentation = buf[offset] & 0xFF;
        if (segmentation != SEGMENTATION_UNSEGMENTED) {
            return LayerResult.rejected(Layer.CONVERGENCE, RejectReason.SEGMENTED);
        }
        int dsap = buf[offset + 1] & 0xFF;
        if (dsap != DSAP_DU) {
            return LayerResult.rejected(Layer.CONVERGENCE, RejectReason.DSAP);
        }
        int ssap = buf[offset + 2] & 0xFF;
        MeterRole meter = MeterRole.bySsap(ssap);
        if (meter == null) {
            return LayerResult.rejected(Layer.CONVERGENCE, RejectReason.SSAP);
        }
        return LayerResult.passed(new ConvergencePdu(segmentation, dsap, ssap, meter, buf, offset + HEADER_SIZE,
                length - HEADER_SIZE));
    }

    public static byte[] encode(int segmentation, int dsap, int ssap, byte[] apdu) {
        byte[] p = new byte[HEADER_SIZE + apdu.length];
        p[0] = (byte) segmentation;
        p[1] = (byte) dsap;
        p[2] = (byte) ssap;
        System.arraycopy(apdu, 0, p, HEADER_SIZE, apdu.length);
        return p;
    }
}
