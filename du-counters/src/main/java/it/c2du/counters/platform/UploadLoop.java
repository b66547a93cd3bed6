package it.c2du.counters.platform;

import it.c2du.counters.state.StateException;
import it.c2du.core.retry.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * The upload inside {@code du run}: a thread that, whenever a day closes ({@link #wake}) and at
 * every poll, works out which closed days still need to go ({@link UploadPlan}) and sends them in
 * one round ({@link PlatformUploader}). A round that cannot connect, loses its connection or misses
 * answers is tried again after a backoff (doubling, with jitter so a fleet does not come back all at
 * once, up to a cap); a broker down for a week or a Pi off for a month only means more days in the
 * next round that gets through, up to the 60 of the profile.
 *
 * <p>The days come from the committed state ({@code closedDays} reads it), not from memory: what
 * is uploaded is what survives a power cut.
 */
public final class UploadLoop implements AutoCloseable {
    static final Logger LOG = UploadLedger.LOG;

    private final Callable<List<UploadMessage>> closedDays;
    private final UploadLedger ledger;
    private final PlatformUploader uploader;
    private final Backoff backoff;
    private final Duration poll;
    private final Random random = new Random();
    private final Thread thread;
    private boolean woken;
    private boolean stopped;
    private int failures;
    /** System.nanoTime() of the next round after a failure: a Pi's clock may be stepped back, this does not move. */
    private long nextAttemptNanos;
    private boolean waitingAfterFailure;
    private Set<MeterDay> heldBack = Set.of();
    private int rounds;
    private volatile java.util.function.Consumer<PlatformUploader.Result> afterRound = r -> { };

    /**
     * @param closedDays reads the messages of every closed day from the committed state
     * @param poll       how often the plan is looked at without a wake (the ledger may have changed:
     *                   {@code du publish --retry-ko})
     */
    public UploadLoop(Callable<List<UploadMessage>> closedDays, UploadLedger ledger, PlatformUploader uploader,
                      Backoff backoff, Duration poll) {
        this.closedDays = closedDays;
        this.ledger = ledger;
        this.uploader = uploader;
        this.backoff = backoff;
        this.poll = poll;
        this.thread = new Thread(this::loop, "platform-upload");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** A day closed: look now (a backoff still in progress is kept). */
    public synchronized void wake() {
        woken = true;
        notifyAll();
    }

    /** Also tells {@code listener} what each round did (tests and the live view). */
    public UploadLoop afterRound(java.util.function.Consumer<PlatformUploader.Result> listener) {
        this.afterRound = listener;
        return this;
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    /** Rounds run so far. */
    public synchronized int rounds() {
        return rounds;
    }

    /**
     * Asks the loop to stop, ending a round in progress (its unanswered days go out next time), and
     * returns at once: {@code du run} saves its counters without waiting on the network.
     */
    public void stop() {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        thread.interrupt();
    }

    /** {@link #stop}, then waits up to 5 s for the thread to end. */
    @Override
    public void close() {
        stop();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (true) {
            Duration wait = poll;
            try {
                wait = step();
            } catch (StateException e) {
                if (!isStopped()) {
                    LOG.warn("{}; trying again in {}", e.getMessage(), seconds(poll));
                }
            } catch (Exception e) {
                // Never let the upload take the receiver down: log and go on.
                LOG.error("unexpected error in the upload loop: {}", e.toString(), e);
            }
            synchronized (this) {
                try {
                    if (!woken && !stopped && !wait.isZero()) {
                        wait(Math.max(1, wait.toMillis()));
                    }
                } catch (InterruptedException e) {
                    // close() interrupts; stopped says whether to end
                }
                woken = false;
                if (stopped) {
                    return;
                }
            }
        }
    }

    /** One look: sends what is due; returns how long to wait before the next look. */
    private Duration step() throws Exception {
        List<UploadMessage> days = closedDays.call();
        UploadPlan plan = UploadPlan.of(days, ledger.read());
        reportHeldBack(plan);
        if (plan.toSend().isEmpty()) {
            failures = 0;
            waitingAfterFailure = false;
            return poll;
        }
        long now = System.nanoTime();
        if (waitingAfterFailure && now - nextAttemptNanos < 0) {
            Duration left = Duration.ofNanos(nextAttemptNanos - now);
            return left.compareTo(poll) < 0 ? left : poll;
        }
        PlatformUploader.Result r = uploader.send(plan.toSend());
        afterRound.accept(r);
        synchronized (this) {
            rounds++;
            if (stopped) {
                return Duration.ZERO;
            }
        }
        if (!days.isEmpty()) {
            ledger.prune(days.get(0).key().day());
        }
        if (r.complete()) {
            failures = 0;
            waitingAfterFailure = false;
            return poll;
        }
        failures++;
        Duration d = backoff.after(failures, random);
        nextAttemptNanos = System.nanoTime() + d.toNanos();
        waitingAfterFailure = true;
        int left = r.unsent().size() + r.unanswered().size() + r.unrecorded().size();
        LOG.warn("{} still to send; next attempt in {} (attempt {} failed)", PlatformUploader.messages(left),
                seconds(d), failures);
        return d.compareTo(poll) < 0 ? d : poll;
    }

    /** "0.2 s", "40 s", "30 min". */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0)
                : ms < 600_000 ? Math.round(ms / 1000.0) + " s" : Math.round(ms / 60_000.0) + " min";
    }

    /** Says which days a KO holds back, whenever that set changes (not at every look). */
    private void reportHeldBack(UploadPlan plan) {
        Set<MeterDay> now = plan.heldBack().stream().map(UploadLedger.Entry::key).collect(Collectors.toCollection(TreeSet::new));
        if (!now.equals(heldBack) && !now.isEmpty()) {
            LOG.warn("{} held back after a KO ({}): fix the configuration, or du publish --retry-ko",
                    PlatformUploader.days(now.size()), now.stream().map(MeterDay::toString).collect(Collectors.joining(", ")));
        }
        heldBack = now;
    }
}
