package it.c2du.cli.dev;

import it.c2du.cli.BadArgumentException;

import it.c2du.cli.demo.LiveDemo;
import it.c2du.cli.ReplayCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import it.c2du.core.config.DuConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code du demo}: the live receiver against the emulated modem, or the bundled sample trace replayed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The live receiver, as du run runs it, against the emulated ST7580 modem over a socat pty pair:"
                + " half an hour of M1 and M2 traffic across midnight on an accelerated clock, with a meter repetition,"
                + " a frame for another DU, a forged one, link faults (bad checksum, noise, a repeat after ACK, a frame"
                + " cut short) and a modem reset. The screen shows each frame and the counters as they arrive.",
                "",
                "With --replay: replays the bundled sample trace (two days with faults, repetitions and a power cut)"
                        + " through du replay instead."})
public final class DemoCommand implements Callable<Integer> {
    @CommandLine.Option(names = "--replay", description = "Replay the bundled sample trace instead of the live demo.")
    boolean replayTrace;

    @CommandLine.Option(names = "--speed", paramLabel = "N",
            description = "How many times faster than real time the meters' clock runs: 1 to 500 (default ${DEFAULT-VALUE}).")
    int speed = 120;

    /**
     * The fastest meters' clock whose counts are the demo's own. The receiver stamps a frame with
     * the accelerated clock when it has read it, so its lag of a few real milliseconds is
     * {@code speed} times longer on the meters' clock: the frame nearest midnight is 49 s before
     * it, and at 2000x frames moved into the next day on the development VM (1000x still counted
     * right). 500x keeps a margin of about 100 ms for a loaded machine.
     */
    static final int MAX_SPEED = 500;

    /** Where the bundled files are in the source tree, from its root (where ./du runs). */
    private static final String SOURCE = "du-cli/src/main/resources/";

    public static final String CONFIG = "demo/sample.properties";
    public static final String TRACE = "demo/sample.trace";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("du-demo");
        try {
            Path config = extract(CONFIG, dir);
            PrintWriter out = spec.commandLine().getOut();
            if (!replayTrace) {
                if (speed < 1 || speed > MAX_SPEED) {
                    throw new BadArgumentException("--speed: expected 1 to " + MAX_SPEED + " (faster, the"
                            + " receiver falls behind the meters' clock and frames near midnight are counted into the"
                            + " wrong day), got " + speed);
                }
                return new LiveDemo(DuConfig.load(config), out, speed, dir).run();
            }
            Path trace = extract(TRACE, dir);
            out.println("du demo: replaying the bundled sample trace through the receive stack and the daily counters");
            out.println("(the same as: ./du replay --frames --config " + SOURCE + CONFIG + " --trace " + SOURCE + TRACE
                    + ")");
            out.println();
            return ReplayCommand.framesOf(spec, config, trace, "(bundled) " + TRACE);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path extract(String resource, Path dir) throws IOException {
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("the jar lacks its bundled " + resource));
            }
            Path p = dir.resolve(Path.of(resource).getFileName());
            Files.copy(in, p);
            return p;
        }
    }
}
