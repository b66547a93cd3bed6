package it.c2du.lab.meter;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * What the M1 meter measures: a family household with an electric water heater, on a 3 kW
 * contract (available power 3.3 kW, the 110% the meter lets through indefinitely), using
 * 11-15 kWh a day. Over a day: a base load of 150-250 W, the fridge's compressor cycling, the
 * water heater on a night timer, breakfast (espresso machine, toaster, hair dryer), often a
 * washing machine, lunch on the induction hob when someone is home, air conditioning on summer
 * afternoons, evening lights and TV, dinner (oven or hob) and the dishwasher. Two or three times
 * a day a short appliance (kettle, microwave, hair dryer) runs while something heats, taking the
 * power above the available power for a minute or two -- never long enough for the meter to
 * open its switch.
 *
 * <p>Everything is drawn from a {@link Random} seeded by the household's seed and the day, so
 * any instant can be asked in any order and gives the same answer. The energy register reads
 * 35-45 MWh on 1 January 2025, so it is plausible from 2018 on (earlier it would fall below
 * zero, and reads 0). Not thread-safe.
 */
public final class HouseholdLoad {
    private static final LocalDate ANCHOR = LocalDate.of(2025, 1, 1);
    private static final long CONTRACTUAL_POWER = 3000;
    private static final long AVAILABLE_POWER = 3300;
    /** Above 127% of the contractual power the meter opens its switch after about 2 minutes... */
    private static final long SHORT_TOLERANCE_POWER = 3810;
    private static final long SHORT_TOLERANCE_SECONDS = 120;
    /** ...between the available power and that, after 2 hours. */
    private static final long LONG_TOLERANCE_SECONDS = 7200;
    private static final long THRESHOLD_WH = 3000;
    private static final long POWER_STEP = 300;
    private static final long SALT_TRAITS = 0x4D31L;
    private static final long SALT_DAY = 0x4D3144L;

    private final ZoneId zone;
    private final long seed;
    private final int fridgeWatts;
    private final int fridgeOnMinutes;
    private final int fridgeOffMinutes;
    private final int baseWatts;
    private final int waterHeaterWatts;
    private final double lunchAtHome;
    private final EnergyLedger ledger;

    /** The household of {@code seed}, its days being local days of {@code zone}. */
    public HouseholdLoad(ZoneId zone, long seed) {
        this.zone = zone;
        this.seed = seed;
        Random traits = Seeds.random(seed, SALT_TRAITS);
        fridgeWatts = Seeds.between(traits, 80, 120);
        fridgeOnMinutes = Seeds.between(traits, 10, 16);
        fridgeOffMinutes = Seeds.between(traits, 18, 28);
        baseWatts = Seeds.between(traits, 180, 215);
        waterHeaterWatts = Seeds.between(traits, 1100, 1500);
        lunchAtHome = 0.3 + 0.5 * traits.nextDouble();
        long readingWh = 35_000_000L + traits.nextInt(10_000_001);
        ledger = new EnergyLedger(zone, ANCHOR, readingWh * 3600, POWER_STEP, AVAILABLE_POWER, this::plan);
    }

    /** The zone of the household's clock: its days, its tariff bands. */
    public ZoneId zone() {
        return zone;
    }

    /** Instantaneous active power drawn, in W. */
    public long powerAt(Instant t) {
        return ledger.powerAt(t.getEpochSecond());
    }

    /** The total active energy register, in Wh. */
    public long energyAt(Instant t) {
        return ledger.readingWh(t.getEpochSecond());
    }

    /** The time-of-use band in force. */
    public TariffBand tariffAt(Instant t) {
        return TariffBand.at(LocalDateTime.ofInstant(t, zone));
    }

    /** Contractual power, W. */
    public long contractualPower() {
        return CONTRACTUAL_POWER;
    }

    /** Available power (110% of the contractual power), W: above it the meter sends CF22. */
    public long availablePower() {
        return AVAILABLE_POWER;
    }

    /** The energy step, Wh, at whose multiples the register makes the meter send CF25. */
    public long thresholdEnergy() {
        return THRESHOLD_WH;
    }

    /** Width of the power bands, W, whose crossing makes the meter send CF21. */
    public long powerStep() {
        return POWER_STEP;
    }

    /**
     * The countdown the meter starts when a power exceeds the available power (CF22's
     * SwitchOffSeconds): 2 hours up to 127% of the contractual power, 2 minutes above; 0 when
     * there is no overload.
     */
    public long switchOffSeconds(long power) {
        if (power <= AVAILABLE_POWER) {
            return 0;
        }
        return power <= SHORT_TOLERANCE_POWER ? LONG_TOLERANCE_SECONDS : SHORT_TOLERANCE_SECONDS;
    }

    EnergyLedger ledger() {
        return ledger;
    }

