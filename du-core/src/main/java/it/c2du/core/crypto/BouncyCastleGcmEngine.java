package it.c2du.core.crypto;

import java.util.Optional;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-GCM from BouncyCastle's lightweight API (no JCE provider registration needed): table-driven
 * AES and GHASH in plain Java, the same on every CPU. docs/performance.md compares it with the
 * JDK's engine.
 */
public final class BouncyCastleGcmEngine implements GcmEngine {
    private final OpenerCache openers = new OpenerCache();

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
        return openers.open(key, this::opener, iv, aad, ciphertext, tag);
    }

    /**
     * The receive path's opener: {@link LeanGcmOpener} with BouncyCastle's AES and GHASH table, set
     * up once per key; nothing allocated per frame.
     */
    @Override
    public Opener opener(byte[] key) {
        return LeanGcmOpener.withBouncyCastleAes(key);
    }

    /**
     * The opener before issue 20's lean one: a {@code GCMModeCipher} re-initialised per frame (about
     * 600 B of garbage per frame). Kept for CryptoBench's comparison and the tests' cross-checks.
     */
    public static Opener reinitOpener(byte[] key) {
        return new KeyedOpener(key);
    }

    /**
     * One GCM cipher per key. The key is given at one init only, here (a decryption init with a
     * zero nonce, which BouncyCastle allows): later inits pass no key, and BouncyCastle keeps the
     * AES key schedule, the hash subkey H and its 4 KiB multiplication table, which a keyed init
     * would rebuild for every frame. Made here rather than at the first frame, so that a frame
     * never pays for it (du bench leaves a receiver's set-up out of B/frame).
     */
    private static final class KeyedOpener implements Opener {
        private final GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());

        KeyedOpener(byte[] key) {
            gcm.init(false, new AEADParameters(new KeyParameter(key), 128, new byte[12]));
        }

        @Override
        public int open(byte[] iv, byte[] aad, byte[] in, int offset, int length, int tagLength, byte[] out, int outOffset) {
            if (length < tagLength) {
                return -1;
            }
            // AEADParameters copies the nonce (BouncyCastle allows no reuse of it across IVs); the AAD
            // goes in through processAADBytes rather than the parameters, which would copy it too.
            gcm.init(false, new AEADParameters(null, 8 * tagLength, iv));
            gcm.processAADBytes(aad, 0, aad.length);
            int n = 0;
            try {
                n = gcm.processBytes(in, offset, length, out, outOffset);
                return n + gcm.doFinal(out, outOffset + n);
            } catch (InvalidCipherTextException e) {
                // processBytes has already written the blocks it decrypted: never leave them to the caller.
                java.util.Arrays.fill(out, outOffset, outOffset + length - tagLength, (byte) 0);
                return -1;
            }
        }
    }
}
