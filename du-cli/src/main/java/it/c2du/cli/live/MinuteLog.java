package it.c2du.cli.live;

import it.c2du.cli.text.CounterText;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.ReceptionTally;
import it.c2du.core.stack.RejectReason;
import it.c2du.counters.DailyCounters;
import it.c2du.plc.LinkCounters;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The live receiver's line per minute at info level, which journald keeps: frames by verdict
 * and rejection reason, what the serial link did, today's counters. A minute is one of the
 * receiver's clock (simulated in the lab and the demo).
 */
final class MinuteLog {
    private final Supplier<LinkCounters> link;
    private ReceptionTally minute = new ReceptionTally();
    private LinkDelta linkAtMinuteStart = LinkDelta.ZERO;
    private Instant minuteStart;

    MinuteLog(Supplier<LinkCounters> link) {
        this.link = link;
    }

    void record(Reception r) {
        minute.record(r);
    }

    /** The receiver's clock reads {@code now}: a new minute logs the one before. */
    void tick(Instant now, DailyCounters counters) {
        Instant m = now.truncatedTo(ChronoUnit.MINUTES);
        if (minuteStart == null) {
            minuteStart = m;
        } else if (m.isAfter(minuteStart)) {
            log(counters);
            minuteStart = m;
        }
    }

    private void log(DailyCounters counters) {
        LinkDelta now = LinkDelta.totals(link.get());
        LinkDelta d = now.since(linkAtMinuteStart);
        linkAtMinuteStart = now;
        StringBuilder rejected = new StringBuilder();
        for (Map.Entry<RejectReason, Long> e : minute.reasons().entrySet()) {
            rejected.append(rejected.length() == 0 ? " (" : ", ").append(e.getKey().wireName()).append(' ').append(e.getValue());
        }
        if (rejected.length() > 0) {
            rejected.append(')');
        }
        LiveReceiver.LOG.info("minute {}: {} frames, {} accepted, {} repetitions, {} rejected{}; link: {} NAK, {} repeats,"
                        + " {} discarded bytes, {} cut short; today {}",
                it.c2du.cli.text.LocalTimes.minute(minuteStart, counters.zone()), minute.total(), minute.accepted(),
                minute.repetitions(), minute.rejected(), rejected, d.naks(), d.repeats(), d.noiseBytes(), d.cutShort(),
                CounterText.today(counters));
        if (minute.total() == 0) {
            // A DU on the wrong frequency, modulation or receive layer hears nothing at all: say so where it shows.
            LiveReceiver.LOG.info("nothing heard from the modem this minute; if this lasts, check modem.frequency,"
                    + " modem.rx-modulation and modem.receive-layer (du modem scan)");
        }
        minute = new ReceptionTally();
    }
}
