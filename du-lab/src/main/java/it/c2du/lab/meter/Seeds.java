package it.c2du.lab.meter;

import java.util.Random;

/**
 * Deterministic randomness keyed by what it is for (seed, purpose, day, instant), so that any
 * day or instant can be simulated on its own, in any order, with the same result.
 */
final class Seeds {
    private Seeds() {
    }

    /** A well-spread 64-bit hash of the values (SplitMix64 finaliser applied to each in turn). */
    static long mix(long... values) {
        long h = 0x632BE59BD9B4E019L;
        for (long v : values) {
            h = finish(h ^ v);
        }
        return h;
    }

    /** A {@link Random} seeded by the values: the source for one day's plan. */
    static Random random(long... values) {
        return new Random(mix(values));
    }

    /** A value in [lo, hi] picked by a hash. */
    static int between(long hash, int lo, int hi) {
        return lo + (int) Math.floorMod(hash, (long) hi - lo + 1);
    }

    /** A value in [lo, hi] drawn from {@code random}. */
    static int between(Random random, int lo, int hi) {
        return lo + random.nextInt(hi - lo + 1);
    }

    private static long finish(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
