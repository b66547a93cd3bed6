package it.c2du.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code du demo}: the receiver on the bundled sample trace, readable. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Replays the bundled sample trace (two days of M1 and M2 traffic with faults, repetitions"
                + " and a power cut) and shows what was received, what was dropped and why, and the counters.")
final class DemoCommand implements Callable<Integer> {
    static final String CONFIG = "demo/sample.properties";
    static final String TRACE = "demo/sample.trace";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("du-demo");
        try {
            Path config = extract(CONFIG, dir);
            Path trace = extract(TRACE, dir);
            PrintWriter out = spec.commandLine().getOut();
            out.println("du demo: replaying the bundled sample trace through the receive stack and the daily counters");
            out.println("(the same as: du replay --frames --config " + CONFIG + " --trace " + TRACE + ")");
            out.println();
            ReplayCommand replay = new ReplayCommand();
            replay.config = config;
            replay.trace = trace;
            replay.frames = true;
            replay.spec = spec;
            replay.traceLabel = "(bundled) " + TRACE;
            return replay.call();
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(dir);
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
