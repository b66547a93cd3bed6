package it.c2du.lab.meter;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Random;

/**
 * What the M2 meter measures: a 4 kWp rooftop photovoltaic plant near Rome (41.9 N, 12.5 E),
 * panels facing south at 30 degrees, behind a 3.8 kW inverter. Output follows the sun's
 * elevation for the date (clear-sky beam and diffuse light on the panel's plane), times a
 * cloud factor: each day is clear, variable or overcast (clear more often in summer), and
 * clouds pass (or, on overcast days, the sky brightens) in spells of a few minutes, at least
 * ten of them in the bright middle of the day. The inverter's output is read once a minute.
 *
 * <p>Deterministic: every day is drawn from a {@link Random} seeded by the plant's seed and the
 * day. The production register reads 25-35 MWh on 1 January 2025 (some 5.5 MWh a year, so
 * plausible from 2021 on; earlier it would fall below zero, and reads 0). Not thread-safe.
 */
public final class PhotovoltaicPlant {
    private static final LocalDate ANCHOR = LocalDate.of(2025, 1, 1);
    private static final long PEAK_POWER = 4000;
    private static final long INVERTER_LIMIT = 3800;
    private static final long POWER_STEP = 300;
    /** Inverter, wiring, temperature and soiling losses. */
    private static final double PERFORMANCE_RATIO = 0.85;
    private static final double SIN_LATITUDE = Math.sin(Math.toRadians(41.9));
    private static final double COS_LATITUDE = Math.cos(Math.toRadians(41.9));
    private static final double LONGITUDE_DEGREES = 12.5;
    private static final double SIN_TILT = Math.sin(Math.toRadians(30));
    private static final double COS_TILT = Math.cos(Math.toRadians(30));
    /** Where a passing cloud surely moves the output by more than one power step. */
    private static final double BRIGHT_WATTS = 1200;
    private static final int SPELLS_IN_BRIGHT_HOURS = 10;
    private static final int KNOT_MINUTES = 10;
    private static final long SALT_TRAITS = 0x4D32L;
    private static final long SALT_DAY = 0x4D3244L;

    private enum Sky {
        CLEAR, VARIABLE, OVERCAST
    }

    private final ZoneId zone;
    private final long seed;
    private final EnergyLedger ledger;

    /** The plant of {@code seed}, its days being local days of {@code zone}. */
    public PhotovoltaicPlant(ZoneId zone, long seed) {
        this.zone = zone;
        this.seed = seed;
        Random traits = Seeds.random(seed, SALT_TRAITS);
        long readingWh = 25_000_000L + traits.nextInt(10_000_001);
        ledger = new EnergyLedger(zone, ANCHOR, readingWh * 3600, POWER_STEP, Long.MAX_VALUE, this::plan);
    }

    /** The zone whose local days the plant's days are. */
    public ZoneId zone() {
        return zone;
    }

    /** Instantaneous active power produced, in W (0 at night). */
    public long powerAt(Instant t) {
        return ledger.powerAt(t.getEpochSecond());
    }

    /** The total produced active energy register, in Wh. */
    public long energyAt(Instant t) {
        return ledger.readingWh(t.getEpochSecond());
    }

    /** Peak power of the panels, Wp. */
    public long peakPower() {
        return PEAK_POWER;
    }

    /** Width of the power bands, W, whose crossing makes the meter send CF41. */
    public long powerStep() {
        return POWER_STEP;
    }

    EnergyLedger ledger() {
        return ledger;
    }

