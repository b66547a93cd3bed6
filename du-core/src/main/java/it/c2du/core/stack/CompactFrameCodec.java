package it.c2du.core.stack;

import it.c2du.core.profile.CompactFrameType;
import java.util.Map;

/** Layer 5: an authenticated plaintext to a compact frame, by the table of {@link CompactFrameType}. */
public final class CompactFrameCodec {
    private CompactFrameCodec() {
    }

    public static LayerResult<CompactFrame> decode(byte[] plaintext) {
        CompactFrameType type = plaintext.length == 0 ? null : CompactFrameType.byNumber(plaintext[0] & 0xFF);
        if (type == null) {
            return LayerResult.rejected(Layer.COMPACT_FRAME, RejectReason.CF_UNKNOWN);
        }
        if (plaintext.length != type.plaintextLength()) {
            return LayerResult.rejected(Layer.COMPACT_FRAME, RejectReason.CF_LENGTH);
        }
        return LayerResult.passed(new CompactFrame(type, plaintext));
    }

    /**
     * The plaintext of a compact frame. Every field of the table must be given and fit its size:
     * this is the meter side, and a wrong test frame should fail loudly where it is built.
     */
    public static byte[] encode(CompactFrameType type, Map<String, Long> fields) {
        byte[] p = new byte[type.plaintextLength()];
        p[0] = (byte) type.number();
        int offset = 1;
        for (CompactFrameType.Field f : type.fields()) {
            Long v = fields.get(f.name());
            if (v == null || v < 0 || v > f.max()) {
                throw new IllegalArgumentException(type + "." + f.name() + ": " + v + " does not fit " + f.size() + " bytes");
            }
            Bytes.writeUnsigned(p, offset, f.size(), v);
            offset += f.size();
        }
        if (fields.size() != type.fields().size()) {
            throw new IllegalArgumentException(type + ": fields " + fields.keySet() + " are not those of the table");
        }
        return p;
    }
}
