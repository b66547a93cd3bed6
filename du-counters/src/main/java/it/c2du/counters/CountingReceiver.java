package it.c2du.counters;

import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.ReceptionCode;
import it.c2du.core.receive.ReceptionTally;
import it.c2du.core.trace.TraceEvent;
import it.c2du.core.trace.TraceLine;
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
        return countFrame(t.getEpochSecond(), t.getNano(), frame);
    }

    /** {@link #countFrame(Instant, byte[])} at the instant (epoch second, nano): no Instant per frame. */
    public int countFrame(long epochSecond, int nano, byte[] frame) {
        LocalDate before = counters.day();
        noteClock(epochSecond, nano);
        counters.advanceTo(epochSecond, nano);
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
     * {@link #apply} on the counting path ({@link #countFrame}), of a line in a reusable holder: what
     * du replay does without --frames, allocating nothing per frame line. A power event (rare) goes
     * through {@link #apply} as an event.
     *
     * @return the frame's {@link ReceptionCode}, or {@link ReceptionCode#NOT_HEARD} for a power event
     */
    public int count(TraceLine line) {
        if (line.kind() == TraceEvent.Kind.FRAME) {
            return countFrame(line.epochSecond(), line.nano(), frameOfLength(line.frameBuffer(), line.frameLength()));
        }
        apply(line.toEvent());
        return ReceptionCode.NOT_HEARD;
    }

    /** Reused frame arrays by length: the layers read a frame's length from its array (frame.length). */
    private byte[][] framesByLength = new byte[0][];
    /**
     * The longest frame whose array is reused: every length up to it cached is at most 128 KiB,
     * whatever a trace holds (a Chain 2 frame is far shorter; a longer one is rejected, and may allocate).
     */
    private static final int MAX_REUSED_FRAME = 512;

    /**
     * The first {@code n} bytes of {@code buffer} in an array of exactly {@code n} bytes, reused for
     * every frame of that length: the receive stack keeps nothing of a frame after receiveCode.
     */
    private byte[] frameOfLength(byte[] buffer, int n) {
        if (n > MAX_REUSED_FRAME) {
            return java.util.Arrays.copyOf(buffer, n);
        }
        if (n >= framesByLength.length) {
            framesByLength = java.util.Arrays.copyOf(framesByLength, Math.max(n + 1, 2 * framesByLength.length));
        }
        byte[] f = framesByLength[n];
        if (f == null) {
            f = new byte[n];
            framesByLength[n] = f;
        }
        System.arraycopy(buffer, 0, f, 0, n);
        return f;
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
        noteClock(t.getEpochSecond(), t.getNano());
    }

    private void noteClock(long epochSecond, int nano) {
        // Cheap on the per-frame path: only a time before the clock can be behind the current day,
        // and only then (and when it catches up) is an Instant made.
        boolean nowBehind = counters.isBeforeClock(epochSecond, nano)
                && counters.isBehind(Instant.ofEpochSecond(epochSecond, nano));
        if (nowBehind == behind) {
            return;
        }
        Instant t = Instant.ofEpochSecond(epochSecond, nano);
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
