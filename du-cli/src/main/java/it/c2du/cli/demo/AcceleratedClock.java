package it.c2du.cli.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The live demo's clock: shows a chosen instant until {@link #start()}, then runs {@code speed}
 * times faster than real time (started once the modem answers, so a slow start-up does not eat
 * simulated minutes).
 */
public final class AcceleratedClock extends Clock {
    private final Instant start;
    private final int speed;
    private volatile long startNanos;
    private volatile boolean running;

    public AcceleratedClock(Instant start, int speed) {
        this.start = start;
        this.speed = speed;
    }

    public void start() {
        startNanos = System.nanoTime();
        running = true;
    }

    @Override
    public Instant instant() {
        return running ? start.plusNanos((System.nanoTime() - startNanos) * speed) : start;
    }

    /** Real milliseconds until this clock shows {@code t} (0 when it already has). */
    public long realMillisUntil(Instant t) {
        long simNanos = java.time.Duration.between(instant(), t).toNanos();
        return Math.max(0, simNanos / speed / 1_000_000L);
    }

    @Override
    public ZoneId getZone() {
        return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the demo clock has no zone of its own");
    }
}
