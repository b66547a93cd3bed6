package it.c2du.plc;

import it.c2du.plc.emulator.St7580Emulator;
import it.c2du.plc.emulator.EmulatorOnLink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.plc.testing.RecordingListener;
import it.c2du.plc.serial.JSerialCommPorts;
import it.c2du.plc.serial.PtyPair;
import it.c2du.plc.serial.RequestLine;
import it.c2du.plc.serial.SerialSettings;
import it.c2du.plc.testing.Socat;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real serial path: jSerialComm on both ends of a socat pty pair, the emulated modem on one,
 * the receiver on the other. Frames, noise, NAK-repeats, repeats after a lost ACK, frames cut
 * short, and an unplug (socat ended and started again) go through; every frame the link should
 * deliver arrives exactly once, in order.
 */
class SerialPtyIntegrationTest {
    private static final SerialSettings NO_TREQ = new SerialSettings(57600, RequestLine.NONE);

    @TempDir
    Path dir;

    private static EmulatorOnLink modemOn(PtyPair pair, long seed) throws Exception {
        return new EmulatorOnLink(new JSerialCommPorts().open(pair.modemEnd().toString(), NO_TREQ),
                new St7580Emulator(new Random(seed), new byte[] {1, 4, 0, 17}), Duration.ofSeconds(3));
    }

    private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + 15_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    private static List<byte[]> send(EmulatorOnLink modem, Random r, int from, int n) throws Exception {
        List<byte[]> expected = new ArrayList<>();
        St7580Emulator.LinkFault[] faults = St7580Emulator.LinkFault.values();
        for (int i = from; i < from + n; i++) {
            St7580Emulator.LinkFault fault = faults[r.nextInt(faults.length)];
            if (r.nextInt(4) == 0) {
                modem.noise(new byte[] {0x55, (byte) 0xAA, 0x7E, 0x00});
            }
            byte[] mac = new byte[16 + r.nextInt(60)];
            r.nextBytes(mac);
            mac[0] = (byte) i;
            DataIndication ind = new DataIndication(St7580.Command.PHY_DATA_INDICATION, r.nextInt(8), false, 2,
                    r.nextInt(30), 0, mac);
            assertTrue(modem.indicate(ind, fault) || fault == St7580Emulator.LinkFault.TRUNCATED,
                    "the receiver acknowledged frame " + i + " (" + fault + ")");
            if (fault != St7580Emulator.LinkFault.TRUNCATED) {
                expected.add(mac);
            }
        }
        return expected;
    }

    @Test
    void framesFaultsAndAnUnplugOverARealPtyPair() throws Exception {
        Socat.ensure();
        long seed = Long.getLong("c2du.seed", System.nanoTime());
        Random r = new Random(seed);
        try (PtyPair pair = PtyPair.start(dir)) {
            EmulatorOnLink modem = modemOn(pair, seed);
            RecordingListener rec = new RecordingListener();
            ModemSupervisor receiver = new ModemSupervisor(new JSerialCommPorts(), pair.hostEnd().toString(),
                    ModemSupervisor.Options.defaults(NO_TREQ, ModemSetup.DEFAULT)
                            .withRetries(Duration.ofMillis(50), Duration.ofMillis(400)),
                    Clock.systemUTC(), rec);
            assertEquals("1.4.0.17", receiver.connect().firmwareVersion());
            assertEquals(ModemSetup.DEFAULT.modemConfiguration(), modem.emulator().modemConfiguration());
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Thread t = new Thread(() -> {
                try {
                    receiver.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            t.start();

            List<byte[]> expected = new ArrayList<>(send(modem, r, 0, 40));
            await("the first frames", () -> rec.frames.size() == expected.size());

            pair.unplug();
            modem.close();
            await("the receiver to notice the unplug", () -> !rec.lost.isEmpty());
            Thread.sleep(200);
            pair.plugIn();
            modem = modemOn(pair, seed + 1);
            await("the receiver to reopen the port", () -> rec.connected.size() == 2);

            expected.addAll(send(modem, r, 40, 40));
            await("the frames after the unplug", () -> rec.frames.size() >= expected.size());
            Thread.sleep(100); // nothing more may come
            receiver.stop();
            t.join(5000);
            modem.close();
            assertTrue(failures.isEmpty(), failures.toString());
            assertEquals(expected.size(), rec.frames.size(), "seed " + seed);
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), rec.frames.get(i), "frame " + i + ", seed " + seed);
            }
            LinkCounters c = receiver.counters();
            assertEquals(1, c.reopens());
            assertEquals(expected.size(), c.indications());
        }
    }
}
