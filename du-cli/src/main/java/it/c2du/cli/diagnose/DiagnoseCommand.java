package it.c2du.cli.diagnose;

import it.c2du.cli.BadArgumentException;
import it.c2du.cli.BuildVersion;

import it.c2du.cli.diagnose.Diagnosis;
import it.c2du.cli.diagnose.JournalFrame;
import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.json.Json;
import it.c2du.counters.platform.MeterDay;
import it.c2du.counters.platform.UploadLedger;
import it.c2du.counters.state.StateDirectory;
import it.c2du.counters.state.StateException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code du diagnose}: which of the portal's support categories a DU's trouble is, or that it is
 * on the DU's side, from its state directory and, when given, its frame journal (docs/fleet.md).
 */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = {"Diagnoses a DU's reception from its state directory (counters, power-loss days, the upload"
                + " ledger) and its frame journal (du run --frames, or du replay --json --frames): findings with their"
                + " evidence and since when (no-updates, fewer-than-expected, stale-timestamps, wrong-key,"
                + " wrong-address, power-losses, upload, or ok), then the portal's support form filled in.",
                "",
                "Exit status 0: diagnosed (whatever was found); 2: a bad configuration, journal line or argument;"
                        + " 3: the state cannot be read."})
public final class DiagnoseCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "DU configuration (properties).")
    Path config;

    @Option(names = "--state", required = true, paramLabel = "DIR", description = "The DU's state directory (read"
            + " without locking).")
    Path state;

    @Option(names = "--frames", paramLabel = "JOURNAL", description = "The frame journal: du run --frames FILE, or"
            + " the output of du replay --json --frames.")
    Path frames;

    @Option(names = "--json", description = "One JSON object: {\"findings\": [...], \"ticket\": {...}}.")
    boolean json;

    @Option(names = "--hw-version", paramLabel = "V", description = "The DU's hardware version, for the support form.")
    String hardwareVersion;

    @Option(names = "--sw-version", paramLabel = "V", description = "The DU's software version, for the support form"
            + " (default: this du's version).")
    String softwareVersion;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ConfigException, StateException, BadArgumentException {
        DuConfig cfg = DuConfig.load(config);
        Diagnosis.Input in = input(cfg, state, frames == null ? null : readJournal(frames), hardwareVersion,
                softwareVersion);
        List<Diagnosis.Finding> findings = Diagnosis.findings(in);
        Diagnosis.Ticket ticket = Diagnosis.ticket(in, findings);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("findings", findings.stream().map(Diagnosis.Finding::toJson).toList());
            m.put("ticket", ticket.toJson());
            out.println(Json.write(m));
            return 0;
        }
        out.printf("DU %s%s, state %s%s%n", cfg.duAddress(), cfg.name() == null ? "" : " (" + cfg.name() + ")", state,
                frames == null ? " (no journal: give --frames JOURNAL for the causes)" : ", journal " + frames);
        for (Diagnosis.Finding f : findings) {
            out.printf("%n%s%s%s%n  %s%n", f.category().wireName, f.meter() == null ? "" : " " + f.meter(),
                    f.since() == null ? "" : " since " + f.since(), f.evidence());
        }
        out.printf("%nThe portal's support form:%n");
        out.printf("  date of the problem:  %s%n", orDash(ticket.date()));
        out.printf("  category:             %s%n", ticket.category() == null ? "-" : ticket.category().text);
        out.printf("  POD:                  %s%n", orDash(ticket.pod()));
        out.printf("  DU name:              %s%n", orDash(ticket.duName()));
        out.printf("  DU address (NID):     %s%n", ticket.nid());
        out.printf("  hardware version:     %s%n", orDash(ticket.hardwareVersion()));
        out.printf("  software version:     %s%n", orDash(ticket.softwareVersion()));
        out.printf("  (%s)%n", ticket.note());
        return 0;
    }

    /** What a diagnosis reads: the state (without locking), its upload ledger, the journal; du report too. */
    static Diagnosis.Input input(DuConfig cfg, Path state, List<JournalFrame> journal, String hardwareVersion,
            String softwareVersion) throws StateException {
        return input(cfg, state, StateDirectory.read(state), journal, hardwareVersion, softwareVersion);
    }

    /** The same, from the state as the caller has already read it (du report reads it once). */
    static Diagnosis.Input input(DuConfig cfg, Path state, StateDirectory.Loaded loaded, List<JournalFrame> journal,
            String hardwareVersion, String softwareVersion) throws StateException {
        boolean interrupted = loaded.state().running() && StateDirectory.holder(state).isEmpty();
        UploadLedger ledger = UploadLedger.in(state);
        Map<MeterDay, UploadLedger.Entry> uploads = cfg.platform() != null || Files.exists(ledger.file())
                ? ledger.read() : null;
        return new Diagnosis.Input(cfg, loaded.state().counters(), loaded.state().zone(), interrupted, uploads, journal,
                hardwareVersion, softwareVersion != null ? softwareVersion : BuildVersion.current().toString());
    }

    private static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }

    static List<JournalFrame> readJournal(Path file) throws BadArgumentException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadArgumentException("--frames " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        try {
            return JournalFrame.read(text, file.toString());
        } catch (JournalFrame.JournalException e) {
            throw new BadArgumentException("--frames " + e.getMessage());
        }
    }
}
