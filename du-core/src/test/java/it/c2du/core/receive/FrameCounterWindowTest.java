package it.c2du.core.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import it.c2du.core.receive.FrameCounterWindow.Position;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameCounterWindowTest {

    @Test
    void edgesOfTheWindow() {
        FrameCounterWindow w = new FrameCounterWindow();
        assertEquals(Position.NEW_HIGHEST, w.position(0));
        w.consume(3000);
        assertEquals(Position.REPETITION, w.position(3000));
        assertEquals(Position.STALE, w.position(3000 - 1024));
        assertEquals(Position.LATE, w.position(3000 - 1023));
        assertEquals(Position.LATE, w.position(2999));
        assertEquals(Position.NEW_HIGHEST, w.position(3001));
        w.consume(1977);
        assertEquals(Position.REPETITION, w.position(1977));
        assertThrows(IllegalStateException.class, () -> w.consume(1977));
        assertThrows(IllegalStateException.class, () -> w.consume(1976));
    }

    @Test
    void advancingForgetsTheCountersItSkips() {
        FrameCounterWindow w = new FrameCounterWindow();
        w.consume(5);
        w.consume(5 + 1024 + 3);
        // 5 + 1024 shares 5's bit; it was never seen.
        assertEquals(Position.LATE, w.position(5 + 1024));
        w.consume(5 + 1024);
        assertEquals(Position.REPETITION, w.position(5 + 1024));
    }

    @Test
    void restoredWindowBehavesTheSame() {
        FrameCounterWindow w = new FrameCounterWindow();
        for (long f : new long[] {10, 12, 700, 1500, 1499}) {
            w.consume(f);
        }
        FrameCounterWindow r = FrameCounterWindow.restore(w.highest(), w.bitmap());
        for (long f = 0; f < 2000; f++) {
            assertEquals(w.position(f), r.position(f), "fc " + f);
        }
        assertThrows(IllegalArgumentException.class, () -> FrameCounterWindow.restore(5, new long[3]));
    }

    /** Random sequences against a model that remembers every consumed counter forever. */
    @Test
    void matchesAnUnboundedModel() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int run = 0; run < 200; run++) {
            FrameCounterWindow w = new FrameCounterWindow();
            Set<Long> consumed = new HashSet<>();
            long h = -1;
            long base = r.nextInt(4) == 0 ? 0xFFFFFFFFL - 5000 : r.nextInt(100000);
            for (int i = 0; i < 400; i++) {
                long f;
                switch (r.nextInt(4)) {
                    case 0 -> f = base + r.nextInt(3000);
                    case 1 -> f = Math.max(0, h - 1030 + r.nextInt(1040));
                    case 2 -> f = h + 1 + r.nextInt(2);
                    default -> f = Math.max(0, h + r.nextInt(3000) - 1500);
                }
                f = Math.min(f, 0xFFFFFFFFL);
                Position expected = f > h ? Position.NEW_HIGHEST
                        : f <= h - 1024 ? Position.STALE
                        : consumed.contains(f) ? Position.REPETITION : Position.LATE;
                assertEquals(expected, w.position(f), "seed " + seed + " run " + run + " step " + i + " fc " + f + " h " + h);
                if (expected == Position.NEW_HIGHEST || expected == Position.LATE) {
                    w.consume(f);
                    consumed.add(f);
                    h = Math.max(h, f);
                }
                assertEquals(h, w.highest(), "seed " + seed);
            }
        }
    }
}
