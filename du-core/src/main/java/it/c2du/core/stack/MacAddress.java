package it.c2du.core.stack;

import it.c2du.core.profile.C2P1;
import java.util.Arrays;

/** A 6-byte PLC MAC address, printed as 12 upper-case hex digits ("DC1234567890"). */
public final class MacAddress {
    private static final int SIZE = C2P1.Mac.ADDRESS_SIZE;
    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static MacAddress of(byte[] b, int offset) {
        return new MacAddress(Arrays.copyOfRange(b, offset, offset + SIZE));
    }

    /** The address whose bytes travel last byte first at {@code offset} (profile address-order reversed). */
    public static MacAddress ofReversed(byte[] b, int offset) {
        byte[] a = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            a[i] = b[offset + SIZE - 1 - i];
        }
        return new MacAddress(a);
    }

    /** Parses 12 hex digits; null when the text is not that. */
    public static MacAddress parseOrNull(String hex) {
        byte[] b = hex.length() == 2 * SIZE ? Bytes.parseHexOrNull(hex) : null;
        return b == null ? null : new MacAddress(b);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public int firstByte() {
        return bytes[0] & 0xFF;
    }

    boolean matches(byte[] frame, int offset) {
        return Arrays.equals(bytes, 0, SIZE, frame, offset, offset + SIZE);
    }

    /** Whether the address is at {@code offset}, as written or (reversed) last byte first. */
    public boolean matches(byte[] frame, int offset, boolean reversed) {
        if (!reversed) {
            return matches(frame, offset);
        }
        for (int i = 0; i < SIZE; i++) {
            if (frame[offset + SIZE - 1 - i] != bytes[i]) {
                return false;
            }
        }
        return true;
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
