package it.c2du.plc;

import it.c2du.plc.emulator.St7580Emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ST7580 local link: framing from a byte stream, the ACK/NAK handshake, the modem emulator. */
class LocalLinkTest {
    private static final long MS = 1_000_000L;

    private static long seed() {
        return Long.getLong("c2du.seed", System.nanoTime());
    }

    private static DataIndication indication(Random r, int size) {
        byte[] mac = new byte[size];
        r.nextBytes(mac);
        return new DataIndication(r.nextBoolean() ? St7580.Command.PHY_DATA_INDICATION : St7580.Command.DL_DATA_INDICATION,
                r.nextInt(8), r.nextBoolean(), r.nextInt(16), r.nextInt(256) - 128, r.nextInt(65536) - 32768, mac);
    }

    /** A recorded stream: frames with noise between them, and the frames it holds. */
    private record Stream(byte[] bytes, List<LocalFrame> frames, long noise) {
    }

    private static Stream stream(Random r, int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<LocalFrame> list = new ArrayList<>();
        long noise = 0;
        for (int i = 0; i < frames; i++) {
            if (r.nextInt(3) == 0) {
                int n = 1 + r.nextInt(5);
                for (int k = 0; k < n; k++) {
                    out.write(0x40 + r.nextInt(0x40)); // never a byte that starts something
                }
                noise += n;
            }
            LocalFrame f = indication(r, r.nextInt(60)).toFrame();
            f = r.nextInt(4) == 0 ? f.asRepeat() : f;
            list.add(f);
            out.writeBytes(f.encode());
        }
        return new Stream(out.toByteArray(), list, noise);
    }

    private static List<LocalFrame> frames(List<LinkEvent> events) {
        List<LocalFrame> out = new ArrayList<>();
        for (LinkEvent e : events) {
            if (e instanceof LinkEvent.Frame f) {
                out.add(f.frame());
            }
        }
        return out;
    }

    @Test
    void aFrameEncodesAsTheManualSays() {
        LocalFrame f = LocalFrame.of(St7580.Command.MIB_READ_REQUEST, (byte) St7580.Mib.FIRMWARE_VERSION);
        // STX, LEN 1, CMD 0x0C, DATA 0x0A, CHK = 1 + 0x0C + 0x0A = 0x0017, LSB first.
        assertArrayEquals(new byte[] {0x02, 0x01, 0x0C, 0x0A, 0x17, 0x00}, f.encode());
        assertArrayEquals(new byte[] {0x03, 0x01, 0x0C, 0x0A, 0x17, 0x00}, f.asRepeat().encode());
        byte[] big = new byte[255];
        java.util.Arrays.fill(big, (byte) 0xFF);
        byte[] enc = LocalFrame.of(St7580.Command.PHY_DATA_INDICATION, big).encode();
        int sum = 255 + 0x26 + 255 * 255;
        assertEquals(sum & 0xFF, enc[enc.length - 2] & 0xFF);
        assertEquals((sum >> 8) & 0xFF, enc[enc.length - 1] & 0xFF);
    }

    @Test
    void splitAtEveryOffsetGivesTheSameFrames() {
        long seed = seed();
        Random r = new Random(seed);
        Stream s = stream(r, 12);
        for (int cut = 0; cut <= s.bytes().length; cut++) {
            LocalFrameReader reader = new LocalFrameReader();
            List<LinkEvent> events = new ArrayList<>(reader.feed(s.bytes(), 0, cut, 0));
            events.addAll(reader.feed(s.bytes(), cut, s.bytes().length - cut, MS));
            assertEquals(s.frames(), frames(events), "seed " + seed + ", cut at " + cut);
            assertEquals(s.noise(), reader.discardedBytes(), "seed " + seed + ", cut at " + cut);
            assertEquals(0, reader.pending());
        }
    }

    @Test
    void anyChunkingGivesTheSameFrames() {
        long seed = seed();
        Random r = new Random(seed);
        for (int round = 0; round < 200; round++) {
            Stream s = stream(r, 1 + r.nextInt(8));
            LocalFrameReader reader = new LocalFrameReader();
            List<LinkEvent> events = new ArrayList<>();
            int at = 0;
            while (at < s.bytes().length) {
                int n = Math.min(s.bytes().length - at, r.nextInt(9));
                events.addAll(reader.feed(s.bytes(), at, n, at * 100_000L)); // 0.1 ms per byte: never a timeout
                at += n;
            }
            assertEquals(s.frames(), frames(events), "seed " + seed + ", round " + round);
        }
    }

