package it.c2du.plc.emulator;

import it.c2du.plc.DataIndication;
import it.c2du.plc.LinkEvent;
import it.c2du.plc.LocalFrame;
import it.c2du.plc.LocalFrameReader;
import it.c2du.plc.ModemConfiguration;
import it.c2du.plc.PhyConfiguration;
import it.c2du.plc.St7580;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.zip.CRC32;

/**
 * The modem's side of the ST7580 local link as ST's manual UM0932 describes it (the checked facts
 * are ../shared/spec/st7580-facts.md), for tests, the demo and lab benches -- written from the
 * manual, not from the DU's host code, so the two do not agree by construction.
 *
 * <ul>
 *   <li>It starts at the factory settings: modem configuration 0x11 (DL layer, CRC-32 LE) and the
 *       PHY configuration of band A (86 kHz / 72 kHz). A reset brings them back.</li>
 *   <li>What the meter transmits ({@link Air}: frequency, PSK or FSK and its settings, DL framing or
 *       not) reaches the host only when the PHY configuration listens there with that modulation,
 *       and the receive layer passes it: PHY mode sends everything as 0x26; DL mode sends 0x52 only
 *       for DL frames with the configured CRC, and 0x5A for the others when the sniffer is on.</li>
 *   <li>T_REQ: when the host has a request line it answers with the 2-byte status message (no
 *       checksum) and takes the request only if its frame comes within T_SR (200 ms); busy
 *       statuses can be put on the line. A request is answered ACK or NAK, then its confirm.</li>
 *   <li>T_ACK: a frame not acknowledged within 40 ms ({@link #tick}) or NAKed is sent again once with
 *       STX 0x03; whatever the host answers to the repeat is taken as positive.</li>
 * </ul>
 *
 * Byte-oriented and single-threaded: {@link #fromHost} takes what the host wrote, {@link
 * #takeOutput} gives what the modem writes; the caller serialises calls.
 */
public final class St7580Emulator {
    /** A fault on the local link for one indication. */
    public enum LinkFault {
        NONE,
        /** The first transmission's checksum is wrong: the host NAKs, the modem repeats it (STX 0x03). */
        CHECKSUM,
        /** Noise bytes before the frame. */
        NOISE_BEFORE,
        /** Sent again with STX 0x03 after the host's ACK, as when the modem missed that ACK. */
        REPEAT_AFTER_ACK,
        /** Cut short: only some bytes are sent, then nothing (the host's inter-character timeout drops it). */
        TRUNCATED
    }

    /**
     * How the meter transmits, as the modem's PHY meets it on the mains.
     *
     * @param frequency     Hz
     * @param fsk           B-FSK (true) or a PSK variant
     * @param fskBitRate    1200..9600, FSK only
     * @param fskDeviation  the deviation bit, FSK only
     * @param fskUniqueWord FSK only
     * @param dlCrc         the frames are ST7580 DL frames with this CRC; null: plain PHY frames
     */
    public record Air(int frequency, boolean fsk, int fskBitRate, int fskDeviation, int fskUniqueWord,
                      ModemConfiguration.DlCrc dlCrc) {
        /**
         * What the project assumes of a Chain 2 meter (its PHY is not public): band C's centre,
         * PSK, plain PHY frames -- the setting the DU listens for by default.
         */
        public static final Air CHAIN2_ASSUMED = psk(132_500);

        public static Air psk(int frequency) {
            return new Air(frequency, false, 0, 0, 0, null);
        }

        public static Air fsk(int frequency, int bitRate) {
            return new Air(frequency, true, bitRate, 0, FACTORY_UNIQUE_WORD, null);
        }

        public Air framedAsDl(ModemConfiguration.DlCrc crc) {
            return new Air(frequency, fsk, fskBitRate, fskDeviation, fskUniqueWord, crc);
        }

        @Override
        public String toString() {
            return frequency + " Hz " + (fsk ? "FSK " + fskBitRate + " bps" : "PSK")
                    + (dlCrc == null ? "" : ", DL frames with " + dlCrc);
        }
    }