    private PowerProfile plan(LocalDate date) {
        Random r = Seeds.random(seed, SALT_DAY, date.toEpochDay());
        long start = ledger.startOf(date);
        long end = ledger.startOf(date.plusDays(1));
        int minutes = (int) ((end - start + 59) / 60);
        double[] clear = new double[minutes];
        int firstLight = -1;
        int lastLight = -1;
        int firstBright = -1;
        int lastBright = -1;
        // The sun's path is smooth: computed every few minutes, interpolated in between.
        Sun sun = Sun.of(date.getDayOfYear());
        double[] knots = new double[minutes / KNOT_MINUTES + 2];
        for (int k = 0; k < knots.length; k++) {
            knots[k] = clearSkyWatts(start + 60L * KNOT_MINUTES * k + 30, sun);
        }
        for (int i = 0; i < minutes; i++) {
            double between = (i % KNOT_MINUTES) / (double) KNOT_MINUTES;
            clear[i] = knots[i / KNOT_MINUTES] * (1 - between) + knots[i / KNOT_MINUTES + 1] * between;
            if (clear[i] > 0) {
                firstLight = firstLight < 0 ? i : firstLight;
                lastLight = i;
            }
            if (clear[i] >= BRIGHT_WATTS) {
                firstBright = firstBright < 0 ? i : firstBright;
                lastBright = i;
            }
        }
        double[] sky = sky(r, date, minutes, firstLight, lastLight, firstBright, lastBright);
        long[] output = new long[minutes];
        for (int i = 0; i < minutes; i++) {
            if (clear[i] > 0) {
                // Haze and the inverter's tracking: a few percent from minute to minute.
                double jitter = 1 + 0.03 * (2 * r.nextDouble() - 1);
                output[i] = Math.min(INVERTER_LIMIT, Math.round(clear[i] * sky[i] * jitter));
            }
        }
        return PowerProfile.sampled(start, end, 60, output);
    }

    /**
     * The day's cloud factor per minute: a usual level (high on clear and variable days, low when
     * overcast) interrupted by spells of the other. Those spells differ from the usual level by at
     * least 0.32 (0.29 with the minute-to-minute jitter), so in the bright hours, where the clear
     * sky gives 1200 W or more, each start and end of one moves the output by more than 340 W: at
     * least one power step, whatever the season.
     */
    private static double[] sky(Random r, LocalDate date, int minutes, int firstLight, int lastLight, int firstBright,
                                int lastBright) {
        // Rome's summers are mostly clear, its winters often grey: 60/30/10% in July, 30/35/35% in January.
        double summer = (1 - Math.cos(2 * Math.PI * (date.getDayOfYear() - 15) / 365.0)) / 2;
        double roll = r.nextDouble();
        Sky kind = roll < 0.3 + 0.3 * summer ? Sky.CLEAR : roll < 0.65 + 0.25 * summer ? Sky.VARIABLE : Sky.OVERCAST;
        double[] factor = new double[minutes];
        Arrays.fill(factor, usual(kind, r));
        if (firstLight < 0) {
            return factor;
        }
        int maxSpell = kind == Sky.CLEAR ? 4 : kind == Sky.VARIABLE ? 10 : 6;
        if (firstBright >= 0) {
            spells(r, factor, kind, firstLight, firstBright, Seeds.between(r, 1, 4), maxSpell);
            spells(r, factor, kind, firstBright, lastBright + 1,
                    SPELLS_IN_BRIGHT_HOURS + Seeds.between(r, 0, kind == Sky.CLEAR ? 4 : 14), maxSpell);
            spells(r, factor, kind, lastBright + 1, lastLight + 1, Seeds.between(r, 1, 4), maxSpell);
        } else {
            spells(r, factor, kind, firstLight, lastLight + 1, Seeds.between(r, 2, 8), maxSpell);
        }
        return factor;
    }

    private static double usual(Sky kind, Random r) {
        return switch (kind) {
            case CLEAR -> 0.92 + 0.08 * r.nextDouble();
            case VARIABLE -> 0.85 + 0.15 * r.nextDouble();
            case OVERCAST -> 0.12 + 0.16 * r.nextDouble();
        };
    }

    /** A passing cloud (or, when overcast, a break in the clouds). */
    private static double spell(Sky kind, Random r) {
        return switch (kind) {
            case CLEAR -> 0.35 + 0.10 * r.nextDouble();
            case VARIABLE -> 0.20 + 0.25 * r.nextDouble();
            case OVERCAST -> 0.60 + 0.15 * r.nextDouble();
        };
    }

