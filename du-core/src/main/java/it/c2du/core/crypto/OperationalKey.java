package it.c2du.core.crypto;

import it.c2du.core.profile.C2P1;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * An association's operational key ("chiave di esercizio"). It never prints: {@link #toString()}
 * is redacted, and nothing here formats its bytes, so a key cannot reach a log or a message by
 * accident.
 */
public final class OperationalKey {
    private final byte[] bytes;
    /** Computed once: durable state asks for it at every commit. */
    private final byte[] fingerprint;

    public OperationalKey(byte[] bytes) {
        if (bytes.length != C2P1.Security.KEY_SIZE) {
            throw new IllegalArgumentException("an operational key is " + C2P1.Security.KEY_SIZE + " bytes, got " + bytes.length);
        }
        this.bytes = bytes.clone();
        try {
            this.fingerprint = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(this.bytes), 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key bytes, for the cipher only. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * A digest that identifies the key without revealing it: durable state binds a replay window
     * to (System Title, key) by this.
     */
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OperationalKey k && MessageDigest.isEqual(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fingerprint);
    }

    @Override
    public String toString() {
        return "OperationalKey[redacted]";
    }
}
