package it.c2du.core.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFromFirstUpToMax() {
        Backoff b = Backoff.doubling(Duration.ofSeconds(1), Duration.ofSeconds(30));
        long[] expected = {1, 2, 4, 8, 16, 30, 30};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Duration.ofSeconds(expected[i]), b.base(i + 1), "failure " + (i + 1));
            assertEquals(Duration.ofSeconds(expected[i]), b.after(i + 1, new Random(i)), "no jitter, failure " + (i + 1));
        }
        assertEquals(Duration.ofSeconds(30), b.base(10_000), "a long outage stays at max without overflow");
    }

    @Test
    void jitterStaysWithinItsSpreadAndSpreads() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Backoff b = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(30), 0.2);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 1000; i++) {
            long ms = b.after(1, random).toMillis();
            assertTrue(ms >= 24_000 && ms <= 36_000, "seed " + seed + ": " + ms + " ms outside 30 s +-20 %");
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertTrue(max - min > 6_000, "seed " + seed + ": 1000 draws should spread over most of +-20 %, got " + min + ".." + max);
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.doubling(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> Backoff.doubling(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.7));
    }
}
