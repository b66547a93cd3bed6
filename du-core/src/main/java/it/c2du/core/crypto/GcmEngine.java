package it.c2du.core.crypto;

import java.util.Optional;

/**
 * AES-GCM with a caller-chosen tag length: the one primitive the security layer needs. Two
 * implementations so that the DU can use whichever is faster on its CPU (a Raspberry Pi 3/4
 * has no AES instructions, so the JDK's intrinsics do not help there).
 *
 * <p>Implementations are not thread-safe; give each receiving thread its own.
 */
public interface GcmEngine {

    /** Short name for configuration and benchmarks ("jdk", "bc"). */
    String name();

    /** Encrypts and returns ciphertext || tag. */
    byte[] seal(byte[] key, byte[] iv, byte[] aad, byte[] plaintext, int tagLength);

    /** The plaintext when the tag verifies, else empty. Never throws for a bad tag. */
    Optional<byte[]> open(byte[] key, byte[] iv, byte[] aad, byte[] ciphertext, byte[] tag);

    /** The engine called {@code name}: "jdk" (javax.crypto) or "bc" (BouncyCastle lightweight). */
    static GcmEngine named(String name) {
        switch (name) {
            case "jdk":
                return new JdkGcmEngine();
            case "bc":
                return new BouncyCastleGcmEngine();
            default:
                throw new IllegalArgumentException("unknown AES-GCM engine \"" + name + "\": expected jdk or bc");
        }
    }
}
