package it.c2du.cli;

import it.c2du.cli.mqtt.MqttPlatformConnector;

import it.c2du.core.retry.Backoff;

import ch.qos.logback.classic.Level;
import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.counters.CounterSnapshot;
import it.c2du.counters.state.StateDirectory;
import it.c2du.counters.state.StateException;
import it.c2du.counters.platform.MeterDay;
import it.c2du.counters.platform.PlatformUploader;
import it.c2du.counters.platform.PublishLock;
import it.c2du.counters.platform.UploadLedger;
import it.c2du.counters.platform.UploadLedger.Entry;
import it.c2du.counters.platform.UploadLedger.Outcome;
import it.c2du.counters.platform.UploadMessage;
import it.c2du.counters.platform.UploadPlan;
import it.c2du.counters.platform.UploadTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code du publish}: one upload round to the collaborative platform, now. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Uploads the closed days of the state directory to the collaborative platform over MQTT"
                + " (Allegato 5), as du run does after each midnight: one message per meter per day, every closed day"
                + " (up to 60) that the platform has not acknowledged OK. Waits for each day's return code and keeps"
                + " the answers in the state directory (" + UploadLedger.FILE + ").",
                "",
                "A day the platform refused (KO) is not sent again while its message is the same: fix the"
                        + " configuration (the message changes), or give --retry-ko. The broker, topic and credentials"
                        + " are the platform.* keys of the configuration. While du run runs on the state it uploads by"
                        + " itself: du publish then sends nothing, it only forgets what --retry-ko or --all say, for du"
                        + " run to send within a minute.",
                "",
                "Prints one line per day sent and a summary. Exit status 0 when every closed day is acknowledged OK;"
                        + " 1 when the platform refused a day (KO, now or before); 5 when days are still to send (the"
                        + " broker cannot be reached, or a return code did not come); 2 for a bad configuration or"
                        + " argument; 3 when the state cannot be read, or the platform's answers cannot be kept in it (full,"
                        + " read-only)."})
final class PublishCommand implements Callable<Integer> {
    /** Between --attempts: 1 s, 2 s, 4 s ... up to a minute. */
    private static final Backoff ATTEMPT_BACKOFF = Backoff.doubling(Duration.ofSeconds(1), Duration.ofMinutes(1));

