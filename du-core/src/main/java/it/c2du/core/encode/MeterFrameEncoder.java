package it.c2du.core.encode;

import it.c2du.core.crypto.GcmEngine;
import it.c2du.core.layout.CompactFrameFormat;
import it.c2du.core.layout.Layout;
import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.receive.Association;
import it.c2du.core.stack.Bytes;
import it.c2du.core.stack.CompactFrameCodec;
import it.c2du.core.stack.ConvergenceLayer;
import it.c2du.core.stack.LlcLayer;
import it.c2du.core.stack.MacAddress;
import it.c2du.core.stack.MacLayer;
import it.c2du.core.stack.SecurityLayer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * The meter side: builds the MAC frame a meter sends for a compact frame, in C2P-1 or any layout
 * of the family, with any role, frame counter and {@link Fault}. For tests, simulators and generated traces; it uses the
 * same layer tables as the receiver, so a profile change moves both.
 */
public final class MeterFrameEncoder {
    private final MacAddress du;
    private final MacAddress meter;
    private final GcmEngine engine;
    private final Layout layout;

    /** A meter of profile C2P-1. */
    public MeterFrameEncoder(MacAddress du, MacAddress meter, GcmEngine engine) {
        this(du, meter, engine, Layout.c2p1());
    }

    /** A meter sending in the given layout (the receiver's parameters, from the encoder's side). */
    public MeterFrameEncoder(MacAddress du, MacAddress meter, GcmEngine engine, Layout layout) {
        this.du = du;
        this.meter = meter;
        this.engine = engine;
        this.layout = layout;
    }

    /** A good frame carrying a compact frame of the layout's table. */
    public byte[] encode(Association association, long frameCounter, CompactFrameFormat type, Map<String, ?> fields) {
        return encode(association, frameCounter, CompactFrameCodec.encode(type, fields, layout.compactFrames().bigEndian()),
                Fault.NONE, new Random(0));
    }

    /** A good frame carrying a compact frame. */
    public byte[] encode(Association association, long frameCounter, CompactFrameType type, Map<String, Long> fields) {
        return encode(association, frameCounter, CompactFrameCodec.encode(type, fields), Fault.NONE, new Random(0));
    }

    /** A good frame carrying any plaintext. */
    public byte[] encode(Association association, long frameCounter, byte[] plaintext) {
        return encode(association, frameCounter, plaintext, Fault.NONE, new Random(0));
    }

