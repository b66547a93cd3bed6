package it.c2du.lab.meter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Verdict;
import it.c2du.plc.DataIndication;
import it.c2du.plc.emulator.EmulatorOnLink;
import it.c2du.plc.HostLink;
import it.c2du.plc.LinkEvent;
import it.c2du.plc.LocalFrameReader;
import it.c2du.plc.ModemSetup;
import it.c2du.plc.emulator.St7580Emulator;
import it.c2du.plc.serial.LoopbackSerialPair;
import it.c2du.plc.serial.SerialLink;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Meter frames through the emulated ST7580 to a host that acknowledges them (in memory). */
class ModemFeedTest {
    private static final byte[] FIRMWARE = {1, 4, 0, 17};

    /** The host's end: acknowledges every frame as the DU does and keeps the indications. */
    private static Thread host(SerialLink link, List<DataIndication> received) {
        Thread t = new Thread(() -> {
            LocalFrameReader reader = new LocalFrameReader();
            HostLink handshake = new HostLink();
            byte[] buf = new byte[256];
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    int n = link.read(buf);
                    for (LinkEvent e : reader.feed(buf, 0, n, System.nanoTime())) {
                        HostLink.Step step = handshake.on(e);
                        link.write(step.reply());
                        if (step.deliver() != null) {
                            received.add(DataIndication.of(step.deliver()));
                        }
                    }
                }
            } catch (IOException e) {
                // The test closed the link.
            }
        }, "host");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void transmissionsReachTheHostAcknowledgedEvenThroughALinkFault() throws Exception {
        LabSetup lab = new LabSetup(1);
        MeterSimulator sim = lab.simulator(1);
        List<MeterTransmission> traffic = sim.traffic(Instant.parse("2025-06-21T10:00:00Z"),
                Instant.parse("2025-06-21T10:30:00Z"));
        LoopbackSerialPair pair = new LoopbackSerialPair("/dev/lab", 2);
        List<DataIndication> received = new CopyOnWriteArrayList<>();
        Thread host = host(pair.hostEnd(), received);
        try (EmulatorOnLink modem = new EmulatorOnLink(pair.modemEnd(), listening(new St7580Emulator(new Random(1), FIRMWARE)),
                Duration.ofSeconds(2))) {
            ModemFeed feed = new ModemFeed(modem);
            for (MeterTransmission t : traffic) {
                assertTrue(feed.deliver(t), t.toString());
            }
            MeterTransmission last = traffic.get(traffic.size() - 1);
            assertTrue(feed.deliver(sim.meter(last.meter()).repeat(last, last.at().plusSeconds(5)),
                    St7580Emulator.LinkFault.CHECKSUM));
        } finally {
            host.interrupt();
            pair.hostEnd().close();
        }
        assertEquals(traffic.size() + 1, received.size());
        ReceiveStack du = lab.pipeline();
        for (int i = 0; i < traffic.size(); i++) {
            assertArrayEquals(traffic.get(i).macFrame(), received.get(i).macFrame());
            assertEquals(Verdict.ACCEPTED, du.receive(received.get(i).macFrame()).verdict());
        }
        assertEquals(Verdict.REPETITION, du.receive(received.get(traffic.size()).macFrame()).verdict());
    }

    @Test
    void withoutAHostNothingIsAcknowledged() throws Exception {
        LabSetup lab = new LabSetup(2);
        MeterSimulator sim = lab.simulator(2);
        Instant at = Instant.parse("2025-01-10T12:00:04Z");
        MeterTransmission t = sim.meter(CompactFrameType.CF1.sender()).send(at, CompactFrameType.CF1,
                sim.fieldsFor(CompactFrameType.CF1, at));
        LoopbackSerialPair pair = new LoopbackSerialPair("/dev/lab", 2);
        try (EmulatorOnLink modem = new EmulatorOnLink(pair.modemEnd(), listening(new St7580Emulator(new Random(1), FIRMWARE)),
                Duration.ofMillis(50))) {
            assertFalse(new ModemFeed(modem).deliver(t));
        }
    }

    /** The emulated modem set up as the DU's start-up leaves it (no host runs one here). */
    private static St7580Emulator listening(St7580Emulator e) {
        return e.configured(ModemSetup.DEFAULT.modemConfiguration(), ModemSetup.DEFAULT.applyTo(St7580Emulator.FACTORY_PHY));
    }
}
