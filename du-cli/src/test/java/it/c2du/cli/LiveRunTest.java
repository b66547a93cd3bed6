package it.c2du.cli;

import it.c2du.cli.dev.DemoCommand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.config.DuConfig;
import it.c2du.core.encode.Fault;
import it.c2du.core.encode.MeterFrameEncoder;
import it.c2du.core.encode.SampleCompactFrames;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.receive.Association;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code du run} as it runs on a DU: a child JVM on one end of a socat pty pair, the emulated
 * modem on the other. M1 and M2 frames with meter repetitions, frames for another DU, forged
 * tags, link faults, a modem reset and an unplug (socat ended and started again) go through;
 * SIGTERM stops it cleanly; {@code du counters} then shows every accepted frame counted exactly
 * once.
 */
class LiveRunTest {
    private static final SerialSettings NO_TREQ = new SerialSettings(57600, RequestLine.NONE);

    @TempDir
    Path work;

    @Test
    void duRunCountsEveryAcceptedFrameOnceThroughFaultsAnUnplugAndSigterm() throws Exception {
        Socat.ensure();
        long seed = Long.getLong("c2du.seed", System.nanoTime());
        Random r = new Random(seed);
        String props = new String(getClass().getClassLoader().getResourceAsStream(DemoCommand.CONFIG).readAllBytes(),
                StandardCharsets.UTF_8) + "modem.t-req = none\n";
        Path config = work.resolve("du.properties");
        Files.writeString(config, props);
        DuConfig cfg = DuConfig.parse(props, "du.properties");
        Path state = work.resolve("state");
        Path dir = Files.createDirectories(work.resolve("tty"));

        try (PtyPair pair = PtyPair.start(dir)) {
            EmulatorOnLink modem = modemOn(pair, seed);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // Output to a file: Process.destroy() closes the pipes, which would lose what the shutdown hook logs.
            Path output = work.resolve("du-run.log");
            Process du = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), DuCommand.class.getName(), "run",
                    "--config", config.toString(), "--port", pair.hostEnd().toString(), "--state", state.toString(),
                    "--log-level", "debug").redirectErrorStream(true).redirectOutput(output.toFile()).start();
            Log log = new Log(output);
            try {
                await(log, "modem on .* started", 1, "seed " + seed);
                // A log sent in with a fault report says, first thing, which build wrote it.
                // (Logback's own status lines, about the test class path, come before the log.)
                String first = log.lines().stream().filter(l -> l.matches("\\d{4}-\\d\\d-\\d\\d .*")).findFirst().orElse("");
                assertTrue(first.contains(" run - du run: du " + BuildVersion.current() + ", DU "), log.text());
                // crypto.engine = auto (the demo configuration sets none) under C1 only: the line says which and why.
                assertTrue(first.endsWith(", crypto jdk (auto: C1 only (TieredStopAtLevel < 4): no AES intrinsic, the JDK's Java AES"
                        + " as fast as BouncyCastle's)"), first);
                Traffic traffic = new Traffic(cfg, r);
                traffic.send(modem, 30);
                awaitFrames(log, traffic.verdicts, seed);

                modem.reset();
                await(log, "modem on .* started", 2, "after the modem reset, seed " + seed);
                traffic.send(modem, 20);
                awaitFrames(log, traffic.verdicts, seed);

                pair.unplug();
                modem.close();
                await(log, "serial link lost", 1, "after the unplug, seed " + seed);
                pair.plugIn();
                modem = modemOn(pair, seed + 1);
                await(log, "modem on .* started", 3, "after the port came back, seed " + seed);
                traffic.send(modem, 30);
                awaitFrames(log, traffic.verdicts, seed);

                du.destroy(); // SIGTERM
                assertTrue(du.waitFor(20, TimeUnit.SECONDS), "du run stops on SIGTERM");
                String all = log.text();
                assertEquals(143, du.exitValue(), "a JVM ended by SIGTERM exits 128+15 after its shutdown hook\n" + all);
                assertTrue(all.contains("stop requested (SIGTERM)") && all.contains("stopped; counters saved"), all);
                // Only the unplug loses the port: at SIGTERM the receiver stops before jSerialComm closes it.
                assertEquals(1, log.lines().stream().filter(l -> l.contains("serial link lost")).count(), all);

                CliRun counters = CliRun.of("counters", "--state", state.toString(), "--json");
                assertEquals(0, counters.status(), counters.err());
                assertTrue(counters.out().contains("\"receiver\": \"stopped\""), counters.out());
                Matcher m = Pattern.compile("\"counters\": \\{([^}]*)}").matcher(counters.out());
                assertTrue(m.find(), counters.out());
                for (ReceptionCounter rc : ReceptionCounter.values()) {
                    // A fresh state directory: the start marks today (bit 15).
                    int expected = 0x8000 | traffic.counted.getOrDefault(rc, 0);
                    assertTrue(m.group(1).contains("\"" + rc + "\": " + expected),
                            rc + " expected " + expected + " in " + m.group(1) + ", seed " + seed + "\n" + all);
                }
            } finally {
                du.destroyForcibly();
                modem.close();
            }
        }
    }

    private static EmulatorOnLink modemOn(PtyPair pair, long seed) throws Exception {
        return new EmulatorOnLink(new JSerialCommPorts().open(pair.modemEnd().toString(), NO_TREQ),
                new St7580Emulator(new Random(seed), new byte[] {1, 4, 0, 17}), Duration.ofSeconds(3));
    }

    /** What the meters send, and what the DU should make of it. */
    private static final class Traffic {
        final Association m1;
        final Association m2;
        final MeterFrameEncoder fromM1;
        final MeterFrameEncoder fromM2;
        final MeterFrameEncoder toOtherDu;
        final Random r;
        final Map<ReceptionCounter, Integer> counted = new EnumMap<>(ReceptionCounter.class);
        /** Frames the receiver should log a verdict for (all but those cut short on the link). */
        int verdicts;
        long fc1 = 100;
        long fc2 = 500;

        Traffic(DuConfig cfg, Random r) {
            this.r = r;
            m1 = cfg.association(MeterRole.M1);
            m2 = cfg.association(MeterRole.M2);
            fromM1 = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("E5A100000001"), cfg.newEngine());
            fromM2 = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("E5A200000002"), cfg.newEngine());
            toOtherDu = new MeterFrameEncoder(MacAddress.parseOrNull("DC0000000009"), MacAddress.parseOrNull("E5A100000001"),
                    cfg.newEngine());
        }

        void send(EmulatorOnLink modem, int n) throws Exception {
            CompactFrameType[] m1Types = {CompactFrameType.CF1, CompactFrameType.CF2, CompactFrameType.CF21,
                CompactFrameType.CF22, CompactFrameType.CF25};
            St7580Emulator.LinkFault[] faults = St7580Emulator.LinkFault.values();
            for (int i = 0; i < n; i++) {
                boolean fromMeter2 = r.nextInt(3) == 0;
                CompactFrameType type = fromMeter2 ? CompactFrameType.CF41 : m1Types[r.nextInt(m1Types.length)];
                long fc = fromMeter2 ? fc2++ : fc1++;
                Map<String, Long> fields = SampleCompactFrames.random(type, System.currentTimeMillis() / 1000, r);
                int kind = r.nextInt(10);
                byte[] frame;
                boolean counts = false;
                if (kind == 0) {
                    frame = toOtherDu.encode(m1, fc, it.c2du.core.stack.CompactFrameCodec.encode(type, fields));
                } else if (kind == 1) {
                    frame = (fromMeter2 ? fromM2 : fromM1).encode(fromMeter2 ? m2 : m1, fc,
                            it.c2du.core.stack.CompactFrameCodec.encode(type, fields), Fault.AUTH_FAILED, r);
                } else {
                    frame = (fromMeter2 ? fromM2 : fromM1).encode(fromMeter2 ? m2 : m1, fc, type, fields);
                    counts = true;
                }
                St7580Emulator.LinkFault fault = faults[r.nextInt(faults.length)];
                if (r.nextInt(5) == 0) {
                    modem.noise(new byte[] {0x55, 0x7E, (byte) 0xEE});
                }
                DataIndication ind = new DataIndication(St7580.Command.DL_DATA_INDICATION, 1, false, 4, 9 + r.nextInt(10), 3,
                        frame);
                modem.indicate(ind, fault);
                if (fault == St7580Emulator.LinkFault.TRUNCATED) {
                    continue; // lost on the link: never reaches the stack
                }
                verdicts++;
                if (counts) {
                    counted.merge(type.counter(), 1, Integer::sum);
                    if (r.nextInt(4) == 0) { // the meter repeats it: a repetition, not counted again
                        modem.indicate(ind, St7580Emulator.LinkFault.NONE);
                        verdicts++;
                    }
                }
            }
        }
    }

    /** The child's log, read again on each look. */
    private record Log(Path file) {
        List<String> lines() {
            try {
                return Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return List.of();
            }
        }

        String text() {
            return String.join("\n", lines());
        }
    }

    private static void awaitFrames(Log log, int verdicts, long seed) throws InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (log.lines().stream().filter(l -> l.contains(" frames - ")).count() < verdicts) {
            assertTrue(System.nanoTime() < end, "expected " + verdicts + " frame verdicts, seed " + seed + "\n"
                    + log.text());
            Thread.sleep(5);
        }
    }

    private static void await(Log log, String regex, int times, String context) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long end = System.nanoTime() + 20_000_000_000L;
        while (log.lines().stream().filter(l -> p.matcher(l).find()).count() < times) {
            assertTrue(System.nanoTime() < end, "waited for \"" + regex + "\" x" + times + " " + context + "\n"
                    + log.text());
            Thread.sleep(5);
        }
    }
}
