package it.c2du.cli.home;

import it.c2du.cli.dev.DemoCommand;
import it.c2du.cli.live.LiveReceiver;
import it.c2du.core.config.DuConfig;
import it.c2du.core.encode.MeterFrameEncoder;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.stack.MacAddress;
import it.c2du.counters.DailyCounters;
import it.c2du.counters.state.StateDirectory;
import it.c2du.plc.DataIndication;
import it.c2du.plc.ModemSetup;
import it.c2du.plc.ModemSupervisor;
import it.c2du.plc.St7580;
import it.c2du.plc.emulator.EmulatorOnLink;
import it.c2du.plc.emulator.St7580Emulator;
import it.c2du.plc.serial.LoopbackSerialPair;
import it.c2du.plc.serial.RequestLine;
import it.c2du.plc.serial.SerialLink;
import it.c2du.plc.serial.SerialPorts;
import it.c2du.plc.serial.SerialSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live receiver of du run (LiveReceiver, built from a Setup as du run builds it) in this JVM,
 * on the emulated ST7580 over the in-memory serial pair, with the demo's configuration plus
 * {@code extra} lines. Frames are made by the meter-side encoder.
 */
final class InProcessDu implements AutoCloseable {
    final DuConfig cfg;
    final LiveReceiver receiver;
    private final StateDirectory dir;
    private final EmulatorOnLink modem;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final MeterFrameEncoder fromM1;
    private final MeterFrameEncoder fromM2;
    /** Frame counters go on rising across restarts on one state directory, as a meter's do. */
    private static final java.util.concurrent.atomic.AtomicLong FC = new java.util.concurrent.atomic.AtomicLong(1000);
    int sent;

    InProcessDu(Path state, String extra) throws Exception {
        String props = new String(DemoCommand.class.getClassLoader().getResourceAsStream(DemoCommand.CONFIG).readAllBytes(),
                StandardCharsets.UTF_8);
        cfg = DuConfig.parse(props + "\n" + extra, "test.properties");
        SerialSettings settings = new SerialSettings(St7580.BAUD, RequestLine.NONE);
        LoopbackSerialPair pair = new LoopbackSerialPair("in-memory link", 5);
        SerialPorts ports = new SerialPorts() {
            @Override
            public SerialLink open(String name, SerialSettings s) {
                return pair.hostEnd();
            }

            @Override
            public List<String> available() {
                return List.of("in-memory link");
            }
        };
        modem = new EmulatorOnLink(pair.modemEnd(), new St7580Emulator(new Random(1), new byte[] {1, 4, 0, 17}),
                Duration.ofSeconds(3));
        ModemSupervisor.Options options = ModemSupervisor.Options.defaults(settings, ModemSetup.DEFAULT)
                .withTickInterval(Duration.ofMillis(100));
        dir = StateDirectory.open(state);
        receiver = new LiveReceiver(new LiveReceiver.Setup(cfg, ports, "in-memory link", options, Clock.systemUTC(),
                null, LiveReceiver.Interposer.NONE, null), dir, "test");
        receiver.connect();
        receiver.startCounting();
        thread = new Thread(() -> {
            try {
                receiver.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "test-receiver");
        thread.start();
        fromM1 = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("E5A100000001"), cfg.newEngine());
        fromM2 = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("E5A200000002"), cfg.newEngine());
    }

    /** Sends one frame of {@code type} from its meter with these fields. */
    void send(CompactFrameType type, Map<String, Long> fields) throws Exception {
        boolean m2 = type.sender() == MeterRole.M2;
        byte[] frame = (m2 ? fromM2 : fromM1).encode(cfg.association(m2 ? MeterRole.M2 : MeterRole.M1), FC.getAndIncrement(), type, fields);
        modem.indicate(new DataIndication(St7580.Command.DL_DATA_INDICATION, 1, false, 4, 12, 3, frame),
                St7580Emulator.LinkFault.NONE);
        sent++;
    }

    /** Waits until the receiver has counted {@code n} frames (C1..C5 together, this run and before). */
    void awaitCounted(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline && total() < n) {
            Thread.sleep(10);
        }
    }

    int total() {
        DailyCounters c = receiver.durable().counters();
        int t = 0;
        for (var rc : it.c2du.core.profile.ReceptionCounter.values()) {
            t += c.today(rc) & 0x7FFF;
        }
        return t;
    }

    @Override
    public void close() throws Exception {
        receiver.stop();
        thread.join(10_000);
        modem.close();
        receiver.finish();
        dir.close();
        if (failure.get() != null) {
            throw new AssertionError("the receiver failed", failure.get());
        }
    }
}