    /** UM0932's factory unique word for FSK. */
    public static final int FACTORY_UNIQUE_WORD = 0x9B58;
    /**
     * The PHY configuration after a reset. The frequencies (band A: 86 kHz high, 72 kHz low) and the
     * unique word are UM0932's; the receive mode (high channel only, PSK on both), TX gain, PSK
     * preamble and FSK byte (9600 bps) are this emulator's choice -- the facts page leaves them open.
     */
    public static final PhyConfiguration FACTORY_PHY = new PhyConfiguration(86_000, 72_000, 0x06, 0x0E, 0, 0, 0x03,
            FACTORY_UNIQUE_WORD);
    /**
     * How far from the configured channel frequency a transmission is still heard. The real
     * filter's width is not in the facts; a narrow one keeps a scan honest.
     */
    public static final int FREQUENCY_TOLERANCE_HZ = 1_000;

    private record Pending(LocalFrame frame, long sentNanos) {
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final LocalFrameReader fromHost = new LocalFrameReader();
    private final Random random;
    private final Deque<Pending> awaitingAck = new ArrayDeque<>();
    private final byte[] firmwareVersion;
    private LongSupplier nanoClock = System::nanoTime;
    private Air air = Air.CHAIN2_ASSUMED;
    private int modemConfiguration = ModemConfiguration.FACTORY;
    private PhyConfiguration phy = FACTORY_PHY;
    private boolean repeatAfterAck;
    private long nakRepeats;
    private long ackTimeoutRepeats;
    private long notHeard;
    private long givenUp;
    private long strayAcks;
    private volatile long configurationWrites; // read by a bench thread
    private boolean silent;
    // T_REQ
    private boolean requestLineSeen;
    private long statusSentNanos = Long.MIN_VALUE;
    private boolean statusWasBusy;
    private int busyStatuses;
    private int status;
    private int nakRequests;
    private long requestsIgnored;
    private final List<Boolean> requestsRepeated = new ArrayList<>();
    private long[] ackLatencies = new long[64];
    private int ackLatencyCount;

    public St7580Emulator(Random random, byte[] firmwareVersion) {
        this.random = random;
        this.firmwareVersion = firmwareVersion.clone();
    }

    /** Where time comes from (System.nanoTime by default). */
    public St7580Emulator clock(LongSupplier nanos) {
        this.nanoClock = nanos;
        return this;
    }

    /**
     * Sets both configuration MIB objects as if a host had written them: for tests and benches that
     * drive the emulator without a host start-up.
     */
    public St7580Emulator configured(int modemConfiguration, PhyConfiguration phy) {
        this.modemConfiguration = modemConfiguration;
        this.phy = phy;
        return this;
    }

    /** How the meter transmits from now on. */
    public St7580Emulator air(Air air) {
        this.air = air;
        return this;
    }

    public Air air() {
        return air;
    }

    /**
     * The meter transmitted a frame: it comes up to the host, with this link fault, if the modem's
     * PHY and receive layer let it ({@link #heard}); else it is counted in {@link #notHeard()}.
     *
     * @return true when the modem passes it up
     */
    public boolean indicate(DataIndication transmitted, LinkFault fault) {
        DataIndication heard = heard(transmitted);
        if (heard == null) {
            notHeard++;
            return false;
        }
        LocalFrame frame = heard.toFrame();
        byte[] bytes = frame.encode();
        switch (fault) {
            case CHECKSUM -> {
                bytes[bytes.length - 1] ^= 0x5A;
                out.writeBytes(bytes);
                await(frame);
            }
            case NOISE_BEFORE -> {
                byte[] noise = new byte[1 + random.nextInt(12)];
                for (int i = 0; i < noise.length; i++) {
                    int b;
                    do {
                        b = random.nextInt(256);
                    } while (LocalFrameReader.startsSomething(b));
                    noise[i] = (byte) b;
                }
                out.writeBytes(noise);
                out.writeBytes(bytes);
                await(frame);
            }
            case REPEAT_AFTER_ACK -> {
                out.writeBytes(bytes);
                await(frame);
                repeatAfterAck = true;
            }
            case TRUNCATED -> out.write(bytes, 0, 1 + random.nextInt(bytes.length - 1));
            default -> send(frame);
        }
        return true;
    }

