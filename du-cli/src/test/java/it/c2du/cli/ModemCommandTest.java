package it.c2du.cli;

import it.c2du.lab.plan.LabClockFile;

import it.c2du.cli.dev.DemoCommand;
import it.c2du.cli.live.SimulatedClockFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.config.DuConfig;
import it.c2du.core.encode.MeterFrameEncoder;
import it.c2du.core.encode.SampleCompactFrames;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.stack.MacAddress;
import it.c2du.plc.DataIndication;
import it.c2du.plc.St7580;
import it.c2du.plc.emulator.EmulatorOnLink;
import it.c2du.plc.emulator.St7580Emulator;
import it.c2du.plc.serial.JSerialCommPorts;
import it.c2du.plc.serial.PtyPair;
import it.c2du.plc.serial.RequestLine;
import it.c2du.plc.serial.SerialSettings;
import it.c2du.plc.testing.Socat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code du modem info}, {@code scan} and {@code play} against the UM0932 emulator over socat
 * ptys, and {@code du run} fed by the trace player: heard on band C, deaf elsewhere.
 */
class ModemCommandTest {
    private static final SerialSettings NO_TREQ = new SerialSettings(57600, RequestLine.NONE);

    @TempDir
    Path work;

    private record Run(int status, String out, String err) {
    }

    private static Run du(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = DuCommand.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    private String demoConfig() throws Exception {
        return new String(getClass().getClassLoader().getResourceAsStream(DemoCommand.CONFIG).readAllBytes(),
                StandardCharsets.UTF_8);
    }

    @Test
    void infoShowsTheFactorySettingsInWords() throws Exception {
        Socat.ensure();
        try (PtyPair pair = PtyPair.start(Files.createDirectories(work.resolve("tty")));
             EmulatorOnLink modem = new EmulatorOnLink(new JSerialCommPorts().open(pair.modemEnd().toString(), NO_TREQ),
                     new St7580Emulator(new Random(1), new byte[] {1, 4, 0, 17}), Duration.ofSeconds(2))) {
            Run r = du("modem", "info", "--port", pair.hostEnd().toString(), "--t-req", "none");
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("firmware             1.4.0.17"), r.out());
            assertTrue(r.out().contains("0x11: receive layer DL (0x52: DL frames whose CRC verified), DL CRC CRC-32"
                    + " little-endian, sniffer off"), r.out());
            assertTrue(r.out().contains("high channel only: 86000 Hz PSK (low channel 72000 Hz unused)"), r.out());
            assertEquals(0, modem.emulator().configurationWrites(), "info changes nothing");
        }
    }

