package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.plc.testing.Socat;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code du demo}: the live receiver against the emulated modem over a socat pty pair. */
class LiveDemoTest {
    @Test
    void theLiveDemoShowsFramesLinkFaultsMidnightAndExactCounters() {
        Socat.ensure();
        CliRun run = CliRun.of("demo", "--speed", "200");
        String text = run.out();
        assertEquals(0, run.status(), run.err() + text);
        assertTrue(text.contains("talk over a socat pty pair"), text);
        assertTrue(text.contains("started: firmware 1.4.0.17"), text);
        for (String note : new String[] {"bad checksum: NAK, resent", "repeat after ACK dropped", "1 frame cut short before",
            "noise discarded", "(the modem resets itself; the receiver configures it again)",
            "midnight: 2026-03-28 closed into the profile; today is 2026-03-29"}) {
            assertTrue(text.contains(note), note + " in\n" + text);
        }
        assertTrue(Pattern.compile("repetition +M1 +CF21 +5002").matcher(text).find(), text);
        assertTrue(Pattern.compile("rejected +not-for-me").matcher(text).find(), text);
        assertTrue(Pattern.compile("rejected +auth-failed +M2").matcher(text).find(), text);
        // 38 frames reach the stack (one more is cut short on the link), 35 counted.
        assertTrue(Pattern.compile("total +38\\n +accepted \\(counted\\) +35\\n +repetitions \\(dropped\\) +1\\n +rejected +2")
                .matcher(text).find(), text);
        assertTrue(Pattern.compile("C1 +CF1 +2 +2 +no\\n +C2 +CF21 +10 +10 +no\\n +C3 +CF22\\+CF25 +1 +1 +no\\n"
                + " +C4 +CF2 +2 +2 +no\\n +C5 +CF41 +9 +9 +no").matcher(text).find(), text);
        assertTrue(Pattern.compile("2026-03-28 +0P +5P +1P +0P +5P").matcher(text).find(), text);
        assertTrue(text.contains("modem resets 1"), text);
        // Times in counters.zone with its offset: the demo starts at 23:50 in Rome, winter time.
        assertTrue(Pattern.compile("(?m)^23:5[0-9]:[0-9]{2}\\+01:00  accepted ").matcher(text).find(), text);
        assertTrue(Pattern.compile("Status page: http://127\\.0\\.0\\.1:[0-9]+/").matcher(text).find(), text);
    }

    @Test
    void aSpeedTheReceiverCannotKeepUpWithIsRefusedSayingWhy() {
        // At 10000x the receiver's lag of a few ms moves frames across midnight: other counts, silently.
        CliRun run = CliRun.of("demo", "--speed", "10000");
        assertEquals(2, run.status(), run.out());
        assertTrue(run.err().startsWith("du: --speed: expected 1 to 500 "), run.err());
        assertTrue(run.err().contains("falls behind"), run.err());
    }

    @Test
    void theReplayDemoPrintsACommandThatWorksFromTheRepositoryRoot() {
        CliRun demo = CliRun.of("demo", "--replay");
        assertEquals(0, demo.status(), demo.err());
        String line = demo.out().lines().filter(l -> l.startsWith("(the same as: ./du ")).findFirst()
                .orElseThrow(() -> new AssertionError(demo.out()));
        String[] args = line.substring("(the same as: ./du ".length(), line.length() - 1).split(" ");
        // Surefire runs in du-cli/: the command's relative paths are the repository root's.
        java.nio.file.Path root = java.nio.file.Path.of("").toAbsolutePath().getParent();
        for (int i = 0; i < args.length; i++) {
            if (i > 0 && args[i - 1].matches("--config|--trace")) {
                args[i] = root.resolve(args[i]).toString();
            }
        }
        CliRun same = CliRun.of(args);
        assertEquals(0, same.status(), line + "\n" + same.err());
        assertTrue(same.out().contains("accepted (counted)"), same.out());
    }

    @Test
    void aSpeedOutOfRangeIsABadArgument() {
        CliRun run = CliRun.of("demo", "--speed", "0");
        assertEquals(2, run.status());
        assertEquals("du: --speed: expected 1 to 500 (faster, the receiver falls behind the meters' clock and frames"
                + " near midnight are counted into the wrong day), got 0\n", run.err());
    }
}
