package it.c2du.core.receive;

import it.c2du.core.stack.Layer;
import it.c2du.core.stack.RejectReason;

/**
 * What the stack made of one frame as a single {@code int}: {@link ReceiveStack#receiveCode}'s
 * answer on the counting path, where a {@link Reception} with its PDU records would be the only
 * objects made per frame (docs/performance.md, issue 20). {@link ReceiveStack#receive} builds its
 * {@link Reception} from the same code, so the two never disagree.
 *
 * <p>Bits 0-1 the verdict; 2-6 the reject reason's ordinal + 1 (0: none); 7-9 the layer of the
 * rejection; 10-18 the plaintext's length + 1 (0: no plaintext reported); 19 a compact frame was
 * decoded; 20-27 its CF number.
 */
public final class ReceptionCode {
    /** {@code CountingReceiver}'s answer for a frame that arrived while the DU had no power: not heard. */
    public static final int NOT_HEARD = -1;

    private static final Verdict[] VERDICTS = Verdict.values();
    private static final Layer[] LAYERS = Layer.values();
    private static final int REASON_SHIFT = 2;
    private static final int LAYER_SHIFT = 7;
    private static final int PLAINTEXT_SHIFT = 10;
    private static final int PLAINTEXT_MASK = 0x1FF;
    private static final int HAS_CF = 1 << 19;
    private static final int CF_SHIFT = 20;

    private ReceptionCode() {
    }

    /** Dropped by a layer before the frame was authenticated. */
    static int rejected(Layer layer, RejectReason reason) {
        return Verdict.REJECTED.ordinal() | (reason.ordinal() + 1) << REASON_SHIFT | layer.ordinal() << LAYER_SHIFT;
    }

    /** Authenticated: {@code plaintextLength} bytes, and {@code cfNumber} when they decoded as a compact frame (else -1). */
    static int authenticated(Verdict verdict, Layer layer, RejectReason reason, int plaintextLength, int cfNumber) {
        int code = verdict.ordinal() | (plaintextLength + 1) << PLAINTEXT_SHIFT;
        if (reason != null) {
            code |= (reason.ordinal() + 1) << REASON_SHIFT | layer.ordinal() << LAYER_SHIFT;
        }
        return cfNumber < 0 ? code : code | HAS_CF | cfNumber << CF_SHIFT;
    }

    public static Verdict verdict(int code) {
        return VERDICTS[code & 3];
    }

    public static boolean accepted(int code) {
        return code != NOT_HEARD && (code & 3) == Verdict.ACCEPTED.ordinal();
    }

    /** The reason of a rejection, else null. */
    public static RejectReason reason(int code) {
        int r = code >>> REASON_SHIFT & 0x1F;
        return r == 0 ? null : RejectReason.byOrdinal(r - 1);
    }

    /** The layer of a rejection, else null. */
    public static Layer layer(int code) {
        return reason(code) == null ? null : LAYERS[code >>> LAYER_SHIFT & 7];
    }

    /** The authenticated plaintext's length, or -1 when none is reported (not authenticated, or stale). */
    public static int plaintextLength(int code) {
        return (code >>> PLAINTEXT_SHIFT & PLAINTEXT_MASK) - 1;
    }

    /** The decoded compact frame's CF number, or -1 when the plaintext was not one. */
    public static int cfNumber(int code) {
        return (code & HAS_CF) == 0 ? -1 : code >>> CF_SHIFT & 0xFF;
    }

    /** For logs and test failures: "accepted CF1", "rejected mac-fcs (Layer 1 MAC)". */
    public static String toString(int code) {
        if (code == NOT_HEARD) {
            return "not heard";
        }
        StringBuilder sb = new StringBuilder(verdict(code).wireName());
        if (reason(code) != null) {
            sb.append(' ').append(reason(code).wireName()).append(" (").append(layer(code).title()).append(')');
        }
        if (cfNumber(code) >= 0) {
            sb.append(" CF").append(cfNumber(code));
        }
        return sb.toString();
    }
}
