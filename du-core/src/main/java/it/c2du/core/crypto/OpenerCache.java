package it.c2du.core.crypto;

import java.util.Arrays;
import java.util.function.Function;

/**
 * The openers of the last few keys an engine's {@link GcmEngine#open} saw (a DU has one or two
 * associations): a frame under a known key costs neither a new cipher nor a key schedule.
 * Looked up without allocating.
 */
final class OpenerCache {
    private static final int SIZE = 4;
    private final byte[][] keys = new byte[SIZE][];
    private final GcmEngine.Opener[] openers = new GcmEngine.Opener[SIZE];
    private int nextSlot;

    GcmEngine.Opener get(byte[] key, Function<byte[], GcmEngine.Opener> make) {
        for (int i = 0; i < SIZE; i++) {
            if (keys[i] != null && Arrays.equals(keys[i], key)) {
                return openers[i];
            }
        }
        int slot = nextSlot;
        nextSlot = (slot + 1) % SIZE;
        keys[slot] = key.clone();
        openers[slot] = make.apply(key);
        return openers[slot];
    }

    /** {@link GcmEngine#open} for either engine: the opener of {@code key}, on ciphertext and tag joined. */
    java.util.Optional<byte[]> open(byte[] key, Function<byte[], GcmEngine.Opener> make, byte[] iv, byte[] aad,
                                    byte[] ciphertext, byte[] tag) {
        byte[] in = new byte[ciphertext.length + tag.length];
        System.arraycopy(ciphertext, 0, in, 0, ciphertext.length);
        System.arraycopy(tag, 0, in, ciphertext.length, tag.length);
        return get(key, make).open(iv, aad, in, 0, in.length, tag.length);
    }
}
