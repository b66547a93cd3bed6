package it.c2du.plc;

import it.c2du.plc.serial.RequestLine;
import it.c2du.plc.serial.SerialLink;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of the ST7580 link over one open serial port: reads and frames what the modem
 * sends, answers ACK/NAK, hands up data indications and reset indications, and sends requests
 * with the T_REQ handshake. Single-threaded: one thread calls {@link #poll} and the requests.
 *
 * <p>A request, as UM0932 has it: T_REQ asserted; the status message (0x3F and a status byte, no
 * checksum); if its busy bits (transmitting, receiving) are set, T_REQ released and the request
 * tried again a little later, without counting as a failed attempt; else the frame, its STX well
 * within T_SR (200 ms) of the status, and T_REQ released once it is written; the modem's ACK. A
 * NAK or no ACK restarts the whole sequence from T_REQ with STX 0x02 -- STX 0x03 is the modem's,
 * never the host's. Then the confirm (or error) frame, which we acknowledge. Indications arriving
 * meanwhile are acknowledged and kept for the next {@link #poll}: nothing the modem delivers is
 * dropped because a request was in progress.
 */
public final class ModemSession {
    private static final Logger LOG = LoggerFactory.getLogger(ModemSession.class);
    private static final byte[] PING_PAYLOAD = {'C', '2', 'D', 'U'};

    /**
     * How long to wait for each answer (UM0932 gives the modem's own times; these leave room for
     * a USB adapter's latency), and how many times a request is tried.
     */
    public record Timing(Duration status, Duration ack, Duration confirm, int attempts) {
        public static Timing defaults() {
            return new Timing(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(1000), 3);
        }
    }

    /** How long a busy modem (status byte bits 1-2) may delay one request before it counts as no answer. */
    static final Duration BUSY_PATIENCE = Duration.ofSeconds(2);
    /** The pause before asking a busy modem again: about one short PLC frame. */
    static final Duration BUSY_PAUSE = Duration.ofMillis(20);

    /**
     * What the start-up sequence learned.
     *
     * @param phy    the PHY configuration read back after writing it
     * @param status the last status byte seen, or null without a T_REQ line (no status messages then)
     */
    public record ModemInfo(String firmwareVersion, int modemConfiguration, PhyConfiguration phy, ModemStatus status) {
    }

    private final SerialLink link;
    private final RequestLine requestLine;
    private final Timing timing;
    private final Clock clock;
    private final HostLink hostLink;
    private final LinkCounters counters;
    private final LocalFrameReader reader = new LocalFrameReader();
    private final byte[] buffer = new byte[512];
    private final Deque<ModemEvent> delivered = new ArrayDeque<>();
    private long discardedSeen;
    private int acks;
    private int naks;
    private int statuses;
    private ModemStatus lastStatus;
    private LocalFrame answer;
    /** The commands that answer the request in progress: its confirm, its error, a syntax error. */
    private final Set<St7580.Command> awaited = EnumSet.noneOf(St7580.Command.class);

    /**
     * @param hostLink kept by the caller across reopened ports, so a frame repeated after a
     *                 reconnection is still recognised
     * @param clock    stamps received frames (the demo passes an accelerated one)
     */
    public ModemSession(SerialLink link, RequestLine requestLine, Timing timing, Clock clock, HostLink hostLink,
                        LinkCounters counters) {
        this.link = link;
        this.requestLine = requestLine;
        this.timing = timing;
        this.clock = clock;
        this.hostLink = hostLink;
        this.counters = counters;
    }

    /**
     * Start-up: ping the modem, write the modem configuration MIB object (0x00), read the PHY
     * configuration (0x01), write it with the setup's frequency and receive mode and read it back
     * to check, read the firmware version. Indications that arrive meanwhile wait for {@link #poll}.
     */
    public ModemInfo start(ModemSetup setup) throws IOException, ModemException {
        LocalFrame pong = request(LocalFrame.of(St7580.Command.PING_REQUEST, PING_PAYLOAD), "PingRequest",
                St7580.Command.PING_CONFIRM, null);
        if (!Arrays.equals(pong.data(), PING_PAYLOAD)) {
            throw new ModemException(link.device() + ": the modem's PingConfirm does not echo the ping's data ("
                    + HexFormat.of().formatHex(pong.data()) + ")");
        }
        writeMib(St7580.Mib.MODEM_CONFIGURATION, new byte[] {(byte) setup.modemConfiguration()},
                "the modem configuration");
        PhyConfiguration held = readPhy();
        PhyConfiguration wanted = setup.applyTo(held);
        writeMib(St7580.Mib.PHY_CONFIGURATION, wanted.encode(), "the PHY configuration");
        PhyConfiguration readBack = readPhy();
        if (!readBack.equals(wanted)) {
            throw new ModemException(link.device() + ": the PHY configuration read back differs from the one written:"
                    + " wrote " + HexFormat.of().formatHex(wanted.encode()) + " (" + wanted.describe() + "), read "
                    + HexFormat.of().formatHex(readBack.encode()) + " (" + readBack.describe() + ")");
        }
        return new ModemInfo(firmwareVersion(), setup.modemConfiguration(), readBack, lastStatus);
    }

    /** {@code du modem info}: what the modem holds, changing nothing. */
    public ModemInfo inspect() throws IOException, ModemException {
        byte[] conf = readMib(St7580.Mib.MODEM_CONFIGURATION, "the modem configuration");
        if (conf.length != 1) {
            throw new ModemException(link.device() + ": the modem configuration read has " + conf.length
                    + " bytes, expected 1");
        }
        PhyConfiguration phy = readPhy();
        return new ModemInfo(firmwareVersion(), conf[0] & 0xFF, phy, lastStatus);
    }

    private String firmwareVersion() throws IOException, ModemException {
        byte[] v = readMib(St7580.Mib.FIRMWARE_VERSION, "the firmware version");
        if (v.length != 4) {
            throw new ModemException(link.device() + ": the firmware version read back has " + v.length
                    + " bytes, expected 4");
        }
        return (v[0] & 0xFF) + "." + (v[1] & 0xFF) + "." + (v[2] & 0xFF) + "." + (v[3] & 0xFF);
    }

    private PhyConfiguration readPhy() throws IOException, ModemException {
        PhyConfiguration.Decoded d = PhyConfiguration.decode(readMib(St7580.Mib.PHY_CONFIGURATION,
                "the PHY configuration"));
        if (d.configuration() == null) {
            throw new ModemException(link.device() + ": " + d.rejection());
        }
        return d.configuration();
    }

    private void writeMib(int object, byte[] value, String what) throws IOException, ModemException {
        byte[] data = new byte[1 + value.length];
        data[0] = (byte) object;
        System.arraycopy(value, 0, data, 1, value.length);
        request(LocalFrame.of(St7580.Command.MIB_WRITE_REQUEST, data), "MIB_WriteRequest of " + what,
                St7580.Command.MIB_WRITE_CONFIRM, St7580.Command.MIB_WRITE_ERROR);
    }

    private byte[] readMib(int object, String what) throws IOException, ModemException {
        return request(LocalFrame.of(St7580.Command.MIB_READ_REQUEST, (byte) object), "MIB_ReadRequest of " + what,
                St7580.Command.MIB_READ_CONFIRM, St7580.Command.MIB_READ_ERROR).data();
    }

    /** The last status byte the modem sent (null until one came: without a T_REQ line none does). */
    public ModemStatus lastStatus() {
        return lastStatus;
    }

    /**
     * Reads once (waiting at most the port's poll interval) and returns what the modem
     * delivered since the last call, in order.
     */
    public List<ModemEvent> poll() throws IOException {
        if (delivered.isEmpty()) {
            pump();
            if (delivered.isEmpty()) {
                return List.of();
            }
        }
        List<ModemEvent> out = new ArrayList<>(delivered);
        delivered.clear();
        return out;
    }

    /** Sends a request and returns its confirm, trying {@link Timing#attempts()} times. */
    LocalFrame request(LocalFrame request, String what, St7580.Command confirm, St7580.Command error)
            throws IOException, ModemException {
        ModemException last = null;
        for (int attempt = 1; attempt <= timing.attempts(); attempt++) {
            if (attempt > 1) {
                counters.requestRetries++;
                LOG.debug("{}: {} again (attempt {}): {}", link.device(), what, attempt, last.getMessage());
            }
            try {
                return requestOnce(request, what, confirm, error);
            } catch (NoAnswer e) {
                last = new ModemException(link.device() + ": the modem does not answer: " + e.getMessage() + " ("
                        + timing.attempts() + " attempts). Check the wiring, the baud rate and modem.t-req ("
                        + requestLine.key() + ")");
            }
        }
        throw last;
    }

    private LocalFrame requestOnce(LocalFrame request, String what, St7580.Command confirm, St7580.Command error)
            throws IOException, ModemException, NoAnswer {
        answer = null;
        awaited.clear();
        awaited.add(confirm);
        awaited.add(St7580.Command.COMMAND_SYNTAX_ERROR);
        if (error != null) {
            awaited.add(error);
        }
        if (requestLine != RequestLine.NONE) {
            awaitIdleStatus(what);
        }
        int acksBefore = acks;
        int naksBefore = naks;
        try {
            // Straight after the status: T_SR (200 ms) runs from it, and a reply arriving meanwhile is only read later.
            link.write(request.encode());
        } finally {
            if (requestLine != RequestLine.NONE) {
                // UM0932: T_REQ goes up once STX is out; the whole frame is, now.
                link.setRequestLine(requestLine, false);
            }
        }
        if (!pumpUntil(() -> acks > acksBefore || naks > naksBefore, timing.ack())) {
            throw new NoAnswer("no ACK within " + timing.ack().toMillis() + " ms to " + what);
        }
        if (acks == acksBefore) {
            // Never STX 0x03 from the host: the whole sequence again, from T_REQ (request() does it).
            throw new NoAnswer(what + " NAKed (the modem saw a bad checksum)");
        }
        St7580.Command syntaxError = St7580.Command.COMMAND_SYNTAX_ERROR;
        boolean answered = pumpUntil(() -> answer != null, timing.confirm());
        awaited.clear();
        if (!answered) {
            throw new NoAnswer("no confirm within " + timing.confirm().toMillis() + " ms to " + what);
        }
        LocalFrame a = answer;
        answer = null;
        if (a.command() == confirm.code()) {
            return a;
        }
        int code = a.data().length > 0 ? a.data()[0] & 0xFF : -1;
        if (a.command() == syntaxError.code()) {
            throw new ModemException(link.device() + ": the modem answered " + what + " with a command syntax error"
                    + (code < 0 ? "" : String.format(" (0x%02X)", code)));
        }
        throw new ModemException(link.device() + ": the modem refused " + what + " (" + a.knownCommand() + ": "
                + (code < 0 ? "no error code" : St7580.errorCode(code)) + ")");
    }

    /**
     * T_REQ down until a status message says the modem is neither transmitting nor receiving: a
     * busy modem delays the request (T_REQ up, a pause, again) for up to {@link #BUSY_PATIENCE}.
     */
    private void awaitIdleStatus(String what) throws IOException, NoAnswer {
        long busyDeadline = System.nanoTime() + BUSY_PATIENCE.toNanos();
        while (true) {
            int seen = statuses;
            link.setRequestLine(requestLine, true);
            if (!pumpUntil(() -> statuses > seen, timing.status())) {
                link.setRequestLine(requestLine, false);
                throw new NoAnswer("no status message within " + timing.status().toMillis() + " ms of T_REQ on "
                        + requestLine.key().toUpperCase() + " for " + what);
            }
            if (!lastStatus.busy()) {
                return;
            }
            link.setRequestLine(requestLine, false);
            counters.busyDelays++;
            if (System.nanoTime() - busyDeadline > 0) {
                throw new NoAnswer("the modem stayed busy for " + BUSY_PATIENCE.toMillis() + " ms (status "
                        + lastStatus.describe() + ") for " + what);
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: modem busy ({}): {} delayed", link.device(), lastStatus.describe(), what);
            }
            long pauseEnd = System.nanoTime() + BUSY_PAUSE.toNanos();
            pumpUntil(() -> System.nanoTime() - pauseEnd > 0, BUSY_PAUSE.multipliedBy(2));
        }
    }

    private static final class NoAnswer extends Exception {
        NoAnswer(String message) {
            super(message, null, false, false);
        }
    }

    private boolean pumpUntil(BooleanSupplier done, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            pump();
        }
        return true;
    }

    /** One read from the port, and everything it completes. */
    private void pump() throws IOException {
        int n = link.read(buffer);
        long now = System.nanoTime();
        List<LinkEvent> events = n > 0 ? reader.feed(buffer, 0, n, now) : reader.poll(now);
        for (LinkEvent e : events) {
            handle(e);
        }
        // The reader counts every byte it drops (noise, frames cut short, bad checksums).
        counters.discardedBytes += reader.discardedBytes() - discardedSeen;
        discardedSeen = reader.discardedBytes();
    }

    private void handle(LinkEvent e) throws IOException {
        if (e instanceof LinkEvent.Ack) {
            acks++;
            return;
        }
        if (e instanceof LinkEvent.Nak) {
            naks++;
            return;
        }
        if (e instanceof LinkEvent.Status s) {
            ModemStatus status = new ModemStatus(s.status());
            if (status.alarming() && (lastStatus == null || lastStatus.condition() != status.condition())) {
                counters.statusAlarms++;
                LOG.warn("{}: the modem reports {}", link.device(), status.describe());
            }
            lastStatus = status;
            statuses++;
            if (LOG.isTraceEnabled()) { // a status message comes with every request: describe it only when shown
                LOG.trace("{}: status {}", link.device(), status.describe());
            }
            return;
        }
        if (e instanceof LinkEvent.Discarded d) {
            if (d.cause() == LinkEvent.Discarded.Cause.NOISE) {
                counters.noiseRuns++;
            } else {
                counters.abandonedFrames++;
            }
            LOG.debug("{}: discarded {} bytes: {}", link.device(), d.bytes(), d.reason());
            return;
        }
        HostLink.Step step = hostLink.on(e);
        if (step.reply().length > 0) {
            link.write(step.reply());
        }
        if (e instanceof LinkEvent.BadChecksum b) {
            counters.badChecksums++;
            LOG.debug("{}: bad checksum on a 0x{} frame of {} bytes: NAK", link.device(),
                    Integer.toHexString(b.command()), b.length());
            return;
        }
        if (step.duplicate()) {
            counters.linkDuplicates++;
            LOG.debug("{}: the modem repeated a frame already delivered (our ACK was lost): dropped", link.device());
        }
        LocalFrame f = step.deliver();
        if (f != null) {
            deliver(f);
        }
    }

    private void deliver(LocalFrame f) {
        St7580.Command c = f.knownCommand();
        if (DataIndication.isIndication(c)) {
            DataIndication ind = DataIndication.of(f);
            if (ind == null) {
                counters.shortIndications++;
                LOG.debug("{}: {} with {} bytes, too short for its reception info: dropped", link.device(), c,
                        f.data().length);
                return;
            }
            counters.indications++;
            delivered.add(new ModemEvent.Indication(clock.instant(), ind));
        } else if (c == St7580.Command.RESET_INDICATION) {
            counters.modemResets++;
            LOG.warn("{}: the modem reset itself: {}", link.device(), St7580.resetIndication(f.data()));
            delivered.add(new ModemEvent.ModemReset(clock.instant()));
        } else if (c != null && awaited.contains(c) && answer == null) {
            answer = f;
        } else {
            counters.unexpectedFrames++;
            LOG.debug("{}: unexpected {}: ignored", link.device(), f);
        }
    }

    public SerialLink link() {
        return link;
    }
}
