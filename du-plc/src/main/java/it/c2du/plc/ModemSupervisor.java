package it.c2du.plc;

import it.c2du.core.retry.Backoff;
import it.c2du.plc.serial.SerialLink;
import it.c2du.plc.serial.SerialPorts;
import it.c2du.plc.serial.SerialSettings;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving loop over a modem on a serial port: opens the port, runs the start-up sequence,
 * hands every indication to a {@link Listener}, configures the modem again after it resets, and
 * when the port goes away (adapter unplugged, serial error) reopens it with backoff (1 s doubling
 * to 30 s by default) for as long as it runs. Nothing here counts: the listener does, and what it
 * has accepted stays accepted however often the port comes and goes.
 */
public final class ModemSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(ModemSupervisor.class);

    /** What the receiver reports. Exceptions from the listener stop {@link #run()} and propagate. */
    public interface Listener {
        /** The modem answered the start-up sequence (at start, after a reset, after a reopen). */
        default void connected(String device, ModemSession.ModemInfo info) {
        }

        void received(ModemEvent.Indication indication) throws Exception;

        /** The port went away or the modem stopped answering; the next attempt is in {@code retryIn}. */
        default void linkLost(String device, String reason, Duration retryIn) {
        }

        /** Called about once a second of real time, connected or not: time to close days and summarise. */
        default void tick(Instant now) throws Exception {
        }
    }

    /**
     * @param startAttempts attempts at the first start (then {@link #connect()} fails with the reason)
     */
    public record Options(SerialSettings settings, ModemSetup setup, ModemSession.Timing timing,
                          int startAttempts, Duration firstRetry, Duration maxRetry, Duration tickInterval) {
        public static Options defaults(SerialSettings settings, ModemSetup setup) {
            return new Options(settings, setup, ModemSession.Timing.defaults(), 3, Duration.ofSeconds(1),
                    Duration.ofSeconds(30), Duration.ofSeconds(1));
        }

        public Options withRetries(Duration first, Duration max) {
            return new Options(settings, setup, timing, startAttempts, first, max, tickInterval);
        }

        public Options withTickInterval(Duration tick) {
            return new Options(settings, setup, timing, startAttempts, firstRetry, maxRetry, tick);
        }

        public Options withStartAttempts(int attempts) {
            return new Options(settings, setup, timing, attempts, firstRetry, maxRetry, tickInterval);
        }
    }

    private final SerialPorts ports;
    private final String device;
    private final Options options;
    private final Clock clock;
    private final Listener listener;
    private final HostLink hostLink = new HostLink();
    private final LinkCounters counters = new LinkCounters();
    private ModemSession session;
    private volatile boolean stopping;
    private long lastTickNanos;

    public ModemSupervisor(SerialPorts ports, String device, Options options, Clock clock, Listener listener) {
        this.ports = ports;
        this.device = device;
        this.options = options;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Opens the port and starts the modem, trying {@link Options#startAttempts()} times a retry
     * interval apart.
     *
     * @throws ModemException naming the device and what failed: no such port (and the ports that
     *                        exist), no permission, no answer from the modem
     */
    public ModemSession.ModemInfo connect() throws ModemException {
        ModemException last = null;
        for (int attempt = 1; attempt <= options.startAttempts() && !stopping; attempt++) {
            if (attempt > 1) {
                sleep(options.firstRetry());
            }
            try {
                return open();
            } catch (ModemException e) {
                last = e;
                LOG.debug("start attempt {}: {}", attempt, e.getMessage());
            }
        }
        throw last != null ? last : new ModemException(device + ": stopped before the modem was started");
    }

    private ModemSession.ModemInfo open() throws ModemException {
        SerialLink link;
        try {
            link = ports.open(device, options.settings());
        } catch (NoSuchFileException e) {
            List<String> present = ports.available();
            throw new ModemException("serial port " + device + " does not exist; serial ports present: "
                    + (present.isEmpty() ? "none" : String.join(", ", present)));
        } catch (IOException e) {
            throw new ModemException(e.getMessage());
        }
        ModemSession s = new ModemSession(link, options.settings().requestLine(), options.timing(), clock, hostLink,
                counters);
        try {
            ModemSession.ModemInfo info = s.start(options.setup());
            session = s;
            listener.connected(device, info);
            return info;
        } catch (IOException e) {
            link.close();
            throw new ModemException(device + ": " + e.getMessage());
        } catch (ModemException e) {
            link.close();
            throw e;
        }
    }

    /**
     * Receives until {@link #stop()}. Call after {@link #connect()} succeeded. Returns normally
     * when stopped; throws what the listener threw.
     */
    public void run() throws Exception {
        lastTickNanos = System.nanoTime();
        Backoff backoff = Backoff.doubling(options.firstRetry(), options.maxRetry());
        int failures = 0;
        while (!stopping) {
            if (session == null) {
                try {
                    open();
                    counters.reopens++;
                    LOG.info("{}: port open again, modem started", device);
                    failures = 0;
                } catch (ModemException e) {
                    Duration retry = backoff.base(++failures);
                    listener.linkLost(device, e.getMessage(), retry);
                    waitTicking(retry);
                    continue;
                }
            }
            try {
                for (ModemEvent event : session.poll()) {
                    if (event instanceof ModemEvent.Indication ind) {
                        listener.received(ind);
                    } else if (event instanceof ModemEvent.ModemReset) {
                        LOG.warn("{}: the modem reset itself; configuring it again", device);
                        listener.connected(device, session.start(options.setup()));
                    }
                }
            } catch (IOException | ModemException e) {
                drop();
                if (stopping) {
                    break; // the port was closed because we are stopping: not a lost link
                }
                listener.linkLost(device, e.getMessage(), Duration.ZERO);
            }
            tickIfDue();
        }
        drop();
    }

    private void drop() {
        if (session != null) {
            session.link().close();
            session = null;
        }
    }

    private void waitTicking(Duration d) throws Exception {
        long end = System.nanoTime() + d.toNanos();
        while (!stopping && System.nanoTime() - end < 0) {
            sleep(Duration.ofMillis(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000))));
            tickIfDue();
        }
    }

    private void tickIfDue() throws Exception {
        long now = System.nanoTime();
        if (now - lastTickNanos >= options.tickInterval().toNanos()) {
            lastTickNanos = now;
            listener.tick(clock.instant());
        }
    }


    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks {@link #run()} to return after the current read (within the port's poll interval). */
    public void stop() {
        stopping = true;
    }

    public LinkCounters counters() {
        return counters;
    }
}