    @Test
    void scanFindsTheMetersPhySettingAmongTen() throws Exception {
        Socat.ensure();
        String props = demoConfig();
        Path config = work.resolve("du.properties");
        Files.writeString(config, props);
        DuConfig cfg = DuConfig.parse(props, "du.properties");
        MeterFrameEncoder m1 = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("E5A100000001"),
                cfg.newEngine());
        try (PtyPair pair = PtyPair.start(Files.createDirectories(work.resolve("tty")));
             EmulatorOnLink modem = new EmulatorOnLink(new JSerialCommPorts().open(pair.modemEnd().toString(), NO_TREQ),
                     // A meter on a PHY the DU does not start with: FSK at 2400 bps.
                     new St7580Emulator(new Random(1), new byte[] {1, 4, 0, 17}).air(St7580Emulator.Air.fsk(132_500, 2400)),
                     Duration.ofSeconds(2))) {
            Thread meter = new Thread(() -> {
                Random r = new Random(3);
                for (int fc = 1; !Thread.currentThread().isInterrupted(); fc++) {
                    byte[] mac = m1.encode(cfg.association(MeterRole.M1), fc, CompactFrameType.CF21,
                            SampleCompactFrames.random(CompactFrameType.CF21, 1_700_000_000L + fc, r));
                    try {
                        modem.indicate(new DataIndication(St7580.Command.PHY_DATA_INDICATION, 0, true, 2, 10, 0, mac),
                                St7580Emulator.LinkFault.NONE);
                        Thread.sleep(25);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            meter.setDaemon(true);
            meter.start();
            Run r = du("modem", "scan", "--port", pair.hostEnd().toString(), "--config", config.toString(), "--t-req",
                    "none", "--seconds", "0.5");
            meter.interrupt();
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("10 settings"), r.out());
            assertEquals(10, r.out().lines().filter(l -> l.matches("(phy|dl), .*")).count(), r.out());
            assertTrue(r.out().lines().anyMatch(l -> l.matches("phy, 132500 Hz, fsk 2400 bps +[1-9][0-9]* +B-FSK=.*")),
                    r.out());
            assertTrue(r.out().lines().filter(l -> l.matches("(phy|dl), .*")).filter(l -> !l.startsWith("phy, 132500 Hz, fsk 2400"))
                    .allMatch(l -> l.matches(".* +0 +- .*")), "no other setting hears it\n" + r.out());
            assertTrue(r.out().contains("best: phy, 132500 Hz, fsk 2400 bps -- configuration lines:\n"
                    + "modem.frequency = 132500\nmodem.rx-modulation = fsk\nmodem.fsk-bit-rate = 2400\n"
                    + "modem.receive-layer = phy\n"), r.out());
        }
    }

    /** A small trace of M1 frames for the demo DU, one a second: its expected C-counter is the count. */
    private Path trace(DuConfig cfg, int frames) throws Exception {
        MeterFrameEncoder m1 = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("E5A100000001"),
                cfg.newEngine());
        Random r = new Random(5);
        List<String> lines = new ArrayList<>();
        Instant t = Instant.parse("2026-03-10T10:00:00Z");
        for (int i = 0; i < frames; i++) {
            byte[] mac = m1.encode(cfg.association(MeterRole.M1), 500 + i, CompactFrameType.CF21,
                    SampleCompactFrames.random(CompactFrameType.CF21, 1_700_000_000L + i, r));
            lines.add(t.plusSeconds(i) + " " + java.util.HexFormat.of().withUpperCase().formatHex(mac));
        }
        Path trace = work.resolve("m1.trace");
        Files.write(trace, lines);
        return trace;
    }

    /**
     * {@code du run} fed by {@code du modem play}'s player: with the default configuration it hears
     * band C and counts every frame; told to listen on another frequency it counts nothing and its
     * minute line says nothing is heard.
     */
    @Test
    void duRunHearsTheTracePlayerOnBandCAndNothingElsewhere() throws Exception {
        Socat.ensure();
        String props = demoConfig() + "modem.t-req = none\n";
        DuConfig cfg = DuConfig.parse(props, "du.properties");
        Path trace = trace(cfg, 12);
        Run heard = runAgainstPlayer(props, trace, "band-c");
        assertTrue(heard.out().contains("played 12 frames: 12 delivered and acknowledged, 0 not heard"), heard.out());
        int expected = 0x8000 | 12; // a fresh state: the start marks the day
        assertTrue(heard.err().contains("\"" + CompactFrameType.CF21.counter() + "\": " + expected), heard.err());
        // The minute line's time in counters.zone with its offset (10:0xZ is 11:0x in Rome in March).
        assertTrue(java.util.regex.Pattern.compile(" minute 11:0[0-2]\\+01:00: ").matcher(heard.err()).find(), heard.err());

        Run deaf = runAgainstPlayer(props + "modem.frequency = 120000\n", trace, "deaf");
        assertTrue(deaf.out().contains("played 12 frames: 0 delivered and acknowledged, 12 not heard"), deaf.out());
        assertTrue(deaf.err().contains("\"" + CompactFrameType.CF21.counter() + "\": " + 0x8000), deaf.err());
        assertTrue(deaf.err().contains("nothing heard from the modem this minute"), deaf.err());
    }

    /** Returns the player's output as out, and du run's log plus du counters' JSON as err. */
    private Run runAgainstPlayer(String props, Path trace, String name) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Path config = dir.resolve("du.properties");
        Files.writeString(config, props);
        Path clock = dir.resolve("clock");
        LabClockFile.set(clock, Instant.parse("2026-03-10T10:00:30Z"));
        Path state = dir.resolve("state");
        Path log = dir.resolve("du-run.log");
        try (PtyPair pair = PtyPair.start(Files.createDirectories(dir.resolve("tty")))) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process run = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    DuCommand.class.getName(), "run", "--config", config.toString(), "--port", pair.hostEnd().toString(),
                    "--state", state.toString(), "--clock-file", clock.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                Run played = du("modem", "play", "--port", pair.modemEnd().toString(), "--trace", trace.toString(),
                        "--speed", "50", "--wait", "30");
                assertEquals(0, played.status(), played.err() + Files.readString(log));
                // Two minutes pass on the receiver's clock: its minute lines come.
                LabClockFile.set(clock, Instant.parse("2026-03-10T10:01:30Z"));
                Thread.sleep(1500);
                LabClockFile.set(clock, Instant.parse("2026-03-10T10:02:30Z"));
                long end = System.nanoTime() + 15_000_000_000L;
                while (Files.readString(log).split("minute ", -1).length < 3 && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                run.destroy();
                assertTrue(run.waitFor(20, TimeUnit.SECONDS));
                Run counters = du("counters", "--state", state.toString(), "--json");
                assertEquals(0, counters.status(), counters.err());
                return new Run(0, played.out(), Files.readString(log) + "\n" + counters.out());
            } finally {
                run.destroyForcibly();
            }
        }
    }
}
