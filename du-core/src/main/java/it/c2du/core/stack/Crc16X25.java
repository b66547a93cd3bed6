package it.c2du.core.stack;

/**
 * CRC-16/X-25 (the HDLC FCS): polynomial 0x1021 reflected (0x8408), init 0xFFFF, xorout 0xFFFF.
 * check("123456789") = 0x906E. Table-driven: this runs on every frame the modem delivers.
 */
public final class Crc16X25 {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0x8408 : c >>> 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc16X25() {
    }

    public static int compute(byte[] data, int offset, int length) {
        int crc = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ data[i]) & 0xFF];
        }
        return crc ^ 0xFFFF;
    }
}
