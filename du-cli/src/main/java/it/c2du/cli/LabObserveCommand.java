package it.c2du.cli;

import it.c2du.cli.layout.LayoutOption;

import it.c2du.cli.live.FrameJournal;
import it.c2du.cli.live.LabObserveView;
import it.c2du.cli.live.FrameObserver;
import it.c2du.cli.live.LiveReceiver;

import ch.qos.logback.classic.Level;
import it.c2du.core.config.DuConfig;
import it.c2du.plc.serial.JSerialCommPorts;
import it.c2du.plc.serial.SerialPorts;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code du lab observe}: the receiver with a live view, for the day at the distributor's lab. */
@Command(name = "observe", mixinStandardHelpOptions = true,
        description = {"The live receiver (as du run: it counts durably into the state directory) with a live view for"
                + " the lab engineer: each frame received (time, meter, CF, frame counter, verdict, counter, decoded"
                + " fields), today's counters, and the profiles at start, at each day's close and on request"
                + " (p + Enter; c + Enter for the counters). Stop with Ctrl-C; the counters are saved.",
                "",
                "Exit status as du run: 2 bad configuration or argument, 3 state directory unusable, 4 port or modem"
                        + " unusable at start."})
final class LabObserveCommand implements Callable<Integer> {
    @Option(names = "--port", required = true, paramLabel = "DEVICE", description = "The modem's serial port.")
    String port;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Profile file of the layout to read (profile-file.md); overrides profile.file. Default C2P-1.")
    Path profile;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "DU configuration (properties).")
    Path config;

    @Option(names = "--state", required = true, paramLabel = "DIR", description = "The state directory (created when missing).")
    Path state;

    @Option(names = "--frames", paramLabel = "FILE", description = "Also append every frame to FILE as JSON Lines (as du run --frames).")
    Path frames;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Tests pass their own ports, clock and keyboard. */
    SerialPorts ports = new JSerialCommPorts();
    Clock clock = Clock.systemUTC();
    InputStream keys = System.in;

    @Override
    public Integer call() throws Exception {
        DuConfig cfg = LayoutOption.apply(DuConfig.load(config), profile);
        PrintWriter out = spec.commandLine().getOut();
        try (FrameJournal journal = frames == null ? null : FrameJournal.open(frames)) {
            // The view is the output; the log adds warnings (a damaged state copy, a journal that cannot be written).
            RunCommand.logToStdout(Level.WARN);
            out.printf("du lab observe: DU %s%s on %s, state %s, days in %s%n", cfg.duAddress(),
                    cfg.name() == null ? "" : " (" + cfg.name() + ")", port, state, cfg.zone());
            cfg.associations().forEach(a -> out.printf("  %s: System Title %s%n", a.role(), hex(a.systemTitle())));
            out.flush();
            LabObserveView view = new LabObserveView(out);
            view.listen(keys);
            FrameObserver observer = journal == null ? view : view.andThen(journal);
            return RunCommand.receive(spec, LiveReceiver.Setup.of(cfg, ports, port, clock).observedBy(observer), state,
                    "du lab observe");
        }
    }

    private static String hex(byte[] b) {
        return it.c2du.core.stack.Bytes.hex(b);
    }
}
