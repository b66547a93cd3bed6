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

    /** An unsigned read in either byte order (a profile fixes the order of each field). */
    public static long readUnsigned(byte[] b, int offset, int size, boolean bigEndian) {
        if (bigEndian) {
            return readUnsigned(b, offset, size);
        }
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[offset + i] & 0xFF);
        }
        return v;
    }

    /** An unsigned write in either byte order. */
    public static void writeUnsigned(byte[] b, int offset, int size, long value, boolean bigEndian) {
        if (bigEndian) {
            writeUnsigned(b, offset, size, value);
            return;
        }
        for (int i = 0; i < size; i++) {
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
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            int hi = hexValue(s.charAt(2 * i));
            int lo = hexValue(s.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            b[i] = (byte) (hi << 4 | lo);
        }
        return b;
    }

    /** Whether {@code c} is an ASCII hex digit (Character.digit also takes other scripts' digits). */
    public static boolean isHexDigit(int c) {
        return hexValue(c) >= 0;
    }

    /** The value of an ASCII hex digit, either case; -1 for any other character. */
    public static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
