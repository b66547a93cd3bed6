package it.c2du.cli;

import it.c2du.cli.text.ReceptionTable;
import it.c2du.cli.text.ReplaySummary;
import it.c2du.cli.text.SummaryText;

import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.json.Json;
import it.c2du.core.receive.FrameObject;
import it.c2du.core.receive.ReceivePipeline;
import it.c2du.core.receive.Reception;
import it.c2du.core.trace.TraceEvent;
import it.c2du.core.trace.TraceFormatException;
import it.c2du.core.trace.TraceReader;
import it.c2du.counters.CountingReceiver;
import it.c2du.counters.DailyCounters;
import it.c2du.counters.DurableReceiver;
import it.c2du.counters.state.StateDirectory;
import it.c2du.counters.state.StateException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code du replay}: feeds a trace through the receive stack and the daily counters. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays a trace through the receive stack and the daily counters, on the trace's clock.",
                "",
                "Without --state: starts from empty state (counters 0, empty replay windows); that start is not an"
                        + " interruption. With --state DIR: continues from the counters and replay windows saved in DIR and"
                        + " saves back to it; only an unclean end of the previous run (killed, power cut) counts as an"
                        + " interruption (bit 15 on the state's day). Feeding the same trace again counts nothing twice:"
                        + " frames already counted are repetitions.",
                "",
                "Exit status 0 whenever the trace was read, however many frames were rejected; "
                        + "2 for a bad configuration, trace line or argument; 3 when the state directory cannot be used."})
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "DU configuration (properties).")
    Path config;

    @Option(names = "--trace", required = true, paramLabel = "FILE", description = "Trace to replay.")
    Path trace;

    @Option(names = "--until", paramLabel = "ISO-INSTANT",
            description = "Advance the clock to this instant after the last line, closing the days in between"
                    + " (e.g. 2024-03-07T00:00:01+01:00).")
    String until;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Continue from and save to this state directory (created when missing).")
    Path state;

    @Option(names = "--commit-every", paramLabel = "N",
            description = "With --state, the replay batches its saves: it writes the state durably after every N accepted"
                    + " frames (default ${DEFAULT-VALUE}; 1 = after each frame, as the live receiver does), at each"
                    + " power event, each change of day and at the end. A crash loses at most the frames since the last"
                    + " save, and feeding the trace again counts those again -- never twice.")
    int commitEvery = 1000;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Profile file of the layout to read (profile-file.md); overrides profile.file. Default C2P-1.")
    Path profile;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--frames", description = "Also report every frame: JSON Lines with --json, else a table.")
    boolean frames;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How the summary names the trace when it is not a user's file (du demo). */
    String traceLabel;

    /** {@code du replay --frames} of a trace the caller extracted (the demo's bundled one), shown as {@code label}. */
    public static int framesOf(CommandLine.Model.CommandSpec spec, Path config, Path trace, String label) throws Exception {
        ReplayCommand replay = new ReplayCommand();
        replay.config = config;
        replay.trace = trace;
        replay.frames = true;
        replay.spec = spec;
        replay.traceLabel = label;
        return replay.call();
    }

    @Override
    public Integer call() throws ConfigException, TraceFormatException, DuCommand.BadArgumentException, StateException {
        DuConfig cfg = DuConfig.load(config);
        if (commitEvery < 1) {
            throw new DuCommand.BadArgumentException("--commit-every: expected a number of frames >= 1, got " + commitEvery);
        }
        // Read the whole trace first: a bad line is reported before anything is printed or counted.
        OffsetDateTime lastTime = TraceReader.validate(trace);
        OffsetDateTime untilTime = parseUntil(lastTime);
        ReceivePipeline pipeline = new ReceivePipeline(cfg.duAddress(), cfg.associations(), cfg.newEngine(),
                LayoutOption.effective(cfg, profile));
        if (state == null) {
            CountingReceiver receiver = new CountingReceiver(pipeline, new DailyCounters(cfg.zone()));
            replay(receiver::apply);
            if (untilTime != null) {
                receiver.advanceTo(untilTime.toInstant());
            }
            summary(cfg, receiver);
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        try (StateDirectory dir = StateDirectory.open(state)) {
            dir.warnings().forEach(w -> err.println("du: warning: " + w));
            DurableReceiver durable = DurableReceiver.resumeReplay(dir, cfg.zone(), pipeline, commitEvery);
            durable.notes().forEach(n -> err.println("du: " + n));
            replay(durable::apply);
            if (untilTime != null) {
                durable.advanceTo(untilTime.toInstant());
            }
            durable.finish();
            summary(cfg, durable.receiver());
        }
        return 0;
    }

    /** Where each event goes: straight to the counters, or through the state directory. */
    private interface EventSink {
        Reception apply(TraceEvent e) throws StateException;
    }

    private void replay(EventSink sink)
            throws TraceFormatException, StateException {
        PrintWriter out = spec.commandLine().getOut();
        ReceptionTable table = json || !frames ? null : new ReceptionTable(out);
        try (TraceReader reader = TraceReader.open(trace)) {
            for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
                Reception r = sink.apply(e);
                if (!frames) {
                    continue;
                }
                if (json) {
                    // No frame object for power events or for frames the DU did not hear (interfaces.md).
                    if (r != null) {
                        out.println(Json.write(FrameObject.of(e.line(), e.timeText(), r)));
                    }
                } else if (r != null) {
                    table.row(e, r);
                } else {
                    table.event(e);
                }
            }
        }
        if (table != null) {
            out.println();
        }
    }

    private void summary(DuConfig cfg, CountingReceiver receiver) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(ReplaySummary.of(receiver.tally(), receiver.counters())));
        } else {
            new SummaryText(out).print(cfg, traceLabel == null ? trace.toString() : traceLabel, receiver.tally(), receiver.counters());
        }
    }

    private OffsetDateTime parseUntil(OffsetDateTime lastTime) throws DuCommand.BadArgumentException {
        if (until == null) {
            return null;
        }
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(until, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new DuCommand.BadArgumentException("--until: expected ISO-8601 with an offset"
                    + " (e.g. 2024-03-07T00:00:01+01:00), got \"" + until + "\"");
        }
        if (lastTime != null && t.toInstant().isBefore(lastTime.toInstant())) {
            // The clock only moves forward: an --until the trace has passed changes nothing. The shared
            // case layouts/example-dlms gives one (its last line is 64 s after it); refusing it would
            // refuse a contract vector, so it is a note, not an error.
            spec.commandLine().getErr().println("du: --until " + until + " is before the trace's last line ("
                    + lastTime + "): the clock stays at the last line");
            return null;
        }
        return t;
    }
}
