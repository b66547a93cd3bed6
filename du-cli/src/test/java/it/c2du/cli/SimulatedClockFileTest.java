package it.c2du.cli;

import it.c2du.cli.live.SimulatedClockFile;

import it.c2du.lab.plan.LabClockFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedClockFileTest {
    @TempDir
    Path dir;

    @Test
    void readsTheTimeTheBenchSetsAndKeepsTheLastGoodOneWhenTheFileGoes() throws Exception {
        Path f = dir.resolve("clock");
        LabClockFile.set(f, Instant.parse("2026-11-23T10:00:00Z"));
        SimulatedClockFile clock = SimulatedClockFile.open(f);
        assertEquals(Instant.parse("2026-11-23T10:00:00Z"), clock.instant());
        LabClockFile.set(f, Instant.parse("2026-11-24T00:00:01Z"));
        assertEquals(Instant.parse("2026-11-24T00:00:01Z"), clock.instant());
        Files.delete(f);
        assertEquals(Instant.parse("2026-11-24T00:00:01Z"), clock.instant());
        Files.writeString(f, "garbage");
        assertEquals(Instant.parse("2026-11-24T00:00:01Z"), clock.instant());
        assertTrue(Files.list(dir).noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }

    @Test
    void aMissingOrBadFileIsABadArgumentNamingIt() throws Exception {
        Path f = dir.resolve("clock");
        BadArgumentException e = assertThrows(BadArgumentException.class, () -> SimulatedClockFile.open(f));
        assertTrue(e.getMessage().startsWith("--clock-file " + f + ": expected an ISO-8601 instant"), e.getMessage());
        Files.writeString(f, "23/11/2026 10:00");
        e = assertThrows(BadArgumentException.class, () -> SimulatedClockFile.open(f));
        assertTrue(e.getMessage().contains("23/11/2026 10:00"), e.getMessage());
    }
}
