package it.c2du.counters;

import it.c2du.core.receive.ReceivePipeline;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.ReceptionTally;
import it.c2du.core.trace.TraceEvent;
import java.time.Instant;

/**
 * The receiver as the counters see it: frames and power events in time order, each frame
 * through the {@link ReceivePipeline}, each accepted one counted on its CF's counter. Frames
 * while the DU is without power are not heard (tallied as {@code whileOff}).
 */
public final class CountingReceiver {
    private final ReceivePipeline pipeline;
    private final DailyCounters counters;
    private final ReceptionTally tally = new ReceptionTally();

    public CountingReceiver(ReceivePipeline pipeline, DailyCounters counters) {
        this.pipeline = pipeline;
        this.counters = counters;
    }

    /** Applies one trace event; returns the frame's reception, or null for power events and unheard frames. */
    public Reception apply(TraceEvent event) {
        switch (event.kind()) {
            case POWER_OFF:
                counters.powerOff(event.instant());
                return null;
            case POWER_ON:
                counters.powerOn(event.instant());
                return null;
            default:
                return onFrame(event.instant(), event.frame());
        }
    }

    /** A frame the modem delivered at {@code t}; null when the DU was without power and did not hear it. */
    public Reception onFrame(Instant t, byte[] frame) {
        counters.advanceTo(t);
        if (!counters.powered()) {
            tally.recordWhileOff();
            return null;
        }
        Reception r = pipeline.receive(frame);
        tally.record(r);
        if (r.accepted()) {
            counters.count(r.compactFrame().type().counter());
        }
        return r;
    }

    /** Moves the clock without an event (closing days), e.g. {@code --until}. */
    public void advanceTo(Instant t) {
        counters.advanceTo(t);
    }

    public ReceivePipeline pipeline() {
        return pipeline;
    }

    public DailyCounters counters() {
        return counters;
    }

    public ReceptionTally tally() {
        return tally;
    }
}
