package it.c2du.cli.bench;

import it.c2du.cli.dev.BenchCommand;
import it.c2du.core.crypto.EngineChoice;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 20, target 5: rows 1 and 2 (counting path) of {@code du bench} for both engines in child
 * JVMs without what makes the JDK's engine fast -- the AES intrinsics off (the closest an x86
 * machine gets to a Raspberry Pi 3/4) and C1 only (du run's options on the Pi) -- and whether
 * {@code crypto.engine = auto} picks the faster engine in each. The child is {@code du bench
 * --engine-rows}; it prints one line per measurement, which the parent reads and prints as rows.
 */
public final class EngineRows {
    /**
     * Target 4's goal in B/frame: nothing per frame. What can remain is per day, not per frame (the
     * counters' day bounds when a day closes: 7 in a pass of the 20,000-frame mix), well under this.
     */
    public static final double ALLOCATION_GOAL = 0.5;

    /** The diagnostic unlock HotSpot wants before the intrinsics' own flags. */
    static final List<String> INTRINSICS_OFF = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-UseAESIntrinsics",
            "-XX:-UseAESCTRIntrinsics", "-XX:-UseGHASHIntrinsics");

    /** A child JVM's options and the label of its rows. */
    public record Variant(String label, List<String> options) {
    }

    public static final List<Variant> VARIANTS = List.of(
            new Variant("intrinsics off", INTRINSICS_OFF),
            new Variant("C1 only", ChildJvm.PI_OPTIONS));

    private EngineRows() {
    }

    /** The child's line for one measurement. */
    public static void print(PrintWriter out, String item, String engine, BenchCommand.Rate r) {
        out.printf(Locale.ROOT, "engine-row %s %s %.1f %.2f%n", item, engine, r.perSecond(), r.bytesPerFrame());
    }

    /** The child's line for auto's choice. */
    public static void printChoice(PrintWriter out, EngineChoice c) {
        out.printf("engine-auto %s %s%n", c.engine(), c.why());
    }

    /**
     * Target 5 for one JVM: the rate of the engine auto picked over the better of the two, measured
     * in the same JVM (1.00 when auto picked the faster one). An engine's rate is the geometric mean
     * of its rows 1 (bare AES-GCM) and 2 (counting path): one timed loop on a shared machine can be
     * off by half, two rarely are together.
     */
    public static void target(BenchTargets targets, String where, EngineChoice choice, double jdkOpen, double jdkPipeline,
                              double bcOpen, double bcPipeline) {
        double jdk = Math.sqrt(jdkOpen * jdkPipeline);
        double bc = Math.sqrt(bcOpen * bcPipeline);
        double picked = choice.engine().equals("jdk") ? jdk : bc;
        targets.ratio("5", "auto picks the faster engine, " + where, picked / Math.max(jdk, bc), BenchTargets.Better.HIGHER, 1.0,
                String.format(Locale.ROOT, "auto: %s; rows 1 and 2, geometric mean: jdk %,.0f, bc %,.0f frames/s", choice.engine(),
                        jdk, bc));
    }

    /** Runs the child of {@code v}, prints its rows labelled and adds its target. */
    public static void child(PrintWriter out, BenchTargets targets, Variant v, int mix, double secs, boolean quick)
            throws IOException, InterruptedException {
        List<String> opts = new ArrayList<>(ChildJvm.ownOptions());
        opts.addAll(v.options());
        List<String> cmd = ChildJvm.du(opts);
        cmd.addAll(List.of("bench", "--engine-rows", "--mix", String.valueOf(mix), "--seconds", String.valueOf(secs)));
        Path log = Files.createTempFile("du-bench-engines-", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean ended = p.waitFor(10, TimeUnit.MINUTES);
            if (!ended) {
                p.destroyForcibly();
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            Map<String, Double> rate = new HashMap<>();
            String[] auto = null;
            for (String line : text.split("\n")) {
                String[] f = line.strip().split(" ", 5);
                if (f[0].equals("engine-row") && f.length == 5) {
                    double perSecond = Double.parseDouble(f[3]);
                    double bytes = Double.parseDouble(f[4]);
                    String what = (f[1].equals("1") ? "AES-GCM open only" : "counting path") + ", " + v.label();
                    out.println(String.format(Locale.ROOT, "%-2s %-40s %-6s %,12.0f %10.2f %9s", f[1], what, f[2], perSecond,
                            1e6 / perSecond, bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", bytes)).stripTrailing());
                    rate.put(f[1] + f[2], perSecond);
                } else if (f[0].equals("engine-auto")) {
                    auto = line.strip().split(" ", 3);
                }
            }
            if (!ended || p.exitValue() != 0 || auto == null || rate.size() != 4) {
                out.printf("   %s: failed: %s%n", v.label(), text.length() > 600 ? "..." + text.substring(text.length() - 600) : text.strip());
                targets.notMeasured("5", "auto picks the faster engine, " + v.label(), BenchTargets.Better.HIGHER, 1.0, "x",
                        "the child JVM failed");
                return;
            }
            out.printf("   (%s: %s; auto picks %s: %s)%n", v.label(), String.join(" ", opts), auto[1], auto[2]);
            out.flush();
            target(targets, v.label(), new EngineChoice(auto[1], auto[2]), rate.get("1jdk"), rate.get("2jdk"), rate.get("1bc"),
                    rate.get("2bc"));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
