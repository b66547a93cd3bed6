package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on the command line: a clear message naming file, line or key, exit status 2, no key printed. */
class CliErrorsTest {
    private static final String KEY = "BC000000001234567890000012345678";
    private static final String GOOD_CONFIG = "du.mac = DC1234567890\n"
            + "m1.key = " + KEY + "\n"
            + "m1.system-title = 4345434543454345\n";
    private static final String GOOD_FRAME = "1026DC1234567890E5A1000000010301C0040B3000000065AEF239FFDA8837D717B382E1D0C4B68496E14F41DF20B0D87DE828BE04D0";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void badConfigValueNamesKeyAndLine() throws IOException {
        Path cfg = write("du.properties", "# DU\ndu.mac = AB12\n");
        Path trace = write("t.trace", "");
        CliRun run = CliRun.of("replay", "--config", cfg.toString(), "--trace", trace.toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("du.properties line 2: du.mac: expected 12 hex digits starting with DC, got \"AB12\""), run.err());
    }

    @Test
    void malformedKeyIsNeverEchoed() throws IOException {
        String badKey = KEY.substring(0, 31) + "Z";
        Path cfg = write("du.properties", GOOD_CONFIG.replace(KEY, badKey));
        CliRun run = CliRun.of("decode", "--config", cfg.toString(), GOOD_FRAME);
        assertEquals(2, run.status());
        assertTrue(run.err().contains("m1.key: expected 32 hex digits"), run.err());
        assertFalse(run.err().contains(badKey.substring(0, 12)), run.err());
        assertFalse(run.out().contains(badKey.substring(0, 12)), run.out());
    }

    @Test
    void goodKeyNeverAppearsInAnyOutput() throws IOException {
        Path cfg = write("du.properties", GOOD_CONFIG);
        Path trace = write("t.trace", "2024-03-01T10:02:00+01:00 " + GOOD_FRAME + "\n");
        for (String[] args : new String[][] {
                {"replay", "--config", cfg.toString(), "--trace", trace.toString(), "--frames"},
                {"replay", "--config", cfg.toString(), "--trace", trace.toString(), "--json", "--frames"},
                {"decode", "--config", cfg.toString(), GOOD_FRAME}}) {
            CliRun run = CliRun.of(args);
            assertEquals(0, run.status(), run.err());
            assertFalse((run.out() + run.err()).toUpperCase().contains(KEY.substring(2, 14)), String.join(" ", args));
        }
    }

