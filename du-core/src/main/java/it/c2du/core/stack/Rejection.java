package it.c2du.core.stack;

/** A typed rejection: the layer that dropped the frame and why. */
public record Rejection(Layer layer, RejectReason reason) {
    @Override
    public String toString() {
        return reason.wireName() + " (" + layer.title() + ")";
    }
}