    /** Seconds of a local day at which the register reaches a multiple of the threshold energy. */
    List<Long> thresholdEvents(long epochDay) {
        long start = ledger.wattSecondsAtStart(epochDay);
        PowerProfile day = ledger.profile(epochDay);
        long unit = THRESHOLD_WH * 3600;
        List<Long> events = new ArrayList<>();
        for (long k = Math.max(1, Math.floorDiv(start, unit) + 1); k * unit <= start + day.totalWattSeconds(); k++) {
            events.add(day.timeReaching(k * unit - start));
        }
        return events;
    }

    private PowerProfile plan(LocalDate date) {
        return new DayPlan(date).build();
    }

    /** One day of the household, appliance by appliance, in the order they are planned. */
    private final class DayPlan {
        private final LocalDate date;
        private final Random r;
        private final PowerProfile.Builder load;
        private final boolean dayOff;
        /** Stretches where something heats at full power: where the day's overloads happen. */
        private final List<long[]> heating = new ArrayList<>();

        DayPlan(LocalDate date) {
            this.date = date;
            this.r = Seeds.random(seed, SALT_DAY, date.toEpochDay());
            this.load = new PowerProfile.Builder(ledger.startOf(date), ledger.startOf(date.plusDays(1)));
            // Weekends and holidays: a later breakfast, lunch at home, more washing.
            this.dayOff = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY
                    || TariffBand.isHoliday(date);
        }

        PowerProfile build() {
            baseLoad();
            fridge();
            waterHeater();
            morning();
            washingMachine();
            lunch();
            airConditioning();
            vacuumCleaner();
            eveningLights();
            dinner();
            dishwasher();
            overloads();
            return load.build();
        }

        /** Standby, router, lights left on: lowest at night, highest in the evening. */
        private void baseLoad() {
            for (long s = load.start(); s < load.end(); s += 1800) {
                int hour = ZonedDateTime.ofInstant(Instant.ofEpochSecond(s), zone).getHour();
                int watts;
                if (hour < 6) {
                    watts = between(150, 180);
                } else if (hour < 18) {
                    watts = Math.max(150, Math.min(250, baseWatts + between(-25, 25)));
                } else {
                    watts = between(195, 250);
                }
                load.add(s, s + 1800, watts);
            }
        }

        /** The compressor runs longer in summer. */
        private void fridge() {
            double summer = (1 - Math.cos(2 * Math.PI * (date.getDayOfYear() - 15) / 365.0)) / 2;
            long on = Math.round(60 * fridgeOnMinutes * (1 + 0.3 * summer));
            long t = load.start() - seconds(0, 60 * (fridgeOnMinutes + fridgeOffMinutes));
            while (t < load.end()) {
                long run = on + seconds(-90, 90);
                load.add(t, t + run, fridgeWatts + between(-5, 5));
                t += run + 60L * fridgeOffMinutes + seconds(-120, 120);
            }
        }

        /**
         * On a night timer (F3): the main heating after the evening's showers, then short reheats
         * -- over by 06:00, before anyone wakes and switches anything else on.
         */
        private void waterHeater() {
            long t = local(0, 30) + minutes(0, 20);
            long main = minutes(70, 120);
            load.add(t, t + main, waterHeaterWatts);
            t += main;
            long lastEnd = local(6, 0);
            for (int i = 0; i < 5; i++) {
                t += minutes(25, 45);
                long len = minutes(8, 15);
                // Three reheats always fit (by 05:50); more only when they end before 06:00.
                if (i >= 3 && t + len > lastEnd) {
                    break;
                }
                load.add(t, t + len, waterHeaterWatts);
                t += len;
            }
        }

        /** One after the other: espresso machine, sometimes the toaster, often the hair dryer. */
        private void morning() {
            long wake = dayOff ? local(8, 0) + minutes(0, 60) : local(6, 30) + minutes(0, 30);
            load.add(wake, wake + minutes(60, 100), between(60, 180));
            long t = wake + minutes(5, 15);
            t = run(t, minutes(3, 6), between(800, 1000));
            if (r.nextDouble() < 0.4) {
                t = run(t + minutes(1, 5), minutes(2, 4), between(700, 900));
            }
            if (r.nextDouble() < 0.7) {
                run(t + minutes(5, 20), minutes(4, 9), between(1200, 1800));
            }
        }

        /** Heats the water first, then tumbles, rinses and spins; started after breakfast. */
        private void washingMachine() {
            if (r.nextDouble() >= (dayOff ? 0.8 : 0.55)) {
                return;
            }
            long t = dayOff ? local(10, 15) + minutes(0, 45) : local(9, 15) + minutes(0, 60);
            t = run(t, minutes(2, 4), between(40, 60));
            t = heat(t, minutes(12, 20), between(1800, 2100));
            long tumbleEnd = t + minutes(35, 45);
            while (t < tumbleEnd) {
                t = run(t, minutes(1, 3), between(150, 300));
                t = run(t, minutes(1, 2), between(20, 60));
            }
            t = run(t, minutes(12, 18), between(100, 200));
            run(t, minutes(8, 12), between(350, 500));
        }

