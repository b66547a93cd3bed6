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
import it.c2du.core.trace.PipelinedTraceReader;
import it.c2du.core.trace.TraceEvent;
import it.c2du.core.trace.TraceLine;
import it.c2du.core.trace.TraceReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
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
        assertSameState(objects, codes);
    }

    /**
     * du replay's counting path end to end: a trace of the mix (damaged frames of every length,
     * power events, comments) read through the pipelined reader's recycled holders and counted from
     * them ({@link CountingReceiver#count(TraceLine)}: frame arrays reused per length) against the
     * same trace read as events and applied ({@code apply}): the same verdict per line, tally,
     * counters, profiles and windows.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdk", "bc"})
    void countingFromTheReusedHoldersAgreesWithApplyingEvents(String engine) throws Exception {
        System.out.println("CountingPathAgreementTest seed " + SEED);
        Random random = new Random(SEED + 1);
        DuConfig cfg = TrafficMix.config(engine);
        StringBuilder trace = new StringBuilder("# counting path agreement, " + seed() + "\n");
        for (TrafficMix.Frame f : new TrafficMix(random.nextLong()).frames(6_000)) {
            String time = OffsetDateTime.ofInstant(f.time(), cfg.zone()).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            byte[] b = f.bytes();
            int roll = random.nextInt(40);
            if (roll < 8) {
                b = Arrays.copyOf(b, random.nextInt(b.length + 5));
            } else if (roll == 8) {
                trace.append(time).append(" POWER_OFF\n");
            } else if (roll == 9) {
                trace.append(time).append(" POWER_ON\n");
            } else if (roll == 10) {
                trace.append("\n# a comment\n");
            }
            trace.append(time).append(' ').append(b.length == 0 ? "POWER_ON" : it.c2du.core.stack.Bytes.hex(b)).append('\n');
        }
        byte[] text = trace.toString().getBytes(StandardCharsets.US_ASCII);
        CountingReceiver objects = new CountingReceiver(new ReceiveStack(cfg.duAddress(), cfg.associations(), cfg.newEngine()),
                new DailyCounters(cfg.zone()));
        CountingReceiver codes = new CountingReceiver(new ReceiveStack(cfg.duAddress(), cfg.associations(), cfg.newEngine()),
                new DailyCounters(cfg.zone()));
        List<String> applied = new ArrayList<>();
        try (TraceReader r = new TraceReader(new ByteArrayInputStream(text), "t")) {
            for (TraceEvent e = r.next(); e != null; e = r.next()) {
                Reception rec = objects.apply(e);
                applied.add(e.line() + " " + (rec == null ? "-" : rec.verdict() + " " + (rec.rejection() == null ? null
                        : rec.rejection().reason())));
            }
        }
        List<String> counted = new ArrayList<>();
        try (PipelinedTraceReader r = new PipelinedTraceReader(new TraceReader(new ByteArrayInputStream(text), "t"))) {
            for (TraceLine l = r.nextLine(); l != null; l = r.nextLine()) {
                int code = codes.count(l);
                counted.add(l.line() + " " + (code == ReceptionCode.NOT_HEARD ? "-"
                        : ReceptionCode.verdict(code) + " " + ReceptionCode.reason(code)));
            }
        }
        assertEquals(applied, counted, seed());
        assertEquals(objects.tally().whileOff(), codes.tally().whileOff(), seed());
        assertEquals(objects.counters().clock(), codes.counters().clock(), seed());
        assertEquals(objects.counters().day(), codes.counters().day(), seed());
        assertSameState(objects, codes);
    }

    /** Tally, today's counters, their profiles and both replay windows: the same on the two paths. */
    private static void assertSameState(CountingReceiver objects, CountingReceiver codes) {
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
