package it.c2du.cli.text;

import static it.c2du.core.profile.C2P1.Counters.MAX_COUNT;
import static it.c2du.core.profile.C2P1.Counters.POWER_LOSS_BIT;

import it.c2du.core.config.DuConfig;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.receive.ReceptionTally;
import it.c2du.core.stack.RejectReason;
import it.c2du.counters.DailyCounters;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** The readable form of a replay's summary: what was received, what was dropped and why, the counters. */
public final class SummaryText {
    private final PrintWriter out;

    public SummaryText(PrintWriter out) {
        this.out = out;
    }

    public void print(DuConfig cfg, String traceName, ReceptionTally tally, DailyCounters counters) {
        out.printf("Trace %s, DU %s%s, days in %s%n%n", traceName, cfg.duAddress(),
                cfg.name() == null ? "" : " (" + cfg.name() + ")", cfg.zone());
        out.printf("Frames%n");
        out.printf("  %-22s %8d%n", "total", tally.total());
        out.printf("  %-22s %8d%n", "accepted (counted)", tally.accepted());
        out.printf("  %-22s %8d%n", "repetitions (dropped)", tally.repetitions());
        out.printf("  %-22s %8d%n", "rejected", tally.rejected());
        for (Map.Entry<RejectReason, Long> e : tally.reasons().entrySet()) {
            out.printf("    %-20s %8d%n", e.getKey().wireName(), e.getValue());
        }
        out.printf("  %-22s %8d%n%n", "while off (not heard)", tally.whileOff());

        LocalDate day = counters.day();
        out.printf("Counters of %s%n", day == null ? "(no day yet: the trace has no event)" : day + " (today)");
        printToday(out, counters::today);
        if (day == null) {
            return;
        }
        out.printf("%nProfile: closed days with traffic or a power loss (older days are 0)%n");
        out.printf("  %-10s %8s %8s %8s %8s %8s%n", "day", "C1", "C2", "C3", "C4", "C5");
        int shown = 0;
        boolean anyLoss = false;
        for (int i = 0; i < it.c2du.core.profile.C2P1.Counters.PROFILE_DAYS; i++) {
            final int k = i;
            int[] values = Arrays.stream(ReceptionCounter.values()).mapToInt(c -> counters.profile(c)[k]).toArray();
            if (Arrays.stream(values).allMatch(v -> v == 0)) {
                continue;
            }
            shown++;
            anyLoss |= Arrays.stream(values).anyMatch(v -> (v & POWER_LOSS_BIT) != 0);
            out.printf("  %-10s", day.minusDays(i + 1));
            for (int v : values) {
                out.printf(" %8s", CounterText.compact(v));
            }
            out.println();
        }
        if (shown == 0) {
            out.printf("  (none)%n");
        } else if (anyLoss) {
            out.printf("  (%s)%n", CounterText.POWER_LOSS_LEGEND);
        }
    }

    /** Today's five counters as value, count and power-loss flag (replay summary and du counters). */
    public static void printToday(PrintWriter out, java.util.function.ToIntFunction<ReceptionCounter> valueOf) {
        out.printf("  %-8s %-12s %6s %6s  %s%n", "counter", "frames", "value", "count", "power loss");
        for (ReceptionCounter c : ReceptionCounter.values()) {
            int v = valueOf.applyAsInt(c);
            out.printf("  %-8s %-12s %6d %6d  %s%n", c, framesOf(c), v, v & MAX_COUNT, (v & POWER_LOSS_BIT) != 0 ? "yes" : "no");
        }
    }

    /** The CFs feeding a counter, e.g. "CF22+CF25". */
    public static String framesOf(ReceptionCounter c) {
        return Arrays.stream(CompactFrameType.values()).filter(t -> t.counter() == c)
                .map(Enum::name).collect(Collectors.joining("+"));
    }
}
