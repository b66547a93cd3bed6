package it.c2du.cli.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The goals of docs/performance.md (issue 20), each with the ratio this run of {@code du bench}
 * measured: the rows collect them as they go and the table closes with them, so one run says
 * which goal is met on this machine and which is not.
 */
public final class BenchTargets {
    /** Whether a smaller or a larger measured value is the better one. */
    public enum Better {
        LOWER("<="), HIGHER(">=");

        final String sign;

        Better(String sign) {
            this.sign = sign;
        }
    }

    /**
     * One goal: {@code measured} against {@code goal}, with how the ratio was formed ({@code of},
     * e.g. "du replay 2.84 s / naive reader 1.55 s"); {@code measured} is NaN when the row could not run.
     */
    public record Target(String number, String what, double measured, Better better, double goal, String unit, String of) {
        public boolean met() {
            return !Double.isNaN(measured) && (better == Better.LOWER ? measured <= goal : measured >= goal);
        }
    }

    private final List<Target> targets = new ArrayList<>();

    /** A ratio goal: {@code measured} is a ratio, shown as e.g. "0.58x". */
    public void ratio(String number, String what, double measured, Better better, double goal, String of) {
        targets.add(new Target(number, what, measured, better, goal, "x", of));
    }

    /** An absolute goal, in {@code unit} (e.g. "B/frame"). */
    public void absolute(String number, String what, double measured, Better better, double goal, String unit, String of) {
        targets.add(new Target(number, what, measured, better, goal, " " + unit, of));
    }

    /** A goal whose row could not run here (no socat, classes directories instead of a jar, ...). */
    public void notMeasured(String number, String what, Better better, double goal, String unit, String why) {
        targets.add(new Target(number, what, Double.NaN, better, goal, unit, why));
    }

    public List<Target> all() {
        return List.copyOf(targets);
    }

    /** The closing table: goal, measured, met or not, and what the ratio is of. */
    public void print(PrintWriter out) {
        if (targets.isEmpty()) {
            return;
        }
        out.println();
        out.println("Targets (issue 20; docs/performance.md)");
        out.println(String.format(Locale.ROOT, "%-3s %-46s %10s %10s  %-4s %s", "#", "target", "measured", "goal", "met", "of")
                .stripTrailing());
        for (Target t : targets) {
            String measured = Double.isNaN(t.measured()) ? "n/a" : value(t.measured(), t.unit());
            out.println(String.format(Locale.ROOT, "%-3s %-46s %10s %10s  %-4s %s", t.number(), t.what(), measured,
                    t.better().sign + " " + value(t.goal(), t.unit()), Double.isNaN(t.measured()) ? "-" : t.met() ? "yes" : "NO",
                    t.of()).stripTrailing());
        }
        out.flush();
    }

    private static String value(double v, String unit) {
        String n = Math.abs(v) >= 100 || v == Math.rint(v) && !unit.equals("x")
                ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
        return n + unit;
    }
}
