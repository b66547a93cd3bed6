package it.c2du.core.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Crc16X25Test {
    @Test
    void checkValueOfTheCatalogue() {
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x906E, Crc16X25.compute(b, 0, b.length));
    }

    @Test
    void emptyInputIsInitXorOut() {
        assertEquals(0x0000, Crc16X25.compute(new byte[0], 0, 0));
    }

    @Test
    void honoursOffsetAndLength() {
        byte[] b = "xx123456789yy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x906E, Crc16X25.compute(b, 2, 9));
    }

    /** The definition, one bit at a time: what the table-driven code must equal. */
    private static int bitwise(byte[] b, int offset, int length) {
        int crc = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
            }
        }
        return crc ^ 0xFFFF;
    }

    @Test
    void equalsTheBitwiseDefinitionOnRandomData() {
        long seed = Long.getLong("c2du.seed", System.nanoTime());
        java.util.Random random = new java.util.Random(seed);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[random.nextInt(300)];
            random.nextBytes(b);
            int offset = b.length == 0 ? 0 : random.nextInt(b.length);
            int length = random.nextInt(b.length - offset + 1);
            assertEquals(bitwise(b, offset, length), Crc16X25.compute(b, offset, length),
                    "seed " + seed + " (replay with -Dc2du.seed=" + seed + "), round " + round);
        }
    }
}
