package it.c2du.cli;

import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.ReceptionTally;
import it.c2du.core.receive.Verdict;
import it.c2du.counters.DailyCounters;
import it.c2du.counters.DurableReceiver;
import it.c2du.plc.DataIndication;
import it.c2du.plc.LinkCounters;
import it.c2du.plc.ModemEvent;
import it.c2du.plc.ModemReceiver;
import it.c2du.plc.ModemSession;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live receiver's counting: every indication the modem delivers goes through the receive
 * stack into the state directory (committed before the next frame is read), each verdict is
 * logged at debug level, and a one-line summary at info level closes every minute of the clock.
 * Shared by {@code du run} and the live {@code du demo}.
 */
final class LiveCounting implements ModemReceiver.Listener {
    /** Per-frame verdicts: {@code --log-level debug} shows them. */
    static final Logger FRAMES = LoggerFactory.getLogger("du.frames");
    static final Logger LOG = LoggerFactory.getLogger("du.run");

    /** What the live demo shows for each frame. */
    interface Display {
        void frame(ModemEvent.Indication indication, Reception reception, DailyCounters counters);

        default void dayClosed(LocalDate day, DailyCounters counters) {
        }

        default void link(String message) {
        }

        /** Counting has started (the state is loaded and the start recorded). */
        default void started(DailyCounters counters) {
        }

        /** About once a second, on the receiving thread. */
        default void tick(DailyCounters counters) {
        }

        /** Both, this one first. */
        default Display andThen(Display next) {
            Display first = this;
            return new Display() {
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

    private final Display display;
    private DurableReceiver durable;
    private Supplier<LinkCounters> link = () -> null;
    private ReceptionTally minute = new ReceptionTally();
    private LinkSnapshot linkAtMinuteStart = LinkSnapshot.ZERO;
    private Instant minuteStart;

    /** @param display what the live demo shows, or null (du run: logs only) */
    LiveCounting(Display display) {
        this.display = display;
    }

    /** Where frames are counted from now on: set once the modem has answered, before receiving. */
    void countInto(DurableReceiver durable) {
        this.durable = durable;
        if (display != null) {
            display.started(durable.counters());
        }
    }

    /** Where frames are counted (null before {@link #countInto}). */
    DurableReceiver durable() {
        return durable;
    }

    void linkCounters(Supplier<LinkCounters> link) {
        this.link = link;
    }

    @Override
    public void connected(String device, ModemSession.ModemInfo info) {
        LOG.info("modem on {} started: firmware {}, modem configuration 0x{}", device, info.firmwareVersion(),
                String.format("%02X", info.modemConfiguration()));
        if (display != null) {
            display.link("modem on " + device + " started: firmware " + info.firmwareVersion());
        }
    }

    @Override
    public void received(ModemEvent.Indication ind) throws Exception {
        DataIndication d = ind.indication();
        LocalDate before = durable.counters().day();
        Reception r = durable.onFrame(ind.receivedAt(), d.macFrame());
        dayChange(before);
        minute.record(r);
        if (FRAMES.isDebugEnabled()) {
            FRAMES.debug("{} {} {}{}{} fc {} {} | {}, SNR {} dB, {} bytes", ind.receivedAt(), r.verdict().wireName(),
                    r.rejection() == null ? "" : r.rejection().reason().wireName() + " ",
                    r.meter() == null ? "" : r.meter() + " ", r.cfNumber() == null ? "" : "CF" + r.cfNumber(),
                    r.frameCounter() == null ? "-" : r.frameCounter(), r.verdict() == Verdict.ACCEPTED
                            ? "counted in " + ReceptionTable.counted(r) : "not counted",
                    d.modulationName(), d.snrDb() == null ? "n/a" : d.snrDb(), d.macFrame().length);
        }
        if (display != null) {
            display.frame(ind, r, durable.counters());
        }
    }

    @Override
    public void linkLost(String device, String reason, Duration retryIn) {
        if (retryIn.isZero()) {
            LOG.warn("serial link lost: {}; reopening", reason);
        } else {
            LOG.warn("{}; next attempt in {} s", reason, retryIn.toSeconds() > 0 ? retryIn.toSeconds()
                    : String.format("%.1f", retryIn.toMillis() / 1000.0));
        }
        if (display != null) {
            display.link("serial link: " + reason);
        }
    }

    @Override
    public void tick(Instant now) throws Exception {
        LocalDate before = durable.counters().day();
        durable.advanceTo(now);
        dayChange(before);
        if (display != null) {
            display.tick(durable.counters());
        }
        Instant m = now.truncatedTo(ChronoUnit.MINUTES);
        if (minuteStart == null) {
            minuteStart = m;
        } else if (m.isAfter(minuteStart)) {
            summariseMinute();
            minuteStart = m;
        }
    }

    private void dayChange(LocalDate before) {
        LocalDate day = durable.counters().day();
        if (before != null && day != null && day.isAfter(before)) {
            LOG.info("day {} closed into the profile: {}", before, profileDay(durable.counters()));
            if (display != null) {
                display.dayClosed(before, durable.counters());
            }
        }
    }

    /** The minute's line: frames by verdict, link faults, today's counters. */
    void summariseMinute() {
        LinkSnapshot now = LinkSnapshot.of(link.get());
        LinkSnapshot d = now.minus(linkAtMinuteStart);
        linkAtMinuteStart = now;
        StringBuilder rejected = new StringBuilder();
        for (Map.Entry<it.c2du.core.stack.RejectReason, Long> e : minute.reasons().entrySet()) {
            rejected.append(rejected.length() == 0 ? " (" : ", ").append(e.getKey().wireName()).append(' ').append(e.getValue());
        }
        if (rejected.length() > 0) {
            rejected.append(')');
        }
        LOG.info("minute {}: {} frames, {} accepted, {} repetitions, {} rejected{}; link: {} NAK, {} repeats, {} discarded bytes,"
                        + " {} cut short; today {}",
                ZonedDateTime.ofInstant(minuteStart, durable.counters().zone()).toLocalTime(), minute.total(),
                minute.accepted(), minute.repetitions(), minute.rejected(), rejected, d.naks, d.repeats, d.noiseBytes,
                d.cutShort, today(durable.counters()));
        minute = new ReceptionTally();
    }

    /** Today's five counters, e.g. {@code C1=4 C2=51* ...}. */
    static String today(DailyCounters c) {
        return counters(c::today);
    }

    /** The day just closed (profile element 0). */
    private static String profileDay(DailyCounters c) {
        return counters(rc -> c.profile(rc)[0]);
    }

    private static String counters(java.util.function.ToIntFunction<ReceptionCounter> valueOf) {
        StringBuilder sb = new StringBuilder();
        for (ReceptionCounter rc : ReceptionCounter.values()) {
            sb.append(sb.length() == 0 ? "" : " ").append(rc).append('=').append(SummaryText.cell(valueOf.applyAsInt(rc)));
        }
        return sb.toString();
    }

    private record LinkSnapshot(long naks, long repeats, long noiseBytes, long cutShort) {
        static final LinkSnapshot ZERO = new LinkSnapshot(0, 0, 0, 0);

        static LinkSnapshot of(LinkCounters c) {
            return c == null ? ZERO : new LinkSnapshot(c.badChecksums(), c.linkDuplicates(), c.discardedBytes(),
                    c.abandonedFrames());
        }

        LinkSnapshot minus(LinkSnapshot o) {
            return new LinkSnapshot(naks - o.naks, repeats - o.repeats, noiseBytes - o.noiseBytes, cutShort - o.cutShort);
        }
    }
}
