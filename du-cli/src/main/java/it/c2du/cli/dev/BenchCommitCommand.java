package it.c2du.cli.dev;

import it.c2du.cli.BadArgumentException;



import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.receive.FrameCounterWindow;
import it.c2du.counters.DailyCounters;
import it.c2du.counters.state.ReceiverState;
import it.c2du.counters.state.StateDirectory;
import it.c2du.counters.state.StateException;
import it.c2du.counters.state.WindowState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code du bench-commit}: what one durable frame commit costs on the device holding the state
 * directory (an SD card on a Pi): latency of write + force, and the bytes handed to the file
 * system and, where Linux reports it, sent to the storage device.
 */
@Command(name = "bench-commit", mixinStandardHelpOptions = true,
        description = {"Measures the durable commit of one accepted frame on the file system holding DIR:"
                + " the state record written and forced to the device, as the live receiver does for each frame.",
                "",
                "Works in a fresh subdirectory of DIR, removed at the end. A benchmark, not a test: run it on the"
                        + " target device (e.g. the Pi's SD card), not on tmpfs."})
public final class BenchCommitCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where to create the scratch state directory.")
    Path dir;

    @Option(names = "--commits", defaultValue = "2000", paramLabel = "N", description = "Commits to time (default ${DEFAULT-VALUE}).")
    int commits;

    @Option(names = "--warmup", defaultValue = "200", paramLabel = "N", description = "Untimed commits first (default ${DEFAULT-VALUE}).")
    int warmup;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Makes {@code dir} and its missing parents one name at a time, as mkdir -p does. Not
     * Files.createDirectories: it drops "missing/.." lexically and never makes "missing", so
     * {@code build/../results} with no build failed. A symbolic link to a folder that is not there
     * (a card not mounted) is refused: a folder made in its place would measure the wrong device.
     */
    private static Path folders(Path dir) throws IOException, BadArgumentException {
        Path absolute = dir.toAbsolutePath();
        Path p = absolute.getRoot();
        for (Path name : absolute) {
            p = p.resolve(name);
            if (Files.isDirectory(p)) {
                continue;
            }
            if (Files.isSymbolicLink(p)) {
                throw new BadArgumentException("--dir " + dir + ": " + p + " is a symbolic link to "
                        + Files.readSymbolicLink(p) + ", which does not exist (not mounted?)");
            }
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new BadArgumentException("--dir " + dir + ": " + p + " is a file, not a folder");
            }
            try {
                Files.createDirectory(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) { // made meanwhile, by someone else, as something else
                    throw e;
                }
            }
        }
        return dir;
    }

    @Override
    public Integer call() throws StateException, IOException, BadArgumentException {
        if (commits < 1 || warmup < 0) {
            throw new BadArgumentException("--commits must be >= 1 and --warmup >= 0");
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory(folders(dir), "du-bench-commit-");
        } catch (IOException e) {
            throw new BadArgumentException("--dir " + dir + ": cannot create a scratch directory there: " + e);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (StateDirectory state = StateDirectory.open(scratch)) {
            ZoneId zone = ZoneId.of(C2P1.Counters.DEFAULT_ZONE);
            DailyCounters counters = new DailyCounters(zone);
            Instant t = Instant.parse("2024-03-01T00:00:00Z");
            FrameCounterWindow m1 = new FrameCounterWindow();
            FrameCounterWindow m2 = new FrameCounterWindow();
            long[] nanos = new long[commits];
            state.commit(next(zone, counters, t, m1, m2, 0));
            for (int i = 0; i < warmup; i++) {
                state.commit(next(zone, counters, t = t.plusSeconds(30), m1, m2, i + 1));
            }
            long bytesBefore = state.bytesWritten();
            long deviceBefore = deviceWriteBytes();
            for (int i = 0; i < commits; i++) {
                ReceiverState s = next(zone, counters, t = t.plusSeconds(30), m1, m2, warmup + i + 1);
                long start = System.nanoTime();
                state.commit(s);
                nanos[i] = System.nanoTime() - start;
            }
            long bytes = state.bytesWritten() - bytesBefore;
            long device = deviceWriteBytes() - deviceBefore;
            Arrays.sort(nanos);
            double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
            out.printf("durable commit of one accepted frame, %d commits on %s (%s)%n", commits, dir,
                    Files.getFileStore(scratch).type());
            out.printf("  %-34s %10.3f ms%n", "mean", mean);
            out.printf("  %-34s %10.3f ms%n", "median", nanos[commits / 2] / 1e6);
            out.printf("  %-34s %10.3f ms%n", "99th percentile", nanos[Math.min(commits - 1, (int) (commits * 0.99))] / 1e6);
            out.printf("  %-34s %10.3f ms%n", "max", nanos[commits - 1] / 1e6);
            out.printf("  %-34s %10.0f /s%n", "commits per second (1 / mean)", 1000 / mean);
            out.printf("  %-34s %10d B%n", "bytes written per commit (record)", bytes / commits);
            out.printf("  %-34s %10s%n", "bytes sent to storage per commit", device < 0 ? "n/a" : (device / commits) + " B");
            out.printf("  (the last line is Linux /proc/self/io write_bytes: what reached the block layer;"
                    + " 0 on tmpfs)%n");
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return 0;
    }

    /** The state after one more accepted frame: a count, a clock step, a frame counter consumed. */
    private static ReceiverState next(ZoneId zone, DailyCounters counters, Instant t, FrameCounterWindow m1,
                                      FrameCounterWindow m2, long fc) {
        counters.advanceTo(t);
        counters.count(fc % 2 == 0 ? ReceptionCounter.C1 : ReceptionCounter.C4);
        (fc % 2 == 0 ? m1 : m2).consume(fc);
        Map<MeterRole, WindowState> windows = new EnumMap<>(MeterRole.class);
        byte[] st = new byte[8];
        byte[] fp = new byte[8];
        windows.put(MeterRole.M1, new WindowState(st, fp, m1.highest(), m1.bitmap()));
        windows.put(MeterRole.M2, new WindowState(st, fp, m2.highest(), m2.bitmap()));
        return new ReceiverState(zone, true, counters.snapshot(), windows);
    }

    /** Bytes this process caused to be sent to the storage layer, or -1 where not reported. */
    private static long deviceWriteBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring("write_bytes:".length()).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not readable: reported as n/a.
        }
        return -1;
    }
}
