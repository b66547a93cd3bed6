package it.c2du.core.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The CF table against the plaintext lengths and counters printed in chain2-profile.md. */
class CompactFrameTypeTest {
    @Test
    void plaintextLengthsAreThoseOfTheProfile() {
        assertEquals(30, CompactFrameType.CF1.plaintextLength());
        assertEquals(29, CompactFrameType.CF2.plaintextLength());
        assertEquals(16, CompactFrameType.CF21.plaintextLength());
        assertEquals(22, CompactFrameType.CF22.plaintextLength());
        assertEquals(20, CompactFrameType.CF25.plaintextLength());
        assertEquals(16, CompactFrameType.CF41.plaintextLength());
    }

    @Test
    void countersAreThoseOfTheProfile() {
        assertEquals(ReceptionCounter.C1, CompactFrameType.CF1.counter());
        assertEquals(ReceptionCounter.C2, CompactFrameType.CF21.counter());
        assertEquals(ReceptionCounter.C3, CompactFrameType.CF22.counter());
        assertEquals(ReceptionCounter.C3, CompactFrameType.CF25.counter());
        assertEquals(ReceptionCounter.C4, CompactFrameType.CF2.counter());
        assertEquals(ReceptionCounter.C5, CompactFrameType.CF41.counter());
    }

    @Test
    void numbersAndFieldNamesAreUnique() {
        Set<Integer> numbers = new HashSet<>();
        for (CompactFrameType t : CompactFrameType.values()) {
            assertEquals(t, CompactFrameType.byNumber(t.number()));
            assertEquals(true, numbers.add(t.number()));
            assertEquals(t.fields().size(), t.fields().stream().map(CompactFrameType.Field::name).distinct().count());
            assertEquals("MessagePosixTimestamp", t.fields().get(0).name());
        }
        assertNull(CompactFrameType.byNumber(99));
        assertNull(CompactFrameType.byNumber(0));
    }

    @Test
    void ssapsSelectTheRoles() {
        assertEquals(MeterRole.M1, MeterRole.bySsap(0x0B));
        assertEquals(MeterRole.M2, MeterRole.bySsap(0x0C));
        assertNull(MeterRole.bySsap(0x0D));
    }
}
