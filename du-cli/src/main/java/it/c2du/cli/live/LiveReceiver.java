package it.c2du.cli.live;

import it.c2du.cli.home.HomeOutputs;
import it.c2du.core.config.DuConfig;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.counters.DurableReceiver;
import it.c2du.counters.platform.UploadLoop;
import it.c2du.counters.platform.UploadTarget;
import it.c2du.counters.state.StateDirectory;
import it.c2du.counters.state.StateException;
import it.c2du.plc.LinkCounters;
import it.c2du.plc.ModemException;
import it.c2du.plc.ModemSession;
import it.c2du.plc.ModemSetup;
import it.c2du.plc.ModemSupervisor;
import it.c2du.plc.serial.RequestLine;
import it.c2du.plc.serial.SerialPorts;
import it.c2du.plc.serial.SerialSettings;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live receiver, built the same way for {@code du run}, {@code du lab observe} and
 * {@code du demo}: a {@link ModemSupervisor} keeps the modem on its serial port connected and
 * hands each indication to the counting, which goes through a {@link DurableReceiver} into the
 * state directory, then to the {@link FrameObserver}; each closed day wakes the platform upload
 * when there is one. The three differ only in their {@link Setup}.
 *
 * <pre>
 *  serial port -> ModemSupervisor -> LiveCounting -> DurableReceiver -> StateDirectory
 *                  (du-plc)           |   (this package)  (du-counters)
 *                                     +-> FrameObserver, MinuteLog       day closed -> UploadLoop.wake
 * </pre>
 *
 * <p>In order: {@link #connect()} (the modem answers), {@link #startCounting()} (the time before
 * is an interruption), {@link #run()} on one thread until {@link #stop()}, then {@link #finish()}
 * saves. Not thread-safe but for {@link #stop()}.
 */
public final class LiveReceiver {
    /** The receiver's log: start, the minute lines, days closed, link trouble. */
    public static final Logger LOG = LoggerFactory.getLogger("du.run");

    /**
     * What a live receiver is made of.
     *
     * @param modem      the serial settings, modem configuration, timing and retries
     * @param observer   what watches each frame, or null
     * @param interposer {@link Interposer#NONE} but in the lab suite's deliberately broken receivers
     * @param upload     the upload's pace when the configuration has {@code platform.broker}; null for none
     */
    public record Setup(DuConfig config, SerialPorts ports, String port, ModemSupervisor.Options modem, Clock clock,
                        FrameObserver observer, Interposer interposer, UploadPace upload) {
        /** The configuration's modem settings, no observer, no upload. */
        public static Setup of(DuConfig config, SerialPorts ports, String port, Clock clock) {
            return new Setup(config, ports, port, modemOptions(config), clock, null, Interposer.NONE, null);
        }

        public Setup observedBy(FrameObserver o) {
            return new Setup(config, ports, port, modem, clock, o, interposer, upload);
        }

        public Setup uploading(UploadPace pace) {
            return new Setup(config, ports, port, modem, clock, observer, interposer, pace);
        }

        public Setup interposing(Interposer i) {
            return new Setup(config, ports, port, modem, clock, observer, i, upload);
        }
    }

    /**
     * Something put between the modem and the counting. Nothing in the field: the lab suite's
     * deliberately broken receivers (its negative controls) put their one bug here.
     */
    @FunctionalInterface
    public interface Interposer {
        Interposer NONE = (counting, pipeline) -> counting;

        /** The listener the supervisor hands indications to, given the counting one and the receive stack it uses. */
        ModemSupervisor.Listener between(ModemSupervisor.Listener counting, ReceiveStack pipeline);
    }

    /**
     * What the configuration's modem keys deserve a warning for, in words; empty when nothing. A
     * raw {@code modem.configuration} replaces the receive-layer keys: a configuration copied from
     * the example packaged before band C has {@code 0x11}, the DL layer with CRC-32, in which the
     * modem passes up only ST7580 DL frames -- whether the meter sends those is not public.
     */
    public static java.util.List<String> modemWarnings(DuConfig cfg) {
        Integer raw = cfg.modem().configuration();
        if (raw == null) {
            return java.util.List.of();
        }
        return java.util.List.of(String.format("modem.configuration = 0x%02X sets the modem's receive mode by its raw"
                + " byte (%s) and replaces modem.receive-layer (default phy: every frame the PHY decodes); if the"
                + " line came from an older example configuration, remove it", raw,
                it.c2du.plc.ModemConfiguration.decode(raw).describe()));
    }

    /** The supervisor's options from the configuration's {@code modem.*} keys. */
    public static ModemSupervisor.Options modemOptions(DuConfig cfg) {
        DuConfig.Modem m = cfg.modem();
        return ModemSupervisor.Options.defaults(new SerialSettings(m.baud(), RequestLine.parse(m.requestLine())),
                ModemSetup.of(m));
    }

    private final Setup setup;
    private final StateDirectory dir;
    private final ReceiveStack pipeline;
    private final LiveCounting counting;
    private final ModemSupervisor supervisor;
    private final UploadLoop uploadLoop;
    private final HomeOutputs home;
    private DurableReceiver durable;

    /** @param who how the log names the receiver: "du run", "du lab observe" */
    public LiveReceiver(Setup setup, StateDirectory dir, String who) throws StateException {
        this.setup = setup;
        this.dir = dir;
        DuConfig cfg = setup.config();
        this.pipeline = new ReceiveStack(cfg.duAddress(), cfg.associations(), cfg.newEngine(), cfg.layout());
        this.uploadLoop = setup.upload() == null || cfg.platform() == null ? null : setup.upload().loop(cfg, dir.path());
        if (uploadLoop != null) {
            // From the start: a du publish meanwhile must leave the sending to this receiver (one client id).
            dir.announce(UploadTarget.of(cfg.platform()).announcement());
        }
        ModemSupervisor[] self = new ModemSupervisor[1];
        // The live data out (live.*, http.*) watches after the setup's own observer.
        this.home = HomeOutputs.of(cfg);
        FrameObserver observer = home == null ? setup.observer()
                : setup.observer() == null ? home.snapshot() : setup.observer().andThen(home.snapshot());
        this.counting = new LiveCounting(observer, () -> self[0].counters());
        this.supervisor = new ModemSupervisor(setup.ports(), setup.port(), setup.modem(), setup.clock(),
                setup.interposer().between(counting, pipeline));
        self[0] = supervisor;
        // The version first: a log sent in with a fault report says which build wrote it. The AES-GCM
        // engine and why (crypto.engine = auto picks by the JVM's options and the CPU: docs/performance.md).
        LOG.info("{}: du {}, DU {}{}, port {} ({}), state {}, crypto {}", who, it.c2du.cli.BuildVersion.current(), cfg.duAddress(),
                cfg.name() == null ? "" : " (" + cfg.name() + ")", setup.port(), setup.modem().settings(), dir.path(),
                cfg.engineDescription());
        dir.warnings().forEach(w -> LOG.warn("{}", w));
        modemWarnings(cfg).forEach(w -> LOG.warn("{}", w));
    }

    /** Opens the port and starts the modem (at most the supervisor's start attempts). */
    public ModemSession.ModemInfo connect() throws ModemException {
        return supervisor.connect();
    }

    /** Counting starts now: the time the receiver was not listening is an interruption (bit 15). */
    public DurableReceiver startCounting() throws StateException, java.io.IOException {
        if (home != null) {
            try {
                home.start(dir.path(), supervisor::counters, LOG);
            } catch (it.c2du.counters.platform.UploadException e) {
                throw new java.io.IOException(e.getMessage(), e);
            }
        }
        durable = DurableReceiver.startLive(dir, setup.config().zone(), pipeline, setup.clock().instant());
        durable.onDayClosed((day, counters) -> {
            counting.dayClosed(day, counters);
            if (uploadLoop != null) {
                uploadLoop.wake(); // the closed day is committed: it can go
            }
        });
        counting.countInto(durable);
        if (uploadLoop != null) {
            LOG.info("upload to the platform: {}", setup.config().platform());
            uploadLoop.start();
        }
        return durable;
    }

    /** Receives until {@link #stop()}; throws what the counting threw (the state cannot be written). */
    public void run() throws Exception {
        try {
            supervisor.run();
        } finally {
            if (uploadLoop != null) {
                uploadLoop.stop(); // at once: the counters are saved without waiting on the network
            }
        }
    }

    /** From any thread: {@link #run()} returns at the next frame boundary. */
    public void stop() {
        supervisor.stop();
    }

    /** A clean end: the counters saved with the running flag cleared, the upload closed. */
    public DurableReceiver finish() throws StateException {
        durable.finish();
        if (uploadLoop != null) {
            uploadLoop.close();
        }
        if (home != null) {
            home.close(); // after the save: the page and the broker see the end
        }
        LOG.info("stopped; counters saved: today {}", it.c2du.cli.text.CounterText.today(durable.counters()));
        LOG.info("link totals: {}", supervisor.counters());
        return durable;
    }

    /** What the serial link discarded and why, so far. */
    public LinkCounters link() {
        return supervisor.counters();
    }

    /** The live data out (MQTT, status page), or null when the configuration has none. */
    public HomeOutputs home() {
        return home;
    }

    /** Where frames are counted (null before {@link #startCounting()}). */
    public DurableReceiver durable() {
        return durable;
    }
}
