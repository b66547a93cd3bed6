package it.c2du.cli;

import it.c2du.cli.live.StopOnSigterm;

import ch.qos.logback.classic.Level;
import it.c2du.core.config.DuConfig;
import it.c2du.core.trace.TraceWriter;
import it.c2du.plc.DataIndication;
import it.c2du.plc.ModemEvent;
import it.c2du.plc.ModemException;
import it.c2du.plc.ModemSetup;
import it.c2du.plc.ModemSupervisor;
import it.c2du.plc.ModemSession;
import it.c2du.plc.St7580;
import it.c2du.plc.serial.JSerialCommPorts;
import it.c2du.plc.serial.RequestLine;
import it.c2du.plc.serial.SerialPorts;
import it.c2du.plc.serial.SerialSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code du capture}: what the modem delivers, as a trace for {@code du replay}. */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = {"Records every frame the modem delivers as a trace (interfaces.md format) for later replay:"
                + " every frame, whatever its address or content, stamped with the time it arrived. Before each frame a"
                + " comment line gives the reception info (modulation, SNR, channel, zero-crossing delay); link events"
                + " (port lost, modem reset) are comments too. Runs until SIGTERM / Ctrl-C, or --count frames.",
                "",
                "Exit status 0 when stopped; 2 for a bad argument or an existing --out without --append;"
                        + " 4 when the port cannot be opened or the modem does not answer at start."})
final class CaptureCommand implements Callable<Integer> {
    @Option(names = "--port", required = true, paramLabel = "DEVICE", description = "The modem's serial port.")
    String port;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The trace to write.")
    Path out;

    @Option(names = "--append", description = "Add to an existing trace instead of refusing to overwrite it.")
    boolean append;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Take the modem.* keys (T_REQ line, baud rate, frequency, receive mode and layer) and counters.zone from this DU configuration.")
    Path config;

    @Option(names = "--t-req", paramLabel = "LINE", description = "rts (default), dtr or none; overrides --config.")
    String requestLine;

    @Option(names = "--baud", paramLabel = "N", description = "Default 57600; overrides --config.")
    Integer baud;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Offset the times are written in (default: counters.zone of --config, else the system zone).")
    String zone;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N frames.")
    Long count;

    @Option(names = "--quiet", description = "Do not print a line per frame on stdout.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    SerialPorts ports = new JSerialCommPorts();
    Clock clock = Clock.systemUTC();

    private volatile ModemSupervisor receiver;

    @Override
    public Integer call() throws Exception {
        RunCommand.logToStdout(Level.WARN);
        DuConfig cfg = config == null ? null : DuConfig.load(config);
        DuConfig.Modem m = cfg == null ? DuConfig.Modem.DEFAULTS : cfg.modem();
        ZoneId zoneId = cfg == null ? ZoneId.systemDefault() : cfg.zone();
        if (zone != null) {
            try {
                zoneId = ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                throw new BadArgumentException("--zone: expected a time-zone id such as Europe/Rome, got \""
                        + zone + "\"");
            }
        }
        RequestLine line = RequestLine.parse(requestLine != null ? requestLine : m.requestLine());
        if (line == null) {
            throw new BadArgumentException("--t-req: expected rts, dtr or none, got \"" + requestLine + "\"");
        }
        SerialSettings settings;
        try {
            settings = new SerialSettings(baud != null ? baud : m.baud(), line);
        } catch (IllegalArgumentException e) {
            throw new BadArgumentException("--baud: " + e.getMessage());
        }
        if (count != null && count < 1) {
            throw new BadArgumentException("--count: expected a number of frames >= 1, got " + count);
        }
        BufferedWriter file;
        try {
            file = append ? Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE)
                    : Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new BadArgumentException("--out " + out + " exists; use --append to add to it, or another name");
        } catch (IOException e) {
            throw new BadArgumentException("--out " + out + ": cannot write: " + e.getMessage());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        try (file) {
            Recorder rec = new Recorder(new TraceWriter(file), file, zoneId, stdout);
            ModemSupervisor r = new ModemSupervisor(ports, port, ModemSupervisor.Options.defaults(settings, ModemSetup.of(m)),
                    clock, rec);
            receiver = r;
            try (StopOnSigterm sigterm = new StopOnSigterm("du-capture", r::stop, 5)) {
                try {
                    r.connect();
                } catch (ModemException e) {
                    spec.commandLine().getErr().println("du: " + e.getMessage());
                    return ExitStatus.DEVICE;
                }
                rec.started();
                r.run();
                rec.comment("capture stopped at " + now(zoneId) + ": " + rec.frames + " frames; link: " + r.counters());
                spec.commandLine().getErr().println("du: captured " + rec.frames + " frames into " + out);
                return 0;
            }
        }
    }

    private OffsetDateTime now(ZoneId zoneId) {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MILLIS), zoneId);
    }

    /** Writes each frame as it comes, flushed, so a capture cut short keeps what it had. */
    private final class Recorder implements ModemSupervisor.Listener {
        private final TraceWriter trace;
        private final BufferedWriter file;
        private final ZoneId zoneId;
        private final PrintWriter stdout;
        private Instant last;
        private long frames;
        private String firmware;

        Recorder(TraceWriter trace, BufferedWriter file, ZoneId zoneId, PrintWriter stdout) {
            this.trace = trace;
            this.file = file;
            this.zoneId = zoneId;
            this.stdout = stdout;
        }

        void started() throws IOException {
            comment("du capture from " + port + " at " + now(zoneId) + ", modem firmware " + firmware);
        }

        void comment(String text) throws IOException {
            trace.comment(text);
            file.flush();
        }

        @Override
        public void connected(String device, ModemSession.ModemInfo info) {
            boolean again = firmware != null;
            firmware = info.firmwareVersion();
            if (again) {
                quietly("modem started again at " + now(zoneId) + ", firmware " + firmware);
            }
        }

        @Override
        public void received(ModemEvent.Indication ind) throws IOException {
            Instant t = ind.receivedAt().truncatedTo(ChronoUnit.MILLIS);
            if (last != null && t.isBefore(last)) {
                // Trace times never decrease: a clock stepped back is noted and held.
                comment("the clock stepped back " + Duration.between(t, last).toMillis() + " ms; time held at " + last);
                t = last;
            }
            last = t;
            DataIndication d = ind.indication();
            comment(String.format("rx %s, %s, SNR %s, %s channel, zero-crossing delay %d", d.command()
                            == St7580.Command.PHY_DATA_INDICATION ? "PHY" : "DL", d.modulationName(),
                    d.snrDb() == null ? "n/a" : d.snrDb() + " dB", d.highChannel() ? "high" : "low", d.zeroCrossingDelay()));
            OffsetDateTime at = OffsetDateTime.ofInstant(t, zoneId);
            trace.frame(at, d.macFrame());
            file.flush();
            frames++;
            if (!quiet) {
                stdout.printf("%s  %3d bytes  %-6s SNR %s%n", at, d.macFrame().length, d.modulationName(),
                        d.snrDb() == null ? "n/a" : d.snrDb() + " dB");
                stdout.flush();
            }
            if (count != null && frames >= count) {
                receiver.stop();
            }
        }

        @Override
        public void linkLost(String device, String reason, Duration retryIn) {
            quietly("serial link at " + now(zoneId) + ": " + reason);
            spec.commandLine().getErr().println("du: " + reason);
        }

        private void quietly(String text) {
            try {
                comment(text);
            } catch (IOException e) {
                spec.commandLine().getErr().println("du: cannot write " + out + ": " + e.getMessage());
            }
        }
    }
}
