package it.c2du.cli.home;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * How many CF1 a meter sends in a day: one per quarter hour of the local day, so 96, and 92 or 100
 * on the days the clock changes. The reception quality of the page and of Home Assistant is the
 * CF1 received over these.
 */
public final class ExpectedFrames {
    private static final long QUARTER_SECONDS = 15 * 60;

    private ExpectedFrames() {
    }

    /** CF1 in the whole local day. */
    public static int cf1InDay(LocalDate day, ZoneId zone) {
        long s = Duration.between(day.atStartOfDay(zone), day.plusDays(1).atStartOfDay(zone)).getSeconds();
        return (int) (s / QUARTER_SECONDS);
    }

    /** CF1 the meter should have sent from the start of {@code now}'s local day until {@code now}. */
    public static int cf1SoFar(Instant now, ZoneId zone) {
        LocalDate day = now.atZone(zone).toLocalDate();
        long s = Duration.between(day.atStartOfDay(zone).toInstant(), now).getSeconds();
        return (int) Math.min(cf1InDay(day, zone), s / QUARTER_SECONDS);
    }
}
