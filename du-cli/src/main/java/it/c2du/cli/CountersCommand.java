package it.c2du.cli;

import it.c2du.cli.text.ReplaySummary;
import it.c2du.cli.text.CounterText;
import it.c2du.cli.text.SummaryText;

import static it.c2du.core.profile.C2P1.Counters.MAX_COUNT;
import static it.c2du.core.profile.C2P1.Counters.POWER_LOSS_BIT;
import static it.c2du.core.profile.C2P1.Counters.PROFILE_DAYS;

import it.c2du.core.json.Json;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.counters.CounterSnapshot;
import it.c2du.counters.state.ReceiverState;
import it.c2du.counters.state.StateDirectory;
import it.c2du.counters.state.StateException;
import it.c2du.counters.state.WindowState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code du counters}: what a state directory holds, for a person or a script. */
@Command(name = "counters", mixinStandardHelpOptions = true,
        description = {"Shows the daily counters of a state directory: today's five values and the 60-day profiles.",
                "",
                "Reads without locking, so it works while a receiver runs on the directory. A value is the raw 16-bit"
                        + " counter: the count in bits 0-14 and bit 15 (power loss) on a day the DU lost power or its"
                        + " receiver was not running. Exit status 3 when the state cannot be read."})
public final class CountersCommand implements Callable<Integer> {
    @Option(names = "--state", required = true, paramLabel = "DIR", description = "The state directory.")
    Path state;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What the receiver on a state directory is doing, as far as the directory tells. */
    static String receiverStatus(ReceiverState s, Path dir) {
        if (!s.running()) {
            return "stopped";
        }
        Optional<ProcessHandle> holder = StateDirectory.holder(dir);
        return holder.isPresent() ? "running" : "interrupted";
    }

    @Override
    public Integer call() throws StateException {
        StateDirectory.Loaded loaded = StateDirectory.read(state);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        loaded.warnings().forEach(w -> err.println("du: warning: " + w));
        if (json) {
            out.println(Json.write(toJson(state, loaded)));
        } else {
            print(out, loaded);
        }
        return 0;
    }

    /** The object {@code du counters --json} prints; the status page's {@code /api/status} holds the same. */
    public static Map<String, Object> toJson(Path state, StateDirectory.Loaded loaded) {
        ReceiverState s = loaded.state();
        CounterSnapshot c = s.counters();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", state.toString());
        m.put("zone", s.zone().getId());
        m.put("receiver", receiverStatus(s, state));
        m.put("sequence", loaded.sequence());
        m.put("firstDay", c.firstDay() == null ? null : c.firstDay().toString());
        m.put("day", c.day() == null ? null : c.day().toString());
        m.put("clock", c.clock() == null ? null : c.clock().toString());
        m.put("powered", c.powered());
        ReplaySummary.putCounters(m, c);
        List<Object> days = new ArrayList<>();
        for (int i = 0; i < PROFILE_DAYS; i++) {
            days.add(c.day() == null ? null : c.day().minusDays(i + 1L).toString());
        }
        m.put("profileDays", days);
        Map<String, Object> windows = new LinkedHashMap<>();
        for (Map.Entry<MeterRole, WindowState> e : s.windows().entrySet()) {
            windows.put(e.getKey().name(), Map.of("highest", e.getValue().highest()));
        }
        m.put("windows", windows);
        m.put("warnings", loaded.warnings());
        return m;
    }

    private void print(PrintWriter out, StateDirectory.Loaded loaded) {
        ReceiverState s = loaded.state();
        CounterSnapshot c = s.counters();
        String status = switch (receiverStatus(s, state)) {
            case "running" -> "running";
            case "interrupted" -> c.day() == null
                    ? "interrupted (killed or power cut) before it counted anything: no day to mark"
                    : "interrupted (killed or power cut): its next start sets bit 15 on " + c.day();
            default -> "stopped cleanly";
        };
        out.printf("State %s, days in %s, receiver %s%n", state, s.zone(), status);
        if (c.day() == null) {
            out.printf("No event counted yet.%n");
            return;
        }
        // Read by a user: in the counters' zone with its offset, as the days are (the JSON keeps the instant).
        out.printf("  counting since %s, last event at %s%s, saved as sequence %d%n%n", c.firstDay(),
                c.clock() == null ? "(none)" : c.clock().atZone(s.zone()).toOffsetDateTime(),
                c.powered() ? "" : " (DU without power since then)", loaded.sequence());
        out.printf("Today, %s%n", c.day());
        SummaryText.printToday(out, rc -> c.today()[rc.ordinal()]);
        out.printf("%nProfile: element 0 = yesterday; each cell is the day's count (%s)%n", CounterText.POWER_LOSS_LEGEND);
        CounterText.profileTable(out, c.day(), c.firstDay(), PROFILE_DAYS, 0, (rc, i) -> c.profile()[rc.ordinal()][i]);
    }

}
