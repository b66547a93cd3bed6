package it.c2du.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration file the DU's user may not read. The tests run as root, whom no file mode
 * stops, so the load runs in a child JVM as the user nobody (setpriv), on a root-owned file of
 * mode 600 in a directory nobody may enter.
 */
class UnreadableConfigTest {
    @TempDir
    Path dir;

    @Test
    void anUnreadableConfigSaysPermissionDenied() throws IOException, InterruptedException {
        assertEquals("root", System.getProperty("user.name"),
                "this test makes a file only its owner may read and reads it as another user");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cfg = dir.resolve("du.properties");
        Files.writeString(cfg, "du.mac = DC1234567890\n");
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-------"));
        // The child needs the directories above the file to be searchable by nobody.
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            assertTrue(Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE),
                    p + " is not searchable by other users: the child could not reach the file at all");
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                javaBin, "-cp", classes(ConfigLoadProbe.class) + java.io.File.pathSeparator + classes(DuConfig.class), ConfigLoadProbe.class.getName(), cfg.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), out);
        assertEquals(cfg + ": cannot read: permission denied", out);
    }

    /** The folder of a class's compiled classes: the child needs no library (and nobody reads root's ~/.m2). */
    private static String classes(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
