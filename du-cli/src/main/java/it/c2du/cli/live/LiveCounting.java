package it.c2du.cli.live;

import it.c2du.cli.text.CounterText;
import it.c2du.cli.text.ReceptionTable;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.Verdict;
import it.c2du.counters.DailyCounters;
import it.c2du.counters.DurableReceiver;
import it.c2du.plc.DataIndication;
import it.c2du.plc.LinkCounters;
import it.c2du.plc.ModemConfiguration;
import it.c2du.plc.ModemEvent;
import it.c2du.plc.ModemSession;
import it.c2du.plc.ModemSupervisor;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The modem supervisor's listener in the live receiver: every indication the modem delivers goes
 * through the durable receiver (committed before the next frame is read), then to the
 * {@link FrameObserver}; each verdict is logged at debug level, and the {@link MinuteLog} closes
 * every minute of the clock.
 */
final class LiveCounting implements ModemSupervisor.Listener {
    /** Per-frame verdicts: {@code --log-level debug} shows them. */
    static final Logger FRAMES = LoggerFactory.getLogger("du.frames");

    private final FrameObserver observer;
    private final MinuteLog minuteLog;
    private DurableReceiver durable;

    /**
     * @param observer what watches each frame, or null (logs only)
     * @param link     the link's counters, read by the minute log
     */
    LiveCounting(FrameObserver observer, Supplier<LinkCounters> link) {
        this.observer = observer;
        this.minuteLog = new MinuteLog(link);
    }

    /** Where frames are counted from now on: set once the modem has answered, before receiving. */
    void countInto(DurableReceiver durable) {
        this.durable = durable;
        if (observer != null) {
            observer.started(durable.counters());
        }
    }

    /** A day was closed and committed (the durable receiver's callback). */
    void dayClosed(LocalDate day, DailyCounters counters) {
        LiveReceiver.LOG.info("day {} closed into the profile: {}", day, CounterText.line(rc -> counters.profile(rc)[0]));
        if (observer != null) {
            observer.dayClosed(day, counters);
        }
    }

    @Override
    public void connected(String device, ModemSession.ModemInfo info) {
        LiveReceiver.LOG.info("modem on {} started: firmware {}, modem configuration {}; PHY {}{}", device,
                info.firmwareVersion(), ModemConfiguration.decode(info.modemConfiguration()).describe(),
                info.phy().describe(), info.status() == null ? "" : "; status " + info.status().describe());
        if (observer != null) {
            observer.link("modem on " + device + " started: firmware " + info.firmwareVersion());
        }
    }

    @Override
    public void received(ModemEvent.Indication ind) throws Exception {
        DataIndication d = ind.indication();
        Reception r = durable.onFrame(ind.receivedAt(), d.macFrame());
        minuteLog.record(r);
        if (FRAMES.isDebugEnabled()) {
            FRAMES.debug("{} {} {}{}{} fc {} {} | {}, SNR {} dB, {} bytes", ind.receivedAt(), r.verdict().wireName(),
                    r.rejection() == null ? "" : r.rejection().reason().wireName() + " ",
                    r.meter() == null ? "" : r.meter() + " ", r.cfNumber() == null ? "" : "CF" + r.cfNumber(),
                    r.frameCounter() == null ? "-" : r.frameCounter(), r.verdict() == Verdict.ACCEPTED
                            ? "counted in " + ReceptionTable.counted(r) : "not counted",
                    d.modulationName(), d.snrDb() == null ? "n/a" : d.snrDb(), d.macFrame().length);
        }
        if (observer != null) {
            observer.frame(ind, r, durable.counters());
        }
    }

    @Override
    public void linkLost(String device, String reason, Duration retryIn) {
        if (retryIn.isZero()) {
            LiveReceiver.LOG.warn("serial link lost: {}; reopening", reason);
        } else {
            LiveReceiver.LOG.warn("{}; next attempt in {} s", reason, retryIn.toSeconds() > 0 ? retryIn.toSeconds()
                    : String.format("%.1f", retryIn.toMillis() / 1000.0));
        }
        if (observer != null) {
            observer.link("serial link: " + reason);
        }
    }

    @Override
    public void tick(Instant now) throws Exception {
        durable.advanceTo(now);
        if (observer != null) {
            observer.tick(durable.counters());
        }
        minuteLog.tick(now, durable.counters());
    }
}
