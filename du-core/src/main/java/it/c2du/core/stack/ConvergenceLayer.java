package it.c2du.core.stack;

import static it.c2du.core.profile.C2P1.Convergence.*;

import it.c2du.core.profile.MeterRole;
import java.util.Arrays;

/** Layer 3: no segmentation, DSAP of the DU, SSAP of meter M1 or M2. */
public final class ConvergenceLayer {
    private ConvergenceLayer() {
    }

    public static LayerResult<ConvergencePdu> decode(byte[] pdu) {
        if (pdu.length < HEADER_SIZE) {
            return LayerResult.rejected(Layer.CONVERGENCE, RejectReason.TRUNCATED);
        }
        int segmentation = pdu[0] & 0xFF;
        if (segmentation != SEGMENTATION_UNSEGMENTED) {
            return LayerResult.rejected(Layer.CONVERGENCE, RejectReason.SEGMENTED);
        }
        int dsap = pdu[1] & 0xFF;
        if (dsap != DSAP_DU) {
            return LayerResult.rejected(Layer.CONVERGENCE, RejectReason.DSAP);
        }
        int ssap = pdu[2] & 0xFF;
        MeterRole meter = MeterRole.bySsap(ssap);
        if (meter == null) {
            return LayerResult.rejected(Layer.CONVERGENCE, RejectReason.SSAP);
        }
        return LayerResult.passed(new ConvergencePdu(segmentation, dsap, ssap, meter,
                Arrays.copyOfRange(pdu, HEADER_SIZE, pdu.length)));
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
