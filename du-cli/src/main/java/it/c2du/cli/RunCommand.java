package it.c2du.cli;

import it.c2du.cli.text.ConsoleLogLayout;

import it.c2du.cli.layout.LayoutOption;

import it.c2du.cli.live.LiveReceiver;
import it.c2du.cli.live.UploadPace;

import it.c2du.cli.live.FrameJournal;
import it.c2du.cli.live.SimulatedClockFile;
import it.c2du.cli.live.StopOnSigterm;


import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import it.c2du.core.config.DuConfig;
import it.c2du.counters.state.StateDirectory;
import it.c2du.plc.ModemException;
import it.c2du.plc.serial.JSerialCommPorts;
import it.c2du.plc.serial.SerialPorts;
import java.nio.file.Path;
import java.time.Clock;
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
    /** The upload's pace (tests shorten it). */
    UploadPace upload = UploadPace.DEFAULT;
    private final LiveReceiver.Interposer interposer;

    public RunCommand() {
        this(LiveReceiver.Interposer.NONE);
    }

    /** @param interposer put between the modem and the counting: the lab suite's broken receivers only */
    public RunCommand(LiveReceiver.Interposer interposer) {
        this.interposer = interposer;
    }

    @Override
    public Integer call() throws Exception {
        DuConfig cfg = LayoutOption.apply(DuConfig.load(config), profile);
        Level level = level(logLevel);
        Clock receiverClock = clockFile == null ? clock : SimulatedClockFile.open(clockFile);
        try (FrameJournal journal = frames == null ? null : FrameJournal.open(frames)) {
            logToStdout(level);
            if (clockFile != null) {
                LiveReceiver.LOG.warn("clock: simulated, read from {} (lab bench only)", clockFile);
            }
            return receive(spec, LiveReceiver.Setup.of(cfg, ports, port, receiverClock).observedBy(journal)
                    .interposing(interposer).uploading(upload), state, "du run");
        }
    }

    /** A --log-level value. */
    static Level level(String text) throws BadArgumentException {
        if (!java.util.List.of("error", "warn", "info", "debug", "trace").contains(text.toLowerCase(java.util.Locale.ROOT))) {
            throw new BadArgumentException("--log-level: expected error, warn, info or debug, got \"" + text
                    + "\"");
        }
        return Level.toLevel(text);
    }

    /**
     * The live receiver counting into {@code state} until SIGTERM: {@code du run} and
     * {@code du lab observe}. Returns the exit status.
     */
    static int receive(CommandLine.Model.CommandSpec spec, LiveReceiver.Setup setup, Path state, String who) throws Exception {
        try (StateDirectory dir = StateDirectory.open(state)) {
            LiveReceiver receiver = new LiveReceiver(setup, dir, who);
            try (StopOnSigterm sigterm = new StopOnSigterm(who.replace(' ', '-'), () -> {
                LiveReceiver.LOG.info("stop requested (SIGTERM)");
                receiver.stop();
            }, 10)) {
                try {
                    receiver.connect();
                } catch (ModemException e) {
                    LiveReceiver.LOG.error("{}", e.getMessage());
                    spec.commandLine().getErr().println("du: " + e.getMessage());
                    return ExitStatus.DEVICE;
                }
                // Only now is the receiver listening: the time before this is an interruption.
                receiver.startCounting();
                receiver.run();
                receiver.finish();
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
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
        encoder.start();
        logTo(ctx, level, target, encoder);
    }

    /** An interactive command's log on standard error at {@code level}: "du: warning: ..." ({@link ConsoleLogLayout}). */
    static void logToConsole(Level level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        ConsoleLogLayout layout = new ConsoleLogLayout();
        layout.setContext(ctx);
        layout.start();
        ch.qos.logback.core.encoder.LayoutWrappingEncoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder =
                new ch.qos.logback.core.encoder.LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.start();
        logTo(ctx, level, "System.err", encoder);
    }

    private static void logTo(LoggerContext ctx, Level level, String target,
            ch.qos.logback.core.encoder.Encoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder) {
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> out = new ConsoleAppender<>();
        out.setContext(ctx);
        out.setName("STDOUT");
        out.setTarget(target);
        out.setEncoder(encoder);
        out.start();
        root.addAppender(out);
        // debug (and trace) is the DU's own: Netty's, HiveMQ's and Moquette's debug would bury it
        // (61 of 65 lines of one du publish). The libraries keep info and above.
        root.setLevel(level.isGreaterOrEqual(Level.INFO) ? level : Level.INFO);
        for (String own : OWN_LOGGERS) {
            ctx.getLogger(own).setLevel(level);
        }
    }

    /** The DU's loggers: its classes' and the named ones ("du.run", "du.platform", ...). */
    private static final java.util.List<String> OWN_LOGGERS = java.util.List.of("it.c2du", "du");
}
