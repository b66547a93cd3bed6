package it.c2du.core.stack;

import it.c2du.core.layout.Layout;
import it.c2du.core.layout.Layout.ConvergenceField;
import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.MeterRole;

/**
 * Layer 3: no segmentation, DSAP of the DU, SSAP of meter M1 or M2, in the profile's wire order.
 * The checks go segmented, dsap, ssap whatever that order (interfaces.md).
 */
public final class ConvergenceLayer {
    private ConvergenceLayer() {
    }

    public static LayerResult<ConvergencePdu> decode(byte[] pdu) {
        return decode(pdu, 0, pdu.length);
    }

    /** Decodes the C2P-1 PDU held in {@code buf[offset, offset + length)}, in place. */
    public static LayerResult<ConvergencePdu> decode(byte[] buf, int offset, int length) {
        return decode(buf, offset, length, Layout.c2p1().convergence());
    }

    /** Decodes the PDU held in {@code buf[offset, offset + length)}, in place. */
    public static LayerResult<ConvergencePdu> decode(byte[] buf, int offset, int length, Layout.Convergence c) {
        int header = c.headerSize();
        if (length < header) {
            return LayerResult.rejected(Layer.CONVERGENCE, RejectReason.TRUNCATED);
        }
        int segmentation = -1;
        if (c.segmentation() != null) {
            segmentation = buf[offset + c.offset(ConvergenceField.SEGMENTATION)] & 0xFF;
            if (segmentation != c.segmentation()) {
                return LayerResult.rejected(Layer.CONVERGENCE, RejectReason.SEGMENTED);
            }
        }
        int dsap = buf[offset + c.offset(ConvergenceField.DSAP)] & 0xFF;
        if (dsap != C2P1.Convergence.DSAP_DU) {
            return LayerResult.rejected(Layer.CONVERGENCE, RejectReason.DSAP);
        }
        int ssap = buf[offset + c.offset(ConvergenceField.SSAP)] & 0xFF;
        MeterRole meter = MeterRole.bySsap(ssap);
        if (meter == null) {
            return LayerResult.rejected(Layer.CONVERGENCE, RejectReason.SSAP);
        }
        return LayerResult.passed(new ConvergencePdu(segmentation, dsap, ssap, meter, buf, offset + header, length - header));
    }

    public static byte[] encode(int segmentation, int dsap, int ssap, byte[] apdu) {
        return encode(Layout.c2p1().convergence(), segmentation, dsap, ssap, apdu);
    }

    /** The header in the profile's order (segmentation ignored when the profile has none), then the APDU. */
    public static byte[] encode(Layout.Convergence c, int segmentation, int dsap, int ssap, byte[] apdu) {
        int header = c.headerSize();
        byte[] p = new byte[header + apdu.length];
        if (c.segmentation() != null) {
            p[c.offset(ConvergenceField.SEGMENTATION)] = (byte) segmentation;
        }
        p[c.offset(ConvergenceField.DSAP)] = (byte) dsap;
        p[c.offset(ConvergenceField.SSAP)] = (byte) ssap;
        System.arraycopy(apdu, 0, p, header, apdu.length);
        return p;
    }
}
