package it.c2du.plc;

import it.c2du.plc.emulator.St7580Emulator;
import it.c2du.plc.emulator.EmulatorOnLink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.plc.testing.RecordingListener;
import it.c2du.plc.serial.LoopbackSerialPair;
import it.c2du.plc.serial.RequestLine;
import it.c2du.plc.serial.SerialLink;
import it.c2du.plc.serial.SerialPorts;
import it.c2du.plc.serial.SerialSettings;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The host side over a serial link with the emulated modem on the other end (in memory): the
 * start-up sequence with and without T_REQ, clear errors when the modem is silent or refuses,
 * indications through link faults, modem resets, and an unplugged port reopened.
 */
class ModemSupervisorTest {
    private static final byte[] FIRMWARE = {1, 4, 0, 17};
    private static final Duration ACK_WAIT = Duration.ofSeconds(2);

    /** Serial ports in memory: the one device, plugged in (a fresh pair each time) or not. */
    private static class FakePorts implements SerialPorts {
        final String device;
        final RequestLine line;
        volatile boolean present = true;
        /** A modem that answers T_REQ with its status message (false: wired wrong). */
        boolean answersRequestLine = true;
        /** A modem that reads and answers nothing. */
        boolean silent;
        volatile LoopbackSerialPair pair;
        volatile EmulatorOnLink modem;
        final List<EmulatorOnLink> modems = new CopyOnWriteArrayList<>();

        FakePorts(String device, RequestLine line) {
            this.device = device;
            this.line = line;
        }

        @Override
        public synchronized SerialLink open(String name, SerialSettings settings) throws IOException {
            if (!present || !name.equals(device)) {
                throw new NoSuchFileException(name);
            }
            pair = new LoopbackSerialPair(device, 2);
            St7580Emulator emulator = new St7580Emulator(new Random(1), FIRMWARE);
            emulator.silent(silent);
            modem = new EmulatorOnLink(pair.modemEnd(), emulator, ACK_WAIT);
            EmulatorOnLink m = modem;
            if (answersRequestLine) {
                pair.watchRequestLine(m::requestLine);
            }
            modems.add(m);
            return pair.hostEnd();
        }

        @Override
        public List<String> available() {
            return List.of("/dev/ttyAMA0", "/dev/ttyS0");
        }

        void unplug() {
            present = false;
            pair.unplug();
        }
    }

    private static ModemSupervisor.Options options(RequestLine line) {
        return ModemSupervisor.Options.defaults(new SerialSettings(57600, line), ModemSetup.DEFAULT)
                .withRetries(Duration.ofMillis(20), Duration.ofMillis(80)).withTickInterval(Duration.ofMillis(50));
    }

    private static DataIndication indication(int i) {
        byte[] mac = new byte[20 + i % 7];
        new Random(i).nextBytes(mac);
        mac[0] = (byte) i;
        return new DataIndication(St7580.Command.DL_DATA_INDICATION, 1, false, 3, 12, -4, mac);
    }

