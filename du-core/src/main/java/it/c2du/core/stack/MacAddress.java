package it.c2du.core.stack;

import java.util.Arrays;

/** A 6-byte PLC MAC address, printed as 12 upper-case hex digits ("DC1234567890"). */
public final class MacAddress {
    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static MacAddress of(byte[] b, int offset) {
        return new MacAddress(Arrays.copyOfRange(b, offset, offset + 6));
    }

    /** Parses 12 hex digits; null when the text is not that. */
    public static MacAddress parseOrNull(String hex) {
        byte[] b = hex.length() == 12 ? Bytes.parseHexOrNull(hex) : null;
        return b == null ? null : new MacAddress(b);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public int firstByte() {
        return bytes[0] & 0xFF;
    }

    boolean matches(byte[] frame, int offset) {
        return Arrays.equals(bytes, 0, 6, frame, offset, offset + 6);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return Bytes.hex(bytes);
    }
}
