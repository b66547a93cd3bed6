package it.c2du.core.layout;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Layer 5 of a profile: the byte order of every multi-byte field, whether bytes after the last
 * field are allowed, and the CF types the DU understands (any other number is cf-unknown).
 */
public final class CompactFrameTable {
    private final boolean bigEndian;
    private final boolean exactLength;
    private final Map<Integer, CompactFrameFormat> types;
    /** Indexed by the CF number byte: the lookup runs on every authenticated frame. */
    private final CompactFrameFormat[] byNumber = new CompactFrameFormat[256];
    /** The plaintext length of each CF number, worked out once (the format sums its fields). */
    private final int[] lengthByNumber = new int[256];

    public CompactFrameTable(boolean bigEndian, boolean exactLength, Map<Integer, CompactFrameFormat> types) {
        this.bigEndian = bigEndian;
        this.exactLength = exactLength;
        this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        for (CompactFrameFormat t : types.values()) {
            byNumber[t.number()] = t;
            lengthByNumber[t.number()] = t.plaintextLength();
        }
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public boolean exactLength() {
        return exactLength;
    }

    /** The types in the order the profile lists them. */
    public Map<Integer, CompactFrameFormat> types() {
        return types;
    }

    /** The type with this CF number, or null. */
    public CompactFrameFormat type(int number) {
        return number >= 0 && number < 256 ? byNumber[number] : null;
    }

    /** The plaintext length of the type with this CF number (which the table has). */
    public int plaintextLength(int number) {
        return lengthByNumber[number];
    }

    public CompactFrameTable withOrder(boolean bigEndian) {
        return new CompactFrameTable(bigEndian, exactLength, types);
    }

    public CompactFrameTable withExactLength(boolean exactLength) {
        return new CompactFrameTable(bigEndian, exactLength, types);
    }
}
