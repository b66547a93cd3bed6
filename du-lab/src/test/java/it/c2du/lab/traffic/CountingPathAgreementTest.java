package it.c2du.lab.traffic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import it.c2du.core.config.DuConfig;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.ReceptionCode;
import it.c2du.core.stack.MacLayer;
import it.c2du.counters.CountingReceiver;
import it.c2du.counters.DailyCounters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The counting path ({@link CountingReceiver#countFrame}, {@link ReceiveStack#receiveCode}: no
 * object per frame) and the allocating one ({@code onFrame}, {@code receive}: the Reception and
 * its PDU records that du decode and the frame objects print) agree on every frame: the traffic
 * mix, the same frames damaged at random (some with the FCS made good again, so the damage
 * reaches the upper layers) and random bytes. Seeded; the seed is in every failure message and
 * -Dc2du.seed=N replays one.
 */
class CountingPathAgreementTest {
    private static final long SEED = Long.getLong("c2du.seed", System.nanoTime());

    private static String seed() {
        return "seed " + SEED + " (replay with -Dc2du.seed=" + SEED + ")";
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "bc"})
    void theTwoPathsGiveTheSameVerdictsTallyCountersAndWindows(String engine) {
        Random random = new Random(SEED);
        List<TrafficMix.Frame> mix = new TrafficMix(random.nextLong()).frames(4_000);
        List<Instant> times = new ArrayList<>();
        List<byte[]> frames = new ArrayList<>();
        for (TrafficMix.Frame f : mix) {
            times.add(f.time());
            frames.add(f.bytes());
            int roll = random.nextInt(10);
            if (roll < 3) {
                // The same frame damaged: a byte changed, cut short or grown, the FCS made good or not.
                byte[] b = f.bytes().clone();
                switch (random.nextInt(3)) {
                    case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
                    case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
                    default -> b = Arrays.copyOf(b, b.length + 1 + random.nextInt(4));
                }
                if (b.length >= 16 && random.nextBoolean()) {
                    MacLayer.refreshFcs(b);
                }
                times.add(f.time());
                frames.add(b);
            } else if (roll == 3) {
                byte[] b = new byte[random.nextInt(80)];
                random.nextBytes(b);
                times.add(f.time());
                frames.add(b);
            }
        }
        DuConfig cfg = TrafficMix.config(engine);
        CountingReceiver objects = new CountingReceiver(new ReceiveStack(cfg.duAddress(), cfg.associations(), cfg.newEngine()),
                new DailyCounters(cfg.zone()));
        CountingReceiver codes = new CountingReceiver(new ReceiveStack(cfg.duAddress(), cfg.associations(), cfg.newEngine()),
                new DailyCounters(cfg.zone()));
        for (int i = 0; i < frames.size(); i++) {
            String where = seed() + ", " + engine + ", frame " + i;
            Reception r = objects.onFrame(times.get(i), frames.get(i));
            int code = codes.countFrame(times.get(i), frames.get(i));
            assertEquals(r.verdict(), ReceptionCode.verdict(code), where);
            assertEquals(r.rejection() == null ? null : r.rejection().reason(), ReceptionCode.reason(code), where);
            assertEquals(r.rejection() == null ? null : r.rejection().layer(), ReceptionCode.layer(code), where);
            assertEquals(r.compactFrame() == null ? -1 : r.compactFrame().number(), ReceptionCode.cfNumber(code), where);
            assertArrayEquals(r.plaintext(), codes.pipeline().plaintext(code), where);
        }
        assertEquals(objects.tally().total(), codes.tally().total(), seed());
        assertEquals(objects.tally().accepted(), codes.tally().accepted(), seed());
        assertEquals(objects.tally().repetitions(), codes.tally().repetitions(), seed());
        assertEquals(objects.tally().reasons(), codes.tally().reasons(), seed());
        for (ReceptionCounter c : ReceptionCounter.values()) {
            assertEquals(objects.counters().today(c), codes.counters().today(c), seed() + " " + c);
            assertArrayEquals(objects.counters().profile(c), codes.counters().profile(c), seed() + " " + c);
        }
        for (MeterRole m : MeterRole.values()) {
            assertEquals(objects.pipeline().window(m).highest(), codes.pipeline().window(m).highest(), seed() + " " + m);
            assertArrayEquals(objects.pipeline().window(m).bitmap(), codes.pipeline().window(m).bitmap(), seed() + " " + m);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "bc"})
    void framesWithoutPowerAreNotHeardOnEitherPath(String engine) {
        DuConfig cfg = TrafficMix.config(engine);
        List<TrafficMix.Frame> mix = new TrafficMix(SEED).frames(50);
        CountingReceiver objects = new CountingReceiver(new ReceiveStack(cfg.duAddress(), cfg.associations(), cfg.newEngine()),
                new DailyCounters(cfg.zone()));
        CountingReceiver codes = new CountingReceiver(new ReceiveStack(cfg.duAddress(), cfg.associations(), cfg.newEngine()),
                new DailyCounters(cfg.zone()));
        objects.counters().powerOff(mix.get(0).time());
        codes.counters().powerOff(mix.get(0).time());
        for (TrafficMix.Frame f : mix) {
            assertEquals(null, objects.onFrame(f.time(), f.bytes()), seed());
            assertEquals(ReceptionCode.NOT_HEARD, codes.countFrame(f.time(), f.bytes()), seed());
        }
        assertEquals(50, codes.tally().whileOff(), seed());
        assertEquals(objects.tally().whileOff(), codes.tally().whileOff(), seed());
    }
}
