package it.c2du.lab.meter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.crypto.JdkGcmEngine;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Verdict;
import it.c2du.core.stack.MacAddress;
import it.c2du.core.stack.RejectReason;
import it.c2du.plc.DataIndication;
import it.c2du.plc.St7580;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One meter's frames through the real receive stack: new, repeated, for another DU, with a chosen frame counter. */
class SimulatedMeterTest {
    private static final Instant AT = Instant.parse("2025-04-14T09:30:04Z");
    private static final MacAddress M1_ADDRESS = MacAddress.parseOrNull("E5A100000001");

    private final LabSetup lab = new LabSetup(42);
    private final MeterSimulator sim = lab.simulator(42);
    private final SimulatedMeter m1 = new SimulatedMeter(lab.m1, M1_ADDRESS, LabSetup.DU, new JdkGcmEngine(), 100);
    private final ReceiveStack du = lab.pipeline();

    private Map<String, Long> cf1() {
        return sim.fieldsFor(CompactFrameType.CF1, AT);
    }

    @Test
    void eachNewFrameTakesTheNextFrameCounter() {
        MeterTransmission a = m1.send(AT, CompactFrameType.CF1, cf1());
        MeterTransmission b = m1.send(AT.plusSeconds(1), CompactFrameType.CF21, sim.fieldsFor(CompactFrameType.CF21, AT));
        assertEquals(100, a.frameCounter());
        assertEquals(101, b.frameCounter());
        assertEquals(102, m1.nextFrameCounter());
        Reception r = du.receive(a.macFrame());
        assertEquals(Verdict.ACCEPTED, r.verdict());
        assertEquals(M1_ADDRESS, r.mac().source());
        assertEquals(Verdict.ACCEPTED, du.receive(b.macFrame()).verdict());
    }

    @Test
    void theChosenFrameCounterIsUsedAndCountedOn() {
        m1.nextFrameCounter(0xFFFF_FFF0L);
        MeterTransmission t = m1.send(AT, CompactFrameType.CF1, cf1());
        assertEquals(0xFFFF_FFF0L, t.frameCounter());
        assertEquals(0xFFFF_FFF0L, du.receive(t.macFrame()).frameCounter());
        assertEquals(0xFFFF_FFF1L, m1.nextFrameCounter());
        assertThrows(IllegalArgumentException.class, () -> m1.nextFrameCounter(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> m1.nextFrameCounter(-1));
    }

    @Test
    void aRepeatIsTheSameBytesAndTheDuDropsItAsARepetition() {
        MeterTransmission original = m1.send(AT, CompactFrameType.CF1, cf1());
        MeterTransmission again = m1.repeat(original, AT.plusSeconds(20));
        assertTrue(again.repetition());
        assertFalse(original.repetition());
        assertArrayEquals(original.macFrame(), again.macFrame());
        assertEquals(original.frameCounter(), again.frameCounter());
        assertEquals(AT.plusSeconds(20), again.at());
        assertEquals(101, m1.nextFrameCounter(), "a repetition takes no frame counter");
        assertEquals(Verdict.ACCEPTED, du.receive(original.macFrame()).verdict());
        assertEquals(Verdict.REPETITION, du.receive(again.macFrame()).verdict());
    }

    @Test
    void aFrameForAnotherDuIsNotForThisOneAndStillTakesAFrameCounter() {
        MeterTransmission t = m1.sendTo(LabSetup.NEIGHBOUR, AT, CompactFrameType.CF1, cf1());
        assertEquals(LabSetup.NEIGHBOUR, t.destination());
        assertEquals(101, m1.nextFrameCounter());
        Reception r = du.receive(t.macFrame());
        assertEquals(Verdict.REJECTED, r.verdict());
        assertEquals(RejectReason.NOT_FOR_ME, r.rejection().reason());
        // The neighbour's DU, holding the same keys, accepts it.
        ReceiveStack neighbour = new ReceiveStack(LabSetup.NEIGHBOUR, java.util.List.of(lab.m1), new JdkGcmEngine());
        assertEquals(Verdict.ACCEPTED, neighbour.receive(t.macFrame()).verdict());
    }

    @Test
    void aMeterSendsOnlyItsOwnCompactFrames() {
        assertThrows(IllegalArgumentException.class,
                () -> m1.send(AT, CompactFrameType.CF2, sim.fieldsFor(CompactFrameType.CF2, AT)));
        SimulatedMeter m2 = sim.meter(MeterRole.M2);
        assertThrows(IllegalArgumentException.class, () -> m2.send(AT, CompactFrameType.CF22, sim.fieldsFor(CompactFrameType.CF22, AT)));
        assertThrows(IllegalArgumentException.class, () -> m2.repeat(m1.send(AT, CompactFrameType.CF1, cf1()), AT));
        assertEquals(101, m1.nextFrameCounter());
        assertEquals(1, m2.nextFrameCounter(), "a refused frame takes no frame counter");
    }

    @Test
    void theIndicationIsAPlausibleDlDataIndicationOfTheFrame() {
        Random random = new Random(9);
        for (int i = 0; i < 50; i++) {
            Instant at = AT.plusSeconds(random.nextInt(100_000));
            MeterTransmission t = sim.meter(MeterRole.M2).send(at, CompactFrameType.CF41, sim.fieldsFor(CompactFrameType.CF41, at));
            DataIndication d = t.indication();
            assertEquals(St7580.Command.DL_DATA_INDICATION, d.command());
            assertEquals("B-PSK", d.modulationName());
            assertTrue(d.snr() >= 10 && d.snr() <= 16, d.toString());
            assertArrayEquals(t.macFrame(), d.macFrame());
            assertEquals(d, t.indication(), "the same transmission always looks the same");
            assertEquals(d, DataIndication.of(d.toFrame()), "survives the local link");
            DataIndication near = m1.send(at, CompactFrameType.CF1, cf1()).indication();
            assertTrue(near.snr() >= 14 && near.snr() <= 20, near.toString());
        }
    }
}
