package it.c2du.counters;

import it.c2du.counters.state.ReceiverState;
import it.c2du.counters.state.StateDirectory;
import it.c2du.counters.state.StateException;
import it.c2du.counters.state.WindowState;

import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.receive.FrameCounterWindow;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.ReceptionTally;
import it.c2du.core.stack.MacAddress;
import it.c2du.core.trace.TraceEvent;
import it.c2du.core.trace.TraceLine;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CountingReceiver} whose counters and replay windows live in a {@link StateDirectory}.
 *
 * <p>Start: the state is restored (each replay window only if the configured System Title and
 * key are still the ones it was built under), the interruption is recorded, and the state is
 * committed with its running flag set. A replay ({@link #resumeReplay}) counts only an unclean
 * end of the previous run as an interruption: bit 15 on the state's current day. A live start
 * ({@link #startLive}) always is one: the receiver was not running from the state's clock until
 * now, so that day and today get bit 15 and every whole day between is pushed as 0x8000.
 *
 * <p>While running, an accepted frame is committed before the next frame is taken (every
 * {@code commitEvery} accepted frames when batching a replay), and so is every power event and
 * every change of day. Nothing counted can be counted twice after a crash: the windows are
 * saved in the same record as the counters, so frames counted after the last commit are lost
 * together with their frame counters and are counted again when the trace is fed again.
 *
 * <p>{@link #finish()} ends cleanly (running flag cleared); {@link #close()} only releases the
 * directory, so an exception between start and finish leaves the run marked as interrupted.
 */
public final class DurableReceiver implements Receiver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DurableReceiver.class);

    private final StateDirectory dir;
    private final ZoneId zone;
    private final CountingReceiver receiver;
    private final Map<MeterRole, WindowState> otherWindows = new EnumMap<>(MeterRole.class);
    private final int commitEvery;
    private final List<String> notes = new ArrayList<>();
    private int uncommitted;
    private LocalDate committedDay;
    private boolean finished;
    private DayClosedListener dayClosed = DayClosedListener.NONE;

    private DurableReceiver(StateDirectory dir, ZoneId zone, ReceiveStack pipeline, int commitEvery) throws StateException {
        if (commitEvery < 1) {
            throw new IllegalArgumentException("commit every " + commitEvery + " frames");
        }
        this.dir = dir;
        this.zone = zone;
        this.commitEvery = commitEvery;
        ReceiverState loaded = dir.state();
        DailyCounters counters;
        if (loaded == null) {
            counters = new DailyCounters(zone);
        } else {
            if (!loaded.zone().equals(zone)) {
                throw new StateException("state directory " + dir.path() + " counts days in " + loaded.zone()
                        + ", the configuration says counters.zone = " + zone
                        + "; the zone cannot change under a state directory (set it back, or move the directory"
                        + " aside to start from empty counters)");
            }
            MacAddress own = pipeline.ownAddress();
            if (loaded.duAddress() != null && !loaded.duAddress().equals(own)) {
                throw new StateException("state directory " + dir.path() + " counts frames for DU " + loaded.duAddress()
                        + ", the configuration says du.mac = " + own + "; a state directory belongs to one DU"
                        + " (set it back, or use another directory for this DU)");
            }
            counters = DailyCounters.restore(zone, loaded.counters());
            for (Map.Entry<MeterRole, WindowState> e : loaded.windows().entrySet()) {
                Association a = pipeline.associations().get(e.getKey());
                if (a == null) {
                    // Kept for when the association comes back with the same System Title and key.
                    otherWindows.put(e.getKey(), e.getValue());
                } else if (e.getValue().boundTo(a)) {
                    pipeline.restoreWindow(e.getKey(), e.getValue().window());
                } else {
                    note(e.getKey() + ": System Title or key changed since the state was saved: its replay window starts"
                            + " fresh (highest frame counter was " + e.getValue().highest() + ")");
                }
            }
        }
        this.receiver = new CountingReceiver(pipeline, counters);
    }

    /**
     * Resumes a replay on {@code dir}: an unclean end of the previous run sets bit 15 on the
     * state's current day.
     *
     * @param commitEvery commit after this many accepted frames (1 = each frame, as a live receiver)
     */
    public static DurableReceiver resumeReplay(StateDirectory dir, ZoneId zone, ReceiveStack pipeline, int commitEvery)
            throws StateException {
        DurableReceiver r = new DurableReceiver(dir, zone, pipeline, commitEvery);
        ReceiverState loaded = dir.state();
        DailyCounters c = r.counters();
        if (loaded != null && loaded.running() && c.day() != null) {
            c.markInterruption();
            r.note("the previous run on " + dir.path() + " did not end cleanly (killed or power cut): bit 15 set on "
                    + c.day());
        } else if (loaded != null && loaded.running()) {
            // Nothing was counted, so no day lost a frame to the interruption (du counters says the same).
            r.note("the previous run on " + dir.path() + " was interrupted (killed or power cut) before it counted"
                    + " anything: no day to mark");
        }
        r.commit();
        return r;
    }

    /**
     * Starts the live receiver on {@code dir} at {@code now}: frames were missed while it was
     * stopped, whatever the reason.
     */
    public static DurableReceiver startLive(StateDirectory dir, ZoneId zone, ReceiveStack pipeline, Instant now)
            throws StateException {
        DurableReceiver r = new DurableReceiver(dir, zone, pipeline, 1);
        DailyCounters c = r.counters();
        Instant last = c.clock();
        if (last != null && now.isAfter(last)) {
            // Stopped since the last time the state saw: off from then until now.
            LocalDate before = c.day();
            c.powerOff(last);
            c.powerOn(now);
            long missed = java.time.temporal.ChronoUnit.DAYS.between(before, c.day());
            r.note("receiver started at " + now + "; last saved time " + last + ": bit 15 set on " + before
                    + (missed > 1 ? ", " + (missed - 1) + " whole day(s) pushed as 0x8000" : "")
                    + (missed > 0 ? " and on " + c.day() : ""));
        } else {
            if (last != null && now.isBefore(last)) {
                r.note("clock " + now + " is behind the state's last time " + last + ": counting into " + c.day()
                        + " until the clock passes it");
            }
            c.powerOn(now);
            r.note("receiver started: bit 15 set on " + c.day());
        }
        r.commit();
        return r;
    }

    /** Applies one trace event and commits as the class documentation says. */
    @Override
    public Reception apply(TraceEvent event) throws StateException {
        Reception r = receiver.apply(event);
        if (event.kind() != TraceEvent.Kind.FRAME) {
            commit();
        } else {
            afterFrame(r != null && r.accepted());
        }
        return r;
    }

    /** {@link #apply} on the counting path, of a line in a reusable holder ({@link CountingReceiver#count(TraceLine)}). */
    public void count(TraceLine line) throws StateException {
        if (line.kind() != TraceEvent.Kind.FRAME) {
            apply(line.toEvent());
            return;
        }
        afterFrame(it.c2du.core.receive.ReceptionCode.accepted(receiver.count(line)));
    }

    /** A frame the modem delivered at {@code t} (the live receiver). */
    @Override
    public Reception onFrame(Instant t, byte[] frame) throws StateException {
        Reception r = receiver.onFrame(t, frame);
        afterFrame(r != null && r.accepted());
        return r;
    }

    private void afterFrame(boolean accepted) throws StateException {
        if (accepted) {
            uncommitted++;
        }
        if (uncommitted >= commitEvery || !java.util.Objects.equals(committedDay, receiver.counters().day())) {
            commit();
        }
    }

    /** Moves the clock (closing days) and commits when a day closed. */
    @Override
    public void advanceTo(Instant t) throws StateException {
        receiver.advanceTo(t);
        if (!java.util.Objects.equals(committedDay, receiver.counters().day())) {
            commit();
        }
    }

    /** Writes the current state durably now. */
    public void commit() throws StateException {
        dir.commit(state(true));
        uncommitted = 0;
        LocalDate before = committedDay;
        committedDay = receiver.counters().day();
        // Told only now, once committed: the platform upload reads the closed day from the state.
        if (before != null && committedDay != null && committedDay.isAfter(before)) {
            dayClosed.dayClosed(before, receiver.counters());
        }
    }

    @Override
    public void onDayClosed(DayClosedListener listener) {
        dayClosed = listener;
    }

    @Override
    public ReceptionTally tally() {
        return receiver.tally();
    }

    private ReceiverState state(boolean running) {
        Map<MeterRole, WindowState> windows = new EnumMap<>(otherWindows);
        for (Map.Entry<MeterRole, Association> e : receiver.pipeline().associations().entrySet()) {
            FrameCounterWindow w = receiver.pipeline().window(e.getKey());
            windows.put(e.getKey(), WindowState.of(e.getValue(), w));
        }
        return new ReceiverState(zone, running, receiver.counters().snapshot(), windows, receiver.pipeline().ownAddress());
    }

    /** A clean end: everything committed, the running flag cleared. */
    public void finish() throws StateException {
        dir.commit(state(false));
        uncommitted = 0;
        finished = true;
    }

    /** Releases the state directory; without {@link #finish()} the next start sees an interrupted run. */
    @Override
    public void close() {
        if (!finished) {
            LOG.info("state directory {} released without a clean finish: the next start counts an interruption", dir.path());
        }
        dir.close();
    }

    private void note(String text) {
        notes.add(text);
        LOG.info(text);
    }

    /** What starting found and did (interruption recorded, windows started fresh), for the user. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    public CountingReceiver receiver() {
        return receiver;
    }

    @Override
    public DailyCounters counters() {
        return receiver.counters();
    }

}
