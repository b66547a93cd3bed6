package it.c2du.core.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import it.c2du.core.crypto.GcmEngine;
import it.c2du.core.encode.Fault;
import it.c2du.core.encode.MeterFrameEncoder;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.Verdict;
import it.c2du.core.stack.CompactFrameCodec;
import it.c2du.core.stack.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every member of the family exercised: frames encoded under random layouts (the encoder takes
 * the same Layout as the receiver) decode back to their fields, and every fault the layout has
 * room for is rejected for its reason. Seeded; -Dc2du.seed=N replays a failure.
 */
class RandomLayoutRoundTripTest {
    private static final long SEED = Long.getLong("c2du.seed", System.nanoTime());
    private static final MacAddress DU = MacAddress.parseOrNull("DC1234567890");
    private static final MacAddress METER = MacAddress.parseOrNull("E5A100000001");

    private final Random random = new Random(SEED);

    private Association association(MeterRole role) {
        return it.c2du.core.testing.RandomAssociations.of(role, random);
    }

    @Test
    void framesOfRandomLayoutsDecodeBackAndEveryFaultGetsItsReason() {
        for (int n = 0; n < 150; n++) {
            Layout layout = RandomLayouts.any(random);
            String engineName = n % 2 == 0 ? "jdk" : "bc";
            Association m1 = association(MeterRole.M1);
            Association m2 = association(MeterRole.M2);
            ReceiveStack rx = new ReceiveStack(DU, List.of(m1, m2), GcmEngine.named(engineName), layout);
            MeterFrameEncoder tx = new MeterFrameEncoder(DU, METER, GcmEngine.named(engineName), layout);
            String where = "seed " + SEED + " (-Dc2du.seed=" + SEED + "), layout " + n + " " + LayoutFile.write(layout);
            List<CompactFrameFormat> types = new ArrayList<>(layout.compactFrames().types().values());
            long fc = random.nextInt(1000);
            for (int i = 0; i < 12; i++) {
                CompactFrameFormat type = types.get(random.nextInt(types.size()));
                Association a = random.nextBoolean() ? m1 : m2;
                Map<String, Object> fields = RandomLayouts.fields(type, 1_700_000_000L + random.nextInt(1 << 26), random);
                fc += 1 + random.nextInt(5);
                byte[] frame = tx.encode(a, fc, type, fields);
                Reception r = rx.receive(frame);
                String ctx = where + ": CF" + type.number() + " from " + a.role() + " fc " + fc;
                assertEquals(Verdict.ACCEPTED, r.verdict(), ctx + " " + r.rejection());
                assertEquals(a.role(), r.meter(), ctx);
                assertEquals(fc, r.frameCounter(), ctx);
                assertEquals(type.number(), r.compactFrame().number(), ctx);
                assertEquals(type.counter(), r.compactFrame().counter(), ctx);
                assertEquals(fields, r.compactFrame().fields(), ctx);
                assertArrayEquals(CompactFrameCodec.encode(type, fields, layout.compactFrames().bigEndian()), r.plaintext(), ctx);
                assertEquals(METER, r.mac().source(), ctx);
                assertEquals(Verdict.REPETITION, rx.receive(frame).verdict(), ctx + ": the same frame again");
            }
            for (Fault fault : Fault.values()) {
                if (fault == Fault.NONE || !MeterFrameEncoder.canApply(fault, layout)) {
                    continue;
                }
                CompactFrameFormat type = types.get(random.nextInt(types.size()));
                byte[] pt = CompactFrameCodec.encode(type, RandomLayouts.fields(type, 1_700_000_000L, random), layout.compactFrames().bigEndian());
                fc += 1;
                byte[] frame = tx.encode(m1, fc, pt, fault, random);
                Reception r = rx.receive(frame);
                String ctx = where + ": " + fault;
                assertEquals(Verdict.REJECTED, r.verdict(), ctx);
                assertEquals(fault.expected(), r.rejection().reason(), ctx);
            }
        }
    }

    @Test
    void aCfCountedNowhereIsAcceptedWithItsFields() {
        Layout layout;
        do {
            layout = RandomLayouts.any(random);
        } while (layout.compactFrames().types().values().stream().allMatch(t -> t.counter() != null));
        CompactFrameFormat extra = layout.compactFrames().types().values().stream().filter(t -> t.counter() == null).findFirst().orElseThrow();
        Association m1 = association(MeterRole.M1);
        Map<String, Object> fields = RandomLayouts.fields(extra, 1_700_000_000L, random);
        Reception r = new ReceiveStack(DU, List.of(m1), GcmEngine.named("jdk"), layout)
                .receive(new MeterFrameEncoder(DU, METER, GcmEngine.named("jdk"), layout).encode(m1, 7, extra, fields));
        assertEquals(Verdict.ACCEPTED, r.verdict(), "seed " + SEED);
        assertNull(r.compactFrame().counter());
        assertNull(r.compactFrame().type(), "no C2P-1 type for CF" + extra.number());
        assertEquals(fields, r.compactFrame().fields(), "seed " + SEED);
    }
}
