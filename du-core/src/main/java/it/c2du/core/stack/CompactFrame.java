package it.c2du.core.stack;

import it.c2du.core.profile.CompactFrameType;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A decoded compact frame: its type and every field of its table, in table order. The fields are
 * read from the plaintext when asked: counting a frame needs only its type, and a map of boxed
 * values per frame was the largest allocation of the receive path (docs/performance.md).
 */
public final class CompactFrame {
    private final CompactFrameType type;
    private final byte[] plaintext;

    /** {@code plaintext} has been checked against the type's table (CF number and length). */
    CompactFrame(CompactFrameType type, byte[] plaintext) {
        this.type = type;
        this.plaintext = plaintext;
    }

    public CompactFrameType type() {
        return type;
    }

    /** Every field of the CF table, in wire order (an unmodifiable map made on each call). */
    public Map<String, Long> fields() {
        Map<String, Long> fields = new LinkedHashMap<>();
        int offset = 1;
        for (CompactFrameType.Field f : type.fields()) {
            fields.put(f.name(), Bytes.readUnsigned(plaintext, offset, f.size()));
            offset += f.size();
        }
        return Collections.unmodifiableMap(fields);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompactFrame c && type == c.type && Arrays.equals(plaintext, c.plaintext);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(plaintext);
    }

    @Override
    public String toString() {
        return "CompactFrame[type=" + type + ", fields=" + fields() + "]";
    }
}
