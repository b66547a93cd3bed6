package it.c2du.cli.dev;

import it.c2du.cli.BadArgumentException;

import it.c2du.cli.bench.BenchTargets;
import it.c2du.cli.bench.ChildJvm;
import it.c2du.cli.bench.EngineRows;
import it.c2du.cli.bench.HelloWorld;
import it.c2du.cli.bench.NaiveReplay;


import it.c2du.core.config.DuConfig;
import it.c2du.core.crypto.GcmEngine;
import it.c2du.lab.traffic.TrafficMix;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.ReceptionTally;
import it.c2du.core.stack.Bytes;
import it.c2du.counters.CountingReceiver;
import it.c2du.counters.DailyCounters;
import it.c2du.plc.DataIndication;
import it.c2du.plc.emulator.EmulatorOnLink;
import it.c2du.plc.emulator.St7580Emulator;
import it.c2du.plc.St7580;
import it.c2du.plc.serial.JSerialCommPorts;
import it.c2du.plc.serial.PtyPair;
import it.c2du.plc.serial.RequestLine;
import it.c2du.plc.serial.SerialSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code du bench}: what each part of the receiver costs, on this machine, without Maven or JMH:
 * plain timed loops with a warm-up over the generated traffic mix ({@link TrafficMix}), and child
 * JVMs for what only a process shows (replay end to end, resident memory, start-up). The JMH
 * module du-bench measures items 1 and 2 more carefully; docs/performance.md holds both.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the receiver on this machine and prints a table:",
                "  1  AES-GCM open only, of exactly the APDUs the pipeline opens (jdk and bc engines)",
                "  2  the in-memory pipeline: MAC frame -> compact frame, replay window, daily counters; again through the",
                "     counting path (no Reception objects), and both rows in child JVMs with the AES intrinsics off and with",
                "     C1 only (du run's Pi flags), where crypto.engine = auto must pick the faster engine",
                "  3  du replay of a generated trace, end to end in a child JVM (read, parse, decode, count, summary),",
                "     and its floor: the naive reader (JDK only: readLine, split, HexFormat, AES-GCM) of the same trace;",
                "     with --runs N > 1 each runs min(N, 3) times in turn and the fastest run is shown",
                "  4  allocation per frame (items 1 and 2), and the resident memory of du run with the Pi's JVM flags",
                "     over a socat pty pair fed by the emulated modem (needs socat; else n/a), and a hello-world's",
                "  5  start-up of du decode HEX and du counters against a hello-world: a cold JVM, then with the start-up",
                "     archive (AppCDS) made as the .deb and ./du make it",
                "",
                "All on the same generated traffic (CF1, CF2, CF21, CF22, CF25, CF41, repetitions, rejections)."
                        + " Child JVMs get this JVM's -X/-XX options, so `java -XX:-UseAESIntrinsics ... -jar du.jar bench`"
                        + " measures every row without AES instructions. Temporary files are removed at the end.",
                "",
                "A benchmark, not a test: run it on a quiet machine; the figures move with other load."})
public final class BenchCommand implements Callable<Integer> {
    public static final List<String> ENGINES = List.of("jdk", "bc");
    private static final long SEED = 7;

    @Option(names = "--frames", paramLabel = "N", description = "Frames in the generated trace that du replay reads (default 1000000).")
    Integer traceFrames;

    @Option(names = "--mix", paramLabel = "N", description = "Frames of the in-memory mix for items 1 and 2, cycled (default 20000).")
    Integer mixFrames;

    @Option(names = "--seconds", paramLabel = "S", description = "Timed seconds per in-memory measurement, after as many of warm-up (default 3).")
    Double seconds;

    @Option(names = "--runs", paramLabel = "N", description = "Start-ups per variant (hello-world, du decode, du counters), the median shown;"
            + " row 3's du replay and naive reader run min(N, 3) times each, the fastest shown (default 11).")
    Integer runs;

    @Option(names = "--rss-seconds", paramLabel = "S", description = "How long du run is fed before its memory is read (default 30).")
    Integer rssSeconds;

    @Option(names = "--rate", paramLabel = "FRAMES_PER_S", description = "Frames per second the emulated modem sends du run (default 50).")
    Integer rate;

    @Option(names = "--quick", description = "Small sizes and short loops (a check that every row works, not a measurement);"
            + " explicit options still apply.")
    boolean quick;

    /**
     * The child JVM of the engine rows (issue 20, target 5): only rows 1 and 2 (counting path) for
     * each engine, and auto's choice, in lines the parent reads ({@link EngineRows}).
     */
    @Option(names = "--engine-rows", hidden = true)
    boolean engineRowsOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;

    /** The goals each row measures against; printed after the last row. */
    private final BenchTargets targets = new BenchTargets();

