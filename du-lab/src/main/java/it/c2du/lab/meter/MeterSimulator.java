package it.c2du.lab.meter;

import it.c2du.core.crypto.GcmEngine;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.stack.MacAddress;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DU's two meters with what they measure: M1 on a {@link HouseholdLoad}, M2 on a
 * {@link PhotovoltaicPlant}, both deterministic for a seed. It produces the monitoring traffic of
 * any period -- CF1 and CF2 a few seconds after every quarter hour, CF21/CF41 at every 300 W
 * step of the power, CF22 when the household goes above its available power, CF25 at every
 * 3 kWh of the energy register -- and plausible fields for any compact frame at any instant, so
 * a test plan can also send frames of its own choosing. Not thread-safe.
 */
public final class MeterSimulator {
    private static final long QUARTER = 900;
    /** Latest a quarter-hour frame leaves after its quarter; the earliest event frame after its event is 1 s. */
    private static final int MAX_QUARTER_DELAY = 14;
    private static final int MAX_EVENT_DELAY = 3;
    private static final long COUNTER_MODULUS = 1L << 16;
    private static final long EVENT_POWER_STEP = 1;
    private static final long EVENT_OVERLOAD = 2;
    private static final long EVENT_ENERGY_THRESHOLD = 3;
    private static final long EVENT_PRODUCTION_STEP = 4;

    private final SimulatedMeter m1;
    private final SimulatedMeter m2;
    private final ZoneId zone;
    private final long seed;
    private final HouseholdLoad household;
    private final PhotovoltaicPlant plant;
    /** Events the meters had counted before the ledgers' anchor day. */
    private final long stepOffset;
    private final long overloadOffset;
    private final long productionStepOffset;

    /**
     * @param m1   the consumption meter (role M1)
     * @param m2   the production meter (role M2), or null for a DU without one
     * @param zone the zone of the household's clock (tariff bands, local days)
     * @param seed chooses the household, the plant and their days
     * @throws IllegalArgumentException when a meter's role is not the one of its place
     */
    public MeterSimulator(SimulatedMeter m1, SimulatedMeter m2, ZoneId zone, long seed) {
        if (m1.role() != MeterRole.M1 || (m2 != null && m2.role() != MeterRole.M2)) {
            throw new IllegalArgumentException("meters must be M1 and M2, got " + m1.role()
                    + " and " + (m2 == null ? "none" : m2.role()));
        }
        this.m1 = m1;
        this.m2 = m2;
        this.zone = zone;
        this.seed = seed;
        this.household = new HouseholdLoad(zone, seed);
        this.plant = new PhotovoltaicPlant(zone, seed);
        this.stepOffset = Seeds.between(Seeds.mix(seed, 21), 0, 60000);
        this.overloadOffset = Seeds.between(Seeds.mix(seed, 22), 0, 2000);
        this.productionStepOffset = Seeds.between(Seeds.mix(seed, 41), 0, 60000);
    }

    /**
     * Meters for a DU configuration: their MAC addresses drawn from the seed (E5A1... for M1,
     * E5A2... for M2), their first frame counter 1.
     *
     * @param m2 M2's association, or null for a DU without a production meter
     */
    public static MeterSimulator of(MacAddress du, Association m1, Association m2, GcmEngine engine, ZoneId zone,
                                    long seed) {
        return new MeterSimulator(new SimulatedMeter(m1, address(0xA1, seed), du, engine, 1),
                m2 == null ? null : new SimulatedMeter(m2, address(0xA2, seed), du, engine, 1), zone, seed);
    }

    private static MacAddress address(int kind, long seed) {
        long h = Seeds.mix(seed, kind);
        byte[] a = {(byte) 0xE5, (byte) kind, (byte) (h >>> 24), (byte) (h >>> 16), (byte) (h >>> 8), (byte) h};
        return MacAddress.of(a, 0);
    }

    /** The meter of a role, or null when the DU has none (M2 of a consumer-only DU). */
    public SimulatedMeter meter(MeterRole role) {
        return role == MeterRole.M1 ? m1 : m2;
    }

    /** What M1 measures. */
    public HouseholdLoad household() {
        return household;
    }

    /** What M2 measures. */
    public PhotovoltaicPlant plant() {
        return plant;
    }

    /** The zone of the household's clock. */
    public ZoneId zone() {
        return zone;
    }

