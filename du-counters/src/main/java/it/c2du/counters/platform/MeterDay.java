package it.c2du.counters.platform;

import it.c2du.core.profile.MeterRole;
import java.time.LocalDate;
import java.util.Comparator;

/** One meter's closed day: what the platform keeps one row of (with the POD and ID_INSTALLAZIONE). */
public record MeterDay(MeterRole meter, LocalDate day) implements Comparable<MeterDay> {
    private static final Comparator<MeterDay> ORDER = Comparator.comparing(MeterDay::day).thenComparing(MeterDay::meter);

    @Override
    public int compareTo(MeterDay o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return meter + " " + day;
    }
}
