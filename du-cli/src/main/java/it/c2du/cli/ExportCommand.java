package it.c2du.cli;

import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.json.Json;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.counters.CounterSnapshot;
import it.c2du.counters.platform.PlatformDay;
import it.c2du.counters.state.StateDirectory;
import it.c2du.counters.state.StateException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code du export}: closed days in the collaborative platform's forms (Allegato 5). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Exports one meter's closed days from a state directory in the collaborative platform's forms"
                + " (Allegato 5): CSV with the platform's header, or JSON Lines with one upload message per day.",
                "",
                "Values with bit 15 (power loss) are sent as -(32768 + count); TS is the day's date at 00:00 UTC"
                        + " (milliseconds in JSON, dd/MM/yyyy in CSV). POD, DU and ID_INSTALLAZIONE come from the"
                        + " configuration (mN.pod, du.mac, mN.installation-id). Only closed days are exported (today is"
                        + " still counting), from the first day the receiver saw; by default all of them (up to 60).",
                "",
                "Exit status 2 for a bad configuration or argument, 3 when the state cannot be read."})
final class ExportCommand implements Callable<Integer> {
    enum Format { csv, json }

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "DU configuration (properties).")
    Path config;

    @Option(names = "--state", required = true, paramLabel = "DIR", description = "The state directory.")
    Path state;

    @Option(names = "--meter", required = true, paramLabel = "M1|M2", description = "Which meter's counters: M1 (C1-C3) or M2 (C4, C5).")
    MeterRole meter;

    @Option(names = "--format", required = true, paramLabel = "csv|json", description = "csv or json.")
    Format format;

    @Option(names = "--from", paramLabel = "DAY", description = "First day to export (yyyy-MM-dd).")
    String from;

    @Option(names = "--to", paramLabel = "DAY", description = "Last day to export (yyyy-MM-dd); at most yesterday.")
    String to;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this file (replaced atomically) instead of standard output.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ConfigException, StateException, BadArgumentException, IOException {
        DuConfig cfg = DuConfig.load(config);
        Association a = cfg.association(meter);
        String prefix = meter.configPrefix();
        if (a == null) {
            throw new ConfigException(config + ": there is no " + meter + " association (" + prefix + ".key, "
                    + prefix + ".system-title): nothing to export for " + meter);
        }
        if (a.pod() == null) {
            throw new ConfigException(config + ": " + prefix + ".pod: missing; the platform's rows need the POD");
        }
        String installation = cfg.installationId(meter);
        if (installation == null) {
            throw new ConfigException(config + ": " + prefix + ".installation-id: missing; the platform's rows need"
                    + " ID_INSTALLAZIONE (2 letters or digits and the activation date YYMMDD, e.g. XY171001)");
        }
        LocalDate fromDay = day("--from", from);
        LocalDate toDay = day("--to", to);
        if (fromDay != null && toDay != null && fromDay.isAfter(toDay)) {
            throw new BadArgumentException("--from " + fromDay + " is after --to " + toDay);
        }

        StateDirectory.Loaded loaded = StateDirectory.read(state);
        loaded.warnings().forEach(w -> spec.commandLine().getErr().println("du: warning: " + w));
        CounterSnapshot counters = loaded.state().counters();
        List<PlatformDay> days = PlatformDay.closedDays(counters, meter, a.pod(), cfg.duAddress().toString(), installation);
        if (fromDay != null || toDay != null) {
            String held = days.isEmpty() ? "no closed day yet"
                    : "closed days " + days.get(0).day() + " .. " + days.get(days.size() - 1).day();
            if (toDay != null && counters.day() != null && !toDay.isBefore(counters.day())) {
                throw new BadArgumentException("--to " + toDay + ": " + counters.day()
                        + " is the state's current day, still counting; the state holds " + held);
            }
            if (days.isEmpty()) {
                throw new BadArgumentException("the state holds " + held);
            }
            LocalDate first = days.get(0).day();
            LocalDate last = days.get(days.size() - 1).day();
            if (fromDay != null && (fromDay.isBefore(first) || fromDay.isAfter(last))) {
                throw new BadArgumentException("--from " + fromDay + ": the state holds " + held);
            }
            if (toDay != null && (toDay.isBefore(first) || toDay.isAfter(last))) {
                throw new BadArgumentException("--to " + toDay + ": the state holds " + held);
            }
        }
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        if (format == Format.csv) {
            w.print(PlatformDay.csvHeader(meter) + "\n");
        }
        int n = 0;
        for (PlatformDay d : days) {
            if ((fromDay != null && d.day().isBefore(fromDay)) || (toDay != null && d.day().isAfter(toDay))) {
                continue;
            }
            w.print((format == Format.csv ? d.csvRow() : Json.writeCompact(d.json())) + "\n");
            n++;
        }
        w.flush();
        if (out == null) {
            spec.commandLine().getOut().print(text);
        } else {
            write(out, text.toString());
        }
        if (n == 0) {
            spec.commandLine().getErr().println("du: no closed day to export yet (the state's current day is "
                    + counters.day() + ")");
        }
        return 0;
    }

    private static LocalDate day(String option, String text) throws BadArgumentException {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            if (e.getCause() instanceof java.time.DateTimeException impossible) {
                // The form is right but no such day exists (2024-02-30): say that, not the form.
                throw new BadArgumentException(option + " " + text + ": no such day (" + impossible.getMessage() + ")");
            }
            throw new BadArgumentException(option + ": expected a day as yyyy-MM-dd, got \"" + text + "\"");
        }
    }

    /** Replaces {@code file} atomically: a reader sees the old export or the new one, never half. */
    private static void write(Path file, String text) throws BadArgumentException {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            // Said before anything is written: "cannot write: <the .tmp path>" names neither the cause nor the folder.
            throw new BadArgumentException("--out " + file + ": the folder "
                    + (file.getParent() != null ? file.getParent() : folder)
                    + (Files.exists(folder) ? " is not a folder" : " does not exist"));
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp); // nothing half written left behind
            } catch (IOException ignored) {
                // the directory itself is unusable: the message below says so
            }
            throw new BadArgumentException("--out " + file + ": cannot write: " + e.getMessage());
        }
    }
}
