package it.c2du.lab.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lab plan's checks on their own; the whole plan runs against receivers in du-cli's LabPlanTest. */
class LabChecksTest {
    @Test
    void fieldDifferencesNameEachFieldThatDiffers() {
        Map<String, Long> sent = new java.util.LinkedHashMap<>(Map.of("A", 1L, "B", 2L));
        assertEquals(List.of(), LabChecks.fieldDifferences(sent, Map.of("A", 1L, "B", 2L)));
        assertEquals(List.of("B 2 -> 3", "unexpected field C"), new ArrayList<>(LabChecks.fieldDifferences(
                new java.util.TreeMap<>(sent), new java.util.TreeMap<>(Map.of("A", 1L, "B", 3L, "C", 0L)))));
        assertEquals(List.of("no fields"), LabChecks.fieldDifferences(sent, null));
    }

}