    /**
     * What the modem passes up of a transmission, or null when it does not hear it: the
     * transmission's payload and signal figures, with the channel, modulation and command the
     * modem's configuration makes of it.
     */
    public DataIndication heard(DataIndication transmitted) {
        boolean high;
        boolean psk;
        if (Math.abs(air.frequency() - phy.highFrequency()) <= FREQUENCY_TOLERANCE_HZ) {
            high = true;
            psk = phy.highChannelPsk();
        } else if (phy.dualChannel() && Math.abs(air.frequency() - phy.lowFrequency()) <= FREQUENCY_TOLERANCE_HZ) {
            high = false;
            psk = phy.lowChannelPsk();
        } else {
            return null;
        }
        int modulation;
        int snr;
        if (air.fsk()) {
            if (psk || phy.fskBitRate() != air.fskBitRate() || phy.fskDeviation() != air.fskDeviation()
                    || phy.fskUniqueWord() != air.fskUniqueWord()) {
                return null;
            }
            modulation = 3;
            snr = -1; // 255: the modem measures SNR for PSK only
        } else {
            if (!psk) {
                return null;
            }
            modulation = transmitted.modulation() == 3 ? 4 : transmitted.modulation();
            snr = transmitted.snr();
        }
        byte[] payload = transmitted.macFrame();
        ModemConfiguration conf = ModemConfiguration.decode(modemConfiguration);
        St7580.Command command;
        switch (conf.layer()) {
            case PHY -> {
                command = St7580.Command.PHY_DATA_INDICATION;
                if (air.dlCrc() != null) {
                    payload = withDlCrc(payload, air.dlCrc()); // the PHY passes the DL frame whole
                }
            }
            case DL -> {
                if (air.dlCrc() == conf.crc()) {
                    command = St7580.Command.DL_DATA_INDICATION;
                } else if (conf.sniffer()) {
                    command = St7580.Command.DL_SNIFFER_INDICATION;
                } else {
                    return null; // not a DL frame with this CRC: never reaches the host
                }
            }
            default -> {
                return null;
            }
        }
        return new DataIndication(command, modulation, high, transmitted.pga(), snr, transmitted.zeroCrossingDelay(),
                payload);
    }

