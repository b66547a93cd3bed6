package it.c2du.cli.text;

import it.c2du.cli.diagnose.Diagnosis;
import it.c2du.cli.diagnose.JournalFrame;
import it.c2du.cli.home.ExpectedFrames;
import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.counters.CounterSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code du report}'s page: a DU's reception, self-contained (no script, nothing loaded from
 * elsewhere) and printable -- per day C1..C5 against what was expected and the power-loss days,
 * the quarter hours received as a heatmap (days x quarter hours) and the SNR over time from the
 * journal, and the diagnosis. Its colours are the status page's: a count blue, a power-loss day red,
 * what was expected orange.
 */
public final class ReceptionReportHtml {
    private static final String COUNT = "#4a78b5";
    private static final String LOSS = "#c0392b";
    private static final String EXPECTED = "#e08e0b";
    private static final String MISSING = "#e4e4e4";

    private ReceptionReportHtml() {
    }

    /** One day of the report: its five raw values and whether the receiver watched it whole. */
    record Day(LocalDate date, int[] raw, boolean today) {
        boolean powerLoss() {
            return (raw[0] & C2P1.Counters.POWER_LOSS_BIT) != 0;
        }

        int count(ReceptionCounter c) {
            return raw[c.ordinal()] & C2P1.Counters.MAX_COUNT;
        }
    }

