package it.c2du.core.crypto;

import java.util.Optional;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** AES-GCM from BouncyCastle's lightweight API (no JCE provider registration needed). */
public final class BouncyCastleGcmEngine implements GcmEngine {
    private final GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());

    @Override
    public String name() {
        return "bc";
    }

    @Override
    public byte[] seal(byte[] key, byte[] iv, byte[] aad, byte[] plaintext, int tagLength) {
        GCMModeCipher c = GCMBlockCipher.newInstance(AESEngine.newInstance());
        c.init(true, new AEADParameters(new KeyParameter(key), 8 * tagLength, iv, aad));
        byte[] out = new byte[c.getOutputSize(plaintext.length)];
        int n = c.processBytes(plaintext, 0, plaintext.length, out, 0);
        try {
            c.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return out;
    }

    @Override
    public Optional<byte[]> open(byte[] key, byte[] iv, byte[] aad, byte[] ciphertext, byte[] tag) {
        gcm.init(false, new AEADParameters(new KeyParameter(key), 8 * tag.length, iv, aad));
        byte[] out = new byte[ciphertext.length];
        int n = gcm.processBytes(ciphertext, 0, ciphertext.length, out, 0);
        n += gcm.processBytes(tag, 0, tag.length, out, n);
        try {
            gcm.doFinal(out, n);
            return Optional.of(out);
        } catch (InvalidCipherTextException e) {
            return Optional.empty();
        }
    }
}
