package it.c2du.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM from the JDK's javax.crypto (SunJCE). With AES and carry-less multiply instructions
 * (x86-64 AES-NI and PCLMULQDQ, ARMv8 crypto extensions) HotSpot's intrinsics make it the faster
 * engine; without them (Raspberry Pi 3/4) it is plain Java: docs/performance.md.
 */
public final class JdkGcmEngine implements GcmEngine {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    /**
     * SunJCE takes GCM tags of 12 to 16 bytes only; a profile may use 8 (profile-file.md), which
     * this engine then hands to BouncyCastle rather than refusing the layout.
     */
    private static final int MIN_SUNJCE_TAG = 12;
    private final OpenerCache openers = new OpenerCache();
    /** For tags shorter than SunJCE takes: made once, on the first one (C2P-1 never needs it). */
    private BouncyCastleGcmEngine shortTagEngine;

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public byte[] seal(byte[] key, byte[] iv, byte[] aad, byte[] plaintext, int tagLength) {
        if (tagLength < MIN_SUNJCE_TAG) {
            if (shortTagEngine == null) {
                shortTagEngine = new BouncyCastleGcmEngine();
            }
            return shortTagEngine.seal(key, iv, aad, plaintext, tagLength);
        }
        try {
            // A fresh Cipher: SunJCE refuses to encrypt twice with one key and IV on the same object,
            // and the encoder legitimately builds the same frame twice (repetitions). The meter side only.
            Cipher c = Cipher.getInstance(TRANSFORMATION);
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(8 * tagLength, iv));
            c.updateAAD(aad);
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption unavailable: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public Optional<byte[]> open(byte[] key, byte[] iv, byte[] aad, byte[] ciphertext, byte[] tag) {
        return openers.open(key, this::opener, iv, aad, ciphertext, tag);
    }

    /**
     * The receive path's opener: {@link LeanGcmOpener} with the JDK's AES block function
     * ({@code AES/ECB/NoPadding}, HotSpot's AES intrinsic under C2) and BouncyCastle's GHASH table,
     * set up once per key; nothing allocated per frame. Every tag length of 4 to 16 bytes.
     */
    @Override
    public Opener opener(byte[] key) {
        return LeanGcmOpener.withJdkAes(key);
    }

    /**
     * The opener before issue 20's lean one: a {@code Cipher} {@code AES/GCM/NoPadding} re-initialised
     * per frame (about 1 KB of garbage per frame). Kept for CryptoBench's comparison and the tests' cross-checks.
     */
    public static Opener reinitOpener(byte[] key) {
        return new KeyedOpener(key);
    }

    /**
     * One decrypting Cipher per key. SunJCE keeps the expanded AES key while the key bytes stay
     * the same, so with one Cipher per association alternating meters never re-expand it.
     */
    private static final class KeyedOpener implements Opener {
        private final SecretKeySpec key;
        private final Cipher cipher;
        /** Made on the first 8-byte tag only: C2P-1's receivers never need it. */
        private Opener shortTags;

        KeyedOpener(byte[] key) {
            this.key = new SecretKeySpec(key, "AES");
            try {
                this.cipher = Cipher.getInstance(TRANSFORMATION);
                // The AES key expanded now, not at the first frame: SunJCE keeps it while the key bytes stay the same.
                cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, new byte[12]));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM decryption unavailable: " + e.getClass().getSimpleName(), e);
            }
        }

        @Override
        public int open(byte[] iv, byte[] aad, byte[] in, int offset, int length, int tagLength, byte[] out, int outOffset) {
            if (tagLength < MIN_SUNJCE_TAG) {
                if (shortTags == null) {
                    // The key spec's own copy, taken only now: no second raw copy of the key is kept
                    // beside it (the receive stack zeroes the bytes it built the opener from).
                    byte[] raw = key.getEncoded();
                    shortTags = BouncyCastleGcmEngine.reinitOpener(raw);
                    java.util.Arrays.fill(raw, (byte) 0);
                }
                return shortTags.open(iv, aad, in, offset, length, tagLength, out, outOffset);
            }
            if (length < tagLength) {
                return -1;
            }
            try {
                // One Cipher per key, re-initialised per frame (a new IV needs a new GCMParameterSpec and,
                // inside SunJCE, new GCM state: the allocation of this engine, docs/performance.md);
                // the plaintext goes into the caller's buffer instead of a fresh array.
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(8 * tagLength, iv));
                cipher.updateAAD(aad);
                return cipher.doFinal(in, offset, length, out, outOffset);
            } catch (AEADBadTagException e) {
                java.util.Arrays.fill(out, outOffset, outOffset + length - tagLength, (byte) 0);
                return -1;
            } catch (GeneralSecurityException e) {
                // Not a bad frame: the JDK lacks AES-GCM, refused the parameters or the buffer was short. Say which, never the key.
                throw new IllegalStateException("AES-GCM decryption unavailable: " + e.getClass().getSimpleName(), e);
            }
        }
    }
}