    /** The page. {@code journal} and {@code findings} may be null (not given). */
    public static String render(String title, CounterSnapshot counters, ZoneId zone, List<JournalFrame> journal,
            List<Diagnosis.Finding> findings, Diagnosis.Ticket ticket, boolean hasM2) {
        List<Day> days = days(counters);
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:1.5em;color:#222;max-width:60em}"
                        + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
                        + "text-align:right}th{background:#f4f4f4}td.day{text-align:left}tr.loss td{color:" + LOSS + "}"
                        + "svg{width:100%;height:auto;display:block}.finding{margin:.4em 0}"
                        + "@media print{body{margin:0}h2{break-before:auto}}</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        if (days.isEmpty()) {
            h.append("<p>The state holds nothing yet: the receiver has not counted any event.</p>\n");
        } else {
            h.append("<p>From ").append(days.get(0).date()).append(" to ").append(days.get(days.size() - 1).date())
                    .append(" (").append(zone).append("). A count followed by P: power lost or the receiver not running"
                            + " at some moment of that day.</p>\n");
            table(h, days, zone, hasM2);
            h.append("<h2>C1 per day against the day's quarter hours</h2>\n");
            bars(h, days, ReceptionCounter.C1, zone);
            if (hasM2) {
                h.append("<h2>C4 per day against the day's quarter hours</h2>\n");
                bars(h, days, ReceptionCounter.C4, zone);
            }
        }
        h.append("<h2>Quarter hours received (M1's CF1)</h2>\n");
        heatmap(h, journal, zone);
        h.append("<h2>SNR over time</h2>\n");
        snr(h, journal, zone);
        h.append("<h2>Diagnosis</h2>\n");
        diagnosis(h, findings, ticket);
        h.append("</body></html>\n");
        return h.toString();
    }

    /**
     * One DU of a fleet: C1 over its closed days (the first, watched from its middle, and power-loss days
     * left out) against what those days allowed, its power-loss days and its findings (null: no config).
     */
    public record FleetRow(String du, String folder, int closedDays, int received, int expected, int powerLossDays,
            List<String> findings) {
        /** The share of the CF1 expected that were counted; 1 with nothing to expect. */
        public double reception() {
            return expected == 0 ? 1 : (double) received / expected;
        }
    }

    /** A fleet's row for one DU's counters. */
    public static FleetRow fleetRow(String du, String folder, CounterSnapshot c, ZoneId zone, List<String> findings) {
        int closed = 0;
        int received = 0;
        int expected = 0;
        int losses = 0;
        for (Day d : days(c)) {
            if (d.today()) {
                continue;
            }
            closed++;
            if (d.powerLoss()) {
                losses++;
            } else if (d.date().isAfter(c.firstDay())) {
                received += d.count(ReceptionCounter.C1);
                expected += ExpectedFrames.cf1InDay(d.date(), zone);
            }
        }
        return new FleetRow(du, folder, closed, received, expected, losses, findings);
    }

    /** The fleet's page: one row per DU, worst reception first, then most power-loss days. */
    public static String renderFleet(String title, List<FleetRow> rows) {
        List<FleetRow> sorted = new ArrayList<>(rows);
        sorted.sort(java.util.Comparator.comparingDouble(FleetRow::reception)
                .thenComparing(java.util.Comparator.comparingInt(FleetRow::powerLossDays).reversed())
                .thenComparing(FleetRow::du));
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:"
                        + "collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#f4f4f4}"
                        + "td.du{text-align:left}td.bad{color:" + LOSS + "}</style></head><body>\n<h1>").append(esc(title))
                .append("</h1>\n<p>").append(rows.size()).append(" DUs, worst reception first. C1 received over the closed"
                        + " days after the first, power-loss days left out, against the quarter hours those days"
                        + " allowed.</p>\n<table><tr><th>DU</th><th>state</th><th>closed days</th><th>C1 received</th>"
                        + "<th>expected</th><th>reception</th><th>power-loss days</th><th>findings</th></tr>\n");
        for (FleetRow r : sorted) {
            boolean bad = r.reception() < 0.99;
            h.append("<tr><td class=\"du\">").append(esc(r.du())).append("</td><td class=\"du\">").append(esc(r.folder()))
                    .append("</td><td>").append(r.closedDays()).append("</td><td>").append(r.received()).append("</td><td>")
                    .append(r.expected()).append("</td><td").append(bad ? " class=\"bad\">" : ">")
                    .append(String.format(java.util.Locale.ROOT, "%.1f %%", 100 * r.reception())).append("</td><td>")
                    .append(r.powerLossDays()).append("</td><td class=\"du\">")
                    .append(r.findings() == null ? "- (no du.properties)" : esc(String.join(", ", r.findings())))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    /** The closed days the receiver saw (at most 60), oldest first, then today. */
    private static List<Day> days(CounterSnapshot c) {
        List<Day> days = new ArrayList<>();
        if (c.day() == null) {
            return days;
        }
        for (int i = C2P1.Counters.PROFILE_DAYS - 1; i >= 0; i--) {
            LocalDate d = c.day().minusDays(1 + i);
            if (d.isBefore(c.firstDay())) {
                continue;
            }
            int[] raw = new int[ReceptionCounter.values().length];
            for (int k = 0; k < raw.length; k++) {
                raw[k] = c.profile()[k][i];
            }
            days.add(new Day(d, raw, false));
        }
        days.add(new Day(c.day(), c.today(), true));
        return days;
    }

    private static void table(StringBuilder h, List<Day> days, ZoneId zone, boolean hasM2) {
        h.append("<table><tr><th>day</th>");
        for (ReceptionCounter c : ReceptionCounter.values()) {
            h.append("<th>").append(c).append("</th>");
        }
        h.append("<th>CF1 expected</th>").append(hasM2 ? "<th>CF2 expected</th>" : "").append("</tr>\n");
        for (Day d : days) {
            h.append(d.powerLoss() ? "<tr class=\"loss\">" : "<tr>").append("<td class=\"day\">").append(d.date())
                    .append(d.today() ? " (today)" : "").append("</td>");
            for (ReceptionCounter c : ReceptionCounter.values()) {
                h.append("<td>").append(CounterText.compact(d.raw()[c.ordinal()])).append("</td>");
            }
            String expected = d.today() ? "-" : Integer.toString(ExpectedFrames.cf1InDay(d.date(), zone));
            h.append("<td>").append(expected).append("</td>").append(hasM2 ? "<td>" + expected + "</td>" : "")
                    .append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void bars(StringBuilder h, List<Day> days, ReceptionCounter counter, ZoneId zone) {
        int w = 720;
        int height = 120;
        int max = 100;
        for (Day d : days) {
            max = Math.max(max, d.count(counter));
        }
        double bw = (double) w / days.size();
        h.append("<svg viewBox=\"0 0 ").append(w).append(' ').append(height + 18).append("\" role=\"img\" aria-label=\"")
                .append(counter).append(" per day\">");
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < days.size(); i++) {
            Day d = days.get(i);
            double x = i * bw;
            double bh = (double) height * d.count(counter) / max;
            h.append(String.format(java.util.Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                    + " fill=\"%s\"><title>%s: %d%s</title></rect>", x + 0.5, height - bh, Math.max(bw - 1, 1), bh,
                    d.powerLoss() ? LOSS : COUNT, d.date(), d.count(counter), d.powerLoss() ? " (power loss)" : ""));
            if (!d.today()) {
                double ey = height - (double) height * ExpectedFrames.cf1InDay(d.date(), zone) / max;
                expected.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", x, ey, x + bw, ey));
            }
        }
        if (expected.length() > 0) {
            h.append("<polyline points=\"").append(expected.toString().strip()).append("\" fill=\"none\" stroke=\"")
                    .append(EXPECTED).append("\" stroke-width=\"1.5\"/>");
        }
        h.append("<text x=\"2\" y=\"").append(height + 14).append("\" font-size=\"10\" fill=\"#666\">")
                .append(days.get(0).date()).append("</text><text x=\"").append(w - 2).append("\" y=\"")
                .append(height + 14).append("\" font-size=\"10\" fill=\"#666\" text-anchor=\"end\">")
                .append(days.get(days.size() - 1).date()).append("</text></svg>\n");
    }

    /** One row per day the journal covers, one cell per quarter hour of that local day (92, 96 or 100). */
    private static void heatmap(StringBuilder h, List<JournalFrame> journal, ZoneId zone) {
        if (journal == null || journal.isEmpty()) {
            h.append("<p>No journal: give --frames JOURNAL (du run --frames, or du replay --json --frames).</p>\n");
            return;
        }
        Map<LocalDate, Set<Integer>> received = new HashMap<>();
        LocalDate first = journal.get(0).time().atZone(zone).toLocalDate();
        LocalDate last = journal.get(journal.size() - 1).time().atZone(zone).toLocalDate();
        for (JournalFrame f : journal) {
            Long measure = f.field("MeasurePosixTimestamp");
            if (f.accepted() && Integer.valueOf(1).equals(f.cf()) && measure != null) {
                Instant q = Instant.ofEpochSecond(measure);
                LocalDate day = q.atZone(zone).toLocalDate();
                int index = (int) (Duration.between(day.atStartOfDay(zone).toInstant(), q).toMinutes() / 15);
                received.computeIfAbsent(day, k -> new HashSet<>()).add(index);
            }
        }
        int cell = 7;
        int left = 70;
        int rows = (int) Duration.between(first.atStartOfDay(), last.atStartOfDay()).toDays() + 1;
        h.append("<svg viewBox=\"0 0 ").append(left + 100 * cell).append(' ').append(rows * (cell + 1) + 14)
                .append("\" role=\"img\" aria-label=\"quarter hours received\">");
        for (int hour = 0; hour <= 24; hour += 6) {
            h.append("<text x=\"").append(left + hour * 4 * cell).append("\" y=\"10\" font-size=\"9\" fill=\"#666\">")
                    .append(String.format("%02d:00", hour)).append("</text>");
        }
        int row = 0;
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1), row++) {
            int y = 14 + row * (cell + 1);
            Set<Integer> got = received.getOrDefault(d, Set.of());
            int quarters = ExpectedFrames.cf1InDay(d, zone);
            h.append("<text x=\"0\" y=\"").append(y + cell - 1).append("\" font-size=\"8\" fill=\"#333\">").append(d)
                    .append(" ").append(got.size()).append("</text>");
            for (int q = 0; q < quarters; q++) {
                h.append("<rect x=\"").append(left + q * cell).append("\" y=\"").append(y).append("\" width=\"")
                        .append(cell - 1).append("\" height=\"").append(cell).append("\" fill=\"")
                        .append(got.contains(q) ? COUNT : MISSING).append("\"/>");
            }
        }
        h.append("</svg>\n<p>Blue: the CF1 of that quarter hour accepted; grey: missing.</p>\n");
    }

    private static void snr(StringBuilder h, List<JournalFrame> journal, ZoneId zone) {
        List<JournalFrame> measured = journal == null ? List.of()
                : journal.stream().filter(f -> f.snr() != null).toList();
        if (measured.isEmpty()) {
            h.append("<p>No SNR in the journal: du run --frames records it, du replay's journal does not.</p>\n");
            return;
        }
        int w = 720;
        int height = 120;
        double min = Math.min(0, measured.stream().mapToDouble(JournalFrame::snr).min().orElse(0));
        double max = Math.max(min + 1, measured.stream().mapToDouble(JournalFrame::snr).max().orElse(1));
        Instant t0 = measured.get(0).time();
        double span = Math.max(1, Duration.between(t0, measured.get(measured.size() - 1).time()).getSeconds());
        StringBuilder pts = new StringBuilder();
        for (JournalFrame f : measured) {
            double x = w * Duration.between(t0, f.time()).getSeconds() / span;
            double y = height - height * (f.snr() - min) / (max - min);
            pts.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        h.append("<svg viewBox=\"0 0 ").append(w).append(' ').append(height + 18)
                .append("\" role=\"img\" aria-label=\"SNR\"><polyline points=\"").append(pts.toString().strip())
                .append("\" fill=\"none\" stroke=\"").append(COUNT).append("\" stroke-width=\"1\"/>")
                .append(String.format(java.util.Locale.ROOT, "<text x=\"2\" y=\"12\" font-size=\"10\" fill=\"#666\">"
                        + "%.0f dB</text><text x=\"2\" y=\"%d\" font-size=\"10\" fill=\"#666\">%.0f dB, %s</text>", max,
                        height + 14, min, t0.atZone(zone).toLocalDate()))
                .append("</svg>\n");
    }

    private static void diagnosis(StringBuilder h, List<Diagnosis.Finding> findings, Diagnosis.Ticket ticket) {
        if (findings == null) {
            h.append("<p>Give --config for the diagnosis.</p>\n");
            return;
        }
        for (Diagnosis.Finding f : findings) {
            h.append("<div class=\"finding\"><b>").append(esc(f.category().wireName)).append("</b>")
                    .append(f.meter() == null ? "" : " " + f.meter()).append(f.since() == null ? "" : " since " + f.since())
                    .append(": ").append(esc(f.evidence())).append("</div>\n");
        }
        h.append("<table>");
        row(h, "date of the problem", ticket.date());
        row(h, "category", ticket.category() == null ? null : ticket.category().text);
        row(h, "POD", ticket.pod());
        row(h, "DU name", ticket.duName());
        row(h, "DU address (NID)", ticket.nid());
        row(h, "hardware version", ticket.hardwareVersion());
        row(h, "software version", ticket.softwareVersion());
        h.append("</table>\n<p>").append(esc(ticket.note())).append("</p>\n");
    }

    private static void row(StringBuilder h, String name, Object value) {
        h.append("<tr><th>").append(name).append("</th><td class=\"day\">").append(value == null ? "-" : esc(value.toString()))
                .append("</td></tr>");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
