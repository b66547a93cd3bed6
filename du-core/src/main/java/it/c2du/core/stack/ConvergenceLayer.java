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
        long scan = scan(buf, offset, length, c);
        return Scan.isRejected(scan) ? Scan.rejection(Layer.CONVERGENCE, scan) : LayerResult.passed(pdu(buf, c, scan));
    }

    /** The record of a PDU whose {@link #scan} passed (its header ends where the scan's APDU starts). */
    public static ConvergencePdu pdu(byte[] buf, Layout.Convergence c, long scan) {
        int offset = Scan.offset(scan) - c.headerSize();
        int segmentation = c.segmentation() == null ? -1 : buf[offset + c.offset(ConvergenceField.SEGMENTATION)] & 0xFF;
        int ssap = Scan.value(scan);
        return new ConvergencePdu(segmentation, C2P1.Convergence.DSAP_DU, ssap, MeterRole.bySsap(ssap), buf,
                Scan.offset(scan), Scan.length(scan));
    }

    /**
     * The checks of {@link #decode} without the record: a {@link Scan} of the APDU whose value is
     * the SSAP (a meter's: {@link MeterRole#bySsap} names it).
     */
    public static long scan(byte[] buf, int offset, int length, Layout.Convergence c) {
        int header = c.headerSize();
        if (length < header) {
            return Scan.rejected(RejectReason.TRUNCATED);
        }
        if (c.segmentation() != null) {
            int segmentation = buf[offset + c.offset(ConvergenceField.SEGMENTATION)] & 0xFF;
            if (segmentation != c.segmentation()) {
                return Scan.rejected(RejectReason.SEGMENTED);
            }
        }
        int dsap = buf[offset + c.offset(ConvergenceField.DSAP)] & 0xFF;
        if (dsap != C2P1.Convergence.DSAP_DU) {
            return Scan.rejected(RejectReason.DSAP);
        }
        int ssap = buf[offset + c.offset(ConvergenceField.SSAP)] & 0xFF;
        if (MeterRole.bySsap(ssap) == null) {
            return Scan.rejected(RejectReason.SSAP);
        }
        return Scan.passed(offset + header, length - header, ssap);
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
