package it.c2du.lab.meter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What a meter measures over one local day: power as a step function of whole watts that
 * changes only at whole seconds. Energy is then exact in watt-seconds, so readings taken at
 * any instants telescope: the quarter energies of a day add up to the day's.
 */
final class PowerProfile {
    private final long end;
    /** Start of each segment; {@code times[0]} is the day's start. */
    private final long[] times;
    private final long[] watts;
    /** Watt-seconds from the day's start to the start of each segment; one more entry for the end. */
    private final long[] before;

    private PowerProfile(long end, long[] times, long[] watts) {
        this.end = end;
        this.times = times;
        this.watts = watts;
        this.before = new long[times.length + 1];
        for (int i = 0; i < times.length; i++) {
            long next = i + 1 < times.length ? times[i + 1] : end;
            before[i + 1] = before[i] + watts[i] * (next - times[i]);
        }
    }

    /**
     * A profile read at a fixed interval: {@code watts[i]} from {@code start + i * interval} (the
     * last reading lasts to {@code end}).
     */
    static PowerProfile sampled(long start, long end, long interval, long[] watts) {
        long[] times = new long[watts.length];
        long[] values = new long[watts.length];
        int n = 0;
        for (int i = 0; i < watts.length; i++) {
            if (n == 0 || values[n - 1] != watts[i]) {
                times[n] = start + i * interval;
                values[n++] = watts[i];
            }
        }
        return new PowerProfile(end, Arrays.copyOf(times, n), Arrays.copyOf(values, n));
    }

    long start() {
        return times[0];
    }

    long end() {
        return end;
    }

    /** Power at second {@code t} of the day ([start, end)). */
    long powerAt(long t) {
        return watts[segment(t)];
    }

    /** Power in the day's last second: what the next day starts from. */
    long lastPower() {
        return watts[watts.length - 1];
    }

    /** Energy from the day's start to {@code t} ([start, end]). */
    long wattSeconds(long t) {
        if (t >= end) {
            return before[times.length];
        }
        int i = segment(t);
        return before[i] + watts[i] * (t - times[i]);
    }

    long totalWattSeconds() {
        return before[times.length];
    }

    /**
     * Seconds at which the power moves into another band of {@code step} watts (a meter's
     * "instantaneous power" event), the day's start included when the power just before it,
     * {@code previous}, was in another band.
     */
    List<Long> bandChanges(long previous, long step) {
        List<Long> changes = new ArrayList<>();
        long p = previous;
        for (int i = 0; i < times.length; i++) {
            if (Math.floorDiv(watts[i], step) != Math.floorDiv(p, step)) {
                changes.add(times[i]);
            }
            p = watts[i];
        }
        return changes;
    }

    /** Seconds at which the power goes above {@code threshold} from at or below it. */
    List<Long> upCrossings(long previous, long threshold) {
        List<Long> crossings = new ArrayList<>();
        long p = previous;
        for (int i = 0; i < times.length; i++) {
            if (p <= threshold && watts[i] > threshold) {
                crossings.add(times[i]);
            }
            p = watts[i];
        }
        return crossings;
    }

    /**
     * The first second at which the energy since the day's start reaches {@code ws}
     * (0 < ws <= {@link #totalWattSeconds()}); it may be the day's end.
     */
    long timeReaching(long ws) {
        int i = 0;
        while (before[i + 1] < ws) {
            i++;
        }
        // before[i] < ws <= before[i + 1], so this segment's power is positive.
        return times[i] + Math.floorDiv(ws - before[i] + watts[i] - 1, watts[i]);
    }

    private int segment(long t) {
        int i = Arrays.binarySearch(times, t);
        return i >= 0 ? i : -i - 2;
    }

    /** Collects appliance runs (from, to, watts) and sums them into a profile. */
    static final class Builder {
        private final long start;
        private final long end;
        private final List<long[]> runs = new ArrayList<>();

        Builder(long start, long end) {
            this.start = start;
            this.end = end;
        }

        long start() {
            return start;
        }

        long end() {
            return end;
        }

        /** A load of {@code watts} from {@code from} to {@code to}; the part outside the day is dropped. */
        void add(long from, long to, long watts) {
            long f = Math.max(from, start);
            long t = Math.min(to, end);
            if (t > f && watts != 0) {
                runs.add(new long[] {f, t, watts});
            }
        }

        /** The power the runs added so far give at {@code t}. */
        long sumAt(long t) {
            long sum = 0;
            for (long[] r : runs) {
                if (r[0] <= t && t < r[1]) {
                    sum += r[2];
                }
            }
            return sum;
        }

        PowerProfile build() {
            List<long[]> changes = new ArrayList<>(2 * runs.size());
            for (long[] r : runs) {
                changes.add(new long[] {r[0], r[2]});
                if (r[1] < end) {
                    changes.add(new long[] {r[1], -r[2]});
                }
            }
            changes.sort(Comparator.comparingLong(c -> c[0]));
            List<Long> times = new ArrayList<>();
            List<Long> watts = new ArrayList<>();
            long power = 0;
            long t = start;
            int i = 0;
            while (true) {
                while (i < changes.size() && changes.get(i)[0] == t) {
                    power += changes.get(i++)[1];
                }
                // Equal neighbours merge: a segment boundary is always a change of power.
                if (watts.isEmpty() || watts.get(watts.size() - 1) != power) {
                    times.add(t);
                    watts.add(power);
                }
                if (i == changes.size()) {
                    break;
                }
                t = changes.get(i)[0];
            }
            return new PowerProfile(end, times.stream().mapToLong(Long::longValue).toArray(),
                    watts.stream().mapToLong(Long::longValue).toArray());
        }
    }
}
