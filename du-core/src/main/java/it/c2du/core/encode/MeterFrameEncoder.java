package it.c2du.core.encode;

import it.c2du.core.crypto.GcmEngine;
import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.receive.Association;
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
 * The meter side of C2P-1: builds the MAC frame a meter sends for a compact frame, with any
 * role, frame counter and {@link Fault}. For tests, simulators and generated traces; it uses the
 * same layer tables as the receiver, so a profile change moves both.
 */
public final class MeterFrameEncoder {
    private final MacAddress du;
    private final MacAddress meter;
    private final GcmEngine engine;

    public MeterFrameEncoder(MacAddress du, MacAddress meter, GcmEngine engine) {
        this.du = du;
        this.meter = meter;
        this.engine = engine;
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
     */
    public byte[] encode(Association association, long frameCounter, byte[] plaintext, Fault fault, Random random) {
        if (frameCounter < 0 || frameCounter > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("frame counter " + frameCounter + " does not fit 4 bytes");
        }
        byte[] pt = switch (fault) {
            case CF_UNKNOWN -> withUnknownCf(plaintext, random);
            case CF_LENGTH -> withWrongLength(plaintext, random);
            default -> plaintext;
        };
        int sc = fault == Fault.SECURITY_CONTROL
                ? other(random, C2P1.Security.CONTROL_ENCRYPTED_AUTHENTICATED) : C2P1.Security.CONTROL_ENCRYPTED_AUTHENTICATED;
        byte[] key = association.key().bytes();
        // Sealed with the correct SC so that only the changed header byte is wrong.
        byte[] sealed = engine.seal(key, SecurityLayer.iv(association.systemTitle(), frameCounter),
                SecurityLayer.aad(C2P1.Security.CONTROL_ENCRYPTED_AUTHENTICATED, key), pt, C2P1.Security.TAG_SIZE);
        if (fault == Fault.AUTH_FAILED) {
            int bit = random.nextInt(sealed.length * 8);
            sealed[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        byte[] apdu = SecurityLayer.encode(sc, frameCounter, sealed);
        if (fault == Fault.TRUNCATED_SECURITY) {
            apdu = Arrays.copyOf(apdu, random.nextInt(C2P1.Security.HEADER_SIZE + C2P1.Security.MIN_CIPHERTEXT + C2P1.Security.TAG_SIZE));
        }
        byte[] conv = ConvergenceLayer.encode(
                fault == Fault.SEGMENTED ? other(random, C2P1.Convergence.SEGMENTATION_UNSEGMENTED) : C2P1.Convergence.SEGMENTATION_UNSEGMENTED,
                fault == Fault.DSAP ? other(random, C2P1.Convergence.DSAP_DU) : C2P1.Convergence.DSAP_DU,
                fault == Fault.SSAP ? other(random, C2P1.Convergence.SSAP_M1, C2P1.Convergence.SSAP_M2) : association.role().ssap(),
                apdu);
        if (fault == Fault.TRUNCATED_CONVERGENCE) {
            conv = Arrays.copyOf(conv, random.nextInt(C2P1.Convergence.HEADER_SIZE));
        }
        byte[] llc = LlcLayer.encode(
                fault == Fault.LLC_CONTROL ? other(random, C2P1.Llc.CONTROL_UI) : C2P1.Llc.CONTROL_UI,
                fault == Fault.LLC_SERVICE ? other(random, C2P1.Llc.SERVICE_DU_DATA) : C2P1.Llc.SERVICE_DU_DATA,
                conv);
        if (fault == Fault.TRUNCATED_LLC) {
            // At least one byte: an empty MAC payload would be a mac-length fault instead.
            llc = Arrays.copyOf(llc, 1);
        }
        MacAddress destination = fault == Fault.NOT_FOR_ME ? otherDu(random) : du;
        int control = fault == Fault.MAC_CONTROL ? other(random, C2P1.Mac.CONTROL_DATA) : C2P1.Mac.CONTROL_DATA;
        byte[] frame = MacLayer.encode(control, destination, meter, llc);
        switch (fault) {
            case TRUNCATED_MAC:
                return Arrays.copyOf(frame, random.nextInt(C2P1.Mac.HEADER_SIZE + C2P1.Mac.FCS_SIZE));
            case MAC_LENGTH: {
                int actual = frame[C2P1.Mac.OFFSET_LENGTH] & 0xFF;
                frame[C2P1.Mac.OFFSET_LENGTH] = (byte) other(random, actual);
                MacLayer.refreshFcs(frame);
                return frame;
            }
            case MAC_FCS: {
                int bit = random.nextInt(16);
                frame[frame.length - 2 + bit / 8] ^= (byte) (1 << (bit % 8));
                return frame;
            }
            default:
                return frame;
        }
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

    private static byte[] withUnknownCf(byte[] plaintext, Random random) {
        byte[] p = plaintext.length == 0 ? new byte[1 + random.nextInt(30)] : plaintext.clone();
        int cf;
        do {
            cf = random.nextInt(256);
        } while (CompactFrameType.byNumber(cf) != null);
        p[0] = (byte) cf;
        return p;
    }

    private static byte[] withWrongLength(byte[] plaintext, Random random) {
        CompactFrameType type = plaintext.length == 0 ? null : CompactFrameType.byNumber(plaintext[0] & 0xFF);
        if (type == null) {
            throw new IllegalArgumentException("CF_LENGTH needs the plaintext of a known compact frame");
        }
        return random.nextBoolean() ? Arrays.copyOf(plaintext, plaintext.length - 1) : Arrays.copyOf(plaintext, plaintext.length + 1);
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
