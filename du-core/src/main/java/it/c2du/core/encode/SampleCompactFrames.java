package it.c2du.core.encode;

import it.c2du.core.profile.CompactFrameType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Plausible compact-frame field values for simulated meters and property tests. */
public final class SampleCompactFrames {
    private SampleCompactFrames() {
    }

    /** Every field of the type drawn at random over its full range, timestamps near {@code posixTime}. */
    public static Map<String, Long> random(CompactFrameType type, long posixTime, Random random) {
        Map<String, Long> fields = new LinkedHashMap<>();
        for (CompactFrameType.Field f : type.fields()) {
            long v;
            if (f.name().endsWith("PosixTimestamp")) {
                v = posixTime - random.nextInt(60);
            } else {
                v = random.nextLong() & f.max();
            }
            fields.put(f.name(), v);
        }
        return fields;
    }
}
