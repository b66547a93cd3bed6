package it.c2du.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.gcm.GCMMultiplier;
import org.bouncycastle.crypto.modes.gcm.Tables4kGCMMultiplier;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-GCM decryption (NIST SP 800-38D, 96-bit IVs only) that allocates nothing per frame: the
 * receive path's opener for both engines (docs/performance.md, issue 20 target 1). Re-initialising
 * a JCE {@code Cipher} or a BouncyCastle {@code GCMBlockCipher} per IV rebuilt the GHASH table and
 * the mode's buffers for every frame (about 1 KB and 600 B of garbage per frame); here the key
 * schedule, the hash subkey H and its table are made once, when the opener is made.
 *
 * <p>Only the mode's bookkeeping is ours; the primitives are vetted ones: the AES block function
 * is the JDK's {@code AES/ECB/NoPadding} (HotSpot's AES intrinsic under C2) or BouncyCastle's
 * {@code AESEngine}, and GHASH's multiplication by H is BouncyCastle's
 * {@link Tables4kGCMMultiplier} (the one its own GCM uses). The tag is checked, in constant time,
 * <em>before</em> any plaintext is made: GHASH runs over the ciphertext, so nothing
 * unauthenticated ever reaches the caller's buffer.
 *
 * <p>Not thread-safe, like every opener.
 */
public final class LeanGcmOpener implements GcmEngine.Opener {
    private static final int BLOCK = 16;
    private static final int IV_LENGTH = 12;
    /** SP 800-38D allows tags of 4 and 8 bytes and 12 to 16; BouncyCastle's GCM took 4 to 16, as here. */
    private static final int MIN_TAG = 4;
    /** Counter blocks made ready for one frame without growing the buffers: J0 and 31 blocks of C2P-1 plaintext (up to 496 bytes). */
    private static final int INITIAL_BLOCKS = 32;
    /** The largest ciphertext opened: 1 MiB, where a C2P-1 APDU is at most a few hundred bytes. */
    private static final int MAX_PLAINTEXT = 1 << 20;

    private final BlockFunction aes;
    private final GCMMultiplier multiplier = new Tables4kGCMMultiplier();
    /** The GHASH accumulator. */
    private final byte[] s = new byte[BLOCK];
    /** J0, inc32(J0), inc32^2(J0), ... for one frame; then their encryptions. Grown, never shrunk: a larger frame allocates once. */
    private byte[] counters = new byte[INITIAL_BLOCKS * BLOCK];
    private byte[] keystream = new byte[INITIAL_BLOCKS * BLOCK];

    private LeanGcmOpener(BlockFunction aes) {
        this.aes = aes;
        byte[] h = new byte[BLOCK];
        aes.encrypt(h, h, 1); // H = E_K(0^128)
        multiplier.init(h);
        // The multiplier keeps its own copy of H for its init check; this one need not outlive the call.
        Arrays.fill(h, (byte) 0);
    }

    /** With the JDK's AES ({@code AES/ECB/NoPadding}, SunJCE): the AES intrinsic under C2. */
    public static LeanGcmOpener withJdkAes(byte[] key) {
        return new LeanGcmOpener(new JdkAes(key));
    }

    /** With BouncyCastle's table-driven AES: plain Java, the same on every CPU. */
    public static LeanGcmOpener withBouncyCastleAes(byte[] key) {
        return new LeanGcmOpener(new BcAes(key));
    }

