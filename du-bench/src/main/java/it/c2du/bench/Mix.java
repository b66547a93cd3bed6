package it.c2du.bench;

import it.c2du.lab.traffic.TrafficMix;
import java.util.List;

/** The traffic every benchmark uses: the same seed and size as {@code du bench}'s default. */
final class Mix {
    static final long SEED = 7;
    static final int FRAMES = 20_000;

    private Mix() {
    }

    static List<TrafficMix.Frame> frames(int n) {
        return new TrafficMix(SEED).frames(n);
    }
}
