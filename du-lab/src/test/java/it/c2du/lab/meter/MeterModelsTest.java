package it.c2du.lab.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The physics behind the meters: plausible ranges, and registers that are continuous and grow. */
class MeterModelsTest {
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");

    @Test
    void theHouseholdDrawsBetweenItsBaseLoadAndABriefOverload() {
        long master = System.nanoTime();
        Random random = new Random(master);
        for (int s = 0; s < 4; s++) {
            long seed = random.nextLong();
            HouseholdLoad home = new HouseholdLoad(ROME, seed);
            LocalDate day = LocalDate.of(2025, 1, 1).plusDays(random.nextInt(365));
            Instant t = day.atStartOfDay(ROME).toInstant();
            Instant end = day.plusDays(1).atStartOfDay(ROME).toInstant();
            String where = "master seed " + master + ", seed " + seed + ", " + day;
            long energy = home.energyAt(t);
            long dayStart = energy;
            long peak = 0;
            long overSeconds = 0;
            for (; t.isBefore(end); t = t.plusSeconds(10)) {
                long p = home.powerAt(t);
                assertTrue(p >= 150 && p <= 4600, where + " " + t + ": " + p + " W");
                peak = Math.max(peak, p);
                overSeconds += p > home.availablePower() ? 10 : 0;
                long e = home.energyAt(t);
                assertTrue(e >= energy, where + " " + t);
                energy = e;
            }
            assertTrue(peak > home.availablePower(), where);
            assertTrue(overSeconds < 600, where + ": " + overSeconds + " s above the available power");
            long used = home.energyAt(end) - dayStart;
            assertTrue(used > 6000 && used < 20000, where + ": " + used + " Wh");
        }
    }

    @Test
    void thePlantProducesByDayMoreInSummerAndNothingAtNight() {
        long master = System.nanoTime();
        Random random = new Random(master);
        long seed = random.nextLong();
        PhotovoltaicPlant plant = new PhotovoltaicPlant(ROME, seed);
        String where = "master seed " + master + ", seed " + seed;
        long june = 0;
        long december = 0;
        for (int d = 0; d < 7; d++) {
            june += produced(plant, LocalDate.of(2025, 6, 15).plusDays(d));
            december += produced(plant, LocalDate.of(2025, 12, 15).plusDays(d));
        }
        assertTrue(june > 1.5 * december, where + ": June " + june + " Wh, December " + december + " Wh");
        assertTrue(june < 7 * 4000 * 7, where + ": at most 7 peak hours a day, " + june);
        for (int d = 0; d < 30; d++) {
            ZonedDateTime midnight = LocalDate.of(2025, 1, 1).plusDays(random.nextInt(365)).atStartOfDay(ROME);
            assertEquals(0, plant.powerAt(midnight.plusHours(1).toInstant()), where + " " + midnight);
            assertEquals(0, plant.powerAt(midnight.plusHours(23).toInstant()), where + " " + midnight);
            long noon = plant.powerAt(midnight.plusHours(13).toInstant());
            assertTrue(noon > 150 && noon <= 3800, where + " " + midnight + ": " + noon + " W");
        }
    }

    @Test
    void registersAreContinuousAcrossMidnightAndTheAnchor() {
        HouseholdLoad home = new HouseholdLoad(ROME, 1);
        PhotovoltaicPlant plant = new PhotovoltaicPlant(ROME, 1);
        for (String day : new String[] {"2024-12-31", "2025-01-01", "2025-03-30", "2025-10-26"}) {
            Instant midnight = LocalDate.parse(day).atStartOfDay(ROME).toInstant();
            Duration second = Duration.ofSeconds(1);
            long before = home.energyAt(midnight.minus(second));
            long after = home.energyAt(midnight.plus(second));
            assertTrue(after >= before && after - before <= 2, day + ": " + before + " -> " + after);
            assertEquals(plant.energyAt(midnight.minus(Duration.ofHours(1))), plant.energyAt(midnight.plus(Duration.ofHours(1))));
        }
    }

    private static long produced(PhotovoltaicPlant plant, LocalDate day) {
        return plant.energyAt(day.plusDays(1).atStartOfDay(ROME).toInstant()) - plant.energyAt(day.atStartOfDay(ROME).toInstant());
    }
}
