package it.c2du.core.stack;

/** Where in the receive stack a frame was dropped; shown by {@code du decode}. */
public enum Layer {
    MAC("Layer 1 MAC"),
    LLC("Layer 2 LLC"),
    CONVERGENCE("Layer 3 convergence"),
    SECURITY("Layer 4 security"),
    REPLAY("frame-counter window"),
    COMPACT_FRAME("Layer 5 compact frame");

    private final String title;

    Layer(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
