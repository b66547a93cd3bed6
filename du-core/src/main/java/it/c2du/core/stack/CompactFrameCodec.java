package it.c2du.core.stack;

import it.c2du.core.layout.CompactFrameFormat;
import it.c2du.core.layout.CompactFrameFormat.FieldFormat;
import it.c2du.core.layout.CompactFrameTable;
import it.c2du.core.layout.Layout;
import it.c2du.core.profile.CompactFrameType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Layer 5: an authenticated plaintext to a compact frame, by the profile's CF table. */
public final class CompactFrameCodec {
    private CompactFrameCodec() {
    }

    /** Decodes by C2P-1's table. */
    public static LayerResult<CompactFrame> decode(byte[] plaintext) {
        return decode(plaintext, Layout.c2p1().compactFrames());
    }

    public static LayerResult<CompactFrame> decode(byte[] plaintext, CompactFrameTable table) {
        long scan = scan(plaintext, 0, plaintext.length, table);
        if (Scan.isRejected(scan)) {
            return Scan.rejection(Layer.COMPACT_FRAME, scan);
        }
        return LayerResult.passed(new CompactFrame(table.type(Scan.value(scan)), table.bigEndian(), plaintext));
    }

    /**
     * The checks of {@link #decode} on the plaintext in {@code buf[offset, offset + length)},
     * without the record: a {@link Scan} whose value is the CF number ({@code table.type} of it
     * gives the format and its counter).
     */
    public static long scan(byte[] buf, int offset, int length, CompactFrameTable table) {
        CompactFrameFormat format = length == 0 ? null : table.type(buf[offset] & 0xFF);
        if (format == null) {
            return Scan.rejected(RejectReason.CF_UNKNOWN);
        }
        int need = table.plaintextLength(format.number());
        if (length < need || (table.exactLength() && length != need)) {
            return Scan.rejected(RejectReason.CF_LENGTH);
        }
        return Scan.passed(offset, length, format.number());
    }

    /**
     * The C2P-1 plaintext of a compact frame. Every field of the table must be given and fit its
     * size: this is the meter side, and a wrong test frame should fail loudly where it is built.
     */
    public static byte[] encode(CompactFrameType type, Map<String, Long> fields) {
        return encode(Layout.c2p1().compactFrames().type(type.number()), fields, true);
    }

    /**
     * The plaintext of a compact frame of the profile: integers as Long (or BigInteger for a u64),
     * ascii as text (padded with spaces), bytes as hex.
     */
    public static byte[] encode(CompactFrameFormat format, Map<String, ?> fields, boolean bigEndian) {
        byte[] p = new byte[format.plaintextLength()];
        p[0] = (byte) format.number();
        int offset = 1;
        for (FieldFormat f : format.fields()) {
            Object v = fields.get(f.name());
            String what = "CF" + format.number() + "." + f.name() + ": " + v + " does not fit " + f.typeName();
            switch (f.kind()) {
                case UNSIGNED, SIGNED -> {
                    if (!(v instanceof Long) && !(v instanceof BigInteger)) {
                        throw new IllegalArgumentException(what);
                    }
                    BigInteger b = v instanceof Long l ? BigInteger.valueOf(l) : (BigInteger) v;
                    int bits = 8 * f.size();
                    BigInteger min = f.kind() == FieldFormat.Kind.UNSIGNED ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
                    BigInteger max = f.kind() == FieldFormat.Kind.UNSIGNED ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                            : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
                    if (b.compareTo(min) < 0 || b.compareTo(max) > 0) {
                        throw new IllegalArgumentException(what);
                    }
                    Bytes.writeUnsigned(p, offset, f.size(), b.longValue(), bigEndian);
                }
                case ASCII -> {
                    byte[] t = v instanceof String s ? s.getBytes(StandardCharsets.US_ASCII) : null;
                    if (t == null || t.length > f.size()) {
                        throw new IllegalArgumentException(what);
                    }
                    java.util.Arrays.fill(p, offset, offset + f.size(), (byte) ' ');
                    System.arraycopy(t, 0, p, offset, t.length);
                }
                case BYTES -> {
                    byte[] t = v instanceof String s ? Bytes.parseHexOrNull(s) : null;
                    if (t == null || t.length != f.size()) {
                        throw new IllegalArgumentException(what);
                    }
                    System.arraycopy(t, 0, p, offset, t.length);
                }
                default -> throw new IllegalStateException();
            }
            offset += f.size();
        }
        if (fields.size() != format.fields().size()) {
            throw new IllegalArgumentException("CF" + format.number() + ": fields " + fields.keySet() + " are not those of the table");
        }
        return p;
    }
}
