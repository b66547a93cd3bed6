package it.c2du.core.stack;

import it.c2du.core.layout.CompactFrameFormat;
import it.c2du.core.layout.CompactFrameFormat.FieldFormat;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.ReceptionCounter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A decoded compact frame: its type as the profile declares it and every field of its table, in
 * table order. The fields are read from the plaintext when asked: counting a frame needs only its
 * counter, and a map of boxed values per frame was the largest allocation of the receive path
 * (docs/performance.md).
 */
public final class CompactFrame {
    private final CompactFrameFormat format;
    private final boolean bigEndian;
    private final byte[] plaintext;

    /** {@code plaintext} has been checked against the format (CF number and length). */
    CompactFrame(CompactFrameFormat format, boolean bigEndian, byte[] plaintext) {
        this.format = format;
        this.bigEndian = bigEndian;
        this.plaintext = plaintext;
    }

    /** The CF type as the profile declares it. */
    public CompactFrameFormat format() {
        return format;
    }

    public int number() {
        return format.number();
    }

    /** The counter this frame feeds when accepted; null for a type the profile counts nowhere. */
    public ReceptionCounter counter() {
        return format.counter();
    }

    /** C2P-1's type of the same CF number, or null for a CF C2P-1 does not define. */
    public CompactFrameType type() {
        return CompactFrameType.byNumber(format.number());
    }

    /**
     * Every field of the CF table, in wire order (an unmodifiable map made on each call): integers
     * as Long (a u64 beyond Long's range as BigInteger), ascii as text, bytes as hex.
     */
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        int offset = 1;
        for (FieldFormat f : format.fields()) {
            fields.put(f.name(), value(f, offset));
            offset += f.size();
        }
        return Collections.unmodifiableMap(fields);
    }

    private Object value(FieldFormat f, int offset) {
        switch (f.kind()) {
            case UNSIGNED: {
                long v = Bytes.readUnsigned(plaintext, offset, f.size(), bigEndian);
                return v < 0 ? new BigInteger(Long.toUnsignedString(v)) : (Object) v;
            }
            case SIGNED: {
                long v = Bytes.readUnsigned(plaintext, offset, f.size(), bigEndian);
                int shift = 64 - 8 * f.size();
                return (v << shift) >> shift;
            }
            case ASCII: {
                int end = offset + f.size();
                while (end > offset && (plaintext[end - 1] == ' ' || plaintext[end - 1] == 0)) {
                    end--;
                }
                return new String(plaintext, offset, end - offset, StandardCharsets.US_ASCII);
            }
            default:
                return Bytes.hex(Arrays.copyOfRange(plaintext, offset, offset + f.size()));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompactFrame c && format.equals(c.format) && bigEndian == c.bigEndian
                && Arrays.equals(plaintext, c.plaintext);
    }

    @Override
    public int hashCode() {
        return format.hashCode() * 31 + Arrays.hashCode(plaintext);
    }

    @Override
    public String toString() {
        return "CompactFrame[CF" + format.number() + ", fields=" + fields() + "]";
    }
}
