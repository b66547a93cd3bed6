package it.c2du.cli.home;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes sure a Debian package the tests use is there: when its program is missing, runs the
 * project's {@code tools/ensure-NAME} (as du-plc's Socat does for socat). A machine where that
 * fails fails the test with the reason; nothing is skipped.
 */
final class ProjectTool {
    private ProjectTool() {
    }

    static synchronized Path ensure(String name, Path program) {
        if (Files.isExecutable(program)) {
            return program;
        }
        Path script = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isExecutable(d.resolve("tools/ensure-" + name))) {
                script = d.resolve("tools/ensure-" + name);
                break;
            }
        }
        if (script == null) {
            fail(name + " is missing and tools/ensure-" + name + " was not found above " + Path.of("").toAbsolutePath());
        }
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 || !Files.isExecutable(program)) {
                fail(name + " is missing and " + script + " could not install it:\n" + output);
            }
        } catch (IOException e) {
            fail(name + " is missing and " + script + " did not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while installing " + name);
        }
        return program;
    }
}
