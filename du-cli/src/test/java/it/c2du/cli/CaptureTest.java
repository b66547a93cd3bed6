package it.c2du.cli;

import it.c2du.cli.dev.DemoCommand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.config.DuConfig;
import it.c2du.core.encode.MeterFrameEncoder;
import it.c2du.core.encode.SampleCompactFrames;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.stack.MacAddress;
import it.c2du.plc.DataIndication;
import it.c2du.plc.emulator.EmulatorOnLink;
import it.c2du.plc.emulator.St7580Emulator;
import it.c2du.plc.St7580;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code du capture} over a real pty pair, then {@code du replay} of what it wrote: a field
 * engineer's recording replays to the same verdicts anywhere.
 */
class CaptureTest {
    @TempDir
    Path work;

    @Test
    void aCaptureReplaysToTheFramesTheModemDelivered() throws Exception {
        Socat.ensure();
        String props = new String(getClass().getClassLoader().getResourceAsStream(DemoCommand.CONFIG).readAllBytes(),
                StandardCharsets.UTF_8);
        Path config = work.resolve("du.properties");
        // A meter on FSK: the capture listens as the configuration says, and the modem reports no SNR.
        Files.writeString(config, props + "\nmodem.rx-modulation = fsk\nmodem.fsk-bit-rate = 4800\n");
        DuConfig cfg = DuConfig.parse(props, "du.properties");
        MeterFrameEncoder fromM1 = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("E5A100000001"),
                cfg.newEngine());
        Random r = new Random(7);
        Path trace = work.resolve("capture.trace");
        try (PtyPair pair = PtyPair.start(Files.createDirectories(work.resolve("tty")))) {
            EmulatorOnLink modem = new EmulatorOnLink(new JSerialCommPorts().open(pair.modemEnd().toString(),
                    new SerialSettings(57600, RequestLine.NONE)), new St7580Emulator(r, new byte[] {1, 4, 0, 17})
                    .air(St7580Emulator.Air.fsk(132_500, 4800)), Duration.ofSeconds(3));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process du = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    DuCommand.class.getName(), "capture", "--port", pair.hostEnd().toString(), "--out", trace.toString(),
                    "--config", config.toString(), "--t-req", "none", "--zone", "Europe/Rome", "--count", "12", "--quiet")
                    .redirectErrorStream(true).redirectOutput(work.resolve("capture.log").toFile()).start();
            try {
                long end = System.nanoTime() + 20_000_000_000L;
                while (!Files.exists(trace) || !Files.readString(trace).contains("du capture from")) {
                    assertTrue(System.nanoTime() < end, "capture did not start: " + Files.readString(work.resolve("capture.log")));
                    Thread.sleep(10);
                }
                St7580Emulator.LinkFault[] faults = {St7580Emulator.LinkFault.NONE, St7580Emulator.LinkFault.CHECKSUM,
                    St7580Emulator.LinkFault.NOISE_BEFORE, St7580Emulator.LinkFault.REPEAT_AFTER_ACK};
                for (int i = 0; i < 12; i++) {
                    CompactFrameType type = i % 3 == 0 ? CompactFrameType.CF1 : CompactFrameType.CF21;
                    byte[] mac = fromM1.encode(cfg.association(MeterRole.M1), 1000 + i, type,
                            SampleCompactFrames.random(type, 1_700_000_000L + i, r));
                    if (i == 5) {
                        mac = fromM1.encode(cfg.association(MeterRole.M1), 1000 + 4, CompactFrameType.CF21,
                                SampleCompactFrames.random(CompactFrameType.CF21, 1_700_000_000L, r)); // a repetition
                    }
                    modem.indicate(new DataIndication(St7580.Command.PHY_DATA_INDICATION, 3, true, 1, -1, 7, mac),
                            faults[i % faults.length]);
                }
                assertTrue(du.waitFor(20, TimeUnit.SECONDS), "capture stops after --count frames");
                assertEquals(0, du.exitValue(), Files.readString(work.resolve("capture.log")));
            } finally {
                du.destroyForcibly();
                modem.close();
            }
        }
        List<String> lines = Files.readAllLines(trace);
        assertEquals(12, lines.stream().filter(l -> !l.startsWith("#")).count(), String.join("\n", lines));
        assertTrue(lines.contains("# rx PHY, B-FSK, SNR n/a, high channel, zero-crossing delay 7"), String.join("\n", lines));
        assertTrue(lines.get(lines.size() - 1).startsWith("# capture stopped at "), lines.get(lines.size() - 1));

        CliRun replay = CliRun.of("replay", "--config", config.toString(), "--trace", trace.toString(), "--json");
        assertEquals(0, replay.status(), replay.err());
        assertTrue(replay.out().contains("\"total\": 12") && replay.out().contains("\"accepted\": 11")
                && replay.out().contains("\"repetitions\": 1"), replay.out());

        CliRun again = CliRun.of("capture", "--port", "/dev/null-modem", "--out", trace.toString());
        assertEquals(2, again.status());
        assertEquals("du: --out " + trace + " exists; use --append to add to it, or another name\n", again.err());
    }
}