    @Test
    void notEnoughBytesConsumesNothing() {
        byte[] f = LocalFrame.of(St7580.Command.PING_CONFIRM, new byte[] {1, 2, 3}).encode();
        LocalFrameReader reader = new LocalFrameReader();
        for (int i = 0; i < f.length - 1; i++) {
            assertTrue(reader.feed(new byte[] {f[i]}, i).isEmpty());
            assertEquals(i + 1, reader.pending());
        }
        List<LinkEvent> e = reader.feed(new byte[] {f[f.length - 1]}, f.length);
        assertEquals(1, e.size());
        assertEquals(0, reader.pending());
    }

    @Test
    void badChecksumIsReportedAndTheNextFrameStillComes() {
        byte[] bad = LocalFrame.of(St7580.Command.PHY_DATA_INDICATION, new byte[] {9, 9, 9, 9, 1}).encode();
        bad[bad.length - 2] ^= 1;
        byte[] good = LocalFrame.of(St7580.Command.PING_CONFIRM).encode();
        LocalFrameReader reader = new LocalFrameReader();
        List<LinkEvent> e = reader.feed(concat(bad, good), 0);
        assertEquals(new LinkEvent.BadChecksum(0x26, 5), e.get(0));
        assertEquals(new LinkEvent.Frame(LocalFrame.of(St7580.Command.PING_CONFIRM)), e.get(1));
        assertEquals(bad.length, reader.discardedBytes());
    }

    @Test
    void aFrameCutShortIsDroppedAfterTheInterCharacterTimeout() {
        byte[] f = LocalFrame.of(St7580.Command.DL_DATA_INDICATION, new byte[] {1, 2, 3, 4, 5, 6}).encode();
        LocalFrameReader reader = new LocalFrameReader();
        assertTrue(reader.feed(f, 0, 5, 0).isEmpty());
        // 10 ms is still within the timeout; more is not.
        assertTrue(reader.poll(10 * MS).isEmpty());
        List<LinkEvent> dropped = reader.poll(10 * MS + 1);
        LinkEvent.Discarded d = assertInstanceOf(LinkEvent.Discarded.class, dropped.get(0));
        assertEquals(5, d.bytes());
        assertTrue(d.reason().contains("inter-character timeout"), d.reason());
        // Then a whole frame arrives late: it is read, not glued to the old bytes.
        reader.feed(f, 0, 5, 20 * MS);
        List<LinkEvent> e = reader.feed(f, 0, f.length, 40 * MS);
        assertInstanceOf(LinkEvent.Discarded.class, e.get(0), "the second partial timed out when the next bytes came");
        assertEquals(LinkEvent.Frame.class, e.get(1).getClass());
    }

    @Test
    void ackNakAndStatusStandAlone() {
        LocalFrameReader reader = new LocalFrameReader();
        List<LinkEvent> e = reader.feed(new byte[] {0x06, 0x15, 0x3F}, 0);
        assertEquals(List.of(new LinkEvent.Ack(), new LinkEvent.Nak()), e);
        assertEquals(List.of(new LinkEvent.Status(0x09)), reader.feed(new byte[] {0x09}, 1));
    }

    @Test
    void dataIndicationFieldsRoundTrip() {
        long seed = seed();
        Random r = new Random(seed);
        for (int i = 0; i < 500; i++) {
            DataIndication d = indication(r, r.nextInt(100));
            assertEquals(d, DataIndication.of(d.toFrame()), "seed " + seed);
        }
        byte[] data = {(byte) 0xB9, (byte) 0xF6, (byte) 0xFF, (byte) 0xFE, 0x10, 0x26};
        DataIndication d = DataIndication.of(LocalFrame.of(St7580.Command.PHY_DATA_INDICATION, data));
        assertEquals(1, d.modulation());
        assertEquals("Q-PSK", d.modulationName());
        assertTrue(d.highChannel());
        assertEquals(0xB, d.pga());
        assertEquals(-10, d.snr());
        assertEquals(-2, d.zeroCrossingDelay());
        assertArrayEquals(new byte[] {0x10, 0x26}, d.macFrame());
        assertNull(DataIndication.of(LocalFrame.of(St7580.Command.PHY_DATA_INDICATION, new byte[3])));
        assertNull(DataIndication.of(LocalFrame.of(St7580.Command.PING_CONFIRM, new byte[8])));
        DataIndication fsk = DataIndication.of(LocalFrame.of(St7580.Command.DL_DATA_INDICATION, new byte[] {3, (byte) 0xFF, 0, 0}));
        assertNull(fsk.snrDb(), "FSK: SNR not measured");
    }

