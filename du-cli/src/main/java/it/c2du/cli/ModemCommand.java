package it.c2du.cli;

import ch.qos.logback.classic.Level;
import it.c2du.core.config.DuConfig;
import it.c2du.plc.ModemConfiguration;
import it.c2du.plc.ModemException;
import it.c2du.plc.ModemScan;
import it.c2du.plc.ModemSession;
import it.c2du.plc.emulator.EmulatorOnLink;
import it.c2du.plc.emulator.St7580Emulator;
import it.c2du.plc.emulator.TracePlayer;
import it.c2du.plc.serial.JSerialCommPorts;
import it.c2du.plc.serial.RequestLine;
import it.c2du.plc.serial.SerialLink;
import it.c2du.plc.serial.SerialPorts;
import it.c2du.plc.serial.SerialSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code du modem}: the modem itself, for the lab day with a real meter whose PHY is not public --
 * what it holds ({@code info}), which setting hears the meter ({@code scan}), and the modem's side
 * of a line playing a capture to a DU ({@code play}).
 */
@Command(name = "modem", description = "The ST7580 modem: info, scan for the meter's PHY setting, play a trace as the modem.",
        subcommands = {ModemCommand.Info.class, ModemCommand.Scan.class, ModemCommand.Play.class})
public final class ModemCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The port and line options every subcommand that talks to a modem has. */
    static class Link {
        @Option(names = "--port", required = true, paramLabel = "DEVICE", description = "The modem's serial port.")
        String port;

        @Option(names = "--config", paramLabel = "FILE",
                description = "Take the modem.* keys (and du.mac, for scan) from this DU configuration.")
        Path config;

        @Option(names = "--t-req", paramLabel = "LINE", description = "rts (default), dtr or none; overrides --config.")
        String requestLine;

        SerialPorts ports = new JSerialCommPorts();

        DuConfig loadConfig() throws Exception {
            return config == null ? null : DuConfig.load(config);
        }

        DuConfig.Modem modem(DuConfig cfg) throws BadArgumentException {
            DuConfig.Modem m = cfg == null ? DuConfig.Modem.DEFAULTS : cfg.modem();
            if (requestLine != null) {
                if (RequestLine.parse(requestLine) == null) {
                    throw new BadArgumentException("--t-req: expected rts, dtr or none, got \"" + requestLine
                            + "\"");
                }
                m = m.withRequestLine(requestLine.toLowerCase(java.util.Locale.ROOT));
            }
            return m;
        }

        SerialLink open(DuConfig.Modem m, PrintWriter err) throws IOException {
            try {
                return ports.open(port, new SerialSettings(m.baud(), RequestLine.parse(m.requestLine())));
            } catch (NoSuchFileException e) {
                List<String> present = ports.available();
                err.println("du: serial port " + port + " does not exist; serial ports present: "
                        + (present.isEmpty() ? "none" : String.join(", ", present)));
                return null;
            }
        }
    }

    @Command(name = "info", description = {"Shows what the modem holds, changing nothing: firmware, modem configuration"
            + " (MIB 0x00) and PHY configuration (MIB 0x01) in words, and the status byte.",
        "Exit status: 0; 2 for a bad argument or configuration; 4 when the port cannot be opened or the modem does not answer."})
    static final class Info implements Callable<Integer> {
        @CommandLine.Mixin
        Link link = new Link();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            RunCommand.logToStdout(Level.WARN);
            DuConfig.Modem m = link.modem(link.loadConfig());
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (SerialLink l = link.open(m, err)) {
                if (l == null) {
                    return ExitStatus.DEVICE;
                }
                ModemSession.ModemInfo info = ModemScan.session(l, RequestLine.parse(m.requestLine())).inspect();
                out.println("modem on " + l.device());
                out.println("  firmware             " + info.firmwareVersion());
                out.println("  modem configuration  " + ModemConfiguration.decode(info.modemConfiguration()).describe());
                out.println("  PHY configuration    " + info.phy().describe());
                out.println("  status               " + (info.status() == null
                        ? "not seen (no T_REQ line: modem.t-req = none)" : info.status().describe()));
                return 0;
            } catch (ModemException | IOException e) {
                err.println("du: " + e.getMessage());
                return ExitStatus.DEVICE;
            }
        }
    }

    @Command(name = "scan", description = {"Listens in turn on each candidate setting -- receive layer PHY and DL; PSK,"
            + " and FSK at 1200, 2400, 4800 and 9600 bps; 132500 Hz and the --frequencies -- and prints what each heard,"
            + " then the configuration lines of the best.",
        "Exit status: 0 (also when nothing was heard); 2 for a bad argument or configuration; 4 when the port cannot be"
            + " opened or the modem does not answer."})
    static final class Scan implements Callable<Integer> {
        @CommandLine.Mixin
        Link link = new Link();

        @Option(names = "--seconds", paramLabel = "N", description = "Seconds on each setting (default 60: a meter sends"
                + " a frame every few seconds to minutes).")
        double seconds = 60;

        @Option(names = "--frequencies", paramLabel = "HZ", split = ",",
                description = "More frequencies to try after 132500, in Hz, comma-separated.")
        List<Integer> frequencies = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            RunCommand.logToStdout(Level.WARN);
            DuConfig cfg = link.loadConfig();
            DuConfig.Modem m = link.modem(cfg);
            if (!(seconds > 0) || seconds > 86_400) {
                throw new BadArgumentException("--seconds: expected more than 0 and at most 86400, got "
                        + seconds);
            }
            List<Integer> freqs = new ArrayList<>(List.of(DuConfig.Modem.DEFAULTS.frequency()));
            for (int f : frequencies) {
                if (f < DuConfig.Modem.MIN_FREQUENCY || f > DuConfig.Modem.MAX_FREQUENCY) {
                    throw new BadArgumentException("--frequencies: expected frequencies in Hz from "
                            + DuConfig.Modem.MIN_FREQUENCY + " to " + DuConfig.Modem.MAX_FREQUENCY + ", got " + f);
                }
                if (!freqs.contains(f)) {
                    freqs.add(f);
                }
            }
            byte[] duAddress = cfg == null ? new byte[6] : cfg.duAddress().toBytes();
            List<DuConfig.Modem> candidates = ModemScan.candidates(m, freqs);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (SerialLink l = link.open(m, err)) {
                if (l == null) {
                    return ExitStatus.DEVICE;
                }
                out.printf("du modem scan on %s: %d settings, %s s each%s%n", l.device(), candidates.size(),
                        seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds),
                        cfg == null ? " (no --config: frames for the DU are not counted)" : "");
                out.printf("%-28s %11s  %-28s %-11s %7s%n", "setting", "indications", "modulation", "SNR dB", "for DU");
                out.flush();
                List<ModemScan.Result> results = ModemScan.run(ModemScan.session(l, RequestLine.parse(m.requestLine())),
                        candidates, Duration.ofMillis((long) (seconds * 1000)), duAddress, r -> {
                            out.printf("%-28s %11d  %-28s %-11s %7s%n", r.label(), r.indications(),
                                    r.modulations().isEmpty() ? "-" : r.modulations().toString().replaceAll("[{}]", ""),
                                    r.minSnr() == null ? "-" : r.minSnr().equals(r.maxSnr()) ? r.minSnr().toString()
                                            : r.minSnr() + ".." + r.maxSnr(), cfg == null ? "-" : String.valueOf(r.forDu()));
                            out.flush();
                        });
                ModemScan.Result best = ModemScan.best(results);
                if (best == null) {
                    out.println("nothing heard on any setting: check the coupling to the mains, that the meter is on the"
                            + " same phase, and try --frequencies with other values or a longer --seconds");
                } else {
                    out.println("best: " + best.label() + " -- configuration lines:");
                    best.configurationLines().forEach(out::println);
                }
                return 0;
            } catch (ModemException | IOException e) {
                err.println("du: " + e.getMessage());
                return ExitStatus.DEVICE;
            }
        }
    }

    @Command(name = "play", description = {"Plays the modem's side of a serial line: answers a DU's start-up like an ST7580"
            + " and delivers the frames of a trace as indications, at the trace's pace times --speed. For a lab bench, or"
            + " a second serial adapter wired to a real DU.",
        "The frames go out as a meter on 132500 Hz, PSK, plain PHY frames: a DU configured for another setting hears none.",
        "Exit status: 0; 2 for a bad argument or trace; 4 when the port cannot be opened or no DU starts the modem."})
    static final class Play implements Callable<Integer> {
        @Option(names = "--port", required = true, paramLabel = "DEVICE", description = "The serial port the DU is on the other end of.")
        String port;

        @Option(names = "--trace", required = true, paramLabel = "FILE", description = "The trace to play (du capture's format).")
        Path trace;

        @Option(names = "--speed", paramLabel = "X", description = "Faster than real time by this factor (default 1).")
        double speed = 1;

        @Option(names = "--baud", paramLabel = "N", description = "Default 57600.")
        int baud = 57600;

        @Option(names = "--wait", paramLabel = "S", description = "Seconds to wait for the DU's start-up (default 60).")
        int waitSeconds = 60;

        SerialPorts ports = new JSerialCommPorts();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            RunCommand.logToStdout(Level.WARN);
            if (!(speed > 0)) {
                throw new BadArgumentException("--speed: expected a factor above 0, got " + speed);
            }
            it.c2du.core.trace.TraceReader.validate(trace);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            SerialLink l;
            try {
                // The modem's end: no T_REQ line to drive (the DU drives it; a pty has none).
                l = ports.open(port, new SerialSettings(baud, RequestLine.NONE));
            } catch (IOException e) {
                err.println("du: " + port + ": " + e.getMessage());
                return ExitStatus.DEVICE;
            }
            try (EmulatorOnLink modem = new EmulatorOnLink(l, new St7580Emulator(new Random(1), new byte[] {1, 4, 0, 17}),
                    Duration.ofSeconds(1))) {
                out.println("du modem play on " + l.device() + ": waiting for a DU to start the modem");
                out.flush();
                TracePlayer player = new TracePlayer(modem);
                if (!player.awaitStartUp(Duration.ofSeconds(waitSeconds))) {
                    err.println("du: no DU configured the modem on " + port + " within " + waitSeconds + " s");
                    return ExitStatus.DEVICE;
                }
                TracePlayer.Played p = player.play(trace, speed);
                out.printf("played %d frames: %d delivered and acknowledged, %d not heard by the DU's setting,"
                        + " %d not acknowledged%n", p.frames(), p.delivered(), p.notHeard(), p.unacknowledged());
                return 0;
            }
        }
    }
}
