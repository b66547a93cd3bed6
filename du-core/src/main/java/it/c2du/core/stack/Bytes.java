package it.c2du.core.stack;

import java.util.HexFormat;

/** Big-endian unsigned reads and hex printing shared by the layers. */
public final class Bytes {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private Bytes() {
    }

    public static long readUnsigned(byte[] b, int offset, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            v = (v << 8) | (b[offset + i] & 0xFF);
        }
        return v;
    }

    public static void writeUnsigned(byte[] b, int offset, int size, long value) {
        for (int i = size - 1; i >= 0; i--) {
            b[offset + i] = (byte) value;
            value >>>= 8;
        }
    }

    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /** Parses hex, either case; null when the text is not an even number of hex digits. */
    public static byte[] parseHexOrNull(String s) {
        if (s.isEmpty() || (s.length() & 1) != 0) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 'f' || Character.digit(s.charAt(i), 16) < 0) { // ASCII only: HexFormat rejects other digits
                return null;
            }
        }
        return HexFormat.of().parseHex(s);
    }
}
