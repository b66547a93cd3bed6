package it.c2du.core.stack;

import java.util.Arrays;

/**
 * A Layer-4 APDU whose header is well formed; not yet authenticated. Ciphertext and tag are
 * {@code buffer[ciphertextOffset, ...)} and the {@code tagLength} bytes after it, shared, not
 * copied: the engine opens them in place.
 */
public record SecuredApdu(int securityControl, long frameCounter, byte[] buffer, int ciphertextOffset,
                          int ciphertextLength, int tagLength) {

    /** A copy of the ciphertext. */
    public byte[] ciphertext() {
        return Arrays.copyOfRange(buffer, ciphertextOffset, ciphertextOffset + ciphertextLength);
    }

    /** A copy of the tag. */
    public byte[] tag() {
        int start = ciphertextOffset + ciphertextLength;
        return Arrays.copyOfRange(buffer, start, start + tagLength);
    }
}
