package it.c2du.counters;

import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.ReceptionCode;
import it.c2du.core.receive.ReceptionTally;
import it.c2du.core.trace.TraceEvent;
import java.time.Instant;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver as the counters see it: frames and power events in time order, each frame
 * through the {@link ReceiveStack}, each accepted one counted on its CF's counter. Frames
 * while the DU is without power are not heard (tallied as {@code whileOff}).
 *
 * <p>A clock behind the counters' day (a Pi without RTC booting offline, a trace fed again
 * after a crash) never reopens a closed day: frames count into the current day, and the log
 * says so once per episode. A power event before the counters' clock was already applied by an
 * earlier run on the same state (a resumed trace): it sets whether the DU is powered, so the
 * frames after it are heard or not as they were then, but marks no day again.
 */
public final class CountingReceiver implements Receiver {
    private static final Logger LOG = LoggerFactory.getLogger(CountingReceiver.class);

    private final ReceiveStack pipeline;
    private final DailyCounters counters;
    private final ReceptionTally tally = new ReceptionTally();
    private boolean behind;
    private long skippedPowerEvents;
    private DayClosedListener dayClosed = DayClosedListener.NONE;

    public CountingReceiver(ReceiveStack pipeline, DailyCounters counters) {
        this.pipeline = pipeline;
        this.counters = counters;
    }

    @Override
    public Reception apply(TraceEvent event) {
        LocalDate before = counters.day();
        Reception r = applyEvent(event);
        dayChange(before);
        return r;
    }

    private Reception applyEvent(TraceEvent event) {
        switch (event.kind()) {
            case POWER_OFF:
                if (powerEventApplies(event)) {
                    counters.powerOff(event.instant());
                } else {
                    counters.setPowered(false);
                }
                return null;
            case POWER_ON:
                if (powerEventApplies(event)) {
                    counters.powerOn(event.instant());
                } else {
                    counters.setPowered(true);
                }
                return null;
            default:
                return frame(event.instant(), event.frame());
        }
    }

    private boolean powerEventApplies(TraceEvent event) {
        Instant clock = counters.clock();
        if (clock != null && event.instant().isBefore(clock)) {
            if (skippedPowerEvents++ == 0) {
                LOG.info("{} at {} (line {}) is before the counters' clock {}: already applied by an earlier run,"
                        + " it marks no day again (and so the power events after it until the clock)",
                        event.kind(), event.timeText(), event.line(), clock);
            }
            return false;
        }
        return true;
    }

    @Override
    public Reception onFrame(Instant t, byte[] frame) {
        LocalDate before = counters.day();
        Reception r = frame(t, frame);
        dayChange(before);
        return r;
    }

    /**
     * {@link #onFrame} without the {@link Reception}: the counting path, which makes no object per
     * frame outside the AES-GCM engine (docs/performance.md, issue 20). Same verdicts, tally,
     * counters and windows as onFrame, frame for frame (CountingPathAgreementTest).
     *
     * @return the frame's {@link ReceptionCode}, or {@link ReceptionCode#NOT_HEARD} while without power
     */
    public int countFrame(Instant t, byte[] frame) {
        LocalDate before = counters.day();
        noteClock(t);
        counters.advanceTo(t);
        int code;
        if (!counters.powered()) {
            code = ReceptionCode.NOT_HEARD;
        } else {
            code = pipeline.receiveCode(frame);
            if (ReceptionCode.accepted(code)) {
                // The CF number is one the layout's table has (the stack decoded it); a null counter counts nowhere.
                ReceptionCounter counter = pipeline.layout().compactFrames().type(ReceptionCode.cfNumber(code)).counter();
                if (counter != null) {
                    counters.count(counter);
                }
            }
        }
        tally.record(code);
        dayChange(before);
        return code;
    }

    /**
     * {@link #apply} on the counting path ({@link #countFrame}): what du replay does when it reports
     * no frame, so it makes no {@link Reception} per frame.
     *
     * @return the frame's {@link ReceptionCode}, or {@link ReceptionCode#NOT_HEARD} for a power event
     */
    public int count(TraceEvent event) {
        if (event.kind() == TraceEvent.Kind.FRAME) {
            return countFrame(event.instant(), event.frame());
        }
        apply(event);
        return ReceptionCode.NOT_HEARD;
    }

    private Reception frame(Instant t, byte[] frame) {
        noteClock(t);
        counters.advanceTo(t);
        if (!counters.powered()) {
            tally.recordWhileOff();
            return null;
        }
        Reception r = pipeline.receive(frame);
        tally.record(r);
        // A CF the profile adds with "counter": null is accepted and shown, counted nowhere.
        if (r.accepted() && r.compactFrame().counter() != null) {
            counters.count(r.compactFrame().counter());
        }
        return r;
    }

    private void noteClock(Instant t) {
        // Cheap on the per-frame path: only a time before the clock can be behind the current day.
        Instant clock = counters.clock();
        boolean nowBehind = clock != null && t.isBefore(clock) && counters.isBehind(t);
        if (nowBehind && !behind) {
            LOG.warn("clock {} is behind the counters' day {}: counting into {} until the clock passes it",
                    t.atZone(counters.zone()).toOffsetDateTime(), counters.day(), counters.day());
        } else if (!nowBehind && behind) {
            LOG.info("clock {} has caught up with the counters' day {}", t.atZone(counters.zone()).toOffsetDateTime(),
                    counters.day());
        }
        behind = nowBehind;
    }

    @Override
    public void advanceTo(Instant t) {
        LocalDate before = counters.day();
        noteClock(t);
        counters.advanceTo(t);
        dayChange(before);
    }

    private void dayChange(LocalDate before) {
        LocalDate day = counters.day();
        if (before != null && day != null && day.isAfter(before)) {
            dayClosed.dayClosed(before, counters);
        }
    }

    @Override
    public void onDayClosed(DayClosedListener listener) {
        dayClosed = listener;
    }

    /** Power events that marked no day because they were before the counters' clock. */
    public long skippedPowerEvents() {
        return skippedPowerEvents;
    }

    public ReceiveStack pipeline() {
        return pipeline;
    }

    @Override
    public DailyCounters counters() {
        return counters;
    }

    @Override
    public ReceptionTally tally() {
        return tally;
    }
}
