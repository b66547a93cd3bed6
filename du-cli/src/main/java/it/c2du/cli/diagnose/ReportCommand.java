package it.c2du.cli.diagnose;

import it.c2du.cli.BadArgumentException;

import it.c2du.cli.diagnose.Diagnosis;
import it.c2du.cli.diagnose.JournalFrame;
import it.c2du.cli.text.ReceptionReportHtml;
import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.profile.MeterRole;
import it.c2du.counters.state.StateDirectory;
import it.c2du.counters.state.StateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code du report}: a DU's reception as one self-contained, printable HTML page (docs/fleet.md). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes a DU's reception report as one self-contained HTML page, printable: per day C1..C5"
                + " against what was expected and the power-loss days, the quarter hours received (days x quarter"
                + " hours) and the SNR over time from the journal, and du diagnose's findings and support form"
                + " (with --config).",
                "",
                "Exit status 0: written; 2: a bad configuration, journal line or argument; 3: the state cannot be read."})
public final class ReportCommand implements Callable<Integer> {
    @Option(names = "--state", paramLabel = "DIR", description = "The DU's state directory.")
    Path state;

    @Option(names = "--fleet", paramLabel = "DIR", description = "A folder of state directories, one per DU (each"
            + " with its du.properties and frames.jsonl when there are): one row per DU, worst first.")
    Path fleet;

    @Option(names = "--frames", paramLabel = "JOURNAL", description = "The frame journal: du run --frames FILE, or"
            + " the output of du replay --json --frames.")
    Path frames;

    @Option(names = "--config", paramLabel = "FILE", description = "The DU's configuration: its name, and the"
            + " diagnosis.")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "report.html", description = "The page to write"
            + " (replaced); its folder must exist.")
    Path out;

    @Option(names = "--hw-version", paramLabel = "V", description = "The DU's hardware version, for the support form.")
    String hardwareVersion;

    @Option(names = "--sw-version", paramLabel = "V", description = "The DU's software version (default: this du's).")
    String softwareVersion;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ConfigException, StateException, BadArgumentException {
        Path folder = out.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new BadArgumentException("--out " + out + ": its folder " + folder + " does not exist");
        }
        if ((state == null) == (fleet == null)) {
            throw new BadArgumentException("give --state DIR (one DU) or --fleet DIR (a folder of state directories)");
        }
        if (fleet != null) {
            if (frames != null || config != null) {
                throw new BadArgumentException("--fleet takes each DU's du.properties and frames.jsonl from its"
                        + " folder: --config and --frames are for one DU");
            }
            return write(ReceptionReportHtml.renderFleet("Reception report: fleet " + fleet, fleetRows()));
        }
        List<JournalFrame> journal = frames == null ? null : DiagnoseCommand.readJournal(frames);
        StateDirectory.Loaded loaded = StateDirectory.read(state);
        String page;
        if (config == null) {
            page = ReceptionReportHtml.render("Reception report: state " + state, loaded.state().counters(),
                    loaded.state().zone(), journal, null, null, false);
        } else {
            DuConfig cfg = DuConfig.load(config);
            Diagnosis.Input in = DiagnoseCommand.input(cfg, state, loaded, journal, hardwareVersion, softwareVersion);
            List<Diagnosis.Finding> findings = Diagnosis.findings(in);
            page = ReceptionReportHtml.render("Reception report: DU " + cfg.duAddress()
                    + (cfg.name() == null ? "" : " (" + cfg.name() + ")"), in.counters(), in.zone(), journal, findings,
                    Diagnosis.ticket(in, findings), cfg.association(MeterRole.M2) != null);
        }
        return write(page);
    }

    /** Every folder of --fleet holding a state file, with its configuration and journal when there. */
    private List<ReceptionReportHtml.FleetRow> fleetRows() throws ConfigException, StateException,
            BadArgumentException {
        List<Path> folders;
        try (java.util.stream.Stream<Path> s = Files.list(fleet)) {
            folders = s.filter(d -> Files.isRegularFile(d.resolve(StateDirectory.STATE_FILE))).sorted().toList();
        } catch (IOException e) {
            throw new BadArgumentException("--fleet " + fleet + ": cannot list it (" + e.getMessage() + ")");
        }
        if (folders.isEmpty()) {
            throw new BadArgumentException("--fleet " + fleet + ": no state directory in it (a folder with "
                    + StateDirectory.STATE_FILE + ")");
        }
        List<ReceptionReportHtml.FleetRow> rows = new java.util.ArrayList<>();
        for (Path d : folders) {
            Path cfgFile = d.resolve("du.properties");
            Path journalFile = d.resolve("frames.jsonl");
            List<JournalFrame> journal = Files.isRegularFile(journalFile) ? DiagnoseCommand.readJournal(journalFile) : null;
            if (Files.isRegularFile(cfgFile)) {
                DuConfig cfg = DuConfig.load(cfgFile);
                Diagnosis.Input in = DiagnoseCommand.input(cfg, d, journal, hardwareVersion, softwareVersion);
                List<String> findings = Diagnosis.findings(in).stream().map(f -> f.category().wireName
                        + (f.since() == null ? "" : " since " + f.since())).toList();
                rows.add(ReceptionReportHtml.fleetRow(cfg.duAddress() + (cfg.name() == null ? "" : " " + cfg.name()),
                        d.getFileName().toString(), in.counters(), in.zone(), findings));
            } else {
                StateDirectory.Loaded loaded = StateDirectory.read(d);
                rows.add(ReceptionReportHtml.fleetRow(d.getFileName().toString(), d.getFileName().toString(),
                        loaded.state().counters(), loaded.state().zone(), null));
            }
        }
        return rows;
    }

    private int write(String page) throws BadArgumentException {
        try {
            Files.writeString(out, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadArgumentException("--out " + out + ": cannot write it (" + e.getMessage() + ")");
        }
        spec.commandLine().getOut().printf("%s: the reception report%n", out);
        return 0;
    }
}
