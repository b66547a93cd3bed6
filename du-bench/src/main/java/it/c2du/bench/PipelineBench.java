package it.c2du.bench;

import it.c2du.core.config.DuConfig;
import it.c2du.core.crypto.GcmEngine;
import it.c2du.lab.traffic.TrafficMix;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Reception;
import it.c2du.counters.CountingReceiver;
import it.c2du.counters.DailyCounters;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Item 2 of docs/performance.md: the full in-memory receiver, {@link CountingReceiver#onFrame}:
 * MAC frame through every layer to the compact frame, the replay window, the daily counters.
 * One operation = one frame of the mix; after the last frame a fresh receiver starts over (the
 * same frames again would be repetitions), once per {@value Mix#FRAMES} frames.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineBench {
    @Param({"jdk", "bc"})
    public String engine;

    private DuConfig cfg;
    private GcmEngine gcm;
    private Instant[] times;
    private byte[][] frames;
    private CountingReceiver receiver;
    private int next;

    @Setup
    public void setup() {
        cfg = TrafficMix.config(engine);
        gcm = cfg.newEngine();
        List<TrafficMix.Frame> mix = Mix.frames(Mix.FRAMES);
        times = mix.stream().map(TrafficMix.Frame::time).toArray(Instant[]::new);
        frames = mix.stream().map(TrafficMix.Frame::bytes).toArray(byte[][]::new);
        receiver = freshReceiver();
    }

    CountingReceiver freshReceiver() {
        return new CountingReceiver(new ReceiveStack(cfg.duAddress(), cfg.associations(), gcm), new DailyCounters(cfg.zone()));
    }

    /** Receives the next frame of the mix. */
    @Benchmark
    public Reception receive() {
        int i = next;
        if (i == frames.length) {
            receiver = freshReceiver();
            i = 0;
        }
        next = i + 1;
        return receiver.onFrame(times[i], frames[i]);
    }

    /**
     * The same frames through the counting path, {@link CountingReceiver#countFrame}: same verdicts,
     * windows, counters and tally, without a {@code Reception} and its PDU records (issue 20, target 4).
     */
    @Benchmark
    public int count() {
        int i = next;
        if (i == frames.length) {
            receiver = freshReceiver();
            i = 0;
        }
        next = i + 1;
        return receiver.countFrame(times[i], frames[i]);
    }

    CountingReceiver receiver() {
        return receiver;
    }

    int size() {
        return frames.length;
    }
}