    @Override
    public int open(byte[] iv, byte[] aad, byte[] in, int offset, int length, int tagLength, byte[] out, int outOffset) {
        if (iv.length != IV_LENGTH) {
            // C2P-1's IV is always System Title (8) || frame counter (4); other lengths need GHASH(IV), not done here.
            throw new IllegalArgumentException("AES-GCM IV of " + iv.length + " bytes: only 12-byte IVs are supported");
        }
        if (tagLength < MIN_TAG || tagLength > BLOCK) {
            throw new IllegalArgumentException("AES-GCM tag of " + tagLength + " bytes: expected 4 to 16");
        }
        Objects.checkFromIndexSize(offset, length, in.length);
        if (length < tagLength) {
            return -1;
        }
        int n = length - tagLength;
        Objects.checkFromIndexSize(outOffset, n, out.length);
        if (n > MAX_PLAINTEXT) {
            // Far beyond any Chain 2 frame; keeps the counter buffers' size an int and inc32 from wrapping.
            throw new IllegalArgumentException("AES-GCM ciphertext of " + n + " bytes: at most " + MAX_PLAINTEXT);
        }
        int blocks = (n + BLOCK - 1) / BLOCK;
        int total = (1 + blocks) * BLOCK;
        if (counters.length < total) {
            counters = new byte[total];
            keystream = new byte[total];
        }

        // GHASH(H, A, C): S = 0; blocks of A then of C, each zero-padded; then len64(A) || len64(C) in bits.
        Arrays.fill(s, (byte) 0);
        ghash(aad, 0, aad.length);
        ghash(in, offset, n);
        long aadBits = 8L * aad.length;
        long cBits = 8L * n;
        for (int i = 0; i < 8; i++) {
            s[i] ^= (byte) (aadBits >>> (56 - 8 * i));
            s[8 + i] ^= (byte) (cBits >>> (56 - 8 * i));
        }
        multiplier.multiplyH(s);

        // J0 = IV || 0^31 || 1, then inc32 for each block of the CTR keystream; one call encrypts them all
        // (the keystream is not plaintext: it stays in this opener's buffer until the tag has verified).
        System.arraycopy(iv, 0, counters, 0, IV_LENGTH);
        int counter = 1;
        for (int b = 0; b <= blocks; b++, counter++) {
            int p = b * BLOCK;
            if (b > 0) {
                System.arraycopy(iv, 0, counters, p, IV_LENGTH);
            }
            counters[p + 12] = (byte) (counter >>> 24); // inc32 works modulo 2^32 on the last 32 bits
            counters[p + 13] = (byte) (counter >>> 16);
            counters[p + 14] = (byte) (counter >>> 8);
            counters[p + 15] = (byte) counter;
        }
        aes.encrypt(counters, keystream, 1 + blocks);

        // T = MSB_t(E_K(J0) XOR S), compared with the received tag in constant time.
        for (int i = 0; i < BLOCK; i++) {
            s[i] ^= keystream[i];
        }
        boolean authentic = org.bouncycastle.util.Arrays.constantTimeAreEqual(tagLength, s, 0, in, offset + n);
        Arrays.fill(s, (byte) 0);
        if (!authentic) {
            Arrays.fill(out, outOffset, outOffset + n, (byte) 0);
            Arrays.fill(keystream, 0, total, (byte) 0);
            return -1;
        }
        // Verified: P = C XOR the keystream from inc32(J0).
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = (byte) (in[offset + i] ^ keystream[BLOCK + i]);
        }
        Arrays.fill(keystream, 0, total, (byte) 0);
        return n;
    }

    /** S = (S XOR X_i) * H for each block X_i of {@code data[from, from + len)}, the last one zero-padded. */
    private void ghash(byte[] data, int from, int len) {
        int end = from + len;
        for (int p = from; p < end; p += BLOCK) {
            int m = Math.min(BLOCK, end - p);
            for (int i = 0; i < m; i++) {
                s[i] ^= data[p + i];
            }
            multiplier.multiplyH(s);
        }
    }

    /** AES encryption of whole 16-byte blocks, in to out (distinct arrays, or the same one block). */
    private interface BlockFunction {
        void encrypt(byte[] in, byte[] out, int blocks);
    }

    private static final class JdkAes implements BlockFunction {
        private final Cipher ecb;

        JdkAes(byte[] key) {
            try {
                ecb = Cipher.getInstance("AES/ECB/NoPadding");
                ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES unavailable: " + e.getClass().getSimpleName(), e);
            }
        }

        @Override
        public void encrypt(byte[] in, byte[] out, int blocks) {
            try {
                // ECB without padding keeps no state between calls: update encrypts every whole block given.
                ecb.update(in, 0, blocks * BLOCK, out, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException("AES: " + e.getClass().getSimpleName(), e);
            }
        }
    }

    private static final class BcAes implements BlockFunction {
        private final BlockCipher aes = AESEngine.newInstance();

        BcAes(byte[] key) {
            aes.init(true, new KeyParameter(key));
        }

        @Override
        public void encrypt(byte[] in, byte[] out, int blocks) {
            for (int b = 0; b < blocks; b++) {
                aes.processBlock(in, b * BLOCK, out, b * BLOCK);
            }
        }
    }
}
