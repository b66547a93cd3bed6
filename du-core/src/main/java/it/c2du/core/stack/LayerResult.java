package it.c2du.core.stack;

/**
 * What one layer makes of its PDU: the decoded PDU, or a rejection. Expected bad input is a
 * value, never an exception.
 */
public sealed interface LayerResult<T> {

    record Passed<T>(T pdu) implements LayerResult<T> {
    }

    record Rejected<T>(Rejection rejection) implements LayerResult<T> {
    }

    static <T> LayerResult<T> passed(T pdu) {
        return new Passed<>(pdu);
    }

    static <T> LayerResult<T> rejected(Layer layer, RejectReason reason) {
        return new Rejected<>(new Rejection(layer, reason));
    }
}
