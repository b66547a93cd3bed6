package it.c2du.core.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.config.DuConfig;
import it.c2du.core.testing.TestVectors;
import it.c2du.core.trace.TraceEvent;
import it.c2du.core.trace.TraceReader;
import it.c2du.core.crypto.GcmEngine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every frame of the independent encoder's vectors through the receive pipeline, with each
 * AES-GCM engine: verdict, reason, meter, frame counter, CF, plaintext and fields; a case of
 * another layout with its profile file.
 * (Counters and summaries are checked end to end by du-cli's ReplayVectorsTest.)
 */
class ProfileVectorsTest {

    static Stream<Arguments> cases() {
        List<Arguments> l = new ArrayList<>();
        List<String> all = new ArrayList<>(TestVectors.CASES);
        all.addAll(TestVectors.LAYOUT_CASES);
        for (String c : all) {
            l.add(Arguments.of(c, "jdk"));
            l.add(Arguments.of(c, "bc"));
        }
        return l.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cases")
    void everyFrameAsTheIndependentEncoderExpects(String name, String engine) throws Exception {
        DuConfig cfg = TestVectors.config(name);
        ReceiveStack pipeline = new ReceiveStack(cfg.duAddress(), cfg.associations(), GcmEngine.named(engine),
                TestVectors.layout(name));
        Iterator<Map<String, Object>> expected = TestVectors.frames(name).iterator();
        boolean powered = true;
        int compared = 0;
        try (TraceReader trace = TestVectors.trace(name)) {
            for (TraceEvent e = trace.next(); e != null; e = trace.next()) {
                switch (e.kind()) {
                    case POWER_OFF -> powered = false;
                    case POWER_ON -> powered = true;
                    default -> {
                        if (!powered) {
                            continue;
                        }
                        Map<String, Object> want = expected.next();
                        Map<String, Object> got = FrameObject.of(e.line(), e.timeText(), pipeline.receive(e.frame()));
                        assertEquals(want.get("line"), (long) e.line(), name + ": frame objects out of step");
                        for (String k : TestVectors.bindingMembers(want)) {
                            assertEquals(normalise(want.get(k)), normalise(got.get(k)), name + " line " + e.line() + ": " + k);
                        }
                        compared++;
                    }
                }
            }
        }
        assertTrue(!expected.hasNext(), name + ": fewer frames than expected");
        assertTrue(compared > 0);
    }

    /** JSON parsing gives Long for every integer; the pipeline gives Integer or Long. */
    @SuppressWarnings("unchecked")
    static Object normalise(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> n = new java.util.LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, x) -> n.put(k, normalise(x)));
            return n;
        }
        return v;
    }
}
