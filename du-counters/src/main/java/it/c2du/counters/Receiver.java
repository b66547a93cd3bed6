package it.c2du.counters;

import it.c2du.core.receive.Reception;
import it.c2du.core.receive.ReceptionTally;
import it.c2du.core.trace.TraceEvent;
import it.c2du.counters.state.StateException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The DU's receiver as the counters see it: frames and power events in time order, each frame
 * through the receive stack, each accepted one counted on its CF's counter. Two kinds: counting
 * in memory ({@link CountingReceiver}: {@code du replay} without a state, {@code du decode}) and
 * durably ({@link DurableReceiver}: every count committed to the state directory).
 */
public interface Receiver {
    /** Applies one trace event; returns the frame's reception, or null for power events and unheard frames. */
    Reception apply(TraceEvent event) throws StateException;

    /** A frame the modem delivered at {@code t}; null when the DU was without power and did not hear it. */
    Reception onFrame(Instant t, byte[] frame) throws StateException;

    /** Moves the clock without an event (closing days): {@code --until}, a live receiver's tick. */
    void advanceTo(Instant t) throws StateException;

    DailyCounters counters();

    /** What the receive stack said of every frame heard so far. */
    ReceptionTally tally();

    /**
     * Calls {@code listener} on the receiving thread each time a day closes into the profile;
     * a durable receiver calls it once the closed day is committed, so what reads the state then
     * finds it. Replaces any listener set before.
     */
    void onDayClosed(DayClosedListener listener);

    /** A day closed: {@code day} is now profile element 0 of {@code counters}. */
    @FunctionalInterface
    interface DayClosedListener {
        DayClosedListener NONE = (day, counters) -> { };

        void dayClosed(LocalDate day, DailyCounters counters);
    }
}
