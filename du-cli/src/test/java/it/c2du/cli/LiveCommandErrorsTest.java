package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code du run} and {@code du capture}: a clear message, the right exit status, no key. */
class LiveCommandErrorsTest {
    private static final String KEY = "BC000000001234567890000012345678";

    @TempDir
    Path dir;

    private Path config(String extra) throws IOException {
        Path p = dir.resolve("du.properties");
        Files.writeString(p, "du.mac = DC1234567890\nm1.key = " + KEY + "\nm1.system-title = 4345434543454345\n" + extra,
                StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void runRefusesABadLogLevel() throws IOException {
        CliRun run = CliRun.of("run", "--config", config("").toString(), "--port", "/dev/ttyUSB9", "--state",
                dir.resolve("state").toString(), "--log-level", "loud");
        assertEquals(2, run.status());
        assertEquals("du: --log-level: expected error, warn, info or debug, got \"loud\"\n", run.err());
    }

    @Test
    void runNamesABadModemKeyAndItsLine() throws IOException {
        CliRun run = CliRun.of("run", "--config", config("modem.t-req = gpio17\n").toString(), "--port", "/dev/ttyUSB9",
                "--state", dir.resolve("state").toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("du.properties line 4: modem.t-req: expected rts, dtr or none, got \"gpio17\""),
                run.err());
    }

    @Test
    void runOnAMissingPortExits4NamingThePortAndLeavesNoKeyInTheLog() throws IOException {
        CliRun run = CliRun.of("run", "--config", config("modem.t-req = none\n").toString(), "--port",
                dir.resolve("no-such-tty").toString(), "--state", dir.resolve("state").toString());
        assertEquals(4, run.status(), run.err());
        assertTrue(run.err().contains("du: serial port " + dir.resolve("no-such-tty") + " does not exist; serial ports"
                + " present: "), run.err());
        assertFalse((run.out() + run.err()).toUpperCase().contains(KEY.substring(2, 14)));
    }

    @Test
    void captureArgumentsAreChecked() throws IOException {
        String out = dir.resolve("c.trace").toString();
        String[][] cases = {
            {"--t-req", "cts"}, {"--baud", "300"}, {"--zone", "Mars/Olympus"}, {"--count", "0"}};
        String[] messages = {
            "du: --t-req: expected rts, dtr or none, got \"cts\"\n",
            "du: --baud: baud 300 outside 1200..921600\n",
            "du: --zone: expected a time-zone id such as Europe/Rome, got \"Mars/Olympus\"\n",
            "du: --count: expected a number of frames >= 1, got 0\n"};
        for (int i = 0; i < cases.length; i++) {
            CliRun run = CliRun.of("capture", "--port", "/dev/ttyUSB9", "--out", out, cases[i][0], cases[i][1]);
            assertEquals(2, run.status(), cases[i][0]);
            assertEquals(messages[i], run.err(), cases[i][0]);
            assertFalse(Files.exists(Path.of(out)), "nothing written for a bad argument");
        }
    }
}