    @Override
    public Integer call() throws Exception {
        int nTrace = pick(traceFrames, 1_000_000, 20_000);
        int nMix = pick(mixFrames, 20_000, 2_000);
        double secs = seconds != null ? seconds : quick ? 0.1 : 3;
        int nRuns = pick(runs, 11, 1);
        int rssSecs = pick(rssSeconds, 30, 2);
        int fps = pick(rate, 50, 50);
        if (nTrace < 1 || nMix < 100 || !(secs > 0 && secs <= 600) || nRuns < 1 || nRuns > 100 || rssSecs < 1 || rssSecs > 3600
                || fps < 1 || fps > 500) {
            throw new BadArgumentException("expected --frames >= 1, --mix >= 100, 0 < --seconds <= 600,"
                    + " 1 <= --runs <= 100, 1 <= --rss-seconds <= 3600 and 1 <= --rate <= 500");
        }
        out = spec.commandLine().getOut();
        List<TrafficMix.Frame> mix = new TrafficMix(SEED).frames(nMix);
        if (engineRowsOnly) {
            for (String engine : ENGINES) {
                EngineRows.print(out, "1", engine, bareCrypto(engine, mix, secs));
                EngineRows.print(out, "2", engine, pipeline(engine, mix, secs, it.c2du.core.layout.Layout.c2p1(), true));
            }
            EngineRows.printChoice(out, it.c2du.core.crypto.EngineChoice.forThisJvm());
            out.flush();
            return 0;
        }
        header(mix);
        Path work = Files.createTempDirectory("du-bench-");
        try {
            Map<String, Double> crypto = new java.util.LinkedHashMap<>();
            Map<String, Double> cryptoBytes = new java.util.LinkedHashMap<>();
            for (String engine : ENGINES) {
                Rate r = bareCrypto(engine, mix, secs);
                crypto.put(engine, r.perSecond());
                cryptoBytes.put(engine, r.bytesPerFrame());
                row("1", "AES-GCM open only, the mix's APDUs", engine, r, null);
            }
            for (String engine : ENGINES) {
                Rate r = pipeline(engine, mix, secs, it.c2du.core.layout.Layout.c2p1(), false);
                row("2", "pipeline: MAC -> CF, window, counters", engine, r, r.perSecond() / crypto.get(engine));
            }
            // The counting path (CountingReceiver.countFrame: no Reception, no PDU records): target 4 is
            // its allocation beyond the bare cipher's; target 5 whether auto picked the faster engine.
            Map<String, Rate> counting = new java.util.LinkedHashMap<>();
            for (String engine : ENGINES) {
                Rate r = pipeline(engine, mix, secs, it.c2du.core.layout.Layout.c2p1(), true);
                counting.put(engine, r);
                row("2", "pipeline, counting path (countFrame)", engine, r, r.perSecond() / crypto.get(engine));
            }
            for (String engine : ENGINES) {
                targets.absolute("4", "pipeline alloc. outside the cipher, " + engine, counting.get(engine).bytesPerFrame()
                        - cryptoBytes.get(engine), it.c2du.cli.bench.BenchTargets.Better.LOWER, EngineRows.ALLOCATION_GOAL, "B/frame",
                        String.format(Locale.ROOT, "counting path %.1f - bare AES-GCM %.1f B/frame (receiver set-up per pass left out)",
                                counting.get(engine).bytesPerFrame(), cryptoBytes.get(engine)));
            }
            EngineRows.target(targets, "this JVM", it.c2du.core.crypto.EngineChoice.forThisJvm(), crypto.get("jdk"),
                    counting.get("jdk").perSecond(), crypto.get("bc"), counting.get("bc").perSecond());
            for (EngineRows.Variant v : EngineRows.VARIANTS) {
                EngineRows.child(out, targets, v, nMix, secs, quick);
            }
            // The same traffic in the public example's layout (profile-file.md): a profile costs nothing extra.
            it.c2du.core.layout.Layout example = exampleLayout();
            List<TrafficMix.Frame> exampleMix = it.c2du.lab.traffic.LayoutMix.transcode(mix, TrafficMix.config("jdk"), example);
            for (String engine : ENGINES) {
                Rate r = pipeline(engine, exampleMix, secs, example, false);
                row("2", "pipeline, profile example-dlms", engine, r, r.perSecond() / crypto.get(engine));
            }
            Path trace = work.resolve("generated.trace");
            long t0 = System.nanoTime();
            TrafficMix.writeTrace(trace, SEED, nTrace);
            out.printf("   (trace of %d frames generated in %.1f s, %.0f MB)%n", nTrace, (System.nanoTime() - t0) / 1e9,
                    Files.size(trace) / 1e6);
            out.flush();
            replayAndFloor(work, trace, nTrace, Math.min(nRuns, 3));
            Files.delete(trace);
            residentMemory(work, rssSecs, fps);
            startup(work, mix, nRuns);
        } finally {
            deleteTree(work);
        }
        targets.print(out);
        return 0;
    }

