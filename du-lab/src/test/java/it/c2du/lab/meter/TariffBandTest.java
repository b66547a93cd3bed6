package it.c2du.lab.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class TariffBandTest {

    @Test
    void easterFollowsTheCalendar() {
        assertEquals(LocalDate.of(2024, 3, 31), TariffBand.easterSunday(2024));
        assertEquals(LocalDate.of(2025, 4, 20), TariffBand.easterSunday(2025));
        assertEquals(LocalDate.of(2026, 4, 5), TariffBand.easterSunday(2026));
        assertEquals(LocalDate.of(2038, 4, 25), TariffBand.easterSunday(2038));
    }

    @Test
    void bandsByDayAndHour() {
        // Monday 2025-01-13.
        assertEquals(TariffBand.F3, band("2025-01-13T06:59"));
        assertEquals(TariffBand.F2, band("2025-01-13T07:00"));
        assertEquals(TariffBand.F1, band("2025-01-13T08:00"));
        assertEquals(TariffBand.F1, band("2025-01-13T18:59"));
        assertEquals(TariffBand.F2, band("2025-01-13T19:00"));
        assertEquals(TariffBand.F3, band("2025-01-13T23:00"));
        assertEquals(TariffBand.F2, band("2025-01-18T12:00"), "Saturday");
        assertEquals(TariffBand.F3, band("2025-01-18T06:00"), "Saturday night");
        assertEquals(TariffBand.F3, band("2025-01-19T12:00"), "Sunday");
        assertEquals(TariffBand.F3, band("2025-04-21T12:00"), "Easter Monday");
        assertEquals(TariffBand.F3, band("2025-04-25T12:00"), "Liberation Day, a Friday");
        assertEquals(3, TariffBand.F3.code());
        assertTrue(TariffBand.isHoliday(LocalDate.of(2025, 12, 8)));
        assertFalse(TariffBand.isHoliday(LocalDate.of(2025, 12, 9)));
    }

    private static TariffBand band(String local) {
        return TariffBand.at(LocalDateTime.parse(local));
    }
}
