package it.c2du.lab.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * The rig's side of the simulated clock: the time, an ISO-8601 instant, in the file that the
 * receiver under test reads at every frame and tick ({@code du run --clock-file}). Replaced
 * atomically, so the receiver never reads half a time.
 */
public final class LabClockFile {
    private LabClockFile() {
    }

    /** Writes {@code t} as the file's time. */
    public static void set(Path file, Instant t) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, t.toString() + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