    /**
     * Puts {@code count} spells of 1..maxLength minutes into minutes [from, to), separated by at
     * least one usual minute, shortening them when they do not fit.
     */
    private static void spells(Random r, double[] factor, Sky kind, int from, int to, int count, int maxLength) {
        int span = to - from;
        int n = Math.min(count, (span - 1) / 2);
        if (n <= 0) {
            return;
        }
        int[] length = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            length[i] = Seeds.between(r, 1, maxLength);
            total += length[i];
        }
        int room = span - (n + 1);
        if (total > room) {
            for (int i = 0; i < n; i++) {
                length[i] = Math.max(1, length[i] * room / total);
            }
            total = sum(length);
            if (total > room) {
                Arrays.fill(length, 1);
                total = n;
            }
        }
        // The usual minutes left over go to the n + 1 gaps, each at least one minute.
        int spare = span - total - (n + 1);
        double[] weight = new double[n + 1];
        double weights = 0;
        for (int i = 0; i <= n; i++) {
            weight[i] = r.nextDouble();
            weights += weight[i];
        }
        int t = from;
        for (int i = 0; i < n; i++) {
            t += 1 + (int) (spare * weight[i] / weights);
            double level = spell(kind, r);
            for (int m = t; m < t + length[i]; m++) {
                factor[m] = level;
            }
            t += length[i];
        }
    }

    private static int sum(int[] values) {
        int s = 0;
        for (int v : values) {
            s += v;
        }
        return s;
    }

    /**
     * Clear-sky output at an instant: sun position from the declination and the equation of time,
     * beam light through the Kasten-Young air mass (Meinel's attenuation), plus diffuse light at
     * a tenth of the beam, both on the tilted panel.
     */
    private static double clearSkyWatts(long epochSecond, Sun sun) {
        double utcHours = Math.floorMod(epochSecond, 86400L) / 3600.0;
        double solarHours = utcHours + LONGITUDE_DEGREES / 15 + sun.equationOfTimeMinutes() / 60;
        double hourAngle = Math.toRadians(15 * (solarHours - 12));
        double sinElevation = SIN_LATITUDE * sun.sinDeclination() + COS_LATITUDE * sun.cosDeclination() * Math.cos(hourAngle);
        if (sinElevation <= 0) {
            return 0;
        }
        double elevation = Math.asin(sinElevation);
        double cosElevation = Math.cos(elevation);
        double airMass = 1 / (sinElevation + 0.50572 * Math.pow(Math.toDegrees(elevation) + 6.07995, -1.6364));
        double beam = 1353 * Math.pow(0.7, Math.pow(airMass, 0.678));
        // Sun azimuth measured from south (positive west), for the angle of incidence on the panel.
        double azimuth = Math.atan2(sun.cosDeclination() * Math.sin(hourAngle) * COS_LATITUDE,
                sinElevation * SIN_LATITUDE - sun.sinDeclination());
        double cosIncidence = sinElevation * COS_TILT + cosElevation * SIN_TILT * Math.cos(azimuth);
        double onPanel = beam * Math.max(0, cosIncidence) + 0.1 * beam * (1 + COS_TILT) / 2;
        return PEAK_POWER * onPanel / 1000 * PERFORMANCE_RATIO;
    }

    /** The sun's declination and the equation of time for one day of the year. */
    private record Sun(double sinDeclination, double cosDeclination, double equationOfTimeMinutes) {
        static Sun of(int dayOfYear) {
            double declination = Math.toRadians(23.44) * Math.sin(2 * Math.PI * (284 + dayOfYear) / 365.0);
            double b = 2 * Math.PI * (dayOfYear - 81) / 364.0;
            return new Sun(Math.sin(declination), Math.cos(declination),
                    9.87 * Math.sin(2 * b) - 7.53 * Math.cos(b) - 1.5 * Math.sin(b));
        }
    }
}
