package it.c2du.core.layout;


/**
 * The CRCs a profile may name for the MAC frame check sequence (profile-file.md), with their
 * parameters. CRC-16/X-25, C2P-1's, keeps its sliced implementation; the others run a byte-wise
 * table, which is fast enough for the frames a DU hears and for discovery's few hundred.
 */
public enum FcsCrc {
    CRC16_X25("crc16-x25", 16, 0x1021, 0xFFFF, true, 0xFFFF),
    CRC16_CCITT_FALSE("crc16-ccitt-false", 16, 0x1021, 0xFFFF, false, 0x0000),
    CRC16_XMODEM("crc16-xmodem", 16, 0x1021, 0x0000, false, 0x0000),
    CRC16_KERMIT("crc16-kermit", 16, 0x1021, 0x0000, true, 0x0000),
    CRC16_MODBUS("crc16-modbus", 16, 0x8005, 0xFFFF, true, 0x0000),
    CRC32("crc32", 32, 0x04C11DB7, 0xFFFFFFFF, true, 0xFFFFFFFF);

    private final String fileName;
    private final int width;
    private final int init;
    private final boolean reflected;
    private final int xorOut;
    private final int[] table = new int[256];

    FcsCrc(String fileName, int width, int poly, int init, boolean reflected, int xorOut) {
        this.fileName = fileName;
        this.width = width;
        this.init = init;
        this.reflected = reflected;
        this.xorOut = xorOut;
        long mask = width == 32 ? 0xFFFFFFFFL : 0xFFFFL;
        if (reflected) {
            int rpoly = Integer.reverse(poly) >>> (32 - width);
            for (int i = 0; i < 256; i++) {
                int c = i;
                for (int k = 0; k < 8; k++) {
                    c = (c & 1) != 0 ? (c >>> 1) ^ rpoly : c >>> 1;
                }
                table[i] = c;
            }
        } else {
            for (int i = 0; i < 256; i++) {
                long c = (long) i << (width - 8);
                for (int k = 0; k < 8; k++) {
                    c = (c & (1L << (width - 1))) != 0 ? (c << 1) ^ poly : c << 1;
                }
                table[i] = (int) (c & mask);
            }
        }
    }

    /** The name a profile file uses. */
    public String fileName() {
        return fileName;
    }

    /** FCS bytes on the wire: 2 or 4. */
    public int size() {
        return width / 8;
    }

    public static FcsCrc byFileName(String name) {
        for (FcsCrc c : values()) {
            if (c.fileName.equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The CRC of {@code data[offset, offset + length)}, as an unsigned value of {@link #size()} bytes. */
    public long compute(byte[] data, int offset, int length) {
        if (this == CRC16_X25) {
            return Crc16X25.compute(data, offset, length);
        }
        int end = offset + length;
        if (reflected) {
            int crc = init;
            for (int i = offset; i < end; i++) {
                crc = (crc >>> 8) ^ table[(crc ^ data[i]) & 0xFF];
            }
            return (crc ^ xorOut) & (width == 32 ? 0xFFFFFFFFL : 0xFFFFL);
        }
        int crc = init;
        int shift = width - 8;
        int mask = width == 32 ? 0xFFFFFFFF : 0xFFFF;
        for (int i = offset; i < end; i++) {
            crc = ((crc << 8) ^ table[((crc >>> shift) ^ data[i]) & 0xFF]) & mask;
        }
        return (crc ^ xorOut) & (width == 32 ? 0xFFFFFFFFL : 0xFFFFL);
    }
}
