package it.c2du.counters;

import static it.c2du.core.profile.C2P1.Counters.PROFILE_DAYS;

import it.c2du.core.profile.ReceptionCounter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * The complete state of {@link DailyCounters}: what durable storage writes and reads back.
 *
 * @param firstDay the day of the first event these counters saw (days before it were never
 *                 observed: export does not report them), or null before the first event
 * @param day     the current day, or null before the first event
 * @param clock   the latest time any event carried, or null before the first event
 * @param today   the five raw 16-bit values, in {@link ReceptionCounter} order
 * @param profile five arrays of 60 raw values, element 0 = yesterday
 * @param powered false between a power-off and the next power-on
 */
public record CounterSnapshot(LocalDate firstDay, LocalDate day, Instant clock, int[] today, int[][] profile,
                              boolean powered) {
    public CounterSnapshot {
        if ((firstDay == null) != (day == null) || (clock == null) != (day == null)) {
            throw new IllegalArgumentException("first day, day and clock are all set or all unset");
        }
        if (day != null && firstDay.isAfter(day)) {
            throw new IllegalArgumentException("first day " + firstDay + " is after the current day " + day);
        }
        int n = ReceptionCounter.values().length;
        today = today.clone();
        profile = profile.clone();
        for (int c = 0; c < profile.length; c++) {
            profile[c] = profile[c].clone();
        }
        if (today.length != n || profile.length != n) {
            throw new IllegalArgumentException("expected " + n + " counters");
        }
        for (int c = 0; c < n; c++) {
            if (profile[c].length != PROFILE_DAYS) {
                throw new IllegalArgumentException("a profile holds " + PROFILE_DAYS + " days, got " + profile[c].length);
            }
            check(today[c]);
            for (int v : profile[c]) {
                check(v);
            }
        }
    }

    private static void check(int v) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException("a counter value is 16 bits, got " + v);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CounterSnapshot s && java.util.Objects.equals(day, s.day) && powered == s.powered
                && java.util.Objects.equals(firstDay, s.firstDay) && java.util.Objects.equals(clock, s.clock)
                && Arrays.equals(today, s.today) && Arrays.deepEquals(profile, s.profile);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(today) * 31 + java.util.Objects.hashCode(day);
    }

    @Override
    public String toString() {
        return "CounterSnapshot[" + day + " clock " + clock + " since " + firstDay + " " + Arrays.toString(today) + (powered ? "" : " off") + "]";
    }
}
