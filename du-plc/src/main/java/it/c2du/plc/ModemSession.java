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
 * <p>A request: T_REQ asserted, wait for the status message; the frame; the modem's ACK (a NAK
 * makes us send it once more with STX 0x03); T_REQ released; then the confirm (or error) frame,
 * which we acknowledge. Indications arriving meanwhile are acknowledged and kept for the next
 * {@link #poll}: nothing the modem delivers is dropped because a request was in progress.
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

    /** What the start-up sequence learned. */
    public record ModemInfo(String firmwareVersion, int modemConfiguration) {
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
     * Start-up: ping the modem, write the modem configuration MIB object, read the firmware
     * version. Indications that arrive meanwhile wait for {@link #poll}.
     */
    public ModemInfo start(int modemConfiguration) throws IOException, ModemException {
        LocalFrame pong = request(LocalFrame.of(St7580.Command.PING_REQUEST, PING_PAYLOAD), "PingRequest",
                St7580.Command.PING_CONFIRM, null);
        if (!Arrays.equals(pong.data(), PING_PAYLOAD)) {
            throw new ModemException(link.device() + ": the modem's PingConfirm does not echo the ping's data ("
                    + HexFormat.of().formatHex(pong.data()) + ")");
        }
        request(LocalFrame.of(St7580.Command.MIB_WRITE_REQUEST, (byte) St7580.Mib.MODEM_CONFIGURATION,
                        (byte) modemConfiguration), "MIB_WriteRequest of the modem configuration",
                St7580.Command.MIB_WRITE_CONFIRM, St7580.Command.MIB_WRITE_ERROR);
        LocalFrame version = request(LocalFrame.of(St7580.Command.MIB_READ_REQUEST, (byte) St7580.Mib.FIRMWARE_VERSION),
                "MIB_ReadRequest of the firmware version", St7580.Command.MIB_READ_CONFIRM, St7580.Command.MIB_READ_ERROR);
        byte[] v = version.data();
        if (v.length != 4) {
            throw new ModemException(link.device() + ": the firmware version read back has " + v.length
                    + " bytes, expected 4");
        }
        String firmware = (v[0] & 0xFF) + "." + (v[1] & 0xFF) + "." + (v[2] & 0xFF) + "." + (v[3] & 0xFF);
        return new ModemInfo(firmware, modemConfiguration);
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
        try {
            if (requestLine != RequestLine.NONE) {
                int seen = statuses;
                link.setRequestLine(requestLine, true);
                if (!pumpUntil(() -> statuses > seen, timing.status())) {
                    throw new NoAnswer("no status message within " + timing.status().toMillis() + " ms of T_REQ on "
                            + requestLine.key().toUpperCase() + " for " + what);
                }
            }
            LocalFrame sent = request;
            for (int transmission = 1; ; transmission++) {
                int acksBefore = acks;
                int naksBefore = naks;
                link.write(sent.encode());
                if (!pumpUntil(() -> acks > acksBefore || naks > naksBefore, timing.ack())) {
                    throw new NoAnswer("no ACK within " + timing.ack().toMillis() + " ms to " + what);
                }
                if (acks > acksBefore) {
                    break;
                }
                if (transmission == 2) {
                    throw new NoAnswer(what + " NAKed twice (the modem saw a bad checksum)");
                }
                sent = request.asRepeat();
            }
        } finally {
            if (requestLine != RequestLine.NONE) {
                link.setRequestLine(requestLine, false);
            }
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
        String code = a.data().length > 0 ? String.format("0x%02X", a.data()[0] & 0xFF) : "none";
        if (a.command() == syntaxError.code()) {
            throw new ModemException(link.device() + ": the modem answered " + what + " with a command syntax error ("
                    + code + ")");
        }
        throw new ModemException(link.device() + ": the modem refused " + what + " (" + a.knownCommand()
                + ", error code " + code + ")");
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
            statuses++;
            LOG.trace("{}: status 0x{}", link.device(), Integer.toHexString(s.status()));
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
        if (c == St7580.Command.PHY_DATA_INDICATION || c == St7580.Command.DL_DATA_INDICATION) {
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
