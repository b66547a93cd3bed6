package it.c2du.core.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import it.c2du.core.crypto.GcmEngine;
import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.Verdict;
import it.c2du.core.stack.CompactFrameCodec;
import it.c2du.core.stack.MacAddress;
import it.c2du.core.stack.MacLayer;
import it.c2du.core.stack.RejectReason;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property tests with a seeded Random (the seed is in every failure message; set
 * -Dc2du.seed=N to replay one): the meter-side encoder and the receiver agree on every CF and
 * role, every fault gives its reason, and no single flipped bit gets through.
 */
class EncodeDecodePropertyTest {
    private static final long SEED = Long.getLong("c2du.seed", System.nanoTime());
    private static final MacAddress DU = MacAddress.parseOrNull("DC1234567890");
    private static final MacAddress METER = MacAddress.parseOrNull("E5A100000001");

    private final Random random = new Random(SEED);
    private final Association m1 = association(MeterRole.M1);
    private final Association m2 = association(MeterRole.M2);

    private Association association(MeterRole role) {
        return it.c2du.core.testing.RandomAssociations.of(role, random);
    }

    private ReceiveStack receiver(String engine) {
        return new ReceiveStack(DU, List.of(m1, m2), GcmEngine.named(engine));
    }

    private String where() {
        return "seed " + SEED + " (replay with -Dc2du.seed=" + SEED + ")";
    }

    @Test
    void everyCfAndRoleRoundTrips() {
        for (String engineName : List.of("jdk", "bc")) {
            ReceiveStack rx = receiver(engineName);
            MeterFrameEncoder tx = new MeterFrameEncoder(DU, METER, GcmEngine.named(engineName));
            long fc = random.nextInt(1000);
            for (int i = 0; i < 300; i++) {
                CompactFrameType type = CompactFrameType.values()[random.nextInt(CompactFrameType.values().length)];
                Association a = random.nextBoolean() ? m1 : m2;
                Map<String, Long> fields = SampleCompactFrames.random(type, 1_700_000_000L + random.nextInt(1 << 26), random);
                fc += 1 + random.nextInt(5);
                byte[] frame = tx.encode(a, fc, type, fields);
                Reception r = rx.receive(frame);
                String ctx = where() + ": " + type + " from " + a.role() + " fc " + fc + " engine " + engineName;
                assertEquals(Verdict.ACCEPTED, r.verdict(), ctx + " " + r.rejection());
                assertEquals(a.role(), r.meter(), ctx);
                assertEquals(fc, r.frameCounter(), ctx);
                assertEquals(type, r.compactFrame().type(), ctx);
                assertEquals(fields, r.compactFrame().fields(), ctx);
                assertArrayEquals(CompactFrameCodec.encode(type, fields), r.plaintext(), ctx);
                assertEquals(Verdict.REPETITION, rx.receive(frame).verdict(), ctx + ": the same frame again");
            }
        }
    }

    @Test
    void fieldExtremesRoundTrip() {
        ReceiveStack rx = receiver("jdk");
        MeterFrameEncoder tx = new MeterFrameEncoder(DU, METER, GcmEngine.named("jdk"));
        long fc = 0;
        for (CompactFrameType type : CompactFrameType.values()) {
            for (boolean max : new boolean[] {false, true}) {
                Map<String, Long> fields = new java.util.LinkedHashMap<>();
                type.fields().forEach(f -> fields.put(f.name(), max ? f.max() : 0L));
                Reception r = rx.receive(tx.encode(m1, fc++, type, fields));
                assertEquals(fields, r.compactFrame().fields(), type + (max ? " max" : " zero"));
            }
        }
        // the largest frame counter
        Reception r = rx.receive(tx.encode(m2, 0xFFFFFFFFL, CompactFrameType.CF41,
                SampleCompactFrames.random(CompactFrameType.CF41, 1_700_000_000L, random)));
        assertEquals(Verdict.ACCEPTED, r.verdict());
        assertEquals(0xFFFFFFFFL, r.frameCounter());
    }

    @Test
    void everyFaultIsRejectedWithItsReason() {
        for (String engineName : List.of("jdk", "bc")) {
            ReceiveStack rx = receiver(engineName);
            MeterFrameEncoder tx = new MeterFrameEncoder(DU, METER, GcmEngine.named(engineName));
            long fc = 10;
            for (int i = 0; i < 40; i++) {
                for (Fault fault : Fault.values()) {
                    if (fault == Fault.NONE) {
                        continue;
                    }
                    CompactFrameType type = CompactFrameType.values()[random.nextInt(CompactFrameType.values().length)];
                    Association a = random.nextBoolean() ? m1 : m2;
                    byte[] pt = CompactFrameCodec.encode(type, SampleCompactFrames.random(type, 1_700_000_000L, random));
                    byte[] frame = tx.encode(a, ++fc, pt, fault, random);
                    Reception r = rx.receive(frame);
                    assertEquals(Verdict.REJECTED, r.verdict(), where() + ": " + fault);
                    assertEquals(fault.expected(), r.rejection().reason(), where() + ": " + fault + " on " + type);
                }
            }
            // Frames whose tag verified consumed their counter; the others did not.
            Reception after = rx.receive(tx.encode(m1, ++fc, CompactFrameType.CF1,
                    SampleCompactFrames.random(CompactFrameType.CF1, 1_700_000_000L, random)));
            assertEquals(Verdict.ACCEPTED, after.verdict(), where());
        }
    }