    @Test
    void malformedTraceLineNamesFileAndLineAndPrintsNothingElse() throws IOException {
        Path cfg = write("du.properties", GOOD_CONFIG);
        Path trace = write("bad.trace", "# comment\n\n2024-03-01T10:02:00+01:00 " + GOOD_FRAME + "\n2024-03-01T10:03:00 ABCD\n");
        CliRun run = CliRun.of("replay", "--config", cfg.toString(), "--trace", trace.toString(), "--json", "--frames");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("bad.trace line 4:"), run.err());
        assertEquals("", run.out(), "nothing half done: no frame printed before the bad line is reported");
    }

    @Test
    void decodeNamesTheCharacterThatIsNotHexOrTheOddCount() throws IOException {
        Path cfg = write("du.properties", GOOD_CONFIG);
        CliRun notHex = CliRun.of("decode", "--config", cfg.toString(), "zz");
        assertEquals(2, notHex.status());
        assertTrue(notHex.err().contains("'z'") && notHex.err().contains("not a hex digit"), notHex.err());
        assertFalse(notHex.err().contains("even number"), "2 characters are an even number: " + notHex.err());
        CliRun odd = CliRun.of("decode", "--config", cfg.toString(), "ABC");
        assertEquals(2, odd.status());
        assertTrue(odd.err().contains("odd number") && odd.err().contains("3"), odd.err());
    }

    @Test
    void decreasingTimeIsAnError() throws IOException {
        Path cfg = write("du.properties", GOOD_CONFIG);
        Path trace = write("t.trace", "2024-03-01T10:02:00+01:00 POWER_OFF\n2024-03-01T10:01:00+01:00 POWER_ON\n");
        CliRun run = CliRun.of("replay", "--config", cfg.toString(), "--trace", trace.toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("t.trace line 2:") && run.err().contains("never decrease"), run.err());
    }

    @Test
    void aConfigThatIsNotUtf8NamesTheLine() throws IOException {
        Path cfg = dir.resolve("du.properties");
        // "du.name = Caff\u00e8" saved as ISO-8859-1: the byte 0xE8 alone is not UTF-8.
        byte[] latin1 = (GOOD_CONFIG + "du.name = Caff\u00e8\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(cfg, latin1);
        CliRun run = replayOfNothing(cfg);
        assertEquals(2, run.status());
        assertTrue(run.err().contains("du.properties line 4: not UTF-8 text"), run.err());
    }

    @Test
    void aConfigPathThatIsADirectorySaysSo() throws IOException {
        CliRun run = replayOfNothing(Files.createDirectory(dir.resolve("du.properties")));
        assertEquals(2, run.status());
        assertTrue(run.err().contains("du.properties: is a directory, not a configuration file"), run.err());
    }

    /** du replay of an empty trace: what it says about the configuration alone. */
    private CliRun replayOfNothing(Path cfg) throws IOException {
        Path trace = write("t.trace", "");
        return CliRun.of("replay", "--config", cfg.toString(), "--trace", trace.toString());
    }

    @Test
    void missingFilesAndBadUntil() throws IOException {
        Path cfg = write("du.properties", GOOD_CONFIG);
        Path trace = write("t.trace", "2024-03-01T10:02:00+01:00 " + GOOD_FRAME + "\n");
        CliRun noTrace = CliRun.of("replay", "--config", cfg.toString(), "--trace", dir.resolve("none.trace").toString());
        assertEquals(2, noTrace.status());
        assertTrue(noTrace.err().contains("none.trace: no such trace file"), noTrace.err());
        CliRun noConfig = CliRun.of("replay", "--config", dir.resolve("none.properties").toString(), "--trace", trace.toString());
        assertEquals(2, noConfig.status());
        assertTrue(noConfig.err().contains("none.properties: no such configuration file"), noConfig.err());
        CliRun badUntil = CliRun.of("replay", "--config", cfg.toString(), "--trace", trace.toString(), "--until", "tomorrow");
        assertEquals(2, badUntil.status());
        assertTrue(badUntil.err().contains("--until"), badUntil.err());
        CliRun earlyUntil = CliRun.of("replay", "--config", cfg.toString(), "--trace", trace.toString(), "--until", "2024-03-01T10:00:00+01:00");
        // The clock only moves forward: an --until the trace has passed changes nothing, with a note
        // (the shared case layouts/example-dlms gives one, so it cannot be an error).
        assertEquals(0, earlyUntil.status(), earlyUntil.err());
        assertTrue(earlyUntil.err().contains("before the trace's last line"), earlyUntil.err());
        assertTrue(earlyUntil.err().contains("the clock stays at the last line"), earlyUntil.err());
        CliRun missingOption = CliRun.of("replay", "--config", cfg.toString());
        assertEquals(2, missingOption.status());
        assertTrue(missingOption.err().contains("--trace"), missingOption.err());
    }

    @Test
    void decodeShowsEveryLayerAndTheCompactFrame() throws IOException {
        Path cfg = write("du.properties", GOOD_CONFIG);
        CliRun run = CliRun.of("decode", "--config", cfg.toString(), GOOD_FRAME);
        assertEquals(0, run.status(), run.err());
        for (String s : new String[] {"Layer 1 MAC", "DA DC1234567890", "Layer 2 LLC", "SSAP 0x0B (meter M1)",
                "frame counter 101", "CF21", "InstantPower", "5450", "verdict   accepted"}) {
            assertTrue(run.out().contains(s), s + " in\n" + run.out());
        }
    }

    @Test
    void decodeNamesLayerAndReasonOfARejection() throws IOException {
        Path cfg = write("du.properties", GOOD_CONFIG);
        String badFcs = GOOD_FRAME.substring(0, GOOD_FRAME.length() - 1) + "1";
        CliRun run = CliRun.of("decode", "--config", cfg.toString(), badFcs);
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("rejected: mac-fcs, at Layer 1 MAC"), run.out());
        CliRun json = CliRun.of("decode", "--json", "--config", cfg.toString(), badFcs);
        assertTrue(json.out().contains("\"reason\": \"mac-fcs\""), json.out());
        CliRun notHex = CliRun.of("decode", "--config", cfg.toString(), "10GG");
        assertEquals(2, notHex.status());
        assertTrue(notHex.err().contains("HEX: 'G' (character 3) is not a hex digit"), notHex.err());
    }
}