        /** Every day off, and on working days when someone is home: microwave or hob. */
        private void lunch() {
            if (!dayOff && r.nextDouble() >= lunchAtHome) {
                return;
            }
            long t;
            if (r.nextDouble() < 0.4) {
                t = local(12, 15) + minutes(0, 15);
                t = run(t, minutes(2, 4), between(800, 1200)) + minutes(1, 3);
            } else {
                t = local(12, 30) + minutes(0, 20);
            }
            t = heat(t, minutes(8, 12), between(1800, 2000));
            run(t, minutes(10, 20), between(900, 1300));
        }

        /** June to September, most afternoons: the split unit cycling on its thermostat. */
        private void airConditioning() {
            int month = date.getMonthValue();
            if (month < 6 || month > 9 || r.nextDouble() >= 0.7) {
                return;
            }
            int watts = between(650, 950);
            long until = local(18, 30);
            long t = local(14, 30) + minutes(0, 20);
            while (t < until) {
                long on = Math.min(minutes(10, 25), until - t);
                t = run(t, on, watts + between(-30, 30)) + minutes(5, 15);
            }
        }

        /** Saturday afternoons, often. */
        private void vacuumCleaner() {
            if (date.getDayOfWeek() == DayOfWeek.SATURDAY && r.nextDouble() < 0.6) {
                run(local(16, 0) + minutes(0, 60), minutes(15, 25), between(1200, 1600));
            }
        }

        /** Lights from dusk (earlier in winter) to bedtime, the TV after dinner. */
        private void eveningLights() {
            int month = date.getMonthValue();
            long dusk = month >= 11 || month <= 2 ? local(17, 30) : month <= 4 || month >= 9 ? local(19, 0) : local(20, 30);
            long on = dusk + minutes(-20, 20);
            long off = local(23, 0) + minutes(-30, 30);
            load.add(on, off, between(100, 250));
            long tv = local(20, 30) + minutes(-15, 15);
            load.add(tv, local(22, 30) + minutes(-30, 30), between(80, 150));
        }

        /** The oven (preheat, then its thermostat cycling) or the hob (boil, simmer, keep warm). */
        private void dinner() {
            long t = local(19, 15) + minutes(0, 30);
            if (r.nextDouble() < 0.5) {
                int watts = between(2000, 2400);
                t = heat(t, minutes(10, 14), watts);
                long until = t + minutes(25, 40);
                while (t < until) {
                    t = run(t + minutes(2, 5), minutes(2, 4), watts);
                }
            } else {
                t = heat(t, minutes(8, 12), between(1800, 2000));
                t = run(t, minutes(10, 20), between(900, 1300));
                run(t, minutes(5, 10), between(500, 800));
            }
        }

        /** After dinner: heats for the wash and again for the rinse; over well before midnight. */
        private void dishwasher() {
            long t = local(21, 0) + minutes(0, 40);
            t = run(t, minutes(3, 5), between(100, 140));
            t = heat(t, minutes(14, 18), between(1800, 2000));
            t = run(t, minutes(20, 30), between(150, 200));
            t = heat(t, minutes(8, 12), between(1800, 2000));
            run(t, minutes(2, 4), between(80, 120));
        }

        /**
         * A kettle, microwave or hair dryer while something heats: 2 or 3 times a day, in distinct
         * heating stretches, for 60-110 s -- shorter than the meter's 2-minute tolerance, so the
         * switch never opens. Sized to the power already drawn, so it always exceeds the
         * available power.
         */
        private void overloads() {
            Collections.shuffle(heating, r);
            int n = r.nextDouble() < 0.4 ? 3 : 2;
            for (int i = 0; i < n && i < heating.size(); i++) {
                long[] h = heating.get(i);
                long start = h[0] + 60 + seconds(0, (int) (h[1] - h[0] - 60 - 150));
                long target = r.nextDouble() < 0.2 ? between(3900, 4300) : between(3450, 3780);
                long watts = Math.max(target - load.sumAt(start), 700);
                load.add(start, start + seconds(60, 110), watts);
            }
        }

        /** A load from {@code t} for {@code duration} s; returns when it ends. */
        private long run(long t, long duration, long watts) {
            load.add(t, t + duration, watts);
            return t + duration;
        }

        /** A heating element at full power: also a place for an overload. */
        private long heat(long t, long duration, long watts) {
            heating.add(new long[] {t, t + duration});
            return run(t, duration, watts);
        }

        private long local(int hour, int minute) {
            return ZonedDateTime.of(date, LocalTime.of(hour, minute), zone).toEpochSecond();
        }

        private int between(int lo, int hi) {
            return Seeds.between(r, lo, hi);
        }

        private long minutes(int lo, int hi) {
            return 60L * between(lo, hi);
        }

        private long seconds(int lo, int hi) {
            return between(lo, hi);
        }
    }
}
