package it.c2du.cli;

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
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--state", required = true, paramLabel = "DIR", description = "The DU's state directory.")
    Path state;

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
        List<JournalFrame> journal = frames == null ? null : DiagnoseCommand.readJournal(frames);
        StateDirectory.Loaded loaded = StateDirectory.read(state);
        String page;
        if (config == null) {
            page = ReceptionReportHtml.render("Reception report: state " + state, loaded.state().counters(),
                    loaded.state().zone(), journal, null, null, false);
        } else {
            DuConfig cfg = DuConfig.load(config);
            Diagnosis.Input in = DiagnoseCommand.input(cfg, state, journal, hardwareVersion, softwareVersion);
            List<Diagnosis.Finding> findings = Diagnosis.findings(in);
            page = ReceptionReportHtml.render("Reception report: DU " + cfg.duAddress()
                    + (cfg.name() == null ? "" : " (" + cfg.name() + ")"), in.counters(), in.zone(), journal, findings,
                    Diagnosis.ticket(in, findings), cfg.association(MeterRole.M2) != null);
        }
        try {
            Files.writeString(out, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadArgumentException("--out " + out + ": cannot write it (" + e.getMessage() + ")");
        }
        spec.commandLine().getOut().printf("%s: the reception report%n", out);
        return 0;
    }
}
