package it.c2du.lab.traffic;

import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.crypto.GcmEngine;
import it.c2du.core.encode.Fault;
import it.c2du.core.encode.SampleCompactFrames;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.profile.C2P1;
import it.c2du.core.stack.SecurityLayer;
import it.c2du.core.stack.MacAddress;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Reception;
import it.c2du.core.trace.TraceWriter;
import it.c2du.lab.meter.SimulatedMeter;
import it.c2du.core.stack.RejectReason;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generated receiver traffic with a realistic mix, for benchmarks ({@code du bench}, the JMH
 * module) and their tests: what a DU with an M1 and an M2 meter hears over months, one frame
 * every 5 to 55 s (about 2900 a day).
 *
 * <ul>
 *   <li>83 % first receptions: CF1 40, CF2 30, CF21 12, CF41 8, CF25 6, CF22 4 parts in 100,
 *       each from its meter (CF1/21/22/25 from M1, CF2/41 from M2), every field random;</li>
 *   <li>10 % repetitions: one of the last 8 good frames again, byte for byte, 2-10 s later;</li>
 *   <li>7 % rejections: two thirds a frame for a neighbour's DU, noise on the FCS or a bad tag, one
 *       third any other {@link Fault} (truncations, header values, unknown CF, wrong CF length).</li>
 * </ul>
 *
 * <p>Every frame carries what a receiver configured with {@link #config} must make of it, so a
 * benchmark can check it counts what it should. Deterministic for a seed. The keys are the
 * bench DU's own, never a real meter's.
 */
public final class TrafficMix {
    /** The bench DU (interfaces.md properties), with the AES-GCM engine left to the caller. */
    private static final String CONFIG = String.join("\n",
            "# The bench DU of TrafficMix: generated traffic only, no real meter's keys.",
            "du.mac          = DC0B0E0C0B0E",
            "du.name         = Bench DU",
            "m1.pod          = IT001E00000001",
            "m1.key          = 0B0E0C0B0E0C0B0E0C0B0E0C0B0E0C01",
            "m1.system-title = 4245424542454201",
            "m2.pod          = ITP0AE00000002",
            "m2.key          = 0B0E0C0B0E0C0B0E0C0B0E0C0B0E0C02",
            "m2.system-title = 4245424542454202",
            "counters.zone   = Europe/Rome",
            "");
    private static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
    private static final CompactFrameType[] TYPES = {CompactFrameType.CF1, CompactFrameType.CF2,
        CompactFrameType.CF21, CompactFrameType.CF41, CompactFrameType.CF25, CompactFrameType.CF22};
    private static final int[] TYPE_WEIGHTS = {40, 30, 12, 8, 6, 4};
    private static final Fault[] COMMON_FAULTS = {Fault.NOT_FOR_ME, Fault.NOT_FOR_ME, Fault.NOT_FOR_ME,
        Fault.MAC_FCS, Fault.MAC_FCS, Fault.AUTH_FAILED};
    private static final int RECENT = 8;

    /** What a receiver configured with {@link #config} must make of a frame. */
    public enum Expect { ACCEPTED, REPETITION, REJECTED }

    /**
     * One frame of the mix.
     *
     * @param time   when the DU hears it
     * @param bytes  the Layer-1 MAC frame
     * @param type   the CF it carries (accepted and repetitions), else null
     * @param reason why it is rejected (rejected only), else null
     */
    public record Frame(Instant time, byte[] bytes, Expect expect, CompactFrameType type, RejectReason reason) {
    }

    private final Random random;
    private final DuConfig config;
    private final SimulatedMeter m1;
    private final SimulatedMeter m2;
    private final List<Frame> recent = new ArrayList<>();
    private Instant now = START;

    /** The mix for {@code seed}; the meters seal with the JDK engine (the receiver's is its own choice). */
    public TrafficMix(long seed) {
        this.random = new Random(seed);
        this.config = config("jdk");
        GcmEngine engine = GcmEngine.named("jdk");
        this.m1 = new SimulatedMeter(config.association(MeterRole.M1), MacAddress.parseOrNull("E5A100000001"),
                config.duAddress(), engine, 1000);
        this.m2 = new SimulatedMeter(config.association(MeterRole.M2), MacAddress.parseOrNull("E5A200000002"),
                config.duAddress(), engine, 50_000);
    }

    /** The bench DU's configuration text, with {@code crypto.engine} set when not null. */
    public static String configText(String engine) {
        return engine == null ? CONFIG : CONFIG + "crypto.engine   = " + engine + "\n";
    }

    /** The bench DU's configuration: the receiver that hears this traffic. */
    public static DuConfig config(String engine) {
        try {
            return DuConfig.parse(configText(engine), "TrafficMix");
        } catch (ConfigException e) {
            throw new IllegalStateException("the bench DU's configuration is wrong: " + e.getMessage(), e);
        }
    }

    /** The next frame of the mix. */
    public Frame next() {
        int roll = random.nextInt(100);
        if (roll < 10 && !recent.isEmpty()) {
            Frame again = recent.get(random.nextInt(recent.size()));
            now = now.plusSeconds(2 + random.nextInt(9));
            return new Frame(now, again.bytes(), Expect.REPETITION, again.type(), null);
        }
        now = now.plusSeconds(5 + random.nextInt(51));
        CompactFrameType type = pickType();
        SimulatedMeter meter = type.sender() == MeterRole.M2 ? m2 : m1;
        Map<String, Long> fields = SampleCompactFrames.random(type, now.getEpochSecond(), random);
        if (roll >= 93) {
            Fault fault = random.nextInt(3) < 2 ? COMMON_FAULTS[random.nextInt(COMMON_FAULTS.length)]
                    : Fault.values()[1 + random.nextInt(Fault.values().length - 1)];
            return new Frame(now, meter.sendWithFault(now, type, fields, fault, random).macFrame(), Expect.REJECTED, null,
                    fault.expected());
        }
        Frame f = new Frame(now, meter.send(now, type, fields).macFrame(), Expect.ACCEPTED, type, null);
        if (recent.size() == RECENT) {
            recent.remove(0);
        }
        recent.add(f);
        return f;
    }

    /** The next {@code n} frames. */
    public List<Frame> frames(int n) {
        List<Frame> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /**
     * Writes {@code n} frames of the mix for {@code seed} as a trace (interfaces.md), times in the
     * bench DU's zone, without holding them in memory.
     */
    public static void writeTrace(Path file, long seed, int n) throws IOException {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            writeTrace(w, seed, n);
        }
    }

    /** Writes {@code n} frames of the mix as trace lines. */
    public static void writeTrace(Writer out, long seed, int n) throws IOException {
        TrafficMix mix = new TrafficMix(seed);
        ZoneId zone = mix.config.zone();
        TraceWriter trace = new TraceWriter(out);
        trace.comment(n + " frames of TrafficMix, seed " + seed + " (generated for du bench)");
        for (int i = 0; i < n; i++) {
            Frame f = mix.next();
            trace.frame(OffsetDateTime.ofInstant(f.time(), zone), f.bytes());
        }
    }

    /**
     * The AES-GCM inputs the receiver has to open for one frame: its association's key, the IV,
     * the AAD and the ciphertext and tag (the whole secured APDU, offsets given).
     */
    public record Sealed(MeterRole role, byte[] key, byte[] iv, byte[] aad, byte[] apdu, int ciphertextOffset,
                         int ciphertextLength, int tagLength) {
        public byte[] ciphertext() {
            return java.util.Arrays.copyOfRange(apdu, ciphertextOffset, ciphertextOffset + ciphertextLength);
        }

        public byte[] tag() {
            return java.util.Arrays.copyOfRange(apdu, ciphertextOffset + ciphertextLength, apdu.length);
        }

        @Override
        public String toString() {
            return "Sealed[" + role + ", " + ciphertextLength + " bytes, key redacted]";
        }
    }

    /**
     * For each frame, what the receiver configured with {@code config} decrypts: null for a
     * frame dropped before decryption (or with no association for its meter). The bare
     * crypto benchmark opens exactly these, so it is the floor of the full pipeline on the same
     * traffic.
     */
    public static List<Sealed> sealed(List<Frame> frames, DuConfig config) {
        // The receiver's own pipeline finds the secured APDU; inspect leaves no window state behind.
        ReceiveStack receiver = new ReceiveStack(config.duAddress(), config.associations(), config.newEngine());
        List<Sealed> out = new ArrayList<>(frames.size());
        for (Frame f : frames) {
            out.add(sealed(receiver.inspect(f.bytes()), config));
        }
        return out;
    }

    private static Sealed sealed(Reception r, DuConfig config) {
        if (r.secured() == null) {
            return null;
        }
        Association a = config.association(r.convergence().meter());
        if (a == null) {
            return null;
        }
        byte[] key = a.key().bytes();
        byte[] apdu = r.convergence().apdu();
        int tag = r.secured().tag().length;
        return new Sealed(a.role(), key, SecurityLayer.iv(a.systemTitle(), r.secured().frameCounter()),
                SecurityLayer.aad(r.secured().securityControl(), key), apdu, C2P1.Security.HEADER_SIZE,
                apdu.length - C2P1.Security.HEADER_SIZE - tag, tag);
    }

    private CompactFrameType pickType() {
        int r = random.nextInt(100);
        for (int i = 0; i < TYPES.length; i++) {
            r -= TYPE_WEIGHTS[i];
            if (r < 0) {
                return TYPES[i];
            }
        }
        throw new IllegalStateException("type weights do not add up to 100");
    }
}
