package it.c2du.cli;

import it.c2du.cli.layout.LayoutOption;

import it.c2du.cli.live.StopOnSigterm;
import it.c2du.cli.text.ReceptionTable;
import it.c2du.cli.text.ReplaySummary;
import it.c2du.cli.text.SummaryText;

import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.json.Json;
import it.c2du.core.receive.FrameObject;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Reception;
import it.c2du.core.trace.TraceEvent;
import it.c2du.core.trace.PipelinedTraceReader;
import it.c2du.core.trace.TraceFormatException;
import it.c2du.core.trace.TraceLine;
import it.c2du.core.trace.TraceReader;
import it.c2du.core.trace.TraceSource;
import it.c2du.counters.CountingReceiver;
import it.c2du.counters.DailyCounters;
import it.c2du.counters.DurableReceiver;
import it.c2du.counters.state.StateDirectory;
import it.c2du.counters.state.StateException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
                "SIGTERM (Ctrl-C) with --state stops at the next frame boundary and saves what was counted"
                        + " (exit status 143); feeding the trace again counts the rest.",
                "",
                "Exit status 0 whenever the trace was read, however many frames were rejected; "
                        + "2 for a bad configuration, trace line or argument; 3 when the state directory cannot be used."})
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "DU configuration (properties).")
    Path config;

    @Option(names = "--trace", required = true, paramLabel = "FILE", description = "Trace to replay; - reads standard input. Read once, in one pass: a pipe or FIFO will do.")
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
    Integer commitEvery;

    /** How many accepted frames a replay batches into one save by default. */
    static final int DEFAULT_COMMIT_EVERY = 1000;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Profile file of the layout to read (profile-file.md); overrides profile.file. Default C2P-1.")
    Path profile;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = "--frames", description = "Also report every frame: JSON Lines with --json, else a table.")
    boolean frames;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How the trace is named when --trace is "-". */
    private static final String STANDARD_INPUT = "standard input";

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
    public Integer call() throws ConfigException, TraceFormatException, BadArgumentException, StateException,
            IOException {
        DuConfig cfg = DuConfig.load(config);
        if (commitEvery != null && state == null) {
            // Without a state directory nothing is saved, so a save interval would silently mean nothing.
            throw new BadArgumentException("--commit-every needs --state: without a state directory nothing is saved");
        }
        int every = commitEvery == null ? DEFAULT_COMMIT_EVERY : commitEvery;
        if (every < 1) {
            throw new BadArgumentException("--commit-every: expected a number of frames >= 1, got " + every);
        }
        OffsetDateTime untilTime = parseUntil();
        ReceiveStack pipeline = new ReceiveStack(cfg.duAddress(), cfg.associations(), cfg.newEngine(),
                LayoutOption.effective(cfg, profile));
        // The trace is read once, in one pass (it may be a pipe). Until its last line has been read,
        // nothing is printed (a bad line prints only its error) and, with --state, whatever was
        // committed is undone when a line turns out bad.
        try (TraceSource reader = openTrace(); HeldOutput held = frames ? new HeldOutput() : null) {
            if (state == null) {
                CountingReceiver receiver = new CountingReceiver(pipeline, new DailyCounters(cfg.zone()));
                OffsetDateTime lastTime = replay(reader, receiver::apply, receiver::count, held);
                advance(receiver::advanceTo, lastTime, untilTime);
                print(held);
                summary(cfg, receiver);
                return 0;
            }
            PrintWriter err = spec.commandLine().getErr();
            // SIGTERM (Ctrl-C) stops the replay at the next frame boundary, and it saves: what was
            // counted stays counted, and the state is not left marked as interrupted.
            try (StateDirectory dir = StateDirectory.open(state);
                 StopOnSigterm sigterm = new StopOnSigterm("du-replay", () -> {
                     stopAsked = true;
                     err.println("du: SIGTERM: stopping at the next frame boundary, then saving");
                     err.flush();
                 }, STOP_GRACE_SECONDS)) {
                DurableReceiver durable = DurableReceiver.resumeReplay(dir, cfg.zone(), pipeline, every);
                try {
                    OffsetDateTime lastTime = replay(reader, durable::apply, durable::count, held);
                    if (stoppedBeforeLine == 0) {
                        advance(durable::advanceTo, lastTime, untilTime);
                    }
                } catch (TraceFormatException | BadArgumentException e) {
                    dir.undo();
                    throw e;
                }
                durable.finish();
                dir.warnings().forEach(w -> err.println("du: warning: " + w));
                durable.notes().forEach(n -> err.println("du: " + n));
                print(held);
                summary(cfg, durable.receiver());
                if (stoppedBeforeLine != 0) {
                    err.println("du: stopped before line " + stoppedBeforeLine + " of " + traceName()
                            + " (SIGTERM): the lines before it are counted and saved in " + state
                            + "; feed the trace again to count the rest (nothing is counted twice)");
                    return EXIT_STOPPED;
                }
            }
        }
        return 0;
    }

    /** How long SIGTERM waits for the replay to save before the JVM ends anyway. */
    private static final long STOP_GRACE_SECONDS = 10;
    /** Exit status of a replay stopped by SIGTERM: the shell's 128 + 15. */
    static final int EXIT_STOPPED = 128 + 15;

    /** Set by SIGTERM: stop before the next event. */
    private volatile boolean stopAsked;
    /** The line the replay stopped before (SIGTERM), or 0 when it read the whole trace. */
    private int stoppedBeforeLine;

    private String traceName() {
        return fromStandardInput() ? STANDARD_INPUT : trace.toString();
    }

    /** Where each event goes: straight to the counters, or through the state directory. */
    private interface EventSink {
        Reception apply(TraceEvent e) throws StateException;
    }

    /**
     * Where each event goes when no frame is reported: the counting path, no Reception per frame,
     * and the line in the reader's reusable holder (no object per line).
     */
    private interface CountSink {
        void count(TraceLine line) throws StateException;
    }

    /** Moves the counters' clock; committing when they are durable. */
    private interface ClockSink {
        void advanceTo(Instant t) throws StateException;
    }

    private boolean fromStandardInput() {
        return trace.toString().equals("-");
    }

    /**
     * The trace, read and parsed on a second core when there is one, while this thread decodes and
     * counts: the same events and errors in the same order (PipelinedTraceReader), twice as fast
     * where reading and decoding cost about the same (docs/performance.md, target 1).
     */
    private TraceSource openTrace() throws TraceFormatException {
        TraceReader reader;
        if (fromStandardInput()) {
            // Left open: standard input is the process's, not this command's.
            reader = new TraceReader(new FilterInputStream(System.in) {
                @Override
                public void close() {
                }
            }, STANDARD_INPUT);
        } else {
            reader = TraceReader.open(trace);
        }
        return Runtime.getRuntime().availableProcessors() > 1 ? new PipelinedTraceReader(reader) : reader;
    }

    /**
     * Feeds every event of the trace to {@code sink}, reporting each frame into {@code held}
     * (null without --frames: then to {@code count}).
     *
     * @return the time of the last event, or null when the trace has none
     */
    private OffsetDateTime replay(TraceSource reader, EventSink sink, CountSink count, HeldOutput held)
            throws TraceFormatException, StateException {
        if (held == null) {
            return count(reader, count);
        }
        ReceptionTable table = json ? null : new ReceptionTable(held.writer);
        OffsetDateTime lastTime = null;
        for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
            if (stopAsked) {
                stoppedBeforeLine = e.line();
                break;
            }
            lastTime = e.time();
            Reception r = sink.apply(e);
            if (json) {
                // No frame object for power events or for frames the DU did not hear (interfaces.md).
                if (r != null) {
                    held.writer.println(Json.write(FrameObject.of(e.line(), e.timeText(), r)));
                }
            } else if (r != null) {
                table.row(e, r);
            } else {
                table.event(e);
            }
        }
        if (table != null) {
            held.writer.println();
        }
        return lastTime;
    }

    /**
     * {@link #replay} without --frames: each line read into the reader's reusable holder and counted
     * from it, so that a line makes no garbage (issue 20: the young generation it grew, and the page
     * faults of touching it, were most of du replay's system time). The same verdicts, counters and
     * tally as sink.apply (CountingPathAgreementTest, ReplayVectorsTest).
     *
     * @return the time of the last event, or null when the trace has none
     */
    private OffsetDateTime count(TraceSource reader, CountSink count) throws TraceFormatException, StateException {
        // The holder is refilled by the next read: the last line's time is kept in a copy of its own.
        TraceLine last = null;
        for (TraceLine l = reader.nextLine(); l != null; l = reader.nextLine()) {
            if (stopAsked) {
                stoppedBeforeLine = l.line();
                break;
            }
            if (last == null) {
                last = new TraceLine();
            }
            last.copyTimeFrom(l);
            count.count(l);
        }
        return last == null ? null : last.time();
    }

    private void advance(ClockSink clock, OffsetDateTime lastTime, OffsetDateTime untilTime)
            throws BadArgumentException, StateException {
        if (untilTime == null) {
            return;
        }
        if (lastTime != null && untilTime.toInstant().isBefore(lastTime.toInstant())) {
            // The clock only moves forward: an --until the trace has passed changes nothing. The shared
            // case layouts/example-dlms gives one (its last line is 64 s after it); refusing it would
            // refuse a contract vector, so it is a note, not an error.
            spec.commandLine().getErr().println("du: --until " + until + " is before the trace's last line ("
                    + lastTime + "): the clock stays at the last line");
            return;
        }
        clock.advanceTo(untilTime.toInstant());
    }

    private void print(HeldOutput held) throws IOException {
        if (held != null) {
            held.copyTo(spec.commandLine().getOut());
        }
    }

    /**
     * The frame reports of --frames, held back until the whole trace has been read: in a
     * temporary file, so that a months-long trace's reports need not fit in memory.
     */
    private static final class HeldOutput implements AutoCloseable {
        private final Path file;
        final PrintWriter writer;

        HeldOutput() throws IOException {
            file = Files.createTempFile("du-replay-", ".frames");
            writer = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        }

        void copyTo(PrintWriter out) throws IOException {
            writer.flush();
            if (writer.checkError()) {
                throw new IOException("cannot hold the frame reports in " + file);
            }
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                r.transferTo(out);
            }
        }

        @Override
        public void close() throws IOException {
            writer.close();
            Files.deleteIfExists(file);
        }
    }

    private void summary(DuConfig cfg, CountingReceiver receiver) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(ReplaySummary.of(receiver.tally(), receiver.counters())));
        } else {
            new SummaryText(out).print(cfg, traceLabel != null ? traceLabel : traceName(), receiver.tally(), receiver.counters());
        }
    }

    private OffsetDateTime parseUntil() throws BadArgumentException {
        if (until == null) {
            return null;
        }
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(until, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new BadArgumentException("--until: expected ISO-8601 with an offset"
                    + " (e.g. 2024-03-07T00:00:01+01:00), got \"" + until + "\"");
        }
        String outside = TraceReader.outsideCountingYears(t);
        if (outside != null) {
            throw new BadArgumentException("--until " + until + " " + outside);
        }
        return t;
    }
}