    @Test
    void noKeyForAMeterWithoutAssociation() {
        ReceiveStack m1Only = new ReceiveStack(DU, List.of(m1), GcmEngine.named("jdk"));
        MeterFrameEncoder tx = new MeterFrameEncoder(DU, METER, GcmEngine.named("jdk"));
        Reception r = m1Only.receive(tx.encode(m2, 7, CompactFrameType.CF2,
                SampleCompactFrames.random(CompactFrameType.CF2, 1_700_000_000L, random)));
        assertEquals(RejectReason.NO_KEY, r.rejection().reason());
        assertEquals(MeterRole.M2, r.meter());
        assertEquals(7L, r.frameCounter());
    }

    @Test
    void aFrameSealedWithTheOtherMetersContextFailsAuthentication() {
        ReceiveStack rx = receiver("jdk");
        MeterFrameEncoder tx = new MeterFrameEncoder(DU, METER, GcmEngine.named("jdk"));
        // M2's key and System Title, but SSAP of M1: authenticated against M1's context.
        Association wrong = new Association(MeterRole.M1, m2.systemTitle(), m2.key(), null);
        Reception r = rx.receive(tx.encode(wrong, 5, CompactFrameType.CF1,
                SampleCompactFrames.random(CompactFrameType.CF1, 1_700_000_000L, random)));
        assertEquals(RejectReason.AUTH_FAILED, r.rejection().reason());
        // and it did not move M1's window
        assertEquals(-1, rx.window(MeterRole.M1).highest());
    }

    /**
     * One flipped bit anywhere in a good frame: the MAC layer catches it, as mac-length when it
     * is in L and as mac-fcs everywhere else (the FCS is checked before any other field).
     */
    @Test
    void aSingleFlippedBitAnywhereIsCaughtByTheMacLayer() {
        ReceiveStack rx = receiver("jdk");
        MeterFrameEncoder tx = new MeterFrameEncoder(DU, METER, GcmEngine.named("jdk"));
        for (int i = 0; i < 30; i++) {
            CompactFrameType type = CompactFrameType.values()[random.nextInt(CompactFrameType.values().length)];
            byte[] good = tx.encode(random.nextBoolean() ? m1 : m2, 100 + i, type,
                    SampleCompactFrames.random(type, 1_700_000_000L, random));
            for (int bit = 0; bit < good.length * 8; bit++) {
                byte[] f = good.clone();
                f[bit / 8] ^= (byte) (1 << (bit % 8));
                RejectReason expected = bit / 8 == C2P1.Mac.OFFSET_LENGTH ? RejectReason.MAC_LENGTH : RejectReason.MAC_FCS;
                Reception r = rx.receive(f);
                assertNotNull(r.rejection(), where() + ": bit " + bit + " of " + type);
                assertEquals(expected, r.rejection().reason(), where() + ": bit " + bit + " of " + type);
            }
        }
    }

    /**
     * One flipped bit above the MAC layer, with the FCS made good again (as a meter with a
     * broken upper layer would send it): the layer that owns the byte rejects it.
     */
    @Test
    void aSingleFlippedBitWithAGoodFcsIsRejectedByTheLayerThatOwnsIt() {
        MeterFrameEncoder tx = new MeterFrameEncoder(DU, METER, GcmEngine.named("jdk"));
        for (int i = 0; i < 20; i++) {
            CompactFrameType type = CompactFrameType.values()[random.nextInt(CompactFrameType.values().length)];
            Association a = random.nextBoolean() ? m1 : m2;
            byte[] good = tx.encode(a, 100 + i, type, SampleCompactFrames.random(type, 1_700_000_000L, random));
            int first = C2P1.Mac.HEADER_SIZE;
            int last = good.length - C2P1.Mac.FCS_SIZE;
            for (int bit = 0; bit < 8 * C2P1.Mac.HEADER_SIZE; bit++) {
                check(good, bit, expectedInMacHeader(bit / 8), type);
            }
            for (int bit = first * 8; bit < last * 8; bit++) {
                check(good, bit, expectedAbove(bit / 8 - first), type);
            }
        }
    }

    private void check(byte[] good, int bit, RejectReason expected, CompactFrameType type) {
        byte[] f = good.clone();
        f[bit / 8] ^= (byte) (1 << (bit % 8));
        MacLayer.refreshFcs(f);
        // a fresh receiver: a flipped frame counter must not meet the good frame's consumed one
        Reception r = receiver("jdk").receive(f);
        assertEquals(expected, r.rejection() == null ? null : r.rejection().reason(),
                where() + ": byte " + bit / 8 + " bit " + bit % 8 + " of " + type);
    }

    private static RejectReason expectedInMacHeader(int offset) {
        if (offset == C2P1.Mac.OFFSET_CONTROL) {
            return RejectReason.MAC_CONTROL;
        }
        if (offset == C2P1.Mac.OFFSET_LENGTH) {
            return RejectReason.MAC_LENGTH;
        }
        if (offset < C2P1.Mac.OFFSET_SOURCE) {
            return RejectReason.NOT_FOR_ME;
        }
        // The source address is not checked (the SSAP names the meter): with a good FCS the frame is accepted.
        return null;
    }

    /** Offset inside the MAC payload: LLC(2) convergence(3) SC(1) FC(4) ciphertext tag. */
    private static RejectReason expectedAbove(int offset) {
        return switch (offset) {
            case 0 -> RejectReason.LLC_CONTROL;
            case 1 -> RejectReason.LLC_SERVICE;
            case 2 -> RejectReason.SEGMENTED;
            case 3 -> RejectReason.DSAP;
            case 4 -> RejectReason.SSAP;
            case 5 -> RejectReason.SECURITY_CONTROL;
            default -> RejectReason.AUTH_FAILED; // frame counter (it is in the IV), ciphertext, tag
        };
    }
}
