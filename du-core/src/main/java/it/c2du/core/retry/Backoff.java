package it.c2du.core.retry;

import java.time.Duration;
import java.util.Random;

/**
 * The waits between failed attempts, one rule for every loop that tries again (the modem's port
 * reopened, the platform upload's rounds, {@code du publish}'s attempts): {@code first}, doubling
 * after each further failure up to {@code max}, each spread by up to {@code jitter} either way so
 * that a fleet of DUs that lost the same broker does not come back to it all in the same second.
 *
 * @param jitter the spread, 0 (exact waits) to 0.5; 0.2 = +-20 %
 */
public record Backoff(Duration first, Duration max, double jitter) {
    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 < first <= max, got " + first + " and " + max);
        }
        if (!(jitter >= 0 && jitter <= 0.5)) {
            throw new IllegalArgumentException("jitter " + jitter + " is outside 0..0.5");
        }
    }

    /** Exact waits, no spread. */
    public static Backoff doubling(Duration first, Duration max) {
        return new Backoff(first, max, 0);
    }

    /** The wait after the {@code failures}-th failure in a row (1 = the first): without the jitter. */
    public Duration base(int failures) {
        long base = first.toMillis();
        long cap = max.toMillis();
        for (int i = 1; i < failures && base < cap; i++) {
            base *= 2;
        }
        return Duration.ofMillis(Math.min(base, cap));
    }

    /** The wait after the {@code failures}-th failure in a row, with the jitter drawn from {@code random}. */
    public Duration after(int failures, Random random) {
        long base = base(failures).toMillis();
        if (jitter == 0) {
            return Duration.ofMillis(base);
        }
        return Duration.ofMillis(Math.round(base * (1 - jitter + 2 * jitter * random.nextDouble())));
    }
}
