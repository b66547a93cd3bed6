package it.c2du.lab.plan;

import static it.c2du.core.profile.C2P1.Counters.MAX_COUNT;
import static it.c2du.core.profile.C2P1.Counters.POWER_LOSS_BIT;

import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.stack.MacAddress;
import it.c2du.counters.CounterSnapshot;
import it.c2du.lab.meter.MeterSimulator;
import it.c2du.lab.meter.MeterTransmission;
import it.c2du.lab.meter.SimulatedMeter;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

/** One DU sample on the rig, with its meters and the simulated time the tests move along. */
public final class LabSample {
    final LabRig rig;
    final MeterSimulator meters;
    final MacAddress duAddress;
    final MacAddress otherDu;
    final ZoneId zone;

    LabSample(LabRig rig, MeterSimulator meters, MacAddress duAddress, MacAddress otherDu, ZoneId zone) {
        this.rig = rig;
        this.duAddress = duAddress;
        this.meters = meters;
        this.otherDu = otherDu;
        this.zone = zone;
    }

    SimulatedMeter meter(CompactFrameType type) {
        return meters.meter(type.sender());
    }

    /** The next time, {@code gap} after the rig's clock. */
    Instant after(Duration gap) {
        return rig.now().plus(gap);
    }

    /** The meter sends a new {@code type} at {@code at} with plausible fields; the journal object is returned. */
    Sent send(CompactFrameType type, Instant at) throws IOException, LabRig.LabException {
        MeterTransmission t = meter(type).send(at, type, meters.fieldsFor(type, at));
        return new Sent(t, rig.transmit(t));
    }

    Sent repeat(MeterTransmission original, Instant at) throws IOException, LabRig.LabException {
        MeterTransmission t = meter(original.type()).repeat(original, at);
        return new Sent(t, rig.transmit(t));
    }

    Sent sendToOtherDu(CompactFrameType type, Instant at) throws IOException, LabRig.LabException {
        MeterTransmission t = meter(type).sendTo(otherDu, at, type, meters.fieldsFor(type, at));
        return new Sent(t, rig.transmit(t));
    }

    /** Today's five raw counter values, as {@code du counters} shows them. */
    Map<ReceptionCounter, Integer> today() throws LabRig.LabException {
        return todayValues(rig.counters());
    }

    int today(ReceptionCounter c) throws LabRig.LabException {
        return today().get(c);
    }

    /** A counter's value and the receiver's day, read before a measurement. */
    Reading reading(ReceptionCounter c) throws LabRig.LabException {
        CounterSnapshot now = rig.counters();
        return new Reading(c, String.valueOf(now.day()), now.today()[c.ordinal()]);
    }

    /**
     * How much the counter grew since {@code before} (bits 0-14). A day that closed in between
     * makes the difference meaningless: the rig says so rather than judge it.
     */
    int growth(Reading before) throws LabRig.LabException {
        Reading after = reading(before.counter());
        if (!after.day().equals(before.day())) {
            throw new LabRig.LabException("the receiver's day changed from " + before.day() + " to " + after.day()
                    + " during a measurement on " + before.counter() + " (bench time " + rig.now() + ")");
        }
        return (after.value() & MAX_COUNT) - (before.value() & MAX_COUNT);
    }

    record Reading(ReceptionCounter counter, String day, int value) {
    }

    /** A transmission and what the receiver's journal says of it. */
    record Sent(MeterTransmission transmission, Map<String, Object> journal) {
        String verdict() {
            return String.valueOf(journal.get("verdict"));
        }

        String reason() {
            Object r = journal.get("reason");
            return r == null ? null : r.toString();
        }

        boolean accepted() {
            return "accepted".equals(verdict());
        }

        String verdictText() {
            return verdict() + (reason() == null ? "" : " " + reason());
        }
    }

    static Map<ReceptionCounter, Integer> todayValues(CounterSnapshot counters) {
        Map<ReceptionCounter, Integer> v = new EnumMap<>(ReceptionCounter.class);
        for (ReceptionCounter rc : ReceptionCounter.values()) {
            v.put(rc, counters.today()[rc.ordinal()]);
        }
        return v;
    }

    /** A profile element by index (0 = day -1), as {@code du counters} numbers them. */
    static int profileElement(CounterSnapshot counters, ReceptionCounter rc, int index) {
        return counters.profile()[rc.ordinal()][index];
    }

    static String raw(int v) {
        return (v & POWER_LOSS_BIT) == 0 ? Integer.toString(v) : v + " (bit 15 + " + (v & MAX_COUNT) + ")";
    }
}