    /**
     * Every frame the meters send in [from, to), in time order (at the same second M1 before M2,
     * then by CF number), each with the next frame counter of its meter. Asking for consecutive
     * periods continues the frame counters.
     */
    public List<MeterTransmission> traffic(Instant from, Instant to) {
        long lo = from.getEpochSecond() + (from.getNano() > 0 ? 1 : 0);
        long hi = to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0);
        List<Planned> planned = new ArrayList<>();
        for (long b = Math.floorDiv(lo - MAX_QUARTER_DELAY, QUARTER) * QUARTER; b < hi; b += QUARTER) {
            planned.add(new Planned(b + quarterDelay(CompactFrameType.CF1, b), MeterRole.M1, CompactFrameType.CF1, b));
            if (m2 != null) {
                planned.add(new Planned(b + quarterDelay(CompactFrameType.CF2, b), MeterRole.M2, CompactFrameType.CF2, b));
            }
        }
        // From the day before: an event at the very end of a day is listed under that day.
        EnergyLedger consumption = household.ledger();
        for (long day = consumption.dayOf(lo - MAX_EVENT_DELAY) - 1; day <= consumption.dayOf(hi); day++) {
            events(planned, CompactFrameType.CF21, consumption.stepEvents(day));
            events(planned, CompactFrameType.CF22, consumption.overloadEvents(day));
            events(planned, CompactFrameType.CF25, household.thresholdEvents(day));
            if (m2 != null) {
                events(planned, CompactFrameType.CF41, plant.ledger().stepEvents(day));
            }
        }
        planned.sort(Comparator.comparingLong(Planned::at).thenComparing(Planned::role)
                .thenComparingInt(p -> p.type().number()).thenComparingLong(Planned::measured));
        List<MeterTransmission> traffic = new ArrayList<>();
        for (Planned p : planned) {
            if (p.at() >= lo && p.at() < hi) {
                traffic.add(meter(p.role()).send(Instant.ofEpochSecond(p.at()), p.type(),
                        fields(p.type(), p.measured(), p.at())));
            }
        }
        return traffic;
    }

    /**
     * Plausible fields of a compact frame sent at {@code at}, consistent with the meters'
     * registers. For CF1/CF2, the quarter hour that ended last; for an event frame, an event one
     * second before {@code at}, numbered as the meter's next event of that kind. A CF22 asked for
     * when the household is within its available power reports a plausible overload (3.4-3.8 kW)
     * instead of the power drawn.
     */
    public Map<String, Long> fieldsFor(CompactFrameType type, Instant at) {
        long m = at.getEpochSecond();
        boolean quarterly = type == CompactFrameType.CF1 || type == CompactFrameType.CF2;
        return fields(type, quarterly ? Math.floorDiv(m, QUARTER) * QUARTER : m - 1, m);
    }

    private void events(List<Planned> planned, CompactFrameType type, List<Long> times) {
        for (long e : times) {
            long delay = Seeds.between(Seeds.mix(seed, type.number(), e), 1, MAX_EVENT_DELAY);
            planned.add(new Planned(e + delay, type.sender(), type, e));
        }
    }

    /** M1 answers within 2-6 s of the quarter, M2 within 8-14 s, so that they seldom talk together. */
    private long quarterDelay(CompactFrameType type, long quarter) {
        long h = Seeds.mix(seed, type.number(), quarter);
        return type == CompactFrameType.CF1 ? Seeds.between(h, 2, 6) : Seeds.between(h, 8, MAX_QUARTER_DELAY);
    }

    /**
     * @param measured the quarter's end (CF1, CF2) or the event's second
     * @param message  the second the frame is sent
     */
    private Map<String, Long> fields(CompactFrameType type, long measured, long message) {
        Map<String, Long> f = new LinkedHashMap<>();
        f.put("MessagePosixTimestamp", message);
        switch (type) {
            case CF1 -> quarter(f, household.ledger(), measured, message, false);
            case CF2 -> quarter(f, plant.ledger(), measured, message, true);
            case CF21 -> {
                EnergyLedger l = household.ledger();
                event(f, EVENT_POWER_STEP, measured, stepOffset + l.stepEventsBefore(measured) + 1);
                f.put("InstantPower", l.powerAt(measured));
            }
            case CF22 -> {
                EnergyLedger l = household.ledger();
                long power = l.powerAt(measured);
                if (power <= household.availablePower()) {
                    power = Seeds.between(Seeds.mix(seed, 22, measured), 3400, 3780);
                }
                event(f, EVENT_OVERLOAD, measured, overloadOffset + l.overloadEventsBefore(measured) + 1);
                f.put("InstantPower", power);
                f.put("AvailablePower", household.availablePower());
                f.put("SwitchOffSeconds", household.switchOffSeconds(power));
            }
            case CF25 -> {
                long total = household.ledger().readingWh(measured);
                event(f, EVENT_ENERGY_THRESHOLD, measured, total / household.thresholdEnergy());
                f.put("ThresholdEnergy", household.thresholdEnergy());
                f.put("TotalActEnergy", total);
            }
            case CF41 -> {
                EnergyLedger l = plant.ledger();
                event(f, EVENT_PRODUCTION_STEP, measured, productionStepOffset + l.stepEventsBefore(measured) + 1);
                f.put("InstantProdPower", l.powerAt(measured));
            }
            default -> throw new IllegalArgumentException("no simulation for " + type);
        }
        return f;
    }

    /** CF1 and CF2: the register at the quarter's end and the energies of that quarter and the one before. */
    private void quarter(Map<String, Long> f, EnergyLedger l, long end, long message, boolean production) {
        String energy = production ? "Prod" : "";
        long total = l.readingWh(end);
        long previous = l.readingWh(end - QUARTER);
        f.put("MeasurePosixTimestamp", end);
        if (!production) {
            // The band the quarter's energy was metered in.
            f.put("TariffCode", (long) TariffBand.at(LocalDateTime.ofInstant(Instant.ofEpochSecond(end - QUARTER), zone)).code());
        }
        f.put("Total" + energy + "ActEnergy", total);
        f.put("CurrQuart" + energy + "ActEnergy", total - previous);
        f.put("PrevQuart" + energy + "ActEnergy", previous - l.readingWh(end - 2 * QUARTER));
        long average = Math.round((l.wattSecondsAt(end) - l.wattSecondsAt(end - QUARTER)) / (double) QUARTER);
        f.put("QuartAverage" + energy + "Power", Math.max(0, average));
        f.put("Instant" + energy + "Power", l.powerAt(message));
    }

    private static void event(Map<String, Long> f, long eventType, long at, long counter) {
        f.put("EventType", eventType);
        f.put("EventPosixTimestamp", at);
        f.put("EventsCounter", Math.floorMod(counter, COUNTER_MODULUS));
    }

    /** A frame to send: when, by whom, and the quarter's end or event second it reports. */
    private record Planned(long at, MeterRole role, CompactFrameType type, long measured) {
    }
}
