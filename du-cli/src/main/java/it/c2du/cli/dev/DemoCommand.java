package it.c2du.cli.dev;

import it.c2du.cli.DuCommand;
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
            description = "How many times faster than real time the meters' clock runs (default ${DEFAULT-VALUE}).")
    int speed = 120;

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
                if (speed < 1 || speed > 10_000) {
                    throw new DuCommand.BadArgumentException("--speed: expected 1 to 10000, got " + speed);
                }
                return new LiveDemo(DuConfig.load(config), out, speed, dir).run();
            }
            Path trace = extract(TRACE, dir);
            out.println("du demo: replaying the bundled sample trace through the receive stack and the daily counters");
            out.println("(the same as: du replay --frames --config " + CONFIG + " --trace " + TRACE + ")");
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
