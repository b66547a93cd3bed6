package it.c2du.core.crypto;

import java.util.Optional;

/**
 * AES-GCM with a caller-chosen tag length: the one primitive the security layer needs. Two
 * implementations so that the DU can use whichever is faster on its CPU (a Raspberry Pi 3/4
 * has no AES instructions, so the JDK's intrinsics do not help there): docs/performance.md.
 *
 * <p>Implementations are not thread-safe; give each receiving thread its own.
 */
public interface GcmEngine {

    /**
     * The engine of a configuration without {@code crypto.engine}: "auto", the faster for this JVM
     * and CPU ({@link EngineChoice}); "jdk" and "bc" name one.
     */
    String DEFAULT = "auto";

    /** Short name for configuration and benchmarks ("jdk", "bc"). */
    String name();

    /** Encrypts and returns ciphertext || tag. */
    byte[] seal(byte[] key, byte[] iv, byte[] aad, byte[] plaintext, int tagLength);

    /**
     * The plaintext when the tag verifies, else empty. Never throws for a bad tag. A convenience
     * for single frames: the engine keeps openers for the last few keys, so a repeated key costs
     * no new key schedule; the receive pipeline holds its own {@link #opener} per association.
     */
    Optional<byte[]> open(byte[] key, byte[] iv, byte[] aad, byte[] ciphertext, byte[] tag);

    /**
     * A decryptor bound to one key, whose cipher object and key schedule are made here once: the
     * receive pipeline keeps one per association, so no frame pays for {@code Cipher.getInstance}
     * or a key expansion. Not thread-safe, like the engine.
     */
    Opener opener(byte[] key);

    /** AES-GCM decryption under one key. */
    interface Opener {
        /**
         * Opens ciphertext || tag held in {@code in[offset, offset + length)}, the tag being its
         * last {@code tagLength} bytes, into the caller's {@code out[outOffset, outOffset + length -
         * tagLength)}: the plaintext's length when the tag verifies, else -1 (never an exception for
         * a bad tag), and then the output range holds zeros, never unauthenticated plaintext (BouncyCastle
         * writes blocks out before it checks the tag). The receive pipeline's way: nothing of ours is
         * allocated per frame (docs/performance.md, issue 20). {@code out} must not overlap {@code in};
         * {@code iv} and {@code aad} may be changed once this returns.
         */
        int open(byte[] iv, byte[] aad, byte[] in, int offset, int length, int tagLength, byte[] out, int outOffset);

        /**
         * Opens ciphertext || tag held in {@code in[offset, offset + length)}, the tag being its
         * last {@code tagLength} bytes: the plaintext when the tag verifies, else empty (never an
         * exception for a bad tag). {@code iv} and {@code aad} may be changed once this returns. The
         * same decryption as the caller-buffer {@code open}, into a fresh array.
         */
        default Optional<byte[]> open(byte[] iv, byte[] aad, byte[] in, int offset, int length, int tagLength) {
            if (length < tagLength) {
                return Optional.empty();
            }
            byte[] out = new byte[length - tagLength];
            return open(iv, aad, in, offset, length, tagLength, out, 0) < 0 ? Optional.empty() : Optional.of(out);
        }
    }

    /**
     * The engine called {@code name}: "jdk" (javax.crypto), "bc" (BouncyCastle lightweight) or
     * "auto" (whichever {@link EngineChoice#forThisJvm} finds the faster here).
     */
    static GcmEngine named(String name) {
        switch (name) {
            case "auto":
                return named(EngineChoice.forThisJvm().engine());
            case "jdk":
                return new JdkGcmEngine();
            case "bc":
                return new BouncyCastleGcmEngine();
            default:
                throw new IllegalArgumentException("unknown AES-GCM engine \"" + name + "\": expected auto, jdk or bc");
        }
    }
}
