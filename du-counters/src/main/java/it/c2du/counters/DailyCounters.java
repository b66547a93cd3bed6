package it.c2du.counters;

import static it.c2du.core.profile.C2P1.Counters.MAX_COUNT;
import static it.c2du.core.profile.C2P1.Counters.POWER_LOSS_BIT;
import static it.c2du.core.profile.C2P1.Counters.PROFILE_DAYS;

import it.c2du.core.profile.ReceptionCounter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * The five daily reception counters of the current day and their 60-day profiles
 * (chain2-profile.md, "Daily counters and profile").
 *
 * <p>A value is 16 bits: the count in bits 0-14 (saturating at 32767) and bit 15 when the DU
 * lost power or its receiver was not running at any moment of the day. The day is the calendar
 * day of the reception time in the configured zone, so DST days last 23 or 25 hours. At each
 * local midnight the closing day's value is pushed onto the front of its profile.
 *
 * <p>The clock never reopens a closed day: a time before the current day (a Pi booting without
 * network or RTC, a trace fed again) counts into the current day. All state is in
 * {@link CounterSnapshot} so it can be stored and restored exactly.
 */
public final class DailyCounters {
    private static final int N = ReceptionCounter.values().length;

    private final ZoneId zone;
    private LocalDate firstDay;
    private LocalDate day;
    /**
     * The clock as epoch second and nano (no Instant per frame: issue 20), and its Instant once
     * asked for; hasClock is false before the first event.
     */
    private boolean hasClock;
    private long clockSecond;
    private int clockNano;
    private Instant clock;
    /** [dayStart, dayEnd): the current day's epoch seconds (a day starts on a whole second), valid when day is set. */
    private long dayStart;
    private long dayEnd;
    private final int[] today = new int[N];
    private final int[][] profile = new int[N][PROFILE_DAYS];
    private boolean powered = true;