    static final int EXIT_KO = 1;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "DU configuration (properties) with the platform.* keys.")
    Path config;

    @Option(names = "--state", required = true, paramLabel = "DIR", description = "The state directory.")
    Path state;

    @Option(names = "--retry-ko", description = "Send again the days the platform refused (forget their KO).")
    boolean retryKo;

    @Option(names = "--all", description = "Send every closed day again, acknowledged or not (the platform keeps the last row"
            + " per day, so this is safe).")
    boolean all;

    @Option(names = "--dry-run", description = "Print the messages that would be sent, and send nothing.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for the return codes after the"
            + " last message (default: ${DEFAULT-VALUE}).")
    int timeout = 60;

    @Option(names = "--attempts", paramLabel = "N", description = "Rounds to try when the broker cannot be reached or"
            + " return codes do not come, 1 s, 2 s, 4 s ... apart (default: ${DEFAULT-VALUE}).")
    int attempts = 3;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "Log lines on standard error: error, warn (default),"
            + " info or debug (each message sent).")
    String logLevel = "warn";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ConfigException, StateException, BadArgumentException {
        DuConfig cfg = DuConfig.load(config);
        DuConfig.Platform platform = cfg.platform();
        if (platform == null) {
            throw new ConfigException(config + ": platform.broker: missing; du publish needs the platform's broker"
                    + " (platform.broker, platform.topic, and platform.username / platform.password if it asks for them)");
        }
        if (timeout < 1 || timeout > 3600) {
            throw new BadArgumentException("--timeout: expected 1 to 3600 seconds, got " + timeout);
        }
        if (attempts < 1 || attempts > 10) {
            throw new BadArgumentException("--attempts: expected 1 to 10, got " + attempts);
        }
        Level level = RunCommand.level(logLevel);
        RunCommand.logToConsole(level);
        StateDirectory.Loaded loaded = StateDirectory.read(state);
        PrintWriter out = spec.commandLine().getOut();
        loaded.warnings().forEach(w -> spec.commandLine().getErr().println("du: warning: " + w));
        CounterSnapshot counters = loaded.state().counters();
        List<UploadMessage> days = UploadMessage.closedDays(cfg, counters);
        UploadLedger ledger = UploadLedger.in(state);
        // --all and --retry-ko plan from a view of the ledger: its entries stay until new answers replace them.
        Map<MeterDay, Entry> view = new HashMap<>(ledger.read());
        view.values().removeIf(e -> all || (retryKo && e.outcome() == Outcome.KO));
        if (dryRun) {
            UploadPlan plan = UploadPlan.of(days, view);
            status(out, days, plan, "would be sent");
            plan.toSend().forEach(m -> out.println(m.key() + " " + m.payload()));
            return 0;
        }
        java.util.Optional<StateDirectory.Holder> holder = StateDirectory.holding(state);
        java.util.Optional<UploadTarget> itsUpload = holder.flatMap(h -> UploadTarget.announced(h.announced()));
        java.util.Optional<ProcessHandle> receiver = itsUpload.isPresent() ? holder.map(StateDirectory.Holder::process)
                : java.util.Optional.empty();
        if (itsUpload.isPresent() && !itsUpload.get().equals(UploadTarget.of(platform))) {
            // One ledger for both: an answer of one platform would be taken for the other's.
            throw new ConfigException("du run (pid " + receiver.get().pid() + ") is running on " + state
                    + " and uploads it to " + itsUpload.get() + ", but " + config + " names " + UploadTarget.of(platform)
                    + ": give du publish du run's configuration");
        }
        if (receiver.isPresent()) {
            // du run uploads this state itself, under the same client id: a second connection would
            // take its session over. Leave the sending to it. A receiver that does not upload (no
            // platform.broker in its configuration) announced no target: du publish sends itself.
            int n = all || retryKo ? ledger.forget(e -> all || e.outcome() == Outcome.KO) : 0;
            UploadPlan plan = UploadPlan.of(days, ledger.read());
            status(out, days, plan, "to send");
            out.println("du run (pid " + receiver.get().pid() + ") is running on " + state + " and uploads itself"
                    + (n > 0 ? "; " + PlatformUploader.messages(n) + " forgotten, which it sends within a minute" : "")
                    + ": nothing sent from here");
            out.flush();
            return 0;
        }
        try (PublishLock uploading = PublishLock.take(state)) {
            return upload(platform, days, ledger, view, out);
        }
    }

    /** The rounds, under the state's upload lock: a second du publish would use the same client id. */
    private int upload(DuConfig.Platform platform, List<UploadMessage> days, UploadLedger ledger,
            Map<MeterDay, Entry> view, PrintWriter out) throws StateException {
        UploadPlan plan = UploadPlan.of(days, view);
        status(out, days, plan, "to send");
        if (plan.toSend().isEmpty()) {
            out.flush();
            return plan.heldBack().isEmpty() ? 0 : EXIT_KO;
        }
        PlatformUploader uploader = new PlatformUploader(new MqttPlatformConnector(platform, Duration.ofSeconds(30)),
                ledger, Clock.systemUTC(), Duration.ofSeconds(timeout));
        Map<MeterDay, String> outcome = new java.util.TreeMap<>();
        PlatformUploader.Result r = null;
        java.util.Set<MeterDay> answered = new java.util.HashSet<>();
        Map<MeterDay, String> unrecorded = new java.util.TreeMap<>();
        List<UploadMessage> toSend = plan.toSend();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                toSend = toSend.stream().filter(m -> !answered.contains(m.key())).toList();
                if (toSend.isEmpty()) {
                    break;
                }
                try {
                    Thread.sleep(ATTEMPT_BACKOFF.base(attempt - 1).toMillis()); // a glitch, not an outage
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                out.println("attempt " + attempt + " of " + attempts + ": " + PlatformUploader.messages(toSend.size())
                        + " to send");
            }
            r = uploader.send(toSend);
            answered.addAll(r.acknowledged());
            answered.addAll(r.refused());
            Map<MeterDay, Entry> answers = ledger.read();
            for (UploadMessage m : toSend) {
                MeterDay d = m.key();
                Entry e = answers.get(d);
                if (r.unrecorded().containsKey(d)) {
                    outcome.put(d, r.unrecorded().get(d));
                } else if (r.acknowledged().contains(d)) {
                    outcome.put(d, "OK");
                } else if (r.refused().contains(d)) {
                    outcome.put(d, "KO phase " + (e == null ? "?" : e.phase()) + ": " + (e == null ? "?" : PlatformUploader.oneLine(e.error())));
                } else if (r.unsent().contains(d)) {
                    outcome.put(d, "not sent");
                } else {
                    outcome.put(d, "no return code within " + timeout + " s");
                }
            }
            unrecorded.putAll(r.unrecorded());
            if (r.complete() || !unrecorded.isEmpty()) {
                break; // sending again cannot make the state directory writable
            }
        }
        outcome.forEach((d, what) -> out.println(d + "  " + what));
        if (r.failure() != null) {
            out.println("stopped: " + r.failure());
        }
        // A day sent again (--all, --retry-ko) without a new answer is still to send, whatever the
        // ledger kept from before: each day is counted once, so the line adds up to the messages.
        Map<MeterDay, Entry> kept = new HashMap<>(ledger.read());
        plan.toSend().stream().map(UploadMessage::key).filter(d -> !answered.contains(d)).forEach(kept::remove);
        UploadPlan after = UploadPlan.of(days, kept);
        long left = plan.toSend().stream().filter(m -> !answered.contains(m.key()) && !unrecorded.containsKey(m.key()))
                .count();
        out.println(after.acknowledged() + " of " + PlatformUploader.messages(days.size()) + " acknowledged OK, "
                + after.heldBack().size() + " refused (KO), " + (unrecorded.isEmpty() ? "" : unrecorded.size()
                + " answered but not recorded (the state directory cannot be written), ") + left + " still to send");
        out.flush();
        if (!unrecorded.isEmpty()) {
            spec.commandLine().getErr().println("du: the platform's answers cannot be kept in " + state + ": "
                    + unrecorded.values().iterator().next().replaceFirst("^.*? received, not recorded: ", "")
                    + "; those days will be sent again");
            return ExitStatus.STATE;
        }
        return left > 0 ? ExitStatus.UNSENT : !after.heldBack().isEmpty() ? EXIT_KO : 0;
    }

    /** "6 messages (3 closed days, 2 meters): ...". */
    private static void status(PrintWriter out, List<UploadMessage> messages, UploadPlan plan, String verb) {
        long closedDays = messages.stream().map(m -> m.key().day()).distinct().count();
        long meters = messages.stream().map(m -> m.key().meter()).distinct().count();
        out.println(PlatformUploader.messages(messages.size()) + " (" + closedDays + " closed days, " + meters + " meters): "
                + plan.acknowledged() + " acknowledged OK, " + plan.heldBack().size() + " refused (KO) and held back, "
                + plan.toSend().size() + " " + verb);
        for (Entry e : plan.heldBack()) {
            out.println(e.key() + "  held back: KO phase " + e.phase() + ": " + PlatformUploader.oneLine(e.error())
                    + " (--retry-ko sends it again)");
        }
    }
}