    private static Thread runInBackground(ModemSupervisor receiver, List<Throwable> failures) {
        Thread t = new Thread(() -> {
            try {
                receiver.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        t.start();
        return t;
    }

    private static void awaitFrames(RecordingListener r, int n) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (r.frames.size() < n && System.nanoTime() < end) {
            Thread.sleep(2);
        }
        assertEquals(n, r.frames.size(), "frames delivered");
    }

    @Test
    void startUpWithTheRequestLineWritesTheConfigurationAndReadsTheFirmware() throws Exception {
        for (RequestLine line : new RequestLine[] {RequestLine.RTS, RequestLine.DTR, RequestLine.NONE}) {
            FakePorts ports = new FakePorts("/dev/ttyUSB0", line);
            RecordingListener rec = new RecordingListener();
            ModemSupervisor receiver = new ModemSupervisor(ports, "/dev/ttyUSB0", options(line), Clock.systemUTC(), rec);
            ModemSession.ModemInfo info = receiver.connect();
            assertEquals("1.4.0.17", info.firmwareVersion(), line.key());
            assertEquals(ModemSetup.DEFAULT.modemConfiguration(), ports.modem.emulator().modemConfiguration(), line.key());
            assertEquals(List.of("1.4.0.17"), rec.connected);
            ports.modem.close();
        }
    }

    /** What connect() throws for a supervisor on {@code port} with the request line {@code line}. */
    private static ModemException connectFails(FakePorts ports, String port, RequestLine line) {
        ModemSupervisor receiver = new ModemSupervisor(ports, port, options(line), Clock.systemUTC(), new RecordingListener());
        return assertThrows(ModemException.class, receiver::connect);
    }

    @Test
    void aMissingPortIsNamedWithThePortsThatExist() {
        FakePorts ports = new FakePorts("/dev/ttyUSB0", RequestLine.NONE);
        ModemException e = connectFails(ports, "/dev/ttyUSB1", RequestLine.NONE);
        assertEquals("serial port /dev/ttyUSB1 does not exist; serial ports present: /dev/ttyAMA0, /dev/ttyS0",
                e.getMessage());
    }

    @Test
    void aModemThatDoesNotAnswerTheRequestLineIsAClearError() {
        // T_REQ on RTS, but nothing watches the line: no status message ever comes.
        FakePorts ports = new FakePorts("/dev/ttyUSB0", RequestLine.RTS);
        ports.answersRequestLine = false;
        ModemException e = connectFails(ports, "/dev/ttyUSB0", RequestLine.RTS);
        assertTrue(e.getMessage().startsWith("/dev/ttyUSB0: the modem does not answer: no status message within 200 ms"
                + " of T_REQ on RTS for PingRequest (3 attempts)"), e.getMessage());
        assertTrue(e.getMessage().contains("modem.t-req (rts)"), e.getMessage());
    }

    @Test
    void aSilentModemIsAClearError() {
        FakePorts ports = new FakePorts("/dev/ttyUSB0", RequestLine.NONE);
        ports.silent = true;
        ModemException e = connectFails(ports, "/dev/ttyUSB0", RequestLine.NONE);
        assertTrue(e.getMessage().contains("no ACK within 200 ms to PingRequest"), e.getMessage());
    }

    @Test
    void aModemThatRefusesTheConfigurationIsAClearError() throws Exception {
        // A scripted modem: ACKs everything, confirms the ping, refuses the MIB write.
        LoopbackSerialPair pair = new LoopbackSerialPair("/dev/ttyUSB0", 2);
        Thread modem = new Thread(() -> {
            LocalFrameReader in = new LocalFrameReader();
            byte[] buf = new byte[256];
            try {
                while (true) {
                    int n = pair.modemEnd().read(buf);
                    for (LinkEvent e : in.feed(buf, 0, n, System.nanoTime())) {
                        if (e instanceof LinkEvent.Frame f) {
                            pair.modemEnd().write(new byte[] {St7580.ACK});
                            LocalFrame reply = f.frame().knownCommand() == St7580.Command.PING_REQUEST
                                    ? LocalFrame.of(St7580.Command.PING_CONFIRM, f.frame().data())
                                    : LocalFrame.of(St7580.Command.MIB_WRITE_ERROR, (byte) 0x02);
                            pair.modemEnd().write(reply.encode());
                        }
                    }
                }
            } catch (IOException end) {
                // the test closed the pair
            }
        });
        modem.setDaemon(true);
        modem.start();
        ModemSession session = new ModemSession(pair.hostEnd(), RequestLine.NONE, ModemSession.Timing.defaults(),
                Clock.systemUTC(), new HostLink(), new LinkCounters());
        ModemException e = assertThrows(ModemException.class, () -> session.start(ModemSetup.DEFAULT));
        assertEquals("/dev/ttyUSB0: the modem refused MIB_WriteRequest of the modem configuration"
                + " (MIB_WRITE_ERROR: wrong length)", e.getMessage());
        pair.unplug();
    }

    @Test
    void indicationsComeThroughLinkFaultsOnceEach() throws Exception {
        long seed = Long.getLong("c2du.seed", System.nanoTime());
        Random r = new Random(seed);
        FakePorts ports = new FakePorts("/dev/ttyUSB0", RequestLine.RTS);
        RecordingListener rec = new RecordingListener();
        ModemSupervisor receiver = new ModemSupervisor(ports, "/dev/ttyUSB0", options(RequestLine.RTS), Clock.systemUTC(), rec);
        receiver.connect();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread t = runInBackground(receiver, failures);
        List<byte[]> expected = new ArrayList<>();
        St7580Emulator.LinkFault[] faults = St7580Emulator.LinkFault.values();
        for (int i = 0; i < 60; i++) {
            St7580Emulator.LinkFault fault = faults[r.nextInt(faults.length)];
            if (r.nextInt(5) == 0) {
                ports.modem.noise(new byte[] {0x41, 0x7F, (byte) 0x99});
            }
            DataIndication ind = indication(i);
            ports.modem.indicate(ind, fault);
            if (fault != St7580Emulator.LinkFault.TRUNCATED) {
                expected.add(ind.macFrame());
            }
        }
        awaitFrames(rec, expected.size());
        receiver.stop();
        t.join(5000);
        assertTrue(failures.isEmpty(), failures.toString());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), rec.frames.get(i), "frame " + i + ", seed " + seed);
        }
        LinkCounters c = receiver.counters();
        assertEquals(expected.size(), c.indications(), "seed " + seed);
    }

    @Test
    void anIndicationArrivingDuringStartUpIsKept() throws Exception {
        FakePorts ports = new FakePorts("/dev/ttyUSB0", RequestLine.NONE) {
            @Override
            public synchronized SerialLink open(String name, SerialSettings settings) throws IOException {
                SerialLink host = super.open(name, settings);
                // The modem has a frame for us before the host's first request: at its factory settings,
                // a band-A neighbour's DL frame.
                modem.emulator().air(St7580Emulator.Air.psk(86_000).framedAsDl(ModemConfiguration.DlCrc.CRC32_LE));
                assertTrue(modem.emulator().indicate(indication(7), St7580Emulator.LinkFault.NONE));
                pair.modemEnd().write(modem.emulator().takeOutput());
                return host;
            }
        };
        RecordingListener rec = new RecordingListener();
        ModemSupervisor receiver = new ModemSupervisor(ports, "/dev/ttyUSB0", options(RequestLine.NONE), Clock.systemUTC(), rec);
        receiver.connect();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread t = runInBackground(receiver, failures);
        awaitFrames(rec, 1);
        receiver.stop();
        t.join(5000);
        assertArrayEquals(indication(7).macFrame(), rec.frames.get(0));
    }

    @Test
    void aModemResetIsFollowedByConfiguringItAgain() throws Exception {
        FakePorts ports = new FakePorts("/dev/ttyUSB0", RequestLine.NONE);
        RecordingListener rec = new RecordingListener();
        ModemSupervisor receiver = new ModemSupervisor(ports, "/dev/ttyUSB0", options(RequestLine.NONE), Clock.systemUTC(), rec);
        receiver.connect();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread t = runInBackground(receiver, failures);
        ports.modem.indicate(indication(1), St7580Emulator.LinkFault.NONE);
        ports.modem.reset();
        long end = System.nanoTime() + 5_000_000_000L;
        while (rec.connected.size() < 2 && System.nanoTime() < end) {
            Thread.sleep(2);
        }
        assertEquals(2, rec.connected.size(), "started again after the reset");
        assertEquals(ModemSetup.DEFAULT.modemConfiguration(), ports.modem.emulator().modemConfiguration());
        assertEquals(2, ports.modem.emulator().configurationWrites(), "written at start and after the reset");
        ports.modem.indicate(indication(2), St7580Emulator.LinkFault.NONE);
        awaitFrames(rec, 2);
        receiver.stop();
        t.join(5000);
        assertTrue(failures.isEmpty(), failures.toString());
        assertEquals(1, receiver.counters().modemResets());
    }

    @Test
    void anUnpluggedPortIsReopenedAndReceivingGoesOn() throws Exception {
        FakePorts ports = new FakePorts("/dev/ttyUSB0", RequestLine.NONE);
        RecordingListener rec = new RecordingListener();
        ModemSupervisor receiver = new ModemSupervisor(ports, "/dev/ttyUSB0", options(RequestLine.NONE), Clock.systemUTC(), rec);
        receiver.connect();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread t = runInBackground(receiver, failures);
        for (int i = 0; i < 5; i++) {
            ports.modem.indicate(indication(i), St7580Emulator.LinkFault.NONE);
        }
        awaitFrames(rec, 5);
        ports.unplug();
        Thread.sleep(300); // several reopen attempts fail while it is out
        int lostWhileOut = rec.lost.size();
        assertTrue(lostWhileOut >= 2, "attempts while unplugged: " + rec.lost);
        assertTrue(rec.lost.get(rec.lost.size() - 1).contains("does not exist"), rec.lost.toString());
        ports.present = true;
        long end = System.nanoTime() + 5_000_000_000L;
        while (rec.connected.size() < 2 && System.nanoTime() < end) {
            Thread.sleep(2);
        }
        assertEquals(2, rec.connected.size(), "started again after the port came back");
        for (int i = 5; i < 10; i++) {
            ports.modem.indicate(indication(i), St7580Emulator.LinkFault.NONE);
        }
        awaitFrames(rec, 10);
        receiver.stop();
        t.join(5000);
        assertTrue(failures.isEmpty(), failures.toString());
        assertEquals(1, receiver.counters().reopens());
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(indication(i).macFrame(), rec.frames.get(i));
        }
    }
}
