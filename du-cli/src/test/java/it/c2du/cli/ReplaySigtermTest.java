package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.counters.state.StateDirectory;
import it.c2du.counters.state.StateException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (Ctrl-C) on {@code du replay --state}, sent to a real child JVM reading its trace from
 * standard input: it stops at the next frame boundary, saves, says so, and the state is not
 * marked interrupted.
 */
class ReplaySigtermTest {
    private static final String CONFIG = "du.mac = DC1234567890\n"
            + "m1.key = BC000000001234567890000012345678\n"
            + "m1.system-title = 4345434543454345\n";
    private static final String FRAME = "1026DC1234567890E5A1000000010301C0040B3000000065AEF239FFDA8837D717B382E1D0C4B68496E14F41DF20B0D87DE828BE04D0";

    @TempDir
    Path dir;

    @Test
    void sigtermStopsAtTheNextFrameBoundarySavesAndSaysSo() throws Exception {
        Path cfg = dir.resolve("du.properties");
        Files.writeString(cfg, CONFIG);
        Path state = dir.resolve("state");
        Path errFile = dir.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process du = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), DuCommand.class.getName(),
                "replay", "--config", cfg.toString(), "--trace", "-", "--state", state.toString(), "--commit-every", "1")
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(errFile.toFile()).start();
        try (OutputStream trace = du.getOutputStream()) {
            trace.write(("2024-03-01T10:00:00+01:00 POWER_ON\n2024-03-01T10:02:00+01:00 " + FRAME + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            trace.flush();
            Instant counted = Instant.parse("2024-03-01T09:02:00Z");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!counted.equals(clock(state))) {
                assertTrue(System.nanoTime() < deadline && du.isAlive(), "the frame was never committed: " + Files.readString(errFile));
                Thread.sleep(50);
            }
            du.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the pipe to its standard input
            while (!Files.readString(errFile).contains("SIGTERM")) {
                assertTrue(System.nanoTime() < deadline, "no word of the SIGTERM: " + Files.readString(errFile)
                        + (du.isAlive() ? "" : " (exit " + du.exitValue() + ")"));
                Thread.sleep(50);
            }
            // The next line arrives after the stop was asked for: it is not counted.
            trace.write("2024-03-01T11:00:00+01:00 POWER_OFF\n".getBytes(StandardCharsets.US_ASCII));
            trace.flush();
        }
        assertTrue(du.waitFor(30, TimeUnit.SECONDS), "du replay ended");
        String err = Files.readString(errFile);
        assertEquals(143, du.exitValue(), err);
        assertTrue(err.contains("stopped before line 3"), err);
        StateDirectory.Loaded after = StateDirectory.read(state);
        assertFalse(after.state().running(), "a clean stop: the next start counts no interruption");
        assertEquals(Instant.parse("2024-03-01T09:02:00Z"), after.state().counters().clock(), "the line after the stop is not counted");
        assertTrue(after.state().counters().powered());
    }

    private static Instant clock(Path state) {
        try {
            return StateDirectory.read(state).state().counters().clock();
        } catch (StateException e) {
            return null; // not created yet
        }
    }
}