    private int pick(Integer given, int normal, int quickValue) {
        return given != null ? given : quick ? quickValue : normal;
    }

    private void header(List<TrafficMix.Frame> mix) {
        Map<TrafficMix.Expect, Integer> byExpect = new EnumMap<>(TrafficMix.Expect.class);
        Map<String, Integer> byType = new java.util.TreeMap<>(Comparator.comparingInt((String s) -> Integer.parseInt(s.substring(2))));
        for (TrafficMix.Frame f : mix) {
            byExpect.merge(f.expect(), 1, Integer::sum);
            if (f.expect() == TrafficMix.Expect.ACCEPTED) {
                byType.merge(f.type().name(), 1, Integer::sum);
            }
        }
        long noCrypto = TrafficMix.sealed(mix, TrafficMix.config(null)).stream().filter(s -> s == null).count();
        StringBuilder types = new StringBuilder();
        byType.forEach((k, v) -> types.append(types.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        out.printf("du bench: a mix of %d generated frames (seed %d): first receptions %s; repetitions %d; rejected %d"
                        + " (%d of them dropped before decryption)%n", mix.size(), SEED, types,
                byExpect.getOrDefault(TrafficMix.Expect.REPETITION, 0), byExpect.getOrDefault(TrafficMix.Expect.REJECTED, 0), noCrypto);
        out.printf("JVM  %s %s (%s), options: %s%n", System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                System.getProperty("os.arch"), ChildJvm.ownOptions().isEmpty() ? "(none)" : String.join(" ", ChildJvm.ownOptions()));
        out.printf("CPU  %s, %d CPUs available; %s%n", cpuModel(), Runtime.getRuntime().availableProcessors(),
                intrinsics());
        out.printf("default engine: %s -> %s%n%n", TrafficMix.config(null).engineName(), TrafficMix.config(null).engineDescription());
        out.println(String.format("%-2s %-40s %-6s %12s %10s %9s %7s", "#", "measurement", "engine", "frames/s", "us/frame",
                "B/frame", "vs (1)").stripTrailing());
        out.flush();
    }

    /** Frames per second and bytes allocated per frame of one measurement. */
    public record Rate(double perSecond, double bytesPerFrame) {
    }

    private void row(String item, String what, String engine, Rate r, Double ratio) {
        out.println(String.format(Locale.ROOT, "%-2s %-40s %-6s %,12.0f %10.2f %9s %7s", item, what, engine, r.perSecond(),
                1e6 / r.perSecond(), r.bytesPerFrame() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", r.bytesPerFrame()),
                ratio == null ? "" : String.format(Locale.ROOT, "%.2f", ratio)).stripTrailing());
        out.flush();
    }

    /** One pass over the mix: returns something derived from every result, so nothing is optimised away. */
    private interface Pass {
        long run();
    }

    /** Warm-up for {@code secs}, then passes until {@code secs} have gone; frames per pass = {@code perPass}. */
    private static Rate timed(Pass pass, int perPass, double secs) {
        long warmEnd = System.nanoTime() + (long) (secs * 1e9);
        long sink = 0;
        while (System.nanoTime() < warmEnd) {
            sink += pass.run();
        }
        long allocBefore = allocatedBytes();
        long start = System.nanoTime();
        long end = start + (long) (secs * 1e9);
        long frames = 0;
        long now;
        do {
            sink += pass.run();
            frames += perPass;
            now = System.nanoTime();
        } while (now < end);
        long alloc = allocatedBytes();
        if (sink == 42) {
            System.err.print(""); // keeps sink alive
        }
        return new Rate(frames / ((now - start) / 1e9), allocBefore < 0 ? -1 : (double) (alloc - allocBefore) / frames);
    }

    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        if (t instanceof com.sun.management.ThreadMXBean s && s.isThreadAllocatedMemorySupported()) {
            return s.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    private static Rate bareCrypto(String engineName, List<TrafficMix.Frame> mix, double secs) {
        DuConfig cfg = TrafficMix.config(engineName);
        List<TrafficMix.Sealed> sealed = TrafficMix.sealed(mix, cfg);
        GcmEngine engine = cfg.newEngine();
        TrafficMix.Sealed[] inputs = sealed.toArray(new TrafficMix.Sealed[0]);
        // One opener per association, as the pipeline keeps: the key schedule is not part of a frame's cost.
        Map<MeterRole, GcmEngine.Opener> openers = new EnumMap<>(MeterRole.class);
        GcmEngine.Opener[] opener = new GcmEngine.Opener[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            TrafficMix.Sealed s = inputs[i];
            if (s != null) {
                opener[i] = openers.computeIfAbsent(s.role(), r -> engine.opener(s.key()));
            }
        }
        long expectedAuthentic = mix.stream().filter(f -> f.expect() != TrafficMix.Expect.REJECTED
                || f.reason() == it.c2du.core.stack.RejectReason.CF_UNKNOWN
                || f.reason() == it.c2du.core.stack.RejectReason.CF_LENGTH).count();
        // Into one plaintext buffer, as the receive stack opens (the engines' caller-buffer open).
        byte[] plaintext = new byte[256];
        Pass pass = () -> {
            long n = 0;
            for (int i = 0; i < inputs.length; i++) {
                TrafficMix.Sealed s = inputs[i];
                if (s != null) {
                    n += opener[i].open(s.iv(), s.aad(), s.apdu(), s.ciphertextOffset(), s.ciphertextLength() + s.tagLength(),
                            s.tagLength(), plaintext, 0) >= 0 ? 1 : 0;
                }
            }
            return n;
        };
        long authentic = pass.run();
        if (authentic != expectedAuthentic) {
            throw new IllegalStateException(engineName + " opened " + authentic + " APDUs of the mix, expected " + expectedAuthentic);
        }
        return timed(pass, inputs.length, secs);
    }

    private static it.c2du.core.layout.Layout exampleLayout() throws java.io.IOException, it.c2du.core.config.ConfigException {
        try (java.io.InputStream in = BenchCommand.class.getResourceAsStream("/layouts/example-dlms.profile.json")) {
            return it.c2du.core.layout.LayoutFile.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    "example-dlms.profile.json");
        }
    }

    /**
     * The in-memory receiver over the mix, a fresh one per pass; {@code countingPath}: through
     * {@code countFrame} (no Reception), and the bytes of setting up each pass's receiver (its
     * stack, windows, openers: per pass, not per frame) are left out of B/frame.
     */
    private static Rate pipeline(String engineName, List<TrafficMix.Frame> mix, double secs, it.c2du.core.layout.Layout layout,
                                 boolean countingPath) {
        DuConfig cfg = TrafficMix.config(engineName);
        java.time.Instant[] times = mix.stream().map(TrafficMix.Frame::time).toArray(java.time.Instant[]::new);
        byte[][] frames = mix.stream().map(TrafficMix.Frame::bytes).toArray(byte[][]::new);
        long accepted = mix.stream().filter(f -> f.expect() == TrafficMix.Expect.ACCEPTED).count();
        long repetitions = mix.stream().filter(f -> f.expect() == TrafficMix.Expect.REPETITION).count();
        GcmEngine engine = cfg.newEngine();
        CountingReceiver[] last = new CountingReceiver[1];
        Pass pass = () -> {
            // A fresh receiver per pass: the same frames again would be repetitions.
            CountingReceiver r = new CountingReceiver(new ReceiveStack(cfg.duAddress(), cfg.associations(), engine, layout),
                    new DailyCounters(cfg.zone()));
            if (countingPath) {
                for (int i = 0; i < frames.length; i++) {
                    r.countFrame(times[i], frames[i]);
                }
            } else {
                for (int i = 0; i < frames.length; i++) {
                    r.onFrame(times[i], frames[i]);
                }
            }
            last[0] = r;
            return r.tally().accepted();
        };
        pass.run();
        long before = allocatedBytes();
        CountingReceiver setUp = new CountingReceiver(new ReceiveStack(cfg.duAddress(), cfg.associations(), engine, layout),
                new DailyCounters(cfg.zone()));
        long setUpBytes = before < 0 || setUp == null ? 0 : allocatedBytes() - before;
        ReceptionTally t = last[0].tally();
        if (t.accepted() != accepted || t.repetitions() != repetitions || t.total() != mix.size()) {
            throw new IllegalStateException(engineName + " pipeline: accepted " + t.accepted() + " repetitions " + t.repetitions()
                    + " of " + t.total() + ", expected " + accepted + " and " + repetitions + " of " + mix.size());
        }
        Rate r = timed(pass, frames.length, secs);
        // Not below 0: the set-up measured once, cold, can allocate a little more than a warm pass's set-up
        // does (lookups cached later), which came out slightly below 0 B/frame once nothing per frame was left (issue 20).
        return countingPath && r.bytesPerFrame() >= 0
                ? new Rate(r.perSecond(), Math.max(0, r.bytesPerFrame() - (double) setUpBytes / frames.length)) : r;
    }

    // ---- child JVMs ----

    /** Runs a child to its end; returns its wall time in ns, or throws with its output when it fails. */
    private static long runChild(List<String> cmd, Path log) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        long nanos = System.nanoTime() - start;
        if (p.exitValue() != 0) {
            throw new IOException("exit status " + p.exitValue() + ": " + tail(log));
        }
        return nanos;
    }

    private static String tail(Path log) throws IOException {
        String s = Files.readString(log, StandardCharsets.UTF_8).strip();
        return s.length() <= 600 ? s : "..." + s.substring(s.length() - 600);
    }

    /**
     * Row 3: du replay with each engine and its floor, the naive reader ({@link NaiveReplay}), each
     * {@code runs} times in turn on the same trace, so that a burst of other load falls on all of them
     * alike; the fastest run of each is shown. Then target 1: du replay (default engine) / naive reader.
     */
    private void replayAndFloor(Path work, Path trace, int n, int runs) throws IOException, InterruptedException {
        Map<String, Double> best = new java.util.LinkedHashMap<>();
        Map<String, String> failed = new java.util.HashMap<>();
        Map<String, Long> authentic = new java.util.HashMap<>();
        String naive = "naive";
        for (int run = 0; run < runs; run++) {
            for (String engine : ENGINES) {
                if (!failed.containsKey(engine)) {
                    try {
                        ReplayRun r = replay(engine, work, trace, n);
                        best.merge(engine, r.seconds(), Math::min);
                        authentic.put(engine, r.authenticated());
                    } catch (IOException e) {
                        failed.put(engine, e.getMessage());
                    }
                }
            }
            if (!failed.containsKey(naive)) {
                try {
                    ReplayRun r = naive(work, trace, n);
                    best.merge(naive, r.seconds(), Math::min);
                    authentic.put(naive, r.authenticated());
                } catch (IOException e) {
                    failed.put(naive, e.getMessage());
                }
            }
        }
        for (String engine : ENGINES) {
            if (failed.containsKey(engine)) {
                out.printf("3  du replay (%s): failed: %s%n", engine, failed.get(engine));
            } else {
                replayRow("du replay of the trace, end to end", engine, best.get(engine), n, runs);
            }
        }
        // The default engine is auto: what it picks in the children, which run with this JVM's options.
        String configured = TrafficMix.config(null).engineName();
        String defaultEngine = configured.equals("auto") ? it.c2du.core.crypto.EngineChoice.forThisJvm().engine() : configured;
        String what = "du replay / naive reader";
        if (failed.containsKey(naive)) {
            out.printf("3  naive reader: failed: %s%n", failed.get(naive));
            targets.notMeasured("1", what, BenchTargets.Better.LOWER, TARGET_REPLAY_VS_NAIVE, "x", "naive reader failed");
            return;
        }
        replayRow("floor: naive reader, JDK only", "jdk", best.get(naive), n, runs);
        // The floor must be a correct program: it authenticates exactly the frames du replay found authentic.
        for (String engine : ENGINES) {
            Long a = authentic.get(engine);
            if (a != null && !a.equals(authentic.get(naive))) {
                throw new IllegalStateException("the naive reader authenticated " + authentic.get(naive) + " frames, du replay ("
                        + engine + ") " + a + " (accepted + repetitions + replay-stale + cf-unknown + cf-length)");
            }
        }
        out.flush();
        Double replay = best.get(defaultEngine);
        if (replay == null) {
            targets.notMeasured("1", what, BenchTargets.Better.LOWER, TARGET_REPLAY_VS_NAIVE, "x", "du replay failed");
            return;
        }
        targets.ratio("1", what, replay / best.get(naive), BenchTargets.Better.LOWER, TARGET_REPLAY_VS_NAIVE,
                String.format(Locale.ROOT, "du replay (%s) %.2f s / naive reader %.2f s", defaultEngine, replay, best.get(naive)));
    }

    /** Issue 20, target 1: du replay end to end in at most this share of the naive reader's time. */
    static final double TARGET_REPLAY_VS_NAIVE = 0.6;

    /** One child's wall time, and how many frames it found authentic. */
    private record ReplayRun(double seconds, long authenticated) {
    }

    private void replayRow(String what, String engine, double secs, int n, int runs) {
        out.printf(Locale.ROOT, "%-2s %-40s %-6s %,12.0f %10.2f %9s %7s  wall %.2f s for %d frames%s%n", "3", what, engine, n / secs,
                secs * 1e6 / n, "", "", secs, n, runs > 1 ? " (fastest of " + runs + ")" : "");
        out.flush();
    }

    private ReplayRun replay(String engine, Path work, Path trace, int n) throws IOException, InterruptedException {
        Path cfg = work.resolve("bench-" + engine + ".properties");
        Files.writeString(cfg, TrafficMix.configText(engine), StandardCharsets.UTF_8);
        Path log = work.resolve("replay.out");
        List<String> cmd = ChildJvm.du(ChildJvm.ownOptions());
        cmd.addAll(List.of("replay", "--config", cfg.toString(), "--trace", trace.toString(), "--json"));
        long nanos = runChild(cmd, log);
        // The log holds standard error too (logback's status lines when run from classes): the summary is the last line.
        String summary = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("{"))
                .reduce((a, b) -> b).orElse(Files.readString(log, StandardCharsets.UTF_8));
        Map<?, ?> frames;
        try {
            frames = (Map<?, ?>) ((Map<?, ?>) it.c2du.core.json.Json.parse(summary.strip())).get("frames");
        } catch (it.c2du.core.json.Json.JsonException | ClassCastException e) {
            throw new IllegalStateException("du replay's summary is not the JSON object of interfaces.md: "
                    + summary.substring(0, Math.min(300, summary.length())), e);
        }
        if (((Number) frames.get("total")).longValue() != n) {
            throw new IllegalStateException("du replay did not read " + n + " frames: " + summary.substring(0, Math.min(300, summary.length())));
        }
        Map<?, ?> reasons = (Map<?, ?>) frames.get("reasons");
        long authenticated = ((Number) frames.get("accepted")).longValue() + ((Number) frames.get("repetitions")).longValue();
        for (String after : List.of("replay-stale", "cf-unknown", "cf-length")) {
            Object v = reasons.get(after);
            authenticated += v == null ? 0 : ((Number) v).longValue();
        }
        return new ReplayRun(nanos / 1e9, authenticated);
    }

