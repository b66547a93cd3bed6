package it.c2du.cli.live;

import it.c2du.core.receive.Reception;
import it.c2du.counters.DailyCounters;
import it.c2du.plc.ModemEvent;
import java.time.LocalDate;

/**
 * What watches the live receiver frame by frame, on its thread: the frame journal
 * ({@code --frames}), the lab engineer's view, the demo's screen. Counting does not depend on
 * it: an observer sees each frame once it is counted and committed.
 */
public interface FrameObserver {
    void frame(ModemEvent.Indication indication, Reception reception, DailyCounters counters);

    /** A day closed into the profile (committed). */
    default void dayClosed(LocalDate day, DailyCounters counters) {
    }

    /** Something the serial link or the modem did, in words. */
    default void link(String message) {
    }

    /** Counting has started (the state is loaded and the start recorded). */
    default void started(DailyCounters counters) {
    }

    /** About once a second, on the receiving thread. */
    default void tick(DailyCounters counters) {
    }

    /** Both, this one first. */
    default FrameObserver andThen(FrameObserver next) {
        FrameObserver first = this;
        return new FrameObserver() {
            @Override
            public void frame(ModemEvent.Indication indication, Reception reception, DailyCounters counters) {
                first.frame(indication, reception, counters);
                next.frame(indication, reception, counters);
            }

            @Override
            public void dayClosed(LocalDate day, DailyCounters counters) {
                first.dayClosed(day, counters);
                next.dayClosed(day, counters);
            }

            @Override
            public void link(String message) {
                first.link(message);
                next.link(message);
            }

            @Override
            public void started(DailyCounters counters) {
                first.started(counters);
                next.started(counters);
            }

            @Override
            public void tick(DailyCounters counters) {
                first.tick(counters);
                next.tick(counters);
            }
        };
    }
}
