package it.c2du.plc.testing;

import static org.junit.jupiter.api.Assertions.fail;

import it.c2du.plc.serial.PtyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes sure socat is there for the serial tests: when it is missing, runs the project's
 * {@code tools/ensure-socat}, which installs it. A machine where that fails fails the test with
 * the reason: the serial path is never silently skipped.
 */
public final class Socat {
    private Socat() {
    }

    public static synchronized void ensure() {
        if (PtyPair.socatAvailable()) {
            return;
        }
        Path script = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isExecutable(d.resolve("tools/ensure-socat"))) {
                script = d.resolve("tools/ensure-socat");
                break;
            }
        }
        if (script == null) {
            fail("socat is missing and tools/ensure-socat was not found above " + Path.of("").toAbsolutePath());
        }
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 || !PtyPair.socatAvailable()) {
                fail("socat is missing and " + script + " could not install it:\n" + output);
            }
        } catch (IOException e) {
            fail("socat is missing and " + script + " did not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while installing socat");
        }
    }
}