    /** Host and emulated modem on one line: every indication delivered once, whatever the link faults. */
    @Test
    void everyIndicationIsDeliveredOnceThroughLinkFaults() {
        long seed = seed();
        Random r = new Random(seed);
        St7580Emulator modem = new St7580Emulator(new Random(seed + 1), new byte[] {1, 2, 3, 4})
                .configured(ModemSetup.DEFAULT.modemConfiguration(),
                        ModemSetup.DEFAULT.applyTo(St7580Emulator.FACTORY_PHY));
        LocalFrameReader reader = new LocalFrameReader();
        HostLink host = new HostLink();
        List<DataIndication> expected = new ArrayList<>();
        List<DataIndication> got = new ArrayList<>();
        long now = 0;
        int checksumFaults = 0;
        int repeats = 0;
        for (int i = 0; i < 300; i++) {
            DataIndication d = indication(r, 16 + r.nextInt(40));
            St7580Emulator.LinkFault fault = St7580Emulator.LinkFault.values()[r.nextInt(St7580Emulator.LinkFault.values().length)];
            DataIndication heard = modem.heard(d);
            assertTrue(modem.indicate(d, fault));
            if (fault != St7580Emulator.LinkFault.TRUNCATED) {
                expected.add(heard);
            }
            checksumFaults += fault == St7580Emulator.LinkFault.CHECKSUM ? 1 : 0;
            repeats += fault == St7580Emulator.LinkFault.REPEAT_AFTER_ACK ? 1 : 0;
            // Pump until the line is quiet; then 11 ms of silence (a truncated frame times out).
            for (byte[] bytes = modem.takeOutput(); bytes.length > 0; bytes = modem.takeOutput()) {
                now += MS;
                for (LinkEvent e : reader.feed(bytes, now)) {
                    HostLink.Step step = host.on(e);
                    if (step.deliver() != null) {
                        got.add(DataIndication.of(step.deliver()));
                    }
                    modem.fromHost(step.reply(), now);
                }
            }
            now += 11 * MS;
            reader.poll(now);
        }
        assertEquals(expected, got, "seed " + seed);
        assertEquals(checksumFaults, host.naks(), "seed " + seed);
        assertEquals(checksumFaults, modem.nakRepeats(), "seed " + seed);
        assertEquals(repeats, host.duplicates(), "seed " + seed);
        assertTrue(modem.awaitingAck().isEmpty(), "every frame acknowledged");
    }

    @Test
    void theEmulatorAnswersHostRequests() {
        St7580Emulator modem = new St7580Emulator(new Random(1), new byte[] {0x01, 0x05, 0x00, 0x07});
        LocalFrameReader reader = new LocalFrameReader();
        modem.fromHost(LocalFrame.of(St7580.Command.PING_REQUEST, (byte) 0xAA).encode(), 0);
        List<LinkEvent> e = reader.feed(modem.takeOutput(), 0);
        assertEquals(new LinkEvent.Ack(), e.get(0));
        assertEquals(LocalFrame.of(St7580.Command.PING_CONFIRM, (byte) 0xAA), ((LinkEvent.Frame) e.get(1)).frame());
        modem.fromHost(LocalFrame.of(St7580.Command.MIB_WRITE_REQUEST, (byte) 0, (byte) 0x11).encode(), 0);
        e = reader.feed(modem.takeOutput(), 0);
        assertEquals(St7580.Command.MIB_WRITE_CONFIRM, ((LinkEvent.Frame) e.get(1)).frame().knownCommand());
        assertEquals(0x11, modem.modemConfiguration());
        modem.fromHost(LocalFrame.of(St7580.Command.MIB_READ_REQUEST, (byte) St7580.Mib.FIRMWARE_VERSION).encode(), 0);
        e = reader.feed(modem.takeOutput(), 0);
        assertArrayEquals(new byte[] {0x01, 0x05, 0x00, 0x07}, ((LinkEvent.Frame) e.get(1)).frame().data());
        byte[] garbled = LocalFrame.of(St7580.Command.PING_REQUEST).encode();
        garbled[garbled.length - 1] ^= 1;
        modem.fromHost(garbled, 0);
        assertEquals(List.of(new LinkEvent.Nak()), reader.feed(modem.takeOutput(), 0));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
