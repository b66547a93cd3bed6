package it.c2du.lab.meter;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A meter's registers over its whole life, built from one {@link PowerProfile} per local day:
 * the energy register and the counts of its power events, all running from a reading fixed at
 * an anchor day. Totals at a day's start are the anchor's plus (or minus) every day between,
 * so readings are continuous across midnight whichever day is asked first. Not thread-safe.
 */
final class EnergyLedger {
    private static final int PROFILES_KEPT = 8;

    private final ZoneId zone;
    private final long anchorDay;
    private final long stepWatts;
    private final long overloadWatts;
    private final Function<LocalDate, PowerProfile> days;
    private final Map<Long, PowerProfile> profiles = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, PowerProfile> eldest) {
            return size() > PROFILES_KEPT;
        }
    };
    /** Per epoch day, at the day's start: watt-seconds, step events, overload events. */
    private final Map<Long, long[]> startTotals = new HashMap<>();

    /**
     * @param anchorWattSeconds energy register at the anchor day's start
     * @param stepWatts         band width of the instantaneous-power events
     * @param overloadWatts     power whose upward crossings are overload events
     *                          ({@link Long#MAX_VALUE}: none)
     */
    EnergyLedger(ZoneId zone, LocalDate anchor, long anchorWattSeconds, long stepWatts, long overloadWatts,
                 Function<LocalDate, PowerProfile> days) {
        this.zone = zone;
        this.anchorDay = anchor.toEpochDay();
        this.stepWatts = stepWatts;
        this.overloadWatts = overloadWatts;
        this.days = days;
        startTotals.put(anchorDay, new long[] {anchorWattSeconds, 0, 0});
    }

    ZoneId zone() {
        return zone;
    }

    /** The local day an instant (POSIX seconds) falls in. */
    long dayOf(long t) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(t), zone).toEpochDay();
    }

    /** POSIX second at which a local day starts (its first instant, also on DST days). */
    long startOf(LocalDate date) {
        return date.atStartOfDay(zone).toEpochSecond();
    }

    PowerProfile profile(long epochDay) {
        PowerProfile p = profiles.get(epochDay);
        if (p == null) {
            p = days.apply(LocalDate.ofEpochDay(epochDay));
            profiles.put(epochDay, p);
        }
        return p;
    }

    long powerAt(long t) {
        return profile(dayOf(t)).powerAt(t);
    }

    /** The energy register in watt-seconds; negative only long before the anchor. */
    long wattSecondsAt(long t) {
        long day = dayOf(t);
        return totalsAt(day)[0] + profile(day).wattSeconds(t);
    }

    /** The energy register in Wh, as the meter shows it (never below zero). */
    long readingWh(long t) {
        return Math.max(0, Math.floorDiv(wattSecondsAt(t), 3600));
    }

    /** Watt-seconds at a day's start. */
    long wattSecondsAtStart(long epochDay) {
        return totalsAt(epochDay)[0];
    }

    /** Seconds of the day at which the power changes band. */
    List<Long> stepEvents(long epochDay) {
        return profile(epochDay).bandChanges(profile(epochDay - 1).lastPower(), stepWatts);
    }

    /** Seconds of the day at which the power goes above the overload level. */
    List<Long> overloadEvents(long epochDay) {
        if (overloadWatts == Long.MAX_VALUE) {
            return List.of();
        }
        return profile(epochDay).upCrossings(profile(epochDay - 1).lastPower(), overloadWatts);
    }

    /** Step events strictly before {@code t}, counted from the anchor (negative before it). */
    long stepEventsBefore(long t) {
        long day = dayOf(t);
        return totalsAt(day)[1] + stepEvents(day).stream().filter(e -> e < t).count();
    }

    /** Overload events strictly before {@code t}, counted from the anchor. */
    long overloadEventsBefore(long t) {
        long day = dayOf(t);
        return totalsAt(day)[2] + overloadEvents(day).stream().filter(e -> e < t).count();
    }

    private long[] dayTotals(long day) {
        return new long[] {profile(day).totalWattSeconds(), stepEvents(day).size(), overloadEvents(day).size()};
    }

    private long[] totalsAt(long day) {
        long[] known = startTotals.get(day);
        if (known != null) {
            return known;
        }
        // Walk from the nearest known day on the anchor's side, remembering every day passed.
        long direction = day > anchorDay ? 1 : -1;
        long d = day;
        while (!startTotals.containsKey(d)) {
            d -= direction;
        }
        long[] totals = startTotals.get(d);
        while (d != day) {
            if (direction > 0) {
                totals = plus(totals, dayTotals(d), 1);
                d++;
            } else {
                d--;
                totals = plus(totals, dayTotals(d), -1);
            }
            startTotals.put(d, totals);
        }
        return totals;
    }

    private static long[] plus(long[] a, long[] b, long sign) {
        return new long[] {a[0] + sign * b[0], a[1] + sign * b[1], a[2] + sign * b[2]};
    }
}