    /** The DL CRC's bytes after the payload; their values only have to be there, not be ST's. */
    private static byte[] withDlCrc(byte[] payload, ModemConfiguration.DlCrc crc) {
        int n = switch (crc) {
            case CRC8 -> 1;
            case CRC16_BE -> 2;
            default -> 4;
        };
        CRC32 c = new CRC32();
        c.update(payload);
        byte[] b = Arrays.copyOf(payload, payload.length + n);
        long v = c.getValue();
        for (int i = 0; i < n; i++) {
            b[payload.length + i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    /** A silent modem (hung, unpowered, wrong baud rate) reads nothing and answers nothing. */
    public void silent(boolean silent) {
        this.silent = silent;
    }

    /** Bytes the host wrote to the modem: ACK/NAK for indications, or requests. */
    public void fromHost(byte[] bytes, long nanos) {
        if (silent) {
            return;
        }
        for (LinkEvent e : fromHost.feed(bytes, nanos)) {
            if (e instanceof LinkEvent.Ack) {
                Pending acked = awaitingAck.poll();
                if (acked == null) {
                    strayAcks++;
                } else {
                    recordAckLatency(nanos - acked.sentNanos());
                    if (repeatAfterAck && !acked.frame().repeated()) {
                        repeatAfterAck = false;
                        out.writeBytes(acked.frame().asRepeat().encode());
                        await(acked.frame().asRepeat());
                    }
                }
            } else if (e instanceof LinkEvent.Nak) {
                Pending nacked = awaitingAck.poll();
                if (nacked != null && !nacked.frame().repeated()) {
                    // UM0932: a NAKed frame is sent again once, with STX 0x03; an answer to the repeat counts as positive.
                    nakRepeats++;
                    out.writeBytes(nacked.frame().asRepeat().encode());
                    await(nacked.frame().asRepeat());
                }
            } else if (e instanceof LinkEvent.Frame f) {
                request(f.frame(), nanos);
            } else if (e instanceof LinkEvent.BadChecksum) {
                if (acceptsRequest(nanos)) {
                    out.write(St7580.NAK);
                }
            }
        }
    }

    private void request(LocalFrame request, long nanos) {
        if (!acceptsRequest(nanos)) {
            requestsIgnored++;
            return;
        }
        statusSentNanos = Long.MIN_VALUE; // one status message, one request
        requestsRepeated.add(request.repeated());
        if (nakRequests > 0) {
            nakRequests--;
            out.write(St7580.NAK);
            return;
        }
        out.write(St7580.ACK);
        answer(request);
    }

    /**
     * Without a request line (never asserted) every request is taken; with one, only a request
     * that follows a status message that was not busy, within T_SR plus the frame's own time on
     * the wire.
     */
    private boolean acceptsRequest(long nanos) {
        if (!requestLineSeen) {
            return true;
        }
        return statusSentNanos != Long.MIN_VALUE && !statusWasBusy
                && nanos - statusSentNanos <= St7580.STATUS_TO_REQUEST_NANOS + 50_000_000L;
    }

    private void answer(LocalFrame request) {
        St7580.Command c = request.knownCommand();
        byte[] d = request.data();
        LocalFrame reply;
        if (c == St7580.Command.PING_REQUEST) {
            reply = new LocalFrame(false, St7580.Command.PING_CONFIRM.code(), d);
        } else if (c == St7580.Command.MIB_WRITE_REQUEST) {
            reply = mibWrite(d);
        } else if (c == St7580.Command.MIB_READ_REQUEST) {
            reply = mibRead(d);
        } else if (c == St7580.Command.RESET_REQUEST) {
            send(LocalFrame.of(St7580.Command.RESET_CONFIRM, (byte) 0x00));
            factory();
            reply = LocalFrame.of(St7580.Command.RESET_INDICATION, (byte) 0x02); // cause: reset request
        } else {
            reply = LocalFrame.of(St7580.Command.COMMAND_SYNTAX_ERROR, (byte) request.command());
        }
        send(reply);
    }

    private LocalFrame mibWrite(byte[] d) {
        St7580.Command error = St7580.Command.MIB_WRITE_ERROR;
        if (d.length < 1) {
            return LocalFrame.of(error, (byte) 0x02);
        }
        int object = d[0] & 0xFF;
        byte[] value = Arrays.copyOfRange(d, 1, d.length);
        if (object == St7580.Mib.MODEM_CONFIGURATION) {
            if (value.length != 1) {
                return LocalFrame.of(error, (byte) 0x02);
            }
            modemConfiguration = value[0] & 0xFF;
            configurationWrites++;
        } else if (object == St7580.Mib.PHY_CONFIGURATION) {
            PhyConfiguration.Decoded p = PhyConfiguration.decode(value);
            if (p.configuration() == null) {
                return LocalFrame.of(error, (byte) 0x02);
            }
            if (p.configuration().highFrequency() == 0 || p.configuration().highFrequency() > 250_000) {
                return LocalFrame.of(error, (byte) 0x03);
            }
            phy = p.configuration();
        } else {
            return LocalFrame.of(error, (byte) 0x03);
        }
        return LocalFrame.of(St7580.Command.MIB_WRITE_CONFIRM);
    }

    private LocalFrame mibRead(byte[] d) {
        if (d.length != 1) {
            return LocalFrame.of(St7580.Command.MIB_READ_ERROR, (byte) 0x02);
        }
        return switch (d[0] & 0xFF) {
            case St7580.Mib.MODEM_CONFIGURATION -> LocalFrame.of(St7580.Command.MIB_READ_CONFIRM, (byte) modemConfiguration);
            case St7580.Mib.PHY_CONFIGURATION -> LocalFrame.of(St7580.Command.MIB_READ_CONFIRM, phy.encode());
            case St7580.Mib.FIRMWARE_VERSION -> LocalFrame.of(St7580.Command.MIB_READ_CONFIRM, firmwareVersion);
            default -> LocalFrame.of(St7580.Command.MIB_READ_ERROR, (byte) 0x03);
        };
    }

    /** A modem frame the host must acknowledge. */
    private void send(LocalFrame frame) {
        out.writeBytes(frame.encode());
        await(frame);
    }

    private void await(LocalFrame frame) {
        awaitingAck.add(new Pending(frame, nanoClock.getAsLong()));
    }

    /**
     * Time passes: a frame the host has not answered within T_ACK (40 ms) is sent again once, with
     * STX 0x03; a repeat left unanswered is given up.
     */
    public void tick(long nanos) {
        Pending p = awaitingAck.peek();
        if (p == null || nanos - p.sentNanos() <= St7580.ACK_TIMEOUT_NANOS) {
            return;
        }
        awaitingAck.poll();
        if (!p.frame().repeated()) {
            ackTimeoutRepeats++;
            out.writeBytes(p.frame().asRepeat().encode());
            awaitingAck.addFirst(new Pending(p.frame().asRepeat(), nanos));
        } else {
            givenUp++;
        }
    }

    /** Repeats left unanswered for T_ACK, given up. */
    public long givenUp() {
        return givenUp;
    }

    /** ACKs that came when no frame awaited one: late answers to a frame already repeated or given up. */
    public long strayAcks() {
        return strayAcks;
    }

    /**
     * The host asserted T_REQ: the status message, 0x3F and the status byte, no checksum. Bits 3-4
     * say the active layer; bits 1-2 busy while {@link #busyFor} lasts.
     */
    public void requestLineAsserted() {
        requestLineSeen = true;
        int layer = modemConfiguration & 0x03;
        int s = (status & ~0x18) | layer << 3;
        statusWasBusy = busyStatuses > 0;
        if (statusWasBusy) {
            busyStatuses--;
            s |= 0x04; // receiving
        }
        out.write(St7580.STATUS);
        out.write(s);
        statusSentNanos = nanoClock.getAsLong();
    }

    /** The status message with an explicit byte (kept for tests that put one on the line). */
    public void status(int statusByte) {
        out.write(St7580.STATUS);
        out.write(statusByte);
        statusSentNanos = nanoClock.getAsLong();
        statusWasBusy = (statusByte & 0x06) != 0;
    }

    /** The next {@code n} status messages say busy (receiving), and requests after them are not taken. */
    public void busyFor(int n) {
        busyStatuses = n;
    }

    /** Status bits 5-7 from now on: over-current (bit 5) and temperature (bits 6-7). */
    public void condition(boolean overCurrent, int temperature) {
        status = (overCurrent ? 0x20 : 0) | (temperature & 0x03) << 6;
    }

    /** The next {@code n} requests are answered NAK, as if their checksum were bad. */
    public void nakRequests(int n) {
        nakRequests = n;
    }

    /** Noise on the line, outside any frame. */
    public void noise(byte[] bytes) {
        out.writeBytes(bytes);
    }

    /** What the modem has written since the last call. */
    public byte[] takeOutput() {
        byte[] b = out.toByteArray();
        out.reset();
        return b;
    }

    /** The modem configuration byte (MIB 0x00): 0x11 from the factory. */
    public int modemConfiguration() {
        return modemConfiguration;
    }

    /** The PHY configuration (MIB 0x01): band A from the factory. */
    public PhyConfiguration phyConfiguration() {
        return phy;
    }

    /** Times the host wrote the modem configuration. */
    public long configurationWrites() {
        return configurationWrites;
    }

    /** Frames repeated after a NAK. */
    public long nakRepeats() {
        return nakRepeats;
    }

    /** Frames repeated because the host's answer did not come within T_ACK. */
    public long ackTimeoutRepeats() {
        return ackTimeoutRepeats;
    }

    /** Transmissions the modem did not pass up (wrong frequency, modulation or layer). */
    public long notHeard() {
        return notHeard;
    }

    /** Requests not taken: no status message before them, a busy one, or later than T_SR. */
    public long requestsIgnored() {
        return requestsIgnored;
    }

    /** For every request taken, in order: did it come with STX 0x03? (The host must never send that.) */
    public List<Boolean> requestsRepeated() {
        return List.copyOf(requestsRepeated);
    }

    /** Nanoseconds from each frame's sending to the host's ACK, in order. */
    public long[] ackLatenciesNanos() {
        return Arrays.copyOf(ackLatencies, ackLatencyCount);
    }

    private void recordAckLatency(long nanos) {
        if (ackLatencyCount == ackLatencies.length) {
            if (ackLatencies.length >= MAX_LATENCIES) {
                ackLatencyCount = 0; // a long-running player keeps the latest ones
            } else {
                ackLatencies = Arrays.copyOf(ackLatencies, ackLatencies.length * 2);
            }
        }
        ackLatencies[ackLatencyCount++] = nanos;
    }

    private static final int MAX_LATENCIES = 1 << 16;

    /** Gives up on frames the host never acknowledged. */
    public void forgetUnacknowledged() {
        awaitingAck.clear();
        repeatAfterAck = false;
    }

    /**
     * The modem reset itself (watchdog): a ResetIndication with its cause, and the configuration
     * back to the factory's, band A and DL layer included.
     */
    public void reset() {
        factory();
        send(LocalFrame.of(St7580.Command.RESET_INDICATION, (byte) 0x01));
    }

    private void factory() {
        modemConfiguration = ModemConfiguration.FACTORY;
        phy = FACTORY_PHY;
    }

    /** Frames sent and not yet acknowledged. */
    public List<LocalFrame> awaitingAck() {
        return awaitingAck.stream().map(Pending::frame).toList();
    }
}