    /**
     * A frame carrying {@code plaintext} from the association's meter, with one fault.
     * {@code random} picks the wrong value or bit the fault uses.
     *
     * @throws IllegalArgumentException when the layout has no room for the fault ({@link #canApply})
     */
    public byte[] encode(Association association, long frameCounter, byte[] plaintext, Fault fault, Random random) {
        if (frameCounter < 0 || frameCounter > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("frame counter " + frameCounter + " does not fit 4 bytes");
        }
        if (!canApply(fault, layout)) {
            throw new IllegalArgumentException(fault + " has no place in layout " + layout.name());
        }
        byte[] pt = switch (fault) {
            case CF_UNKNOWN -> withUnknownCf(plaintext, random);
            case CF_LENGTH -> withWrongLength(plaintext, random);
            default -> plaintext;
        };
        Layout.Security security = layout.security();
        int sc = fault == Fault.SECURITY_CONTROL ? other(random, security.control()) : security.control();
        byte[] key = association.key().bytes();
        // Sealed with the correct SC so that only the changed header byte is wrong.
        byte[] sealed = engine.seal(key, SecurityLayer.iv(association.systemTitle(), frameCounter),
                SecurityLayer.aad(security.aad(), security.control(), key), pt, security.tagSize());
        if (fault == Fault.AUTH_FAILED) {
            int bit = random.nextInt(sealed.length * 8);
            sealed[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        byte[] apdu = SecurityLayer.encode(sc, frameCounter, security.frameCounterBigEndian(), sealed);
        if (fault == Fault.TRUNCATED_SECURITY) {
            apdu = Arrays.copyOf(apdu, random.nextInt(Layout.Security.HEADER_SIZE + Layout.Security.MIN_CIPHERTEXT + security.tagSize()));
        }
        Layout.Convergence c = layout.convergence();
        int segmentation = c.segmentation() == null ? -1 : c.segmentation();
        byte[] conv = ConvergenceLayer.encode(c,
                fault == Fault.SEGMENTED ? other(random, segmentation) : segmentation,
                fault == Fault.DSAP ? other(random, C2P1.Convergence.DSAP_DU) : C2P1.Convergence.DSAP_DU,
                fault == Fault.SSAP ? other(random, C2P1.Convergence.SSAP_M1, C2P1.Convergence.SSAP_M2) : association.role().ssap(),
                apdu);
        if (fault == Fault.TRUNCATED_CONVERGENCE) {
            // Without LLC bytes an empty convergence PDU would be an empty MAC payload: mac-length instead.
            conv = Arrays.copyOf(conv, layout.llcSize() > 0 ? random.nextInt(c.headerSize()) : 1 + random.nextInt(c.headerSize() - 1));
        }
        byte[] llcHeader = layout.llc();
        if (fault == Fault.LLC_CONTROL) {
            llcHeader[0] = (byte) other(random, llcHeader[0] & 0xFF);
        } else if (fault == Fault.LLC_SERVICE) {
            int i = 1 + random.nextInt(llcHeader.length - 1);
            llcHeader[i] = (byte) other(random, llcHeader[i] & 0xFF);
        }
        byte[] llc = LlcLayer.encode(llcHeader, conv);
        if (fault == Fault.TRUNCATED_LLC) {
            // At least one byte: an empty MAC payload would be a mac-length fault instead.
            llc = Arrays.copyOf(llc, 1 + random.nextInt(llcHeader.length - 1));
        }
        Layout.Mac mac = layout.mac();
        MacAddress destination = fault == Fault.NOT_FOR_ME ? otherDu(random) : du;
        int control = fault == Fault.MAC_CONTROL ? other(random, mac.control()) : mac.control();
        byte[] frame = MacLayer.encode(mac, control, destination, meter, llc);
        switch (fault) {
            case TRUNCATED_MAC:
                return Arrays.copyOf(frame, random.nextInt(mac.headerSize() + mac.fcsSize()));
            case MAC_LENGTH: {
                int at = mac.offset(Layout.MacField.LENGTH);
                long actual = Bytes.readUnsigned(frame, at, mac.lengthSize(), mac.lengthBigEndian());
                long wrong;
                do {
                    wrong = random.nextInt(1 << (8 * mac.lengthSize()));
                } while (wrong == actual);
                Bytes.writeUnsigned(frame, at, mac.lengthSize(), wrong, mac.lengthBigEndian());
                MacLayer.refreshFcs(mac, frame);
                return frame;
            }
            case MAC_FCS: {
                int bit = random.nextInt(8 * mac.fcsSize());
                frame[frame.length - mac.fcsSize() + bit / 8] ^= (byte) (1 << (bit % 8));
                return frame;
            }
            default:
                return frame;
        }
    }

    /**
     * Whether a layout has room for a fault: an LLC or segmentation fault needs those bytes, an
     * LLC truncation an LLC header of 2 bytes or more (a shorter MAC payload is mac-length).
     */
    public static boolean canApply(Fault fault, Layout layout) {
        return switch (fault) {
            case LLC_CONTROL -> layout.llcSize() >= 1;
            case LLC_SERVICE, TRUNCATED_LLC -> layout.llcSize() >= 2;
            case SEGMENTED -> layout.convergence().segmentation() != null;
            default -> true;
        };
    }

    private MacAddress otherDu(Random random) {
        while (true) {
            byte[] a = new byte[6];
            random.nextBytes(a);
            a[0] = (byte) C2P1.Mac.DU_ADDRESS_FIRST_BYTE;
            MacAddress m = MacAddress.of(a, 0);
            if (!m.equals(du)) {
                return m;
            }
        }
    }

    private byte[] withUnknownCf(byte[] plaintext, Random random) {
        byte[] p = plaintext.length == 0 ? new byte[1 + random.nextInt(30)] : plaintext.clone();
        int cf;
        do {
            cf = random.nextInt(256);
        } while (layout.compactFrames().type(cf) != null);
        p[0] = (byte) cf;
        return p;
    }

    private byte[] withWrongLength(byte[] plaintext, Random random) {
        CompactFrameFormat type = plaintext.length == 0 ? null : layout.compactFrames().type(plaintext[0] & 0xFF);
        if (type == null) {
            throw new IllegalArgumentException("CF_LENGTH needs the plaintext of a known compact frame");
        }
        // Without exact-length, bytes after the last field are allowed: only a short one is wrong.
        return random.nextBoolean() || !layout.compactFrames().exactLength() ? Arrays.copyOf(plaintext, plaintext.length - 1) : Arrays.copyOf(plaintext, plaintext.length + 1);
    }

    /** A random byte value different from every one given. */
    private static int other(Random random, int... not) {
        while (true) {
            int v = random.nextInt(256);
            if (Arrays.stream(not).noneMatch(n -> n == v)) {
                return v;
            }
        }
    }
}
