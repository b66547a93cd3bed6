package it.c2du.cli.live;

import it.c2du.cli.BadArgumentException;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A clock whose time is an ISO-8601 instant in a file, for the lab rig: the plan runner writes
 * the simulated time (du-lab's {@code LabClockFile}) and the receiver it started ({@code du run --clock-file})
 * reads it at every frame and tick, so two midnights take seconds and the time a frame is stamped
 * with is the one the bench chose. The file is replaced atomically, so a reader never sees half a
 * time; should it still be unreadable, the last good time stands (a clock never goes back to null).
 */
public final class SimulatedClockFile extends Clock {
    private final Path file;
    private volatile Instant last;

    private SimulatedClockFile(Path file, Instant first) {
        this.file = file;
        this.last = first;
    }

    /** Opens the clock, which must hold a time now: a bad file is a bad argument, named. */
    public static SimulatedClockFile open(Path file) throws BadArgumentException {
        try {
            return new SimulatedClockFile(file, read(file));
        } catch (IOException | DateTimeParseException e) {
            throw new BadArgumentException("--clock-file " + file + ": expected an ISO-8601 instant"
                    + " (e.g. 2026-11-23T10:00:00Z) in the file: " + (e instanceof IOException
                    ? "cannot read it (" + e.getClass().getSimpleName() + ")" : e.getMessage()));
        }
    }

    private static Instant read(Path file) throws IOException {
        return Instant.parse(Files.readString(file, StandardCharsets.US_ASCII).trim());
    }

    @Override
    public Instant instant() {
        try {
            last = read(file);
        } catch (IOException | DateTimeParseException e) {
            // Keep the last good time: the bench replaces the file atomically, so this is a removed file.
        }
        return last;
    }

    @Override
    public ZoneId getZone() {
        return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulated clock has no zone of its own");
    }
}
