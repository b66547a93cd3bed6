package it.c2du.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.config.DuConfig;
import it.c2du.lab.traffic.TrafficMix;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.Verdict;
import it.c2du.core.stack.RejectReason;
import it.c2du.core.trace.TraceEvent;
import it.c2du.counters.CountingReceiver;
import it.c2du.counters.DailyCounters;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each benchmark once, for correctness (never for speed: mvn verify runs no benchmark), and the
 * traffic mix they share. Property tests with a seeded Random: the seed is in every failure
 * message; -Dc2du.seed=N replays one.
 */
class BenchmarksTest {
    private static final long SEED = Long.getLong("c2du.seed", System.nanoTime());

    private static String seed() {
        return "seed " + SEED + " (replay with -Dc2du.seed=" + SEED + ")";
    }

    @Test
    void theMixHasEveryCfRepetitionsAndRejections() {
        Random random = new Random(SEED);
        for (int round = 0; round < 5; round++) {
            long mixSeed = random.nextLong();
            List<TrafficMix.Frame> mix = new TrafficMix(mixSeed).frames(5_000);
            Set<CompactFrameType> types = EnumSet.noneOf(CompactFrameType.class);
            Set<RejectReason> reasons = EnumSet.noneOf(RejectReason.class);
            long repetitions = 0;
            for (TrafficMix.Frame f : mix) {
                assertTrue(f.bytes().length > 0, seed() + ": an empty frame cannot be a trace line");
                switch (f.expect()) {
                    case ACCEPTED -> types.add(f.type());
                    case REPETITION -> repetitions++;
                    case REJECTED -> reasons.add(f.reason());
                }
            }
            assertEquals(EnumSet.allOf(CompactFrameType.class), types, seed());
            assertTrue(repetitions > 300 && repetitions < 700, seed() + ": " + repetitions + " repetitions in 5000");
            assertTrue(reasons.containsAll(Set.of(RejectReason.NOT_FOR_ME, RejectReason.MAC_FCS, RejectReason.AUTH_FAILED,
                    RejectReason.TRUNCATED)), seed() + ": " + reasons);
            assertTrue(reasons.size() >= 10, seed() + ": only " + reasons);
        }
    }

    @Test
    void everyFrameGetsTheVerdictTheMixExpects() {
        long mixSeed = new Random(SEED).nextLong();
        List<TrafficMix.Frame> mix = new TrafficMix(mixSeed).frames(3_000);
        for (String engine : List.of("jdk", "bc")) {
            DuConfig cfg = TrafficMix.config(engine);
            CountingReceiver r = new CountingReceiver(new ReceiveStack(cfg.duAddress(), cfg.associations(), cfg.newEngine()),
                    new DailyCounters(cfg.zone()));
            for (int i = 0; i < mix.size(); i++) {
                TrafficMix.Frame f = mix.get(i);
                Reception got = r.onFrame(f.time(), f.bytes());
                String where = seed() + ", " + engine + ", frame " + i;
                assertEquals(f.expect().name(), got.verdict().name(), where);
                if (got.verdict() == Verdict.REJECTED) {
                    assertEquals(f.reason(), got.rejection().reason(), where);
                } else {
                    assertEquals(f.type(), got.compactFrame().type(), where);
                }
            }
        }
    }

    @Test
    void cryptoBenchOpensWhatThePipelineAuthenticates() {
        for (String engine : List.of("jdk", "bc", "jdk/reinit", "bc/reinit")) {
            CryptoBench b = new CryptoBench();
            b.engine = engine.replace("/reinit", "");
            b.opener = engine.endsWith("/reinit") ? "reinit" : "lean";
            b.setup();
            List<TrafficMix.Frame> mix = Mix.frames(Mix.FRAMES);
            int opened = 0;
            int none = 0;
            for (int i = 0; i < b.size(); i++) {
                var p = b.open();
                if (p == null) {
                    none++;
                } else if (p.isPresent()) {
                    opened++;
                }
            }
            long authentic = mix.stream().filter(f -> f.expect() != TrafficMix.Expect.REJECTED
                    || f.reason() == RejectReason.CF_UNKNOWN || f.reason() == RejectReason.CF_LENGTH).count();
            assertEquals(authentic, opened, engine);
            assertTrue(none > 0 && none < Mix.FRAMES / 10, engine + ": " + none + " frames dropped before decryption");
        }
    }

    @Test
    void pipelineBenchCountsTheMix() {
        List<TrafficMix.Frame> mix = Mix.frames(Mix.FRAMES);
        long accepted = mix.stream().filter(f -> f.expect() == TrafficMix.Expect.ACCEPTED).count();
        long repetitions = mix.stream().filter(f -> f.expect() == TrafficMix.Expect.REPETITION).count();
        for (String engine : List.of("jdk", "bc")) {
            PipelineBench b = new PipelineBench();
            b.engine = engine;
            b.setup();
            for (int i = 0; i < b.size(); i++) {
                assertNotNull(b.receive());
            }
            assertEquals(accepted, b.receiver().tally().accepted(), engine);
            assertEquals(repetitions, b.receiver().tally().repetitions(), engine);
            b.receive(); // starts over with a fresh receiver
            assertEquals(1, b.receiver().tally().total(), engine);
        }
    }

    @Test
    void theCountingPathAndTheCallerBufferBenchmarksDoWhatTheOthersDo() {
        List<TrafficMix.Frame> mix = Mix.frames(Mix.FRAMES);
        long accepted = mix.stream().filter(f -> f.expect() == TrafficMix.Expect.ACCEPTED).count();
        long repetitions = mix.stream().filter(f -> f.expect() == TrafficMix.Expect.REPETITION).count();
        for (String engine : List.of("jdk", "bc")) {
            PipelineBench b = new PipelineBench();
            b.engine = engine;
            b.setup();
            for (int i = 0; i < b.size(); i++) {
                b.count();
            }
            assertEquals(accepted, b.receiver().tally().accepted(), engine);
            assertEquals(repetitions, b.receiver().tally().repetitions(), engine);

            // The lean opener's caller-buffer open against the re-initialising opener's allocating one.
            CryptoBench c = new CryptoBench();
            c.engine = engine;
            c.opener = "reinit";
            c.setup();
            CryptoBench o = new CryptoBench();
            o.engine = engine;
            o.opener = "lean";
            o.setup();
            for (int i = 0; i < c.size(); i++) {
                var p = c.open();
                int n = o.openInto();
                assertEquals(p == null ? -2 : p.isPresent() ? p.get().length : -1, n, engine + " frame " + i);
            }
        }
    }

    @Test
    void traceReaderBenchReadsEveryLineAndStartsOver() throws Exception {
        TraceReaderBench b = new TraceReaderBench();
        b.setup();
        List<TrafficMix.Frame> mix = Mix.frames(Mix.FRAMES);
        for (int round = 0; round < 2; round++) {
            for (TrafficMix.Frame f : mix) {
                TraceEvent e = b.next();
                assertEquals(f.time(), e.instant());
                assertTrue(java.util.Arrays.equals(f.bytes(), e.frame()));
            }
        }
    }
}
