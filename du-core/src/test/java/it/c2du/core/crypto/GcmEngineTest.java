package it.c2du.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both engines against the DLMS Green Book AES-GCM example, and against each other. */
class GcmEngineTest {
    private static final HexFormat HEX = HexFormat.of();
    // Green Book example: ST 4D4D4D0000BC614E, IC 01234567, SC 0x30, AAD = SC || AK.
    private static final byte[] EK = HEX.parseHex("000102030405060708090A0B0C0D0E0F");
    private static final byte[] AK = HEX.parseHex("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF");
    private static final byte[] IV = HEX.parseHex("4D4D4D0000BC614E01234567");
    private static final byte[] PLAIN = HEX.parseHex("01011000112233445566778899AABBCCDDEEFF0000065F1F0400007E1F04B0");
    private static final byte[] CIPHER = HEX.parseHex("801302FF8A7874133D414CED25B42534D28DB0047720606B175BD52211BE68");
    private static final byte[] TAG = HEX.parseHex("41DB204D39EE6FDB8E356855");

    private static byte[] aad() {
        byte[] aad = new byte[17];
        aad[0] = 0x30;
        System.arraycopy(AK, 0, aad, 1, 16);
        return aad;
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "bc"})
    void sealsTheGreenBookExample(String name) {
        byte[] sealed = GcmEngine.named(name).seal(EK, IV, aad(), PLAIN, 12);
        assertArrayEquals(CIPHER, Arrays.copyOf(sealed, CIPHER.length));
        assertArrayEquals(TAG, Arrays.copyOfRange(sealed, CIPHER.length, sealed.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "bc"})
    void opensTheGreenBookExample(String name) {
        GcmEngine e = GcmEngine.named(name);
        assertArrayEquals(PLAIN, e.open(EK, IV, aad(), CIPHER, TAG).orElseThrow());
        // twice on the same instance: engines are reused frame after frame
        assertArrayEquals(PLAIN, e.open(EK, IV, aad(), CIPHER, TAG).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "bc"})
    void anyFlippedBitFailsAuthenticationWithoutThrowing(String name) {
        GcmEngine e = GcmEngine.named(name);
        for (int bit = 0; bit < (CIPHER.length + TAG.length) * 8; bit++) {
            byte[] c = CIPHER.clone();
            byte[] t = TAG.clone();
            if (bit < c.length * 8) {
                c[bit / 8] ^= (byte) (1 << (bit % 8));
            } else {
                int b = bit - c.length * 8;
                t[b / 8] ^= (byte) (1 << (b % 8));
            }
            assertTrue(e.open(EK, IV, aad(), c, t).isEmpty(), "bit " + bit);
        }
        byte[] otherAad = aad();
        otherAad[0] = 0x31;
        assertFalse(e.open(EK, IV, otherAad, CIPHER, TAG).isPresent());
        byte[] otherIv = IV.clone();
        otherIv[11] ^= 1;
        assertFalse(e.open(EK, otherIv, aad(), CIPHER, TAG).isPresent());
        // a good frame still opens after failures
        assertTrue(e.open(EK, IV, aad(), CIPHER, TAG).isPresent());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void enginesAgreeOnRandomInputs(int seed) {
        Random r = new Random(seed);
        GcmEngine jdk = GcmEngine.named("jdk");
        GcmEngine bc = GcmEngine.named("bc");
        for (int i = 0; i < 200; i++) {
            byte[] key = bytes(r, 16);
            byte[] iv = bytes(r, 12);
            byte[] aad = bytes(r, 17);
            byte[] pt = bytes(r, 1 + r.nextInt(60));
            byte[] a = jdk.seal(key, iv, aad, pt, 12);
            byte[] b = bc.seal(key, iv, aad, pt, 12);
            assertArrayEquals(a, b, "seed " + seed + " case " + i);
            byte[] ct = Arrays.copyOf(a, pt.length);
            byte[] tag = Arrays.copyOfRange(a, pt.length, a.length);
            assertArrayEquals(pt, jdk.open(key, iv, aad, ct, tag).orElseThrow(), "seed " + seed);
            assertArrayEquals(pt, bc.open(key, iv, aad, ct, tag).orElseThrow(), "seed " + seed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "bc"})
    void sealingTheSameFrameTwiceIsAllowed(String name) {
        GcmEngine e = GcmEngine.named(name);
        assertArrayEquals(e.seal(EK, IV, aad(), PLAIN, 12), e.seal(EK, IV, aad(), PLAIN, 12));
    }

    @org.junit.jupiter.api.Test
    void unknownEngineNameIsRejected() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> GcmEngine.named("aesni"));
        assertTrue(ex.getMessage().contains("auto, jdk or bc"));
    }

    @org.junit.jupiter.api.Test
    void keysNeverPrint() {
        OperationalKey k = new OperationalKey(EK);
        assertFalse(k.toString().toUpperCase().contains("0102030405"));
        assertEquals(k, new OperationalKey(EK.clone()));
        assertNotEquals(k, new OperationalKey(AK));
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "bc"})
    void anOpenerOpensInPlaceAndKeepsWorkingAfterABadTag(String name) {
        GcmEngine e = GcmEngine.named(name);
        GcmEngine.Opener opener = e.opener(EK);
        // ciphertext || tag in the middle of a larger buffer, as the pipeline hands it over
        byte[] buf = new byte[7 + CIPHER.length + TAG.length + 5];
        System.arraycopy(CIPHER, 0, buf, 7, CIPHER.length);
        System.arraycopy(TAG, 0, buf, 7 + CIPHER.length, TAG.length);
        int length = CIPHER.length + TAG.length;
        assertArrayEquals(PLAIN, opener.open(IV, aad(), buf, 7, length, 12).orElseThrow());
        byte[] bad = buf.clone();
        bad[7 + length - 1] ^= 1;
        assertFalse(opener.open(IV, aad(), bad, 7, length, 12).isPresent());
        assertArrayEquals(PLAIN, opener.open(IV, aad(), buf, 7, length, 12).orElseThrow());
        byte[] otherIv = IV.clone();
        otherIv[11] ^= 1;
        assertFalse(opener.open(otherIv, aad(), buf, 7, length, 12).isPresent(), "the IV is not cached");
        assertArrayEquals(PLAIN, opener.open(IV, aad(), buf, 7, length, 12).orElseThrow());
        // An opener of another key beside it does not disturb this one.
        byte[] otherKey = EK.clone();
        otherKey[0] ^= 1;
        assertFalse(e.opener(otherKey).open(IV, aad(), buf, 7, length, 12).isPresent());
        assertArrayEquals(PLAIN, opener.open(IV, aad(), buf, 7, length, 12).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "bc"})
    void openAlternatingKeysAsTwoMetersDo(String name) {
        GcmEngine e = GcmEngine.named(name);
        Random random = new Random(name.hashCode());
        byte[][] keys = new byte[6][16];
        for (byte[] k : keys) {
            random.nextBytes(k);
        }
        for (int i = 0; i < 60; i++) {
            byte[] key = keys[random.nextInt(keys.length)]; // more keys than the engine's cache holds
            byte[] pt = new byte[1 + random.nextInt(40)];
            random.nextBytes(pt);
            byte[] sealed = GcmEngine.named(name.equals("jdk") ? "bc" : "jdk").seal(key, IV, aad(), pt, 12);
            assertArrayEquals(pt, e.open(key, IV, aad(), Arrays.copyOf(sealed, pt.length),
                    Arrays.copyOfRange(sealed, pt.length, sealed.length)).orElseThrow(), "frame " + i);
        }
    }

    /**
     * The engine variants (issue 20): the caller-buffer open and the allocating one of each engine,
     * jdk and bc, give the same plaintext and the same accept/reject on random frames and random
     * tampering, and a rejected open leaves zeros in the caller's buffer, never unauthenticated
     * plaintext. Seeded; -Dc2du.seed=N replays one.
     */
    @org.junit.jupiter.api.Test
    void everyOpenVariantAgreesOnRandomTampering() {
        long seed = Long.getLong("c2du.seed", System.nanoTime());
        String where = "seed " + seed + " (replay with -Dc2du.seed=" + seed + ")";
        Random r = new Random(seed);
        GcmEngine[] engines = {GcmEngine.named("jdk"), GcmEngine.named("bc")};
        for (int i = 0; i < 300; i++) {
            byte[] key = bytes(r, 16);
            byte[] iv = bytes(r, 12);
            byte[] aad = bytes(r, r.nextBoolean() ? 17 : 1);
            byte[] pt = bytes(r, 1 + r.nextInt(200));
            int tagLength = r.nextInt(4) == 0 ? 16 : 12;
            byte[] sealed = engines[r.nextInt(2)].seal(key, iv, aad, pt, tagLength);
            int offset = r.nextInt(9);
            byte[] in = new byte[offset + sealed.length + r.nextInt(5)];
            System.arraycopy(sealed, 0, in, offset, sealed.length);
            boolean tampered = r.nextBoolean();
            if (tampered) {
                int bit = r.nextInt(sealed.length * 8);
                in[offset + bit / 8] ^= (byte) (1 << (bit % 8));
            }
            String c = where + ", case " + i + (tampered ? " (tampered)" : "");
            for (GcmEngine e : engines) {
                GcmEngine.Opener opener = e.opener(key);
                java.util.Optional<byte[]> opened = opener.open(iv, aad, in, offset, sealed.length, tagLength);
                int outOffset = r.nextInt(7);
                byte[] out = new byte[outOffset + pt.length + 3];
                Arrays.fill(out, (byte) 0x5A);
                int n = opener.open(iv, aad, in, offset, sealed.length, tagLength, out, outOffset);
                if (tampered) {
                    assertTrue(opened.isEmpty(), e.name() + " " + c);
                    assertEquals(-1, n, e.name() + " " + c);
                    byte[] zeros = new byte[pt.length];
                    assertArrayEquals(zeros, Arrays.copyOfRange(out, outOffset, outOffset + pt.length), e.name() + " " + c);
                } else {
                    assertArrayEquals(pt, opened.orElseThrow(), e.name() + " " + c);
                    assertEquals(pt.length, n, e.name() + " " + c);
                    assertArrayEquals(pt, Arrays.copyOfRange(out, outOffset, outOffset + n), e.name() + " " + c);
                }
                // Nothing written outside the plaintext's range.
                for (int k = 0; k < outOffset; k++) {
                    assertEquals((byte) 0x5A, out[k], e.name() + " " + c);
                }
                for (int k = outOffset + pt.length; k < out.length; k++) {
                    assertEquals((byte) 0x5A, out[k], e.name() + " " + c);
                }
                // The same opener, reused, still opens the untouched frame.
                assertArrayEquals(pt, opener.open(iv, aad, sealed, 0, sealed.length, tagLength).orElseThrow(), e.name() + " " + c);
            }
        }
    }
}
