package it.c2du.core.stack;

import static it.c2du.core.profile.C2P1.Security.*;

import it.c2du.core.layout.Layout;

/**
 * Layer 4, the header: security control and frame counter. Authentication itself needs the
 * association's key and is done by the receive pipeline with a {@code GcmEngine}; the IV and
 * AAD are built here so that the encoder and decoder cannot disagree on them.
 */
public final class SecurityLayer {
    private SecurityLayer() {
    }

    public static LayerResult<SecuredApdu> decode(byte[] apdu) {
        return decode(apdu, 0, apdu.length);
    }

    /** Decodes the C2P-1 APDU held in {@code buf[offset, offset + length)}, in place. */
    public static LayerResult<SecuredApdu> decode(byte[] buf, int offset, int length) {
        return decode(buf, offset, length, Layout.c2p1().security());
    }

    /** Decodes the APDU held in {@code buf[offset, offset + length)}, in place. */
    public static LayerResult<SecuredApdu> decode(byte[] buf, int offset, int length, Layout.Security s) {
        long scan = scan(buf, offset, length, s);
        return Scan.isRejected(scan) ? Scan.rejection(Layer.SECURITY, scan) : LayerResult.passed(pdu(buf, s, scan));
    }

    /** The record of an APDU whose {@link #scan} passed (its header ends where the scan's ciphertext starts). */
    public static SecuredApdu pdu(byte[] buf, Layout.Security s, long scan) {
        int offset = Scan.offset(scan) - HEADER_SIZE;
        return new SecuredApdu(buf[offset] & 0xFF, frameCounter(buf, offset, s), buf, Scan.offset(scan), Scan.length(scan),
                s.tagSize());
    }

    /**
     * The checks of {@link #decode} without the record: a {@link Scan} of the ciphertext (the
     * profile's tag follows it); the frame counter is {@link #frameCounter}.
     */
    public static long scan(byte[] buf, int offset, int length, Layout.Security s) {
        int tag = s.tagSize();
        if (length < HEADER_SIZE + MIN_CIPHERTEXT + tag) {
            return Scan.rejected(RejectReason.TRUNCATED);
        }
        int sc = buf[offset] & 0xFF;
        if (sc != s.control()) {
            return Scan.rejected(RejectReason.SECURITY_CONTROL);
        }
        return Scan.passed(offset + HEADER_SIZE, length - HEADER_SIZE - tag, 0);
    }

    /** The frame counter of the APDU at {@code buf[offset...)} whose header {@link #scan} passed. */
    public static long frameCounter(byte[] buf, int offset, Layout.Security s) {
        return Bytes.readUnsigned(buf, offset + OFFSET_FRAME_COUNTER, FRAME_COUNTER_SIZE, s.frameCounterBigEndian());
    }

    /** Writes the frame counter into the last 4 bytes of an IV made by {@link #iv} (a receiver reuses one per association). */
    public static void setFrameCounter(byte[] iv, long frameCounter) {
        Bytes.writeUnsigned(iv, SYSTEM_TITLE_SIZE, FRAME_COUNTER_SIZE, frameCounter);
    }

    /** Public: IV = System Title (8 bytes) || frame counter (4 bytes, big-endian), whatever order the header uses. */
    public static byte[] iv(byte[] systemTitle, long frameCounter) {
        byte[] iv = new byte[IV_SIZE];
        System.arraycopy(systemTitle, 0, iv, 0, SYSTEM_TITLE_SIZE);
        Bytes.writeUnsigned(iv, SYSTEM_TITLE_SIZE, FRAME_COUNTER_SIZE, frameCounter);
        return iv;
    }

    /** C2P-1's AAD = SC (1 byte) || key (16 bytes). */
    public static byte[] aad(int securityControl, byte[] key) {
        return aad(Layout.Aad.SC_KEY, securityControl, key);
    }

    /** The profile's AAD: SC || key, SC alone, or nothing. */
    public static byte[] aad(Layout.Aad kind, int securityControl, byte[] key) {
        return switch (kind) {
            case SC_KEY -> {
                byte[] aad = new byte[1 + key.length];
                aad[0] = (byte) securityControl;
                System.arraycopy(key, 0, aad, 1, key.length);
                yield aad;
            }
            case SC -> new byte[] {(byte) securityControl};
            case NONE -> new byte[0];
        };
    }

    /** SC || FC (big-endian, C2P-1) || ciphertext-and-tag. */
    public static byte[] encode(int securityControl, long frameCounter, byte[] ciphertextAndTag) {
        return encode(securityControl, frameCounter, true, ciphertextAndTag);
    }

    /** SC || FC in the profile's order || ciphertext-and-tag. */
    public static byte[] encode(int securityControl, long frameCounter, boolean frameCounterBigEndian, byte[] ciphertextAndTag) {
        byte[] a = new byte[HEADER_SIZE + ciphertextAndTag.length];
        a[0] = (byte) securityControl;
        Bytes.writeUnsigned(a, OFFSET_FRAME_COUNTER, FRAME_COUNTER_SIZE, frameCounter, frameCounterBigEndian);
        System.arraycopy(ciphertextAndTag, 0, a, HEADER_SIZE, ciphertextAndTag.length);
        return a;
    }
}
