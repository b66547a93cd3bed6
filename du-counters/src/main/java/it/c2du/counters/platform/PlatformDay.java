package it.c2du.counters.platform;

import it.c2du.counters.CounterSnapshot;

import static it.c2du.core.profile.C2P1.Counters.MAX_COUNT;
import static it.c2du.core.profile.C2P1.Counters.POWER_LOSS_BIT;
import static it.c2du.core.profile.C2P1.Counters.PROFILE_DAYS;

import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One meter's counters of one closed day in the forms of the collaborative platform's upload
 * interface (Allegato 5, chain2-profile.md "Export to the collaborative platform"): a counter
 * with bit 15 is sent as -(32768 + count); TS is the day's date at 00:00 UTC, in POSIX
 * milliseconds (JSON) or dd/MM/yyyy (CSV).
 *
 * @param values the raw 16-bit values of the meter's counters, in {@link #countersOf} order
 */
public record PlatformDay(MeterRole meter, LocalDate day, int[] values, String pod, String du, String installationId) {
    private static final DateTimeFormatter CSV_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    public PlatformDay {
        values = values.clone();
        if (values.length != countersOf(meter).size()) {
            throw new IllegalArgumentException(meter + " has " + countersOf(meter).size() + " counters");
        }
    }

    @Override
    public int[] values() {
        return values.clone();
    }

    /** The counters a meter's frames feed: C1, C2, C3 for M1; C4, C5 for M2. */
    public static List<ReceptionCounter> countersOf(MeterRole meter) {
        List<ReceptionCounter> list = new ArrayList<>();
        for (ReceptionCounter c : ReceptionCounter.values()) {
            for (CompactFrameType t : CompactFrameType.values()) {
                if (t.counter() == c && t.sender() == meter && !list.contains(c)) {
                    list.add(c);
                }
            }
        }
        return list;
    }

    /** The value the platform receives for a raw 16-bit counter. */
    public static int valueSent(int raw) {
        int count = raw & MAX_COUNT;
        return (raw & POWER_LOSS_BIT) != 0 ? -(POWER_LOSS_BIT + count) : count;
    }

    /** TS of the JSON form: POSIX milliseconds of the day's date at 00:00:00 UTC. */
    public static long timestampMillis(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** The JSON message, members in the order of the platform's example. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("TS", timestampMillis(day));
        List<ReceptionCounter> counters = countersOf(meter);
        for (int i = 0; i < counters.size(); i++) {
            m.put(counters.get(i).name() + "_DU", valueSent(values[i]));
        }
        m.put("POD", pod);
        m.put("ID_INSTALLAZIONE", installationId);
        m.put("DU", du);
        return m;
    }

    /** The CSV header line for a meter's rows. */
    public static String csvHeader(MeterRole meter) {
        StringBuilder sb = new StringBuilder("TS");
        for (ReceptionCounter c : countersOf(meter)) {
            sb.append(',').append(c.name()).append("_DU");
        }
        return sb.append(",POD,DU,ID_INSTALLAZIONE").toString();
    }

    /** The CSV row, as in the platform's example. */
    public String csvRow() {
        StringBuilder sb = new StringBuilder(CSV_DATE.format(day));
        for (int v : values) {
            sb.append(',').append(valueSent(v));
        }
        return sb.append(',').append(pod).append(',').append(du).append(',').append(installationId).toString();
    }

    /**
     * The closed days the counters hold for {@code meter}, oldest first: from the later of the
     * first day the receiver saw and 60 days ago, to yesterday. Days before the first event
     * were never observed and are not reported.
     */
    public static List<PlatformDay> closedDays(CounterSnapshot counters, MeterRole meter, String pod, String du,
                                               String installationId) {
        List<PlatformDay> days = new ArrayList<>();
        if (counters.day() == null) {
            return days;
        }
        List<ReceptionCounter> cs = countersOf(meter);
        for (int i = PROFILE_DAYS - 1; i >= 0; i--) {
            LocalDate d = counters.day().minusDays(i + 1L);
            if (d.isBefore(counters.firstDay())) {
                continue;
            }
            int[] values = new int[cs.size()];
            for (int k = 0; k < cs.size(); k++) {
                values[k] = counters.profile()[cs.get(k).ordinal()][i];
            }
            days.add(new PlatformDay(meter, d, values, pod, du, installationId));
        }
        return days;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlatformDay p && meter == p.meter && day.equals(p.day) && java.util.Arrays.equals(values, p.values)
                && java.util.Objects.equals(pod, p.pod) && java.util.Objects.equals(du, p.du)
                && java.util.Objects.equals(installationId, p.installationId);
    }

    @Override
    public int hashCode() {
        return day.hashCode() * 31 + java.util.Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return csvRow();
    }
}
