package it.c2du.cli.text;

import static it.c2du.core.profile.C2P1.Counters.MAX_COUNT;
import static it.c2du.core.profile.C2P1.Counters.POWER_LOSS_BIT;

import it.c2du.core.profile.ReceptionCounter;
import it.c2du.counters.DailyCounters;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.function.ToIntFunction;

/**
 * The one place a reception counter becomes text: a value with its power-loss bit, today's five
 * on a line, and the 60-day profile as a table. The summaries, {@code du counters}, the live
 * logs and the lab engineer's view all print through it.
 */
public final class CounterText {
    private CounterText() {
    }

    /**
     * What a {@code P} after a count means, for the views that show one. Said once per view, next
     * to the counters, so the form reads the same in every view.
     */
    public static final String POWER_LOSS_LEGEND =
            "P after a count = bit 15 set: the DU lost power or its receiver was not running at some moment that day";

    /**
     * The count, with {@code P} when the power-loss bit is set: {@code 93P} (raw value 32861).
     * The one form every view uses for power loss -- the replay summary, {@code du counters},
     * the live logs, the lab view and the demo -- so a value reads the same wherever it is seen;
     * the raw 16-bit value is in the JSON forms.
     */
    public static String compact(int v) {
        return (v & MAX_COUNT) + ((v & POWER_LOSS_BIT) != 0 ? "P" : "");
    }

    /** The five counters on a line, {@code C1=4 C2=51P ...}. */
    public static String line(ToIntFunction<ReceptionCounter> valueOf) {
        StringBuilder sb = new StringBuilder();
        for (ReceptionCounter rc : ReceptionCounter.values()) {
            sb.append(sb.length() == 0 ? "" : " ").append(rc).append('=').append(compact(valueOf.applyAsInt(rc)));
        }
        return sb.toString();
    }

    /** Today's five counters on a line. */
    public static String today(DailyCounters c) {
        return line(c::today);
    }

    /**
     * The profile as a table, one row per element: {@code rows} rows from element 0 (yesterday),
     * numbered from {@code firstNumber}; rows before {@code firstDay} (when known) end the table
     * with "not observed".
     *
     * @param valueOf the raw value of counter {@code rc} at element {@code i}
     */
    public static void profileTable(PrintWriter out, LocalDate day, LocalDate firstDay, int rows, int firstNumber,
                                    ProfileValue valueOf) {
        out.printf("  %4s  %-10s", "elem", "day");
        for (ReceptionCounter rc : ReceptionCounter.values()) {
            out.printf(" %-13s", rc);
        }
        out.println();
        for (int i = 0; i < rows; i++) {
            LocalDate d = day.minusDays(i + 1L);
            out.printf("  %4d  %-10s", i + firstNumber, d);
            if (firstDay != null && d.isBefore(firstDay)) {
                out.printf(" elements %d..%d: before the first event (%s), not observed%n", i + firstNumber,
                        rows - 1 + firstNumber, firstDay);
                break;
            }
            for (ReceptionCounter rc : ReceptionCounter.values()) {
                out.printf(" %-13s", compact(valueOf.at(rc, i)));
            }
            out.println();
        }
    }

    /** A profile value: counter {@code rc}, element {@code i} (0 = yesterday). */
    @FunctionalInterface
    public interface ProfileValue {
        int at(ReceptionCounter rc, int i);
    }
}
