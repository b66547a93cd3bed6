package it.c2du.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The allocation-free opener (issue 20, target 1) against the GCM specification's own vectors,
 * against the JDK's AES/GCM on random inputs, on random tampering, and for what it allocates.
 */
class LeanGcmOpenerTest {
    private static final HexFormat HEX = HexFormat.of();

    private static Function<byte[], GcmEngine.Opener> variant(String aes) {
        return aes.equals("jdk") ? LeanGcmOpener::withJdkAes : LeanGcmOpener::withBouncyCastleAes;
    }

    /**
     * AES-128 Test Cases 1 to 4 of D. McGrew and J. Viega, "The Galois/Counter Mode of Operation
     * (GCM)", revised 2005, Appendix B (the vectors NIST's GCM page refers to): key, IV, plaintext,
     * AAD, ciphertext, tag.
     */
    private static final String[][] MCGREW_VIEGA = {
        {"00000000000000000000000000000000", "000000000000000000000000", "", "", "",
            "58e2fccefa7e3061367f1d57a4e7455a"},
        {"00000000000000000000000000000000", "000000000000000000000000", "00000000000000000000000000000000", "",
            "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf"},
        {"feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255", "",
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
            "4d5c2af327cd64a62cf35abd2ba6fab4"},
        {"feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
            "feedfacedeadbeeffeedfacedeadbeefabaddad2",
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
            "5bc94fbc3221a5db94fae95ae7121a47"},
    };

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "bc"})
    void opensTheMcGrewViegaTestCasesWithFullAndTruncatedTags(String aes) {
        for (int c = 0; c < MCGREW_VIEGA.length; c++) {
            String[] v = MCGREW_VIEGA[c];
            byte[] iv = HEX.parseHex(v[1]);
            byte[] plain = HEX.parseHex(v[2]);
            byte[] aad = HEX.parseHex(v[3]);
            byte[] cipher = HEX.parseHex(v[4]);
            byte[] tag = HEX.parseHex(v[5]);
            GcmEngine.Opener opener = variant(aes).apply(HEX.parseHex(v[0]));
            // A truncated tag is the full tag's first bytes (SP 800-38D, MSB_t).
            for (int t : new int[] {16, 12, 8, 4}) {
                byte[] in = new byte[cipher.length + t];
                System.arraycopy(cipher, 0, in, 0, cipher.length);
                System.arraycopy(tag, 0, in, cipher.length, t);
                byte[] out = new byte[plain.length];
                String what = "Test Case " + (c + 1) + ", tag " + t;
                assertEquals(plain.length, opener.open(iv, aad, in, 0, in.length, t, out, 0), what);
                assertArrayEquals(plain, out, what);
                in[in.length - 1] ^= 1;
                assertEquals(-1, opener.open(iv, aad, in, 0, in.length, t, out, 0), what + ", last tag bit flipped");
                assertArrayEquals(new byte[plain.length], out, what);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "bc"})
    void refusesIvsOtherThan96BitsAndTagsOutside4To16(String aes) {
        GcmEngine.Opener opener = variant(aes).apply(new byte[16]);
        byte[] in = new byte[32];
        byte[] out = new byte[32];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> opener.open(new byte[8], new byte[0], in, 0, 32, 16, out, 0));
        assertTrue(e.getMessage().contains("12-byte IVs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> opener.open(new byte[16], new byte[0], in, 0, 32, 16, out, 0));
        assertThrows(IllegalArgumentException.class, () -> opener.open(new byte[12], new byte[0], in, 0, 32, 3, out, 0));
        assertThrows(IllegalArgumentException.class, () -> opener.open(new byte[12], new byte[0], in, 0, 32, 17, out, 0));
        assertEquals(-1, opener.open(new byte[12], new byte[0], in, 0, 7, 8, out, 0), "shorter than its tag");
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** ciphertext || full 16-byte tag from the JDK's own AES/GCM, which the lean opener was not built from. */
    private static byte[] jdkSeal(byte[] key, byte[] iv, byte[] aad, byte[] plain) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(aad);
        return c.doFinal(plain);
    }

    /**
     * Random keys, IVs, AAD of 0 to 40 bytes, plaintext of 0 to 300 and tags of 8, 12 and 16 bytes,
     * sealed by the JDK's AES/GCM (a shorter tag is its 16-byte tag cut, as SP 800-38D truncates;
     * SunJCE seals no tag under 12 bytes): both lean variants open them to the same plaintext, and
     * a single flipped bit anywhere in ciphertext, tag, AAD or IV gives -1 with zeros in the output
     * range and nothing written outside it. Seeded; -Dc2du.seed=N replays one.
     */
    @Test
    void agreesWithTheJdkAndRejectsEveryFlippedBit() throws Exception {
        long seed = Long.getLong("c2du.seed", System.nanoTime());
        String where = "seed " + seed + " (replay with -Dc2du.seed=" + seed + ")";
        System.out.println("LeanGcmOpenerTest.agreesWithTheJdkAndRejectsEveryFlippedBit: " + where);
        Random r = new Random(seed);
        int[] tags = {8, 12, 16};
        for (int i = 0; i < 600; i++) {
            byte[] key = bytes(r, 16);
            byte[] iv = bytes(r, 12);
            byte[] aad = bytes(r, r.nextInt(41));
            byte[] plain = bytes(r, r.nextInt(301));
            int t = tags[r.nextInt(3)];
            byte[] full = jdkSeal(key, iv, aad, plain);
            int offset = r.nextInt(9);
            int length = plain.length + t;
            byte[] in = new byte[offset + length + r.nextInt(5)];
            r.nextBytes(in);
            System.arraycopy(full, 0, in, offset, length);
            int part = r.nextInt(5); // 0 none, 1 ciphertext, 2 tag, 3 AAD, 4 IV
            if (part == 1 && plain.length == 0) {
                part = 2;
            }
            if (part == 3 && aad.length == 0) {
                part = 4;
            }
            byte[] ivUsed = iv.clone();
            byte[] aadUsed = aad.clone();
            byte[] inUsed = in.clone();
            switch (part) {
                case 1: flip(r, inUsed, offset, plain.length); break;
                case 2: flip(r, inUsed, offset + plain.length, t); break;
                case 3: flip(r, aadUsed, 0, aadUsed.length); break;
                case 4: flip(r, ivUsed, 0, 12); break;
                default: break;
            }
            String c = where + ", case " + i + ", tag " + t + ", tampered part " + part;
            for (String aes : new String[] {"jdk", "bc"}) {
                GcmEngine.Opener opener = variant(aes).apply(key);
                int outOffset = r.nextInt(7);
                byte[] out = new byte[outOffset + plain.length + r.nextInt(4)];
                Arrays.fill(out, (byte) 0x5A);
                byte[] inBefore = inUsed.clone();
                int n = opener.open(ivUsed, aadUsed, inUsed, offset, length, t, out, outOffset);
                if (part == 0) {
                    assertEquals(plain.length, n, aes + " " + c);
                    assertArrayEquals(plain, Arrays.copyOfRange(out, outOffset, outOffset + n), aes + " " + c);
                } else {
                    assertEquals(-1, n, aes + " " + c);
                    assertArrayEquals(new byte[plain.length], Arrays.copyOfRange(out, outOffset, outOffset + plain.length), aes + " " + c);
                }
                for (int k = 0; k < out.length; k++) {
                    if (k < outOffset || k >= outOffset + plain.length) {
                        assertEquals((byte) 0x5A, out[k], aes + " " + c + ": byte " + k + " outside the output range");
                    }
                }
                assertArrayEquals(inBefore, inUsed, aes + " " + c + ": the input is only read");
                // The same opener, reused after a rejection, opens the untouched frame.
                byte[] again = new byte[plain.length];
                assertEquals(plain.length, opener.open(iv, aad, in, offset, length, t, again, 0), aes + " " + c);
                assertArrayEquals(plain, again, aes + " " + c);
            }
        }
    }

    private static void flip(Random r, byte[] b, int from, int len) {
        int bit = r.nextInt(len * 8);
        b[from + bit / 8] ^= (byte) (1 << (bit % 8));
    }

    /** The old re-initialising openers and the lean ones agree (same accept, same plaintext), both engines. */
    @Test
    void agreesWithTheReinitialisingOpeners() {
        long seed = Long.getLong("c2du.seed", System.nanoTime());
        System.out.println("LeanGcmOpenerTest.agreesWithTheReinitialisingOpeners: seed " + seed);
        Random r = new Random(seed);
        for (int i = 0; i < 200; i++) {
            byte[] key = bytes(r, 16);
            byte[] iv = bytes(r, 12);
            byte[] aad = bytes(r, 17);
            byte[] plain = bytes(r, 1 + r.nextInt(200));
            int t = r.nextBoolean() ? 12 : 16;
            byte[] sealed = new BouncyCastleGcmEngine().seal(key, iv, aad, plain, t);
            if (r.nextBoolean()) {
                flip(r, sealed, 0, sealed.length);
            }
            GcmEngine.Opener[] all = {JdkGcmEngine.reinitOpener(key), BouncyCastleGcmEngine.reinitOpener(key),
                LeanGcmOpener.withJdkAes(key), LeanGcmOpener.withBouncyCastleAes(key)};
            byte[] first = all[0].open(iv, aad, sealed, 0, sealed.length, t).orElse(null);
            for (GcmEngine.Opener o : all) {
                assertArrayEquals(first, o.open(iv, aad, sealed, 0, sealed.length, t).orElse(null), "seed " + seed + ", case " + i);
            }
        }
    }

    /**
     * Nothing allocated per frame (the point of this opener): after warm-up, 10,000 opens of a
     * C2P-1-sized frame, good and bad, allocate under 1 byte each on this thread.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdk", "bc"})
    void allocatesNothingPerOpen(String aes) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Random r = new Random(20);
        byte[] key = bytes(r, 16);
        byte[] iv = bytes(r, 12);
        byte[] aad = bytes(r, 17);
        byte[] plain = bytes(r, 120);
        byte[] good = Arrays.copyOf(jdkSeal(key, iv, aad, plain), plain.length + 12);
        byte[] bad = good.clone();
        bad[5] ^= 1;
        GcmEngine.Opener opener = variant(aes).apply(key);
        byte[] out = new byte[plain.length];
        long sum = 0;
        for (int i = 0; i < 50_000; i++) {
            sum += opener.open(iv, aad, (i & 7) == 0 ? bad : good, 0, good.length, 12, out, 0);
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 10_000; i++) {
            sum += opener.open(iv, aad, (i & 7) == 0 ? bad : good, 0, good.length, 12, out, 0);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(sum != 0);
        assertTrue(allocated < 10_000, aes + ": " + allocated + " bytes in 10,000 opens");
        System.out.println("LeanGcmOpenerTest.allocatesNothingPerOpen " + aes + ": " + allocated + " B in 10,000 opens");
        assertFalse(Arrays.equals(new byte[plain.length], out));
    }
}
