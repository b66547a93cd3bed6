package it.c2du.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.receive.ReceivePipeline;
import it.c2du.core.receive.Reception;
import it.c2du.counters.DailyCounters;
import it.c2du.counters.DurableReceiver;
import it.c2du.counters.StateDirectory;
import it.c2du.counters.StateException;
import it.c2du.plc.ModemException;
import it.c2du.plc.ModemEvent;
import it.c2du.plc.ModemReceiver;
import it.c2du.plc.serial.JSerialCommPorts;
import it.c2du.plc.serial.RequestLine;
import it.c2du.plc.serial.SerialPorts;
import it.c2du.plc.serial.SerialSettings;
import java.nio.file.Path;
import it.c2du.counters.upload.PlatformUploader;
import it.c2du.counters.upload.UploadLedger;
import it.c2du.counters.upload.UploadLoop;
import it.c2du.counters.upload.UploadMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code du run}: the live receiver daemon. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"The live receiver: listens to the PLC modem on a serial port and counts durably into the state"
                + " directory, until SIGTERM (or Ctrl-C).",
                "",
                "At start it pings the modem, writes the modem configuration MIB object (modem.configuration, default"
                        + " 0x11) and reads the firmware version, using the T_REQ line modem.t-req (rts, dtr or none)"
                        + " at modem.baud (default 57600) 8N1. Every frame is committed to the state before the next is"
                        + " read. Unplugged adapters and serial errors are retried with backoff (1 s doubling to 30 s);"
                        + " a modem that resets is configured again.",
                "",
                "Logs go to stdout (journald keeps them): a one-line summary per minute at info level, each frame's"
                        + " verdict at debug level (--log-level debug). --frames FILE also keeps every frame, decoded,"
                        + " as JSON Lines.",
                "",
                "Exit status after SIGTERM: 143 (128 + 15, as for any JVM; the systemd unit counts it as success),"
                        + " once the state is saved; 2 for a bad configuration or argument; 3 when the state directory"
                        + " cannot be used; 4 when the port cannot be opened or the modem does not answer at start."})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--profile", paramLabel = "FILE",
            description = "Profile file of the layout to read (profile-file.md); overrides profile.file. Default C2P-1.")
    Path profile;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "DU configuration (properties).")
    Path config;

    @Option(names = "--port", required = true, paramLabel = "DEVICE",
            description = "The modem's serial port, e.g. /dev/ttyAMA0, /dev/ttyUSB0 or a udev name such as /dev/du-modem.")
    String port;

    @Option(names = "--state", required = true, paramLabel = "DIR",
            description = "The state directory (created when missing): counters, profiles, replay windows.")
    Path state;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "error, warn, info (default) or debug.")
    String logLevel = "info";

    @Option(names = "--frames", paramLabel = "FILE",
            description = "Also append every frame received to FILE, one JSON object per line (du replay's frame"
                    + " object with the reception info and the counter it went into), once it is counted.")
    Path frames;

    /** The lab bench's simulated days ({@code du lab run}): the time is read from this file. Not for the field. */
    @Option(names = "--clock-file", paramLabel = "FILE", hidden = true)
    Path clockFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where ports come from (tests pass their own). */
    SerialPorts ports = new JSerialCommPorts();
    /** The receiver's clock. */
    Clock clock = Clock.systemUTC();
    /** Identity; the lab suite's deliberately broken receivers (its negative controls) put their one bug here. */
    java.util.function.UnaryOperator<ModemReceiver.Listener> listenerOf = java.util.function.UnaryOperator.identity();
    /** The upload's pace (tests shorten it). */
    Upload upload = Upload.DEFAULT;


    @Override
    public Integer call() throws Exception {
        DuConfig cfg = LayoutOption.apply(DuConfig.load(config), profile);
        Level level = level(logLevel);
        Clock receiverClock = clockFile == null ? clock : SimulatedClockFile.open(clockFile);
        try (FrameJournal journal = frames == null ? null : FrameJournal.open(frames)) {
            logToStdout(level);
            if (clockFile != null) {
                LiveCounting.LOG.warn("clock: simulated, read from {} (lab bench only)", clockFile);
            }
            return receive(spec, cfg, ports, port, state, receiverClock, journal, "du run", listenerOf, upload);
        }
    }

    /** A --log-level value. */
    static Level level(String text) throws DuCommand.BadArgumentException {
        if (!java.util.List.of("error", "warn", "info", "debug", "trace").contains(text.toLowerCase(java.util.Locale.ROOT))) {
            throw new DuCommand.BadArgumentException("--log-level: expected error, warn, info or debug, got \"" + text
                    + "\"");
        }
        return Level.toLevel(text);
    }

    /**
     * How the upload to the collaborative platform paces itself, when the configuration has
     * {@code platform.broker}; null for none (du lab observe).
     *
     * @param stepTimeout   for each MQTT step: connect, subscribe, one publish
     * @param answerTimeout for the return codes, after the last publish
     * @param poll          how often the loop looks for days to send without a midnight
     */
    record Upload(Duration stepTimeout, Duration answerTimeout, UploadLoop.Backoff backoff, Duration poll) {
        static final Upload DEFAULT = new Upload(Duration.ofSeconds(30), Duration.ofSeconds(60), UploadLoop.Backoff.DEFAULT,
                Duration.ofSeconds(60));

        /** The loop for {@code cfg}'s platform, counting from {@code state}'s committed counters. */
        UploadLoop loop(DuConfig cfg, Path state) {
            UploadLedger ledger = UploadLedger.in(state);
            PlatformUploader uploader = new PlatformUploader(new MqttPlatformConnector(cfg.platform(), stepTimeout),
                    ledger, Clock.systemUTC(), answerTimeout);
            return new UploadLoop(() -> UploadMessage.closedDays(cfg, StateDirectory.read(state).state().counters()),
                    ledger, uploader, backoff, poll);
        }
    }

    /**
     * The live receiver on {@code port} counting into {@code state} until stopped: {@code du run}
     * and {@code du lab observe}. Returns the exit status.
     *
     * @param display    what is shown or written for each frame, or null
     * @param listenerOf the listener between modem and counting: identity, except in the lab suite's deliberately
     *                   broken receivers (its negative controls), which put their one bug there
     * @param upload     the upload's pace when the configuration has {@code platform.broker}; null for no upload
     */
    static int receive(CommandLine.Model.CommandSpec spec, DuConfig cfg, SerialPorts ports, String port, Path state,
                       Clock clock, LiveCounting.Display display, String who,
                       java.util.function.UnaryOperator<ModemReceiver.Listener> listenerOf, Upload upload) throws Exception {
        DuConfig.Modem m = cfg.modem();
        SerialSettings settings = new SerialSettings(m.baud(), RequestLine.parse(m.requestLine()));
        ReceivePipeline pipeline = new ReceivePipeline(cfg.duAddress(), cfg.associations(), cfg.newEngine(), cfg.layout());
        try (StateDirectory dir = StateDirectory.open(state)) {
            dir.warnings().forEach(w -> LiveCounting.LOG.warn("{}", w));
            LiveCounting.LOG.info("{}: DU {}{}, port {} ({}), state {}", who, cfg.duAddress(),
                    cfg.name() == null ? "" : " (" + cfg.name() + ")", port, settings, state);
            UploadLoop uploadLoop = upload == null || cfg.platform() == null ? null : upload.loop(cfg, state);
            LiveCounting.Display wake = new LiveCounting.Display() {
                @Override
                public void frame(ModemEvent.Indication i, Reception r, DailyCounters c) {
                }

                @Override
                public void dayClosed(LocalDate day, DailyCounters c) {
                    uploadLoop.wake(); // the closed day is committed: it can go
                }
            };
            LiveCounting counting = new LiveCounting(uploadLoop == null ? display
                    : display == null ? wake : display.andThen(wake));
            ModemReceiver r = new ModemReceiver(ports, port, ModemReceiver.Options.defaults(settings, m.configuration()),
                    clock, listenerOf.apply(counting));
            counting.linkCounters(r::counters);
            try (StopOnSigterm sigterm = new StopOnSigterm(who.replace(' ', '-'), () -> {
                LiveCounting.LOG.info("stop requested (SIGTERM)");
                r.stop();
            }, 10)) {
                try {
                    r.connect();
                } catch (ModemException e) {
                    LiveCounting.LOG.error("{}", e.getMessage());
                    spec.commandLine().getErr().println("du: " + e.getMessage());
                    return DuCommand.EXIT_DEVICE;
                }
                // Only now is the receiver listening: the time before this is an interruption.
                DurableReceiver durable = DurableReceiver.startLive(dir, cfg.zone(), pipeline, clock.instant());
                counting.countInto(durable);
                if (uploadLoop != null) {
                    LiveCounting.LOG.info("upload to the platform: {}", cfg.platform());
                    uploadLoop.start();
                }
                try {
                    r.run();
                } finally {
                    if (uploadLoop != null) {
                        uploadLoop.stop(); // at once: the counters are saved without waiting on the network
                    }
                }
                durable.finish();
                if (uploadLoop != null) {
                    uploadLoop.close();
                }
                LiveCounting.LOG.info("stopped; counters saved: today {}", LiveCounting.today(durable.counters()));
                LiveCounting.LOG.info("link totals: {}", r.counters());
                return 0;
            }
        }
    }

    /** The journald-friendly log: stdout, one line per event, at the level asked for. */
    static void logToStdout(Level level) {
        logTo(level, "System.out");
    }

    /** The log on {@code target} ("System.out" or "System.err"), one line per event, at {@code level}. */
    static void logTo(Level level, String target) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
        encoder.start();
        ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(ctx);
        out.setName("STDOUT");
        out.setTarget(target);
        out.setEncoder(encoder);
        out.start();
        root.addAppender(out);
        root.setLevel(level);
    }
}
