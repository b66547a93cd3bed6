package it.c2du.lab.meter;

import it.c2du.core.config.DuConfig;
import it.c2du.core.encode.Fault;
import it.c2du.core.encode.SampleCompactFrames;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.stack.MacAddress;
import it.c2du.plc.DataIndication;
import it.c2du.plc.St7580;
import it.c2du.plc.emulator.St7580Emulator;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * What the meters and the modem do during {@code du demo}: a scripted half hour rather than the
 * simulator's physics, so that every kind of event (a repetition, a frame for another DU, a
 * forged one, link faults, a modem reset) shows within minutes. Deterministic: the same steps,
 * frame for frame, every run.
 */
public final class DemoSchedule {
    /** One thing the meters (or the modem) do at a moment of the demo clock; a modem reset carries no frame. */
    public record Step(Instant at, DataIndication indication, St7580Emulator.LinkFault fault, boolean modemReset) {
    }

    private DemoSchedule() {
    }

    /** The meters' half hour: quarter-hour CF1/CF2, CF21/CF41 every two minutes, events and faults. */
    public static List<Step> of(DuConfig cfg, OffsetDateTime start, Duration length) {
        SimulatedMeter m1 = new SimulatedMeter(cfg.association(MeterRole.M1), MacAddress.parseOrNull("E5A100000001"),
                cfg.duAddress(), cfg.newEngine(), 5000);
        SimulatedMeter m2 = new SimulatedMeter(cfg.association(MeterRole.M2), MacAddress.parseOrNull("E5A200000002"),
                cfg.duAddress(), cfg.newEngine(), 8000);
        // M1's key, but paired with a neighbour's DU: its frames are heard here and are not for us.
        SimulatedMeter m1OfNeighbour = new SimulatedMeter(cfg.association(MeterRole.M1),
                MacAddress.parseOrNull("E5A100000001"), MacAddress.parseOrNull("DC0000000099"), cfg.newEngine(), 77);
        Random random = new Random(20260328);
        List<Step> steps = new ArrayList<>();
        OffsetDateTime end = start.plus(length);
        for (OffsetDateTime t = start; t.isBefore(end); t = t.plusMinutes(1)) {
            int minute = t.getMinute();
            OffsetDateTime at = t.plusSeconds(5);
            if (minute % 2 == 0) {
                byte[] cf21 = m1.send(at.toInstant(), CompactFrameType.CF21,
                        SampleCompactFrames.random(CompactFrameType.CF21, at.toEpochSecond(), random)).macFrame();
                St7580Emulator.LinkFault fault = minute == 52 ? St7580Emulator.LinkFault.CHECKSUM
                        : minute == 56 ? St7580Emulator.LinkFault.NOISE_BEFORE : St7580Emulator.LinkFault.NONE;
                steps.add(new Step(at.toInstant(), indication(cf21, random), fault, false));
                if (minute == 54) {
                    steps.add(step(at.plusSeconds(4), cf21, random)); // the meter sends it again
                }
            } else {
                byte[] cf41 = m2.send(at.plusSeconds(5).toInstant(), CompactFrameType.CF41,
                        SampleCompactFrames.random(CompactFrameType.CF41, at.toEpochSecond(), random)).macFrame();
                St7580Emulator.LinkFault fault = minute == 1 ? St7580Emulator.LinkFault.REPEAT_AFTER_ACK
                        : minute == 11 ? St7580Emulator.LinkFault.TRUNCATED : St7580Emulator.LinkFault.NONE;
                steps.add(new Step(at.plusSeconds(5).toInstant(), indication(cf41, random), fault, false));
            }
            if (minute % 15 == 0) {
                steps.add(step(t.plusSeconds(20), m1.send(t.plusSeconds(20).toInstant(), CompactFrameType.CF1,
                        SampleCompactFrames.random(CompactFrameType.CF1, t.toEpochSecond(), random)).macFrame(), random));
                steps.add(step(t.plusSeconds(40), m2.send(t.plusSeconds(40).toInstant(), CompactFrameType.CF2,
                        SampleCompactFrames.random(CompactFrameType.CF2, t.toEpochSecond(), random)).macFrame(), random));
            }
            if (minute == 55) {
                steps.add(step(t.plusSeconds(30), m1.send(t.plusSeconds(30).toInstant(), CompactFrameType.CF22,
                        SampleCompactFrames.random(CompactFrameType.CF22, t.toEpochSecond(), random)).macFrame(), random));
            }
            if (minute == 7) {
                steps.add(step(t.plusSeconds(30), m1.send(t.plusSeconds(30).toInstant(), CompactFrameType.CF25,
                        SampleCompactFrames.random(CompactFrameType.CF25, t.toEpochSecond(), random)).macFrame(), random));
            }
            if (minute == 57) {
                steps.add(step(t.plusSeconds(45), m1OfNeighbour.send(t.plusSeconds(45).toInstant(), CompactFrameType.CF21,
                        SampleCompactFrames.random(CompactFrameType.CF21, t.toEpochSecond(), random)).macFrame(), random));
            }
            if (minute == 3) {
                steps.add(step(t.plusSeconds(45), m2.sendWithFault(t.plusSeconds(45).toInstant(), CompactFrameType.CF41,
                        SampleCompactFrames.random(CompactFrameType.CF41, t.toEpochSecond(), random), Fault.AUTH_FAILED,
                        random).macFrame(), random));
            }
            if (minute == 9) {
                steps.add(new Step(t.plusSeconds(50).toInstant(), null, null, true));
            }
        }
        steps.sort(Comparator.comparing(Step::at));
        return steps;
    }

    private static Step step(OffsetDateTime at, byte[] mac, Random random) {
        return new Step(at.toInstant(), indication(mac, random), St7580Emulator.LinkFault.NONE, false);
    }

    private static DataIndication indication(byte[] mac, Random random) {
        return new DataIndication(St7580.Command.DL_DATA_INDICATION, 1, false, 5, 8 + random.nextInt(12), 0, mac);
    }
}
