package it.c2du.cli.text;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Times as a person reads them: in the DU's zone (counters.zone), as the days are, with the
 * offset, so that an hour around a change of summer time, or a DU in another zone than the
 * reader, is never ambiguous. Machine forms (du replay's JSON, traces) keep their own.
 */
public final class LocalTimes {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ssxxx");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mmxxx");

    private LocalTimes() {
    }

    /** "2026-03-28 23:58:26+01:00". */
    public static String dateTime(Instant t, ZoneId zone) {
        return DATE_TIME.format(t.atZone(zone));
    }

    /** "23:58:26+01:00". */
    public static String time(Instant t, ZoneId zone) {
        return TIME.format(t.atZone(zone));
    }

    /** "23:58+01:00". */
    public static String minute(Instant t, ZoneId zone) {
        return MINUTE.format(t.atZone(zone));
    }
}
