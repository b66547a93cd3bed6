package it.c2du.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-GCM from the JDK's javax.crypto (SunJCE). */
public final class JdkGcmEngine implements GcmEngine {
    private Cipher decryptor;

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public byte[] seal(byte[] key, byte[] iv, byte[] aad, byte[] plaintext, int tagLength) {
        try {
            // A fresh Cipher: SunJCE refuses to encrypt twice with one key and IV on the same object,
            // and the encoder legitimately builds the same frame twice (repetitions).
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(8 * tagLength, iv));
            c.updateAAD(aad);
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption unavailable: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public Optional<byte[]> open(byte[] key, byte[] iv, byte[] aad, byte[] ciphertext, byte[] tag) {
        try {
            if (decryptor == null) {
                decryptor = Cipher.getInstance("AES/GCM/NoPadding");
            }
            decryptor.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(8 * tag.length, iv));
            decryptor.updateAAD(aad);
            byte[] in = new byte[ciphertext.length + tag.length];
            System.arraycopy(ciphertext, 0, in, 0, ciphertext.length);
            System.arraycopy(tag, 0, in, ciphertext.length, tag.length);
            return Optional.of(decryptor.doFinal(in));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            // Not a bad frame: the JDK lacks AES-GCM or refused the parameters. Say which, never the key.
            throw new IllegalStateException("AES-GCM decryption unavailable: " + e.getClass().getSimpleName(), e);
        }
    }
}
