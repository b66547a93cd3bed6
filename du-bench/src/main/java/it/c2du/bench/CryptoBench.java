package it.c2du.bench;

import it.c2du.core.config.DuConfig;
import it.c2du.core.crypto.BouncyCastleGcmEngine;
import it.c2du.core.crypto.GcmEngine;
import it.c2du.core.crypto.JdkGcmEngine;
import it.c2du.lab.traffic.TrafficMix;
import it.c2du.core.profile.MeterRole;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * drops before decrypting it costs nothing here), so ops/s compares with
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

    /**
     * "lean": the engine's opener ({@code LeanGcmOpener} since issue 20, target 1: key schedule and
     * GHASH table made once, nothing allocated per frame); "reinit": the opener before it, a JCE
     * {@code Cipher} or BouncyCastle {@code GCMModeCipher} re-initialised per frame, kept for comparison.
     */
    @Param({"lean", "reinit"})
    public String opener = "lean";

    private TrafficMix.Sealed[] inputs;
    private GcmEngine.Opener[] openers;
    private int next;

    @Setup
    public void setup() {
        DuConfig cfg = TrafficMix.config(engine);
        List<TrafficMix.Sealed> sealed = TrafficMix.sealed(Mix.frames(Mix.FRAMES), cfg);
        GcmEngine gcm = cfg.newEngine();
        inputs = sealed.toArray(new TrafficMix.Sealed[0]);
        // One opener per association, as the pipeline keeps: the key schedule is not part of a frame's cost.
        Map<MeterRole, GcmEngine.Opener> byRole = new EnumMap<>(MeterRole.class);
        openers = new GcmEngine.Opener[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            TrafficMix.Sealed s = inputs[i];
            if (s != null) {
                openers[i] = byRole.computeIfAbsent(s.role(), r -> opener.equals("lean") ? gcm.opener(s.key())
                        : engine.equals("jdk") ? JdkGcmEngine.reinitOpener(s.key()) : BouncyCastleGcmEngine.reinitOpener(s.key()));
            }
        }
    }

    /** Opens the next frame's APDU (if the pipeline would): the plaintext, or empty for a bad tag. */
    @Benchmark
    public Optional<byte[]> open() {
        int i = next;
        next = i + 1 == inputs.length ? 0 : i + 1;
        TrafficMix.Sealed s = inputs[i];
        return s == null ? null
                : openers[i].open(s.iv(), s.aad(), s.apdu(), s.ciphertextOffset(), s.ciphertextLength() + s.tagLength(), s.tagLength());
    }

    /** The plaintext buffer of {@link #openInto}, as the receive stack keeps one. */
    private final byte[] plaintext = new byte[256];

    /**
     * The same APDU opened into a caller's buffer (the engines' {@code open(..., out, outOffset)}:
     * the lean opener, or for "reinit" the JDK's {@code Cipher.doFinal(in, off, len, out, outOff)} or
     * BouncyCastle's {@code GCMModeCipher} reused with {@code processBytes/doFinal} into the buffer): what the
     * counting path pays for its AES-GCM, without the plaintext array and Optional of {@link #open}.
     * Returns the plaintext's length, -1 for a bad tag, -2 for a frame the pipeline drops before.
     */
    @Benchmark
    public int openInto() {
        int i = next;
        next = i + 1 == inputs.length ? 0 : i + 1;
        TrafficMix.Sealed s = inputs[i];
        return s == null ? -2
                : openers[i].open(s.iv(), s.aad(), s.apdu(), s.ciphertextOffset(), s.ciphertextLength() + s.tagLength(), s.tagLength(),
                        plaintext, 0);
    }

    int size() {
        return inputs.length;
    }
}
