package it.c2du.cli;

import it.c2du.cli.dev.DemoCommand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.config.DuConfig;
import it.c2du.core.profile.MeterRole;
import it.c2du.plc.emulator.EmulatorOnLink;
import it.c2du.plc.emulator.St7580Emulator;
import it.c2du.lab.meter.MeterSimulator;
import it.c2du.lab.meter.MeterTransmission;
import it.c2du.lab.meter.ModemFeed;
import it.c2du.plc.serial.JSerialCommPorts;
import it.c2du.plc.serial.PtyPair;
import it.c2du.plc.serial.RequestLine;
import it.c2du.plc.serial.SerialSettings;
import it.c2du.plc.testing.Socat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code du lab observe} as the lab engineer runs it: a child process on a pty, a simulated meter's
 * real traffic through the emulated modem, "p" typed for the profiles, Ctrl-C (SIGTERM) to stop.
 */
class LabObserveTest {
    @TempDir
    Path work;

    @Test
    void showsEachFrameDecodedWithTheCountersAndTheProfilesOnRequest() throws Exception {
        Socat.ensure();
        String props = new String(getClass().getClassLoader().getResourceAsStream(DemoCommand.CONFIG).readAllBytes(),
                StandardCharsets.UTF_8) + "modem.t-req = none\n";
        Path config = work.resolve("du.properties");
        Files.writeString(config, props);
        DuConfig cfg = DuConfig.parse(props, "du.properties");
        MeterSimulator meters = MeterSimulator.of(cfg.duAddress(), cfg.association(MeterRole.M1),
                cfg.association(MeterRole.M2), cfg.newEngine(), ZoneId.of("Europe/Rome"), 5);
        Instant now = Instant.now();
        List<MeterTransmission> traffic = meters.traffic(now.minus(Duration.ofMinutes(40)), now);
        assertFalse(traffic.isEmpty());
        MeterTransmission firstCf1 = traffic.stream().filter(t -> t.type().number() == 1).findFirst().orElseThrow();

        try (PtyPair pair = PtyPair.start(Files.createDirectories(work.resolve("tty")))) {
            EmulatorOnLink modem = new EmulatorOnLink(new JSerialCommPorts().open(pair.modemEnd().toString(),
                    new SerialSettings(57600, RequestLine.NONE)), new St7580Emulator(new Random(1), new byte[] {1, 4, 0, 17}),
                    Duration.ofSeconds(3));
            Path output = work.resolve("observe.txt");
            Path frames = work.resolve("frames.jsonl");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    DuCommand.class.getName(), "lab", "observe", "--port", pair.hostEnd().toString(), "--config",
                    config.toString(), "--state", work.resolve("state").toString(), "--frames", frames.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try {
                await(output, "Receiving.", 1);
                ModemFeed feed = new ModemFeed(modem);
                for (MeterTransmission t : traffic) {
                    assertTrue(feed.deliver(t), "acknowledged: " + t);
                }
                await(output, "today C1=", traffic.size());
                p.getOutputStream().write("p\n".getBytes(StandardCharsets.US_ASCII));
                p.getOutputStream().flush();
                await(output, "Profile (element 1 = yesterday", 2);
                // All 60 elements, on request; a fresh state's first day is today, so none was observed.
                await(output, "elements 1..60: before the first event", 1);
                p.destroy();
                assertTrue(p.waitFor(20, TimeUnit.SECONDS));
                String text = Files.readString(output);
                assertEquals(143, p.exitValue(), text);
                assertTrue(text.contains(String.format("%10d  accepted", firstCf1.frameCounter())), text);
                assertTrue(text.contains("TotalActEnergy=" + firstCf1.fields().get("TotalActEnergy")), text);
                assertTrue(text.contains("M2    CF2"), text);
                // Each frame's time in counters.zone with its offset.
                assertTrue(java.util.regex.Pattern.compile("(?m)^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}  M1 ")
                        .matcher(text).find(), text);
                assertEquals(traffic.size(), Files.readAllLines(frames).size());
                assertFalse(text.contains(it.c2du.core.stack.Bytes.hex(cfg.association(MeterRole.M1).key().bytes())));
            } finally {
                p.destroyForcibly();
                modem.close();
            }
        }
    }

    private static void await(Path output, String text, int times) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String s = Files.exists(output) ? Files.readString(output) : "";
            int n = 0;
            for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) {
                n++;
            }
            if (n >= times) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("\"" + text + "\" " + times + " times expected, " + n + " seen:\n" + s);
            }
            Thread.sleep(20);
        }
    }
}
