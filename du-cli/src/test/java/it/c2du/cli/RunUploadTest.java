package it.c2du.cli;

import it.c2du.cli.live.SimulatedClockFile;

import it.c2du.lab.platform.PlatformRules;
import it.c2du.lab.platform.PlatformSimulator;
import it.c2du.lab.plan.LabClockFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.counters.platform.UploadLedger;
import it.c2du.lab.platform.PlatformRules.Row;
import it.c2du.plc.emulator.EmulatorOnLink;
import it.c2du.plc.emulator.St7580Emulator;
import it.c2du.plc.serial.JSerialCommPorts;
import it.c2du.plc.serial.PtyPair;
import it.c2du.plc.serial.RequestLine;
import it.c2du.plc.serial.SerialSettings;
import it.c2du.plc.testing.Socat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code du run} with {@code platform.broker} set, in its own JVM on a pty with the emulated
 * modem and a simulated clock: at start it uploads the closed days it finds (a DU back after
 * some days off), and when the clock passes midnight it uploads the day just closed, at once.
 */
class RunUploadTest {
    @TempDir
    Path work;

    @Test
    void duRunUploadsWhatItFindsAtStartAndEachDayAsItCloses() throws Exception {
        Socat.ensure();
        List<String> simLines = new CopyOnWriteArrayList<>();
        try (PlatformSimulator sim = PlatformSimulator.start(new PlatformSimulator.Options("127.0.0.1", 0,
                PlatformUploadTest.TOPIC, PlatformUploadTest.USER,
                PlatformUploadTest.PASSWORD.getBytes(StandardCharsets.UTF_8)), simLines::add);
             PtyPair pair = PtyPair.start(Files.createDirectories(work.resolve("tty")))) {
            Path pw = Files.writeString(work.resolve("pw"), PlatformUploadTest.PASSWORD);
            Path config = Files.writeString(work.resolve("du.properties"), PlatformUploadTest.configText(
                    "tcp://127.0.0.1:" + sim.port(), pw, "XY171001", "modem.t-req = none\n"));
            Path state = work.resolve("state");
            PlatformUploadTest.state(state, 3, 5);
            Path clock = work.resolve("clock");
            LabClockFile.set(clock, PlatformUploadTest.TODAY.atTime(23, 59, 30).atZone(PlatformUploadTest.ROME).toInstant());
            EmulatorOnLink modem = new EmulatorOnLink(new JSerialCommPorts().open(pair.modemEnd().toString(),
                    new SerialSettings(57600, RequestLine.NONE)), new St7580Emulator(new Random(5), new byte[] {1, 4, 0, 17}),
                    Duration.ofSeconds(3));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path output = work.resolve("du-run.log");
            Process du = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), DuCommand.class.getName(), "run",
                    "--config", config.toString(), "--port", pair.hostEnd().toString(), "--state", state.toString(),
                    "--clock-file", clock.toString()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try {
                // Three closed days of two meters, found at start.
                PlatformUploadTest.awaitTrue(() -> sim.rows().size() == 6, 30, "6 rows at start\n" + simLines + "\n" + read(output));
                PlatformUploadTest.awaitTrue(() -> PlatformUploadTest.count(UploadLedger.in(state)) == 6, 10, read(output));
                // du run announced its upload in the state directory: du publish leaves the sending to it.
                CliRun publish = CliRun.of("publish", "--config", config.toString(), "--state", state.toString(), "--all");
                assertEquals(0, publish.status(), publish.out() + publish.err());
                assertTrue(publish.out().contains(" is running on " + state + " and uploads itself; 6 messages forgotten"),
                        publish.out());

                LabClockFile.set(clock, PlatformUploadTest.TODAY.plusDays(1).atTime(0, 0, 20)
                        .atZone(PlatformUploadTest.ROME).toInstant());
                PlatformUploadTest.awaitTrue(() -> sim.rows().size() == 8, 30, "the day just closed\n" + read(output));
                PlatformUploadTest.awaitTrue(() -> PlatformUploadTest.count(UploadLedger.in(state)) == 8, 10, read(output));
                // The start was an interruption: the day has bit 15, sent as a negative value.
                List<Row> today = sim.rows().values().stream().filter(r -> r.day().equals(PlatformUploadTest.TODAY)).toList();
                assertEquals(2, today.size());
                assertTrue(today.stream().allMatch(r -> r.counters().values().stream().allMatch(v -> v <= -32768)), today.toString());

                du.destroy();
                assertTrue(du.waitFor(20, TimeUnit.SECONDS));
                String log = read(output);
                assertEquals(143, du.exitValue(), log);
                assertTrue(log.contains("upload to the platform: tcp://127.0.0.1:" + sim.port() + " topic /chain2"), log);
                assertTrue(log.contains("OK M1 " + PlatformUploadTest.TODAY), log);
                assertTrue(log.contains("stopped; counters saved"), log);
                assertFalse(log.contains(PlatformUploadTest.PASSWORD), "the password never shows");
                assertEquals(new PlatformSimulator.Totals(14, 0, 0), sim.totals(), "each day sent once, and the 6 forgotten once more (at the latest with the day that closes)");
            } finally {
                du.destroyForcibly();
                modem.close();
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