    /** The naive reader in a child JVM with the same options as du replay's, on the same trace and configuration. */
    private ReplayRun naive(Path work, Path trace, int n) throws IOException, InterruptedException {
        Path cfg = work.resolve("bench-jdk.properties");
        Files.writeString(cfg, TrafficMix.configText("jdk"), StandardCharsets.UTF_8);
        Path log = work.resolve("naive.out");
        List<String> cmd = ChildJvm.mainClass(ChildJvm.ownOptions(), NaiveReplay.class.getName());
        cmd.addAll(List.of(cfg.toString(), trace.toString()));
        long nanos = runChild(cmd, log);
        String line = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("naive replay: "))
                .findFirst().orElse(Files.readString(log, StandardCharsets.UTF_8).strip());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("naive replay: (\\d+) frames, (\\d+) authenticated").matcher(line);
        if (!m.matches() || Long.parseLong(m.group(1)) != n) {
            throw new IllegalStateException("the naive reader did not read " + n + " frames: " + line);
        }
        return new ReplayRun(nanos / 1e9, Long.parseLong(m.group(2)));
    }

    private void residentMemory(Path work, int secs, int fps) throws IOException, InterruptedException {
        String what = String.format(Locale.ROOT, "4  du run resident memory (Pi flags), %d frames/s for %d s", fps, secs);
        if (!PtyPair.socatAvailable()) {
            out.printf("%s: n/a (needs socat: tools/ensure-socat)%n", what);
            targets.notMeasured("3", "du run RSS (Pi flags) / hello-world", it.c2du.cli.bench.BenchTargets.Better.LOWER, 1.25, "x",
                    "needs socat");
            return;
        }
        if (!Files.isReadable(Path.of("/proc/self/status"))) {
            out.printf("%s: n/a (no /proc)%n", what);
            targets.notMeasured("3", "du run RSS (Pi flags) / hello-world", it.c2du.cli.bench.BenchTargets.Better.LOWER, 1.25, "x",
                    "needs /proc");
            return;
        }
        Path dir = Files.createDirectories(work.resolve("rss"));
        Path cfg = dir.resolve("du.properties");
        Files.writeString(cfg, TrafficMix.configText(null) + "modem.t-req     = none\n", StandardCharsets.UTF_8);
        Path log = dir.resolve("run.log");
        try (PtyPair pty = PtyPair.start(dir);
             EmulatorOnLink modem = new EmulatorOnLink(new JSerialCommPorts().open(pty.modemEnd().toString(),
                     new SerialSettings(57600, RequestLine.NONE)), new St7580Emulator(new Random(SEED), new byte[] {1, 4, 0, 17}),
                     Duration.ofSeconds(3))) {
            List<String> cmd = ChildJvm.du(ChildJvm.PI_OPTIONS);
            cmd.addAll(List.of("run", "--config", cfg.toString(), "--port", pty.hostEnd().toString(), "--state",
                    dir.resolve("state").toString()));
            Process du = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (modem.emulator().configurationWrites() == 0) {
                    if (!du.isAlive() || System.nanoTime() > deadline) {
                        out.printf("%s: failed: du run did not start: %s%n", what, tail(log));
                        return;
                    }
                    Thread.sleep(20);
                }
                TrafficMix traffic = new TrafficMix(SEED + 1);
                long period = 1_000_000_000L / fps;
                long start = System.nanoTime();
                long next = start;
                long sent = 0;
                while (System.nanoTime() - start < secs * 1_000_000_000L) {
                    if (modem.indicate(new DataIndication(St7580.Command.DL_DATA_INDICATION, 1, false, 4, 12, 3,
                            traffic.next().bytes()), St7580Emulator.LinkFault.NONE)) {
                        sent++;
                    }
                    next += period;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                Map<String, Long> status = procStatus(du.pid());
                du.destroy(); // SIGTERM: du run saves and exits 143
                boolean ended = du.waitFor(30, TimeUnit.SECONDS);
                out.printf(Locale.ROOT, "%s: VmRSS %.1f MiB, VmHWM %.1f MiB (RssAnon %.1f, RssFile %.1f); %d frames acknowledged;"
                                + " exit %s%n", what, status.getOrDefault("VmRSS", 0L) / 1024.0, status.getOrDefault("VmHWM", 0L) / 1024.0,
                        status.getOrDefault("RssAnon", 0L) / 1024.0, status.getOrDefault("RssFile", 0L) / 1024.0, sent,
                        ended ? String.valueOf(du.exitValue()) : "none (killed)");
                Map<String, Long> hello = helloWorldMemory(work);
                out.printf(Locale.ROOT, "4  hello-world resident memory (Pi flags), waiting: VmRSS %.1f MiB (RssAnon %.1f, RssFile %.1f)%n",
                        hello.getOrDefault("VmRSS", 0L) / 1024.0, hello.getOrDefault("RssAnon", 0L) / 1024.0,
                        hello.getOrDefault("RssFile", 0L) / 1024.0);
                double duMiB = status.getOrDefault("VmRSS", 0L) / 1024.0;
                double helloMiB = hello.getOrDefault("VmRSS", 0L) / 1024.0;
                targets.ratio("3", "du run RSS (Pi flags) / hello-world", duMiB / helloMiB, it.c2du.cli.bench.BenchTargets.Better.LOWER,
                        1.25, String.format(Locale.ROOT, "%.1f MiB / %.1f MiB", duMiB, helloMiB));
            } finally {
                if (du.isAlive()) {
                    du.destroyForcibly();
                    du.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        out.printf("   (the JVM options: %s)%n", String.join(" ", ChildJvm.PI_OPTIONS));
        out.flush();
    }

    /** {@link HelloWorld} with the Pi's options, read from /proc a second after it printed its line. */
    private static Map<String, Long> helloWorldMemory(Path work) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(helloWorld(work, ChildJvm.PI_OPTIONS, "30000")).redirectErrorStream(true).start();
        try {
            if (p.getInputStream().read() < 0) {
                throw new IOException("the hello-world JVM ended without a word (exit " + p.waitFor() + ")");
            }
            Thread.sleep(1000);
            return procStatus(p.pid());
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The kB figures of /proc/PID/status. */
    private static Map<String, Long> procStatus(long pid) throws IOException {
        Map<String, Long> m = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            String[] f = line.split("\\s+");
            if (f.length == 3 && f[2].equals("kB")) {
                m.put(f[0].substring(0, f[0].length() - 1), Long.parseLong(f[1]));
            }
        }
        return m;
    }

    /**
     * Row 5 and goal 2: start-up of du decode and du counters against a hello-world ({@link HelloWorld}
     * from a directory of its own), cold and with the start-up archive made the way the .deb's
     * postinst and ./du make it (the training run it.c2du.cli.CdsTraining). The variants take turns,
     * run after run, so that load from elsewhere on the machine falls on all of them alike.
     */
    private void startup(Path work, List<TrafficMix.Frame> mix, int n) throws IOException, InterruptedException {
        Path cfg = work.resolve("decode.properties");
        Files.writeString(cfg, TrafficMix.configText(null), StandardCharsets.UTF_8);
        String hex = Bytes.hex(mix.stream().filter(f -> f.expect() == TrafficMix.Expect.ACCEPTED).findFirst().orElseThrow().bytes());
        Path state = work.resolve("counters-state");
        Path training = Files.writeString(work.resolve("counters.trace"), it.c2du.cli.CdsTraining.TRACE, StandardCharsets.UTF_8);
        Path trainingCfg = Files.writeString(work.resolve("counters.properties"), it.c2du.cli.CdsTraining.CONFIG, StandardCharsets.UTF_8);
        runChild(du(ChildJvm.ownOptions(), "replay", "--config", trainingCfg.toString(), "--trace", training.toString(),
                "--state", state.toString()), work.resolve("replay.out"));
        Path log = work.resolve("startup.out");
        List<String> opts = ChildJvm.ownOptions();
        Path archive = work.resolve("du.jsa");
        String noArchive = null;
        List<List<String>> train = ChildJvm.cdsTraining(opts, archive);
        if (train == null) {
            noArchive = "n/a (run from classes directories: AppCDS archives classes from jars only)";
        } else {
            try {
                for (List<String> step : train) {
                    runChild(step, log);
                }
                if (!Files.isRegularFile(archive)) {
                    noArchive = "n/a (the training wrote no archive: " + tail(log) + ")";
                }
            } catch (IOException e) {
                noArchive = "n/a (" + e.getMessage() + ")";
            }
        }
        List<String> cds = ChildJvm.withArchive(opts, archive);
        Map<String, List<String>> variants = new java.util.LinkedHashMap<>();
        variants.put("hello-world", helloWorld(work, opts));
        variants.put("du decode HEX, cold", du(opts, "decode", "--config", cfg.toString(), hex));
        variants.put("du counters, cold", du(opts, "counters", "--state", state.toString()));
        if (noArchive == null) {
            variants.put("du decode HEX, archive", du(cds, "decode", "--config", cfg.toString(), hex));
            variants.put("du counters, archive", du(cds, "counters", "--state", state.toString()));
        }
        Map<String, long[]> times = new java.util.LinkedHashMap<>();
        variants.keySet().forEach(k -> times.put(k, new long[n]));
        for (int i = 0; i < n; i++) {
            for (Map.Entry<String, List<String>> v : variants.entrySet()) {
                times.get(v.getKey())[i] = runChild(v.getValue(), log);
                if (v.getKey().startsWith("du decode") && !Files.readString(log, StandardCharsets.UTF_8).contains("verdict   accepted")) {
                    throw new IllegalStateException("du decode did not accept the frame: " + tail(log));
                }
            }
        }
        double hello = median(times.get("hello-world")) / 1e6;
        for (Map.Entry<String, long[]> t : times.entrySet()) {
            double m = median(t.getValue()) / 1e6;
            out.printf(Locale.ROOT, "5  start-up, %-24s median %4.0f ms of %d (min %.0f, max %.0f)%s%n", t.getKey(), m, n,
                    Arrays.stream(t.getValue()).min().getAsLong() / 1e6, Arrays.stream(t.getValue()).max().getAsLong() / 1e6,
                    t.getKey().equals("hello-world") ? "" : String.format(Locale.ROOT, "  %.2fx hello-world", m / hello));
        }
        if (noArchive != null) {
            out.printf("5  start-up with the archive: %s%n", noArchive);
        } else {
            out.printf(Locale.ROOT, "   (archive %.1f MB, made by the training run as the .deb and ./du make it; load average %s)%n",
                    Files.size(archive) / 1e6, loadAverage());
        }
        for (String command : List.of("du decode HEX", "du counters")) {
            String what = command.replace(" HEX", "") + " start / hello-world";
            long[] measured = times.get(command + (noArchive == null ? ", archive" : ", cold"));
            double ms = median(measured) / 1e6;
            targets.ratio("2", what + (noArchive == null ? "" : " (cold)"), ms / hello, it.c2du.cli.bench.BenchTargets.Better.LOWER, 3.0,
                    String.format(Locale.ROOT, "%.0f ms / %.0f ms", ms, hello));
        }
        out.flush();
    }

    /** The 1-minute load average, said beside start-up times (they move with it); "?" without /proc. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /**
     * {@code java [options] -cp DIR it.c2du.cli.bench.HelloWorld [args]}: the class's bytes copied out
     * of this jar (or class path) into DIR, so that the JVM opens no jar and loads nothing of du's.
     */
    static List<String> helloWorld(Path work, List<String> options, String... args) throws IOException {
        Path dir = work.resolve("hello-world");
        String name = it.c2du.cli.bench.HelloWorld.class.getName();
        Path file = dir.resolve(name.replace('.', '/') + ".class");
        if (!Files.isRegularFile(file)) {
            Files.createDirectories(file.getParent());
            try (var in = it.c2du.cli.bench.HelloWorld.class.getResourceAsStream("HelloWorld.class")) {
                Files.copy(java.util.Objects.requireNonNull(in, "HelloWorld.class"), file);
            }
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(options);
        cmd.addAll(List.of("-cp", dir.toString(), name));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static List<String> du(List<String> opts, String... args) {
        List<String> cmd = ChildJvm.du(opts);
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") || line.startsWith("Model")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture only
        }
        return System.getProperty("os.arch");
    }

    /** The AES flags of this JVM; the intrinsics' own flags are diagnostic, visible when unlocked. */
    private static String intrinsics() {
        com.sun.management.HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        StringBuilder sb = new StringBuilder();
        for (String flag : List.of("UseAES", "UseAESIntrinsics", "UseAESCTRIntrinsics", "UseGHASHIntrinsics")) {
            try {
                String v = hs.getVMOption(flag).getValue();
                if (!v.isEmpty()) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(flag).append('=').append(v);
                }
            } catch (RuntimeException e) {
                // a diagnostic flag without -XX:+UnlockDiagnosticVMOptions, or another JVM
            }
        }
        return sb.length() == 0 ? "unknown" : sb.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
