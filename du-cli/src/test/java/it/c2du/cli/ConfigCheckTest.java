package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code du config check}: the configuration as du run reads it at start, before the service is
 * enabled: exit 0 when good (a missing serial port only warns), 2 with du run's own error when
 * not; the keys and the password never printed.
 */
class ConfigCheckTest {
    private static final String KEY = "BC000000001234567890000012345678";
    private static final String PASSWORD = "s3cret-Platform-Pw";
    private static final String GOOD = "du.mac = DC1234567890\n"
            + "m1.pod = IT001E12345678\n"
            + "m1.key = " + KEY + "\n"
            + "m1.system-title = 4345434543454345\n"
            + "m1.installation-id = XY171001\n";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private CliRun check(Path config, String... more) {
        String[] args = new String[4 + more.length];
        System.arraycopy(new String[] {"config", "check", "--config", config.toString()}, 0, args, 0, 4);
        System.arraycopy(more, 0, args, 4, more.length);
        return CliRun.of(args);
    }

    @Test
    void aGoodConfigurationIsGoodAndItsKeysAndPasswordAreNotShown() throws IOException {
        Path pw = write("platform.password", PASSWORD + "\n");
        Path cfg = write("du.properties", GOOD + "platform.broker = tcp://localhost:1883\nplatform.topic = t/u\n"
                + "platform.username = du\nplatform.password-file = " + pw + "\n");
        Path port = write("ttyFake", "");
        CliRun run = check(cfg, "--port", port.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith(cfg + ": good\n"), run.out());
        assertTrue(run.out().contains("DC1234567890") && run.out().contains("IT001E12345678"), run.out());
        assertEquals("", run.err());
        String all = run.out() + run.err();
        assertFalse(all.toUpperCase().contains(KEY.substring(4, 20)), all);
        assertFalse(all.contains(PASSWORD), all);
    }

    @Test
    void aRawModemConfigurationFromTheOldExampleIsAWarningSayingWhatItDoes() throws Exception {
        // The example packaged before band C had this line; it keeps the modem in the DL layer.
        CliRun old = check(write("du.properties", GOOD + "modem.configuration = 0x11\n"));
        assertEquals(0, old.status(), old.err());
        assertTrue(old.err().startsWith("du: warning: modem.configuration = 0x11 sets the modem's receive mode by its raw byte"),
                old.err());
        assertTrue(old.err().contains("DL") && old.err().contains("remove it"), old.err());
        assertTrue(it.c2du.cli.live.LiveReceiver.modemWarnings(it.c2du.core.config.DuConfig.load(
                write("plain.properties", GOOD))).isEmpty(), "no raw byte, nothing to say");
    }

    @Test
    void aBadProfileFileIsBadInputNamingTheMember() throws Exception {
        Path profile = write("bad.profile.json", "{\"profile\": 1}\n");
        CliRun run = check(write("du.properties", GOOD + "profile.file = bad.profile.json\n"));
        assertEquals(2, run.status(), run.out() + run.err());
        assertTrue(run.err().contains("bad.profile.json"), run.err());
        CliRun missing = check(write("du2.properties", GOOD + "profile.file = none.json\n"));
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("profile.file") && missing.err().contains("no such profile file"), missing.err());
    }

    @Test
    void aMissingSerialPortIsAWarningOnly() throws IOException {
        CliRun run = check(write("du.properties", GOOD), "--port", dir.resolve("ttyUSB9").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("warning: serial port " + dir.resolve("ttyUSB9") + ": no such device"), run.err());
    }

    @Test
    void aBadValueGivesDuRunsErrorAndStatus2() throws IOException {
        Path cfg = write("du.properties", GOOD + "modem.t-req = maybe\n");
        CliRun check = check(cfg);
        assertEquals(ExitStatus.BAD_INPUT, check.status());
        // du run stops at start with the same message, before it opens the port or the state.
        CliRun run = CliRun.of("run", "--config", cfg.toString(), "--port", dir.resolve("tty").toString(), "--state",
                dir.resolve("state").toString());
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        assertEquals(run.err(), check.err());
        assertTrue(check.err().contains("du.properties line 6: modem.t-req"), check.err());
        assertEquals("", check.out());
    }

    @Test
    void anUnreadablePasswordFileOrCaFileIsNamed() throws IOException {
        String platform = "platform.broker = ssl://localhost:8883\nplatform.topic = t/u\nplatform.username = du\n";
        CliRun noPw = check(write("a.properties", GOOD + platform + "platform.password-file = " + dir.resolve("none") + "\n"));
        assertEquals(2, noPw.status());
        assertTrue(noPw.err().contains("platform.password-file") && noPw.err().contains(dir.resolve("none").toString()),
                noPw.err());
        Path pw = write("pw", PASSWORD);
        CliRun noCa = check(write("b.properties", GOOD + platform + "platform.password-file = " + pw
                + "\nplatform.ca-file = " + dir.resolve("ca.pem") + "\n"));
        assertEquals(2, noCa.status());
        assertTrue(noCa.err().contains("platform.ca-file") && noCa.err().contains("ca.pem"), noCa.err());
        assertFalse(noCa.err().contains(PASSWORD));
    }
}
