package it.c2du.core.layout;

/**
 * CRC-16/X-25 (the HDLC FCS): polynomial 0x1021 reflected (0x8408), init 0xFFFF, xorout 0xFFFF.
 * check("123456789") = 0x906E. It runs on every frame the modem delivers: four bytes a step
 * ("slicing by 4": table k holds a byte's remainder followed by k zero bytes), then byte by byte.
 */
public final class Crc16X25 {
    private static final int[] T0 = new int[256];
    private static final int[] T1 = new int[256];
    private static final int[] T2 = new int[256];
    private static final int[] T3 = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0x8408 : c >>> 1;
            }
            T0[i] = c;
        }
        for (int i = 0; i < 256; i++) {
            T1[i] = (T0[i] >>> 8) ^ T0[T0[i] & 0xFF];
            T2[i] = (T1[i] >>> 8) ^ T0[T1[i] & 0xFF];
            T3[i] = (T2[i] >>> 8) ^ T0[T2[i] & 0xFF];
        }
    }

    private Crc16X25() {
    }

    public static int compute(byte[] data, int offset, int length) {
        int crc = 0xFFFF;
        int i = offset;
        int end = offset + length;
        for (; end - i >= 4; i += 4) {
            int x = crc ^ ((data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8);
            crc = T3[x & 0xFF] ^ T2[x >>> 8] ^ T1[data[i + 2] & 0xFF] ^ T0[data[i + 3] & 0xFF];
        }
        for (; i < end; i++) {
            crc = (crc >>> 8) ^ T0[(crc ^ data[i]) & 0xFF];
        }
        return crc ^ 0xFFFF;
    }
}