    /** Empty counters: no day yet (the first event's day becomes the current day), no power loss. */
    public DailyCounters(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The current day, or null before the first event. */
    public LocalDate day() {
        return day;
    }

    /** The day of the first event, or null before it. */
    public LocalDate firstDay() {
        return firstDay;
    }

    /** The latest time any event carried, or null before the first event. */
    public Instant clock() {
        if (clock == null && hasClock) {
            clock = Instant.ofEpochSecond(clockSecond, clockNano);
        }
        return clock;
    }

    /** Whether the instant (epoch second, nano) is before the clock; false before the first event. */
    public boolean isBeforeClock(long epochSecond, int nano) {
        return hasClock && (epochSecond < clockSecond || epochSecond == clockSecond && nano < clockNano);
    }

    private void setClock(long epochSecond, int nano) {
        if (!hasClock || epochSecond > clockSecond || epochSecond == clockSecond && nano > clockNano) {
            hasClock = true;
            clockSecond = epochSecond;
            clockNano = nano;
            clock = null;
        }
    }

    /** Whether the DU is powered (false between a power-off and the next power-on). */
    public boolean powered() {
        return powered;
    }

    /**
     * Moves the clock to {@code t}, closing every day that ended before it.
     *
     * @return the number of days closed; 0 when {@code t} is in the current day or before it
     */
    public int advanceTo(Instant t) {
        return advanceTo(t.getEpochSecond(), t.getNano());
    }

    /** {@link #advanceTo(Instant)} of the instant (epoch second, nano): no object within the current day. */
    public int advanceTo(long epochSecond, int nano) {
        if (day != null && epochSecond < dayEnd && epochSecond >= dayStart) {
            // Within the current day (nearly every frame): no zone rules to consult.
            setClock(epochSecond, nano);
            return 0;
        }
        LocalDate d = LocalDate.ofInstant(Instant.ofEpochSecond(epochSecond, nano), zone);
        setClock(epochSecond, nano);
        if (day == null) {
            day = d;
            firstDay = d;
            bound();
            return 0;
        }
        if (!d.isAfter(day)) {
            return 0;
        }
        long gap = ChronoUnit.DAYS.between(day, d);
        // A day the DU spent entirely without power is 0x8000: no count, no power.
        int wholeDay = powered ? 0 : POWER_LOSS_BIT;
        for (int c = 0; c < N; c++) {
            push(c, today[c]);
            for (long k = 1; k < Math.min(gap, PROFILE_DAYS + 1); k++) {
                push(c, wholeDay);
            }
            today[c] = wholeDay;
        }
        day = d;
        bound();
        return (int) Math.min(gap, Integer.MAX_VALUE);
    }

    /** The instants the current day starts and ends at, in the zone (23, 24 or 25 hours). */
    private void bound() {
        dayStart = day.atStartOfDay(zone).toEpochSecond();
        dayEnd = day.plusDays(1).atStartOfDay(zone).toEpochSecond();
    }

    /** Whether {@code t} falls before the current day: the clock is behind the counters. */
    public boolean isBehind(Instant t) {
        return day != null && LocalDate.ofInstant(t, zone).isBefore(day);
    }

    /** Counts one accepted frame on today's counter. */
    public void count(ReceptionCounter counter) {
        int v = today[counter.ordinal()];
        int n = v & MAX_COUNT;
        if (n < MAX_COUNT) {
            today[counter.ordinal()] = (v & POWER_LOSS_BIT) | (n + 1);
        }
    }

    /** The DU loses power at {@code t}: that day gets bit 15. */
    public void powerOff(Instant t) {
        advanceTo(t);
        markInterruption();
        powered = false;
    }

    /** Power is back at {@code t}: that day gets bit 15 too. */
    public void powerOn(Instant t) {
        advanceTo(t);
        markInterruption();
        powered = true;
    }

    /**
     * Sets whether the DU is powered without marking any day: the effect of a power event that
     * an earlier run on the same state already counted (a trace fed again).
     */
    public void setPowered(boolean powered) {
        this.powered = powered;
    }

    /** Sets bit 15 of today's five counters: frames may have been missed today. */
    public void markInterruption() {
        for (int c = 0; c < N; c++) {
            today[c] |= POWER_LOSS_BIT;
        }
    }

    /** Today's raw 16-bit value, bit 15 included. */
    public int today(ReceptionCounter counter) {
        return today[counter.ordinal()];
    }

    /** The counter's 60 closed days, element 0 = yesterday. */
    public int[] profile(ReceptionCounter counter) {
        return profile[counter.ordinal()].clone();
    }

    private void push(int c, int value) {
        System.arraycopy(profile[c], 0, profile[c], 1, PROFILE_DAYS - 1);
        profile[c][0] = value;
    }

    /** Everything needed to rebuild these counters exactly. */
    public CounterSnapshot snapshot() {
        int[][] p = new int[N][];
        for (int c = 0; c < N; c++) {
            p[c] = profile[c].clone();
        }
        return new CounterSnapshot(firstDay, day, clock(), today.clone(), p, powered);
    }

    /**
     * Counters rebuilt from a snapshot taken in {@code zone}.
     *
     * @throws IllegalArgumentException when the snapshot's clock does not fall on its day in that zone
     */
    public static DailyCounters restore(ZoneId zone, CounterSnapshot s) {
        if (s.day() != null && !s.day().equals(LocalDate.ofInstant(s.clock(), zone))) {
            throw new IllegalArgumentException("clock " + s.clock() + " is not on day " + s.day() + " in " + zone);
        }
        DailyCounters d = new DailyCounters(zone);
        d.firstDay = s.firstDay();
        d.day = s.day();
        if (d.day != null) {
            d.bound();
        }
        if (s.clock() != null) {
            d.setClock(s.clock().getEpochSecond(), s.clock().getNano());
        }
        System.arraycopy(s.today(), 0, d.today, 0, N);
        for (int c = 0; c < N; c++) {
            System.arraycopy(s.profile()[c], 0, d.profile[c], 0, PROFILE_DAYS);
        }
        d.powered = s.powered();
        return d;
    }

    @Override
    public String toString() {
        return "DailyCounters[" + day + " " + Arrays.toString(today) + (powered ? "" : " off") + "]";
    }
}
