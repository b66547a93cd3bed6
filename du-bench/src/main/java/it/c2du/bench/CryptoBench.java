package it.c2du.bench;

import it.c2du.core.config.DuConfig;
import it.c2du.core.crypto.GcmEngine;
import it.c2du.core.encode.TrafficMix;
import java.util.List;
import java.util.Optional;
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
 * Item 1 of docs/performance.md: bare AES-GCM open of exactly the APDUs the receive pipeline
 * opens for the mix, nothing else. One operation = one frame of the mix (a frame the pipeline
 * drops before the security layer costs nothing here), so ops/s compares with
 * {@link PipelineBench} frame for frame: the floor the stack cannot beat.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CryptoBench {
    @Param({"jdk", "bc"})
    public String engine;

    private GcmEngine gcm;
    private TrafficMix.Sealed[] inputs;
    private byte[][] ciphertexts;
    private byte[][] tags;
    private int next;

    @Setup
    public void setup() {
        DuConfig cfg = TrafficMix.config(engine);
        List<TrafficMix.Sealed> sealed = TrafficMix.sealed(Mix.frames(Mix.FRAMES), cfg);
        gcm = cfg.newEngine();
        inputs = sealed.toArray(new TrafficMix.Sealed[0]);
        ciphertexts = new byte[inputs.length][];
        tags = new byte[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null) {
                ciphertexts[i] = inputs[i].ciphertext();
                tags[i] = inputs[i].tag();
            }
        }
    }

    /** Opens the next frame's APDU (if the pipeline would): the plaintext, or empty for a bad tag. */
    @Benchmark
    public Optional<byte[]> open() {
        int i = next;
        next = i + 1 == inputs.length ? 0 : i + 1;
        TrafficMix.Sealed s = inputs[i];
        return s == null ? null : gcm.open(s.key(), s.iv(), s.aad(), ciphertexts[i], tags[i]);
    }

    int size() {
        return inputs.length;
    }
}
