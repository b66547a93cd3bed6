package it.c2du.cli.diagnose;

import it.c2du.cli.home.ExpectedFrames;
import it.c2du.core.config.DuConfig;
import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.receive.Association;
import it.c2du.counters.CounterSnapshot;
import it.c2du.counters.platform.MeterDay;
import it.c2du.counters.platform.UploadLedger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a DU's state and frame journal say about its reception, in the categories of the
 * distributor portal's support form, with the evidence and since when -- and whether the cause is
 * on the DU's side (a wrong key, a wrong address, power), where a ticket would not help.
 */
public final class Diagnosis {
    /** A message whose time lags its reception by more than this is stale: the meter sends every 15 minutes. */
    static final Duration STALE_LAG = Duration.ofMinutes(5);
    /** Silence after which the DU "receives no updates": the portal's day. */
    static final Duration NO_UPDATES = Duration.ofDays(1);
    /** A gap in what was heard on a power-loss day worth naming (two CF1 periods). */
    static final Duration HEARD_GAP = Duration.ofMinutes(30);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmxxx");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final int MAX_LISTED = 8;

    /** The portal support form's technical categories. */
    public enum PortalCategory {
        NO_UPDATES("the DU receives no updates from the meter"),
        FEWER_UPDATES("fewer updates than the specifications lead to expect"),
        MEASUREMENTS_DISAGREE("the measurements disagree with the meter's display / the SII / the bill"),
        STALE_TIMESTAMPS("the time-stamp of the frames is not updated");

        public final String text;

        PortalCategory(String text) {
            this.text = text;
        }
    }

    /** The findings' categories, most telling first: the first found fills the support form. */
    public enum Category {
        WRONG_KEY("wrong-key", PortalCategory.NO_UPDATES, true),
        WRONG_ADDRESS("wrong-address", PortalCategory.NO_UPDATES, true),
        NO_UPDATES("no-updates", PortalCategory.NO_UPDATES, false),
        STALE_TIMESTAMPS("stale-timestamps", PortalCategory.STALE_TIMESTAMPS, false),
        FEWER_THAN_EXPECTED("fewer-than-expected", PortalCategory.FEWER_UPDATES, false),
        POWER_LOSSES("power-losses", null, true),
        UPLOAD("upload", null, true),
        OK("ok", null, false);

        public final String wireName;
        /** The portal's category this finding is reported under, or null (nothing to ask the distributor). */
        public final PortalCategory portal;
        /** The cause is the DU's (its configuration, its power, its upload): mend it before a ticket. */
        public final boolean duSide;

        Category(String wireName, PortalCategory portal, boolean duSide) {
            this.wireName = wireName;
            this.portal = portal;
            this.duSide = duSide;
        }
    }

    /** One finding; {@code meter} is null when it concerns the DU as a whole. */
    public record Finding(Category category, LocalDate since, MeterRole meter, String evidence) {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("category", category.wireName);
            m.put("since", since == null ? null : since.toString());
            m.put("meter", meter == null ? null : meter.name());
            m.put("evidence", evidence);
            return m;
        }
    }

    /** The fields of the portal's support form. */
    public record Ticket(LocalDate date, PortalCategory category, boolean duSide, String note, String pod,
            String duName, String nid, String hardwareVersion, String softwareVersion) {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("date", date == null ? null : date.toString());
            m.put("category", category == null ? null : category.text);
            m.put("duSide", duSide);
            m.put("note", note);
            m.put("pod", pod);
            m.put("duName", duName);
            m.put("nid", nid);
            m.put("hardwareVersion", hardwareVersion);
            m.put("softwareVersion", softwareVersion);
            return m;
        }
    }

    /** What a diagnosis reads. {@code journal} and {@code ledger} may be null (not given / no upload). */
    public record Input(DuConfig config, CounterSnapshot counters, ZoneId zone, boolean receiverInterrupted,
            Map<MeterDay, UploadLedger.Entry> ledger, List<JournalFrame> journal, String hardwareVersion,
            String softwareVersion) {
    }

    private final Input in;
    private final ZoneId zone;
    private final List<Finding> findings = new ArrayList<>();

    private Diagnosis(Input in) {
        this.in = in;
        this.zone = in.zone();
    }

    /** The findings, most telling first, or one {@code ok}. */
    public static List<Finding> findings(Input in) {
        Diagnosis d = new Diagnosis(in);
        if (in.counters().day() != null || in.journal() != null && !in.journal().isEmpty()) {
            d.addressAndKey();
            d.noUpdates();
            d.staleTimestamps();
            d.fewerThanExpected();
            d.powerLosses();
            d.upload();
        }
        if (d.findings.isEmpty()) {
            d.findings.add(new Finding(Category.OK, null, null, d.okEvidence()));
        }
        d.findings.sort((a, b) -> a.category().compareTo(b.category()));
        return d.findings;
    }

    /** The support form, filled from the most telling finding. */
    public static Ticket ticket(Input in, List<Finding> findings) {
        Finding first = findings.get(0);
        DuConfig cfg = in.config();
        MeterRole role = first.meter() == null ? MeterRole.M1 : first.meter();
        Association a = cfg.association(role) != null ? cfg.association(role) : cfg.association(MeterRole.M1);
        String note;
        if (first.category() == Category.OK) {
            note = "nothing to report: the DU receives what the specifications lead to expect";
        } else if (first.category().duSide) {
            note = "the cause is on the DU's side (" + first.category().wireName + "): mend it before opening a ticket";
        } else {
            note = "open a ticket in this category";
        }
        return new Ticket(first.since(), first.category().portal, first.category().duSide, note,
                a == null ? null : a.pod(), cfg.name(), cfg.duAddress().toString(), in.hardwareVersion(),
                in.softwareVersion());
    }

    // ---- wrong-key, wrong-address: frames heard, none of them ours --------------------------------

    private void addressAndKey() {
        List<JournalFrame> journal = in.journal();
        if (journal == null || journal.isEmpty()) {
            return;
        }
        List<JournalFrame> foreign = journal.stream().filter(f -> "not-for-me".equals(f.reason())).toList();
        boolean anyForUs = journal.stream().anyMatch(Diagnosis::passedTheAddress);
        if (foreign.size() >= 2 && !anyForUs) {
            findings.add(new Finding(Category.WRONG_ADDRESS, day(foreign.get(0).time()), null, foreign.size()
                    + " frames heard for other DU addresses, none for " + in.config().duAddress() + " (from "
                    + time(foreign.get(0).time()) + " to " + time(foreign.get(foreign.size() - 1).time())
                    + "): du.mac is not the address the meter was given on the portal"));
        }
        for (Association a : in.config().associations()) {
            String role = a.role().name();
            List<JournalFrame> failing = journal.stream()
                    .filter(f -> role.equals(f.meter()) && "auth-failed".equals(f.reason())).toList();
            boolean authenticated = journal.stream().anyMatch(f -> role.equals(f.meter()) && f.authenticated());
            if (failing.size() >= 2 && !authenticated) {
                findings.add(new Finding(Category.WRONG_KEY, day(failing.get(0).time()), a.role(), failing.size()
                        + " frames for " + in.config().duAddress() + " from " + role + " (SSAP 0x"
                        + String.format("%02X", a.role().ssap()) + "), every one failing authentication (from "
                        + time(failing.get(0).time()) + " to " + time(failing.get(failing.size() - 1).time())
                        + "): " + a.role().configPrefix() + ".key or " + a.role().configPrefix()
                        + ".system-title is not what the portal gave the meter"));
            }
        }
    }

    /** The frame got past the MAC layer's address check: it was addressed to this DU. */
    private static boolean passedTheAddress(JournalFrame f) {
        if (f.reason() == null) {
            return true;
        }
        return switch (f.reason()) {
            case "truncated", "mac-length", "mac-fcs", "mac-control", "not-for-me" -> false;
            default -> true;
        };
    }

    // ---- no-updates --------------------------------------------------------------------------------

    private void noUpdates() {
        List<JournalFrame> journal = in.journal();
        CounterSnapshot c = in.counters();
        if (journal != null && !journal.isEmpty()) {
            Instant end = journal.get(journal.size() - 1).time();
            if (c.clock() != null && c.clock().isAfter(end)) {
                end = c.clock();
            }
            JournalFrame lastAccepted = null;
            for (JournalFrame f : journal) {
                if (f.accepted()) {
                    lastAccepted = f;
                }
            }
            Instant from = lastAccepted != null ? lastAccepted.time()
                    : c.firstDay() != null ? c.firstDay().atStartOfDay(zone).toInstant() : journal.get(0).time();
            if (Duration.between(from, end).compareTo(NO_UPDATES) <= 0) {
                return;
            }
            Instant after = lastAccepted == null ? Instant.MIN : from;
            List<JournalFrame> since = journal.stream().filter(f -> f.time().isAfter(after)).toList();
            String what = (lastAccepted == null ? "no frame accepted from " + time(from)
                    : "no frame accepted after " + time(from)) + " until " + time(end) + " (" + span(from, end) + "): ";
            // The trouble starts with the first update missed: the next quarter hour after the last accepted frame.
            LocalDate start = day(lastAccepted == null ? from : from.plus(Duration.ofMinutes(15)));
            findings.add(new Finding(Category.NO_UPDATES, start, null, what + cause(since)));
            return;
        }
        if (c.day() == null) {
            return;
        }
        // No journal: the closed days that counted nothing at all, up to today.
        LocalDate since = null;
        int days = 0;
        for (int i = 0; i < C2P1.Counters.PROFILE_DAYS; i++) {
            LocalDate d = c.day().minusDays(1 + i);
            if (d.isBefore(c.firstDay()) || anyCount(c, i) || (c.profile()[0][i] & C2P1.Counters.POWER_LOSS_BIT) != 0) {
                break;
            }
            since = d;
            days++;
        }
        if (since != null && !anyCountToday(c)) {
            findings.add(new Finding(Category.NO_UPDATES, since, null, "no frame counted on the " + days
                    + " closed day" + (days == 1 ? "" : "s") + " since " + since + " nor today, with the DU powered"
                    + " (give --frames JOURNAL to see what was heard)"));
        }
    }

    private static String cause(List<JournalFrame> heard) {
        if (heard.isEmpty()) {
            return "nothing heard at all (the modem hears nothing: its band, its coupling, the meter's line)";
        }
        Map<String, Long> byReason = heard.stream().collect(Collectors.groupingBy(
                f -> f.reason() == null ? f.verdict() : f.reason(), TreeMap::new, Collectors.counting()));
        String counts = byReason.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        if (byReason.keySet().equals(java.util.Set.of("not-for-me"))) {
            return "only frames for other DUs were heard (" + counts + ")";
        }
        if (byReason.keySet().equals(java.util.Set.of("auth-failed"))) {
            return "only frames that fail authentication were heard (" + counts + ")";
        }
        return "frames heard, none accepted (" + counts + ")";
    }

    // ---- stale-timestamps --------------------------------------------------------------------------

    private void staleTimestamps() {
        if (in.journal() == null) {
            return;
        }
        for (MeterRole role : MeterRole.values()) {
            List<JournalFrame> periodic = in.journal().stream()
                    .filter(f -> f.accepted() && role.name().equals(f.meter()) && f.field("MessagePosixTimestamp") != null
                            && f.field("MeasurePosixTimestamp") != null).toList();
            int lagging = 0;
            Duration worst = Duration.ZERO;
            int stuck = 0;
            Instant first = null;
            Long previousMeasure = null;
            for (JournalFrame f : periodic) {
                Duration lag = Duration.between(Instant.ofEpochSecond(f.field("MessagePosixTimestamp")), f.time());
                boolean stale = false;
                if (lag.abs().compareTo(STALE_LAG) > 0) {
                    lagging++;
                    worst = lag.abs().compareTo(worst) > 0 ? lag.abs() : worst;
                    stale = true;
                }
                long measure = f.field("MeasurePosixTimestamp");
                if (previousMeasure != null && measure <= previousMeasure) {
                    stuck++;
                    stale = true;
                }
                previousMeasure = measure;
                if (stale && first == null) {
                    first = f.time();
                }
            }
            if (lagging + stuck >= 2) {
                List<String> parts = new ArrayList<>();
                if (lagging > 0) {
                    parts.add(lagging + " of " + periodic.size() + " frames whose message time is more than "
                            + STALE_LAG.toMinutes() + " minutes from their reception (at most " + span(worst) + ")");
                }
                if (stuck > 0) {
                    parts.add(stuck + " frames whose measure time did not advance");
                }
                findings.add(new Finding(Category.STALE_TIMESTAMPS, day(first), role, role + ": "
                        + String.join("; ", parts) + ", the first at " + time(first)
                        + " (the DU's clock is NTP's; the meter's time-stamps are the meter's)"));
            }
        }
    }

    // ---- fewer-than-expected -----------------------------------------------------------------------

    private void fewerThanExpected() {
        CounterSnapshot c = in.counters();
        if (c.day() == null) {
            return;
        }
        for (Association a : in.config().associations()) {
            ReceptionCounter counter = a.role() == MeterRole.M1 ? ReceptionCounter.C1 : ReceptionCounter.C4;
            int[] profile = c.profile()[counter.ordinal()];
            List<LocalDate> shortDays = new ArrayList<>();
            List<String> listed = new ArrayList<>();
            int missing = 0;
            for (int i = C2P1.Counters.PROFILE_DAYS - 1; i >= 0; i--) {
                LocalDate d = c.day().minusDays(1 + i);
                // The first day was observed from its middle; a power-loss day is power-losses' to explain.
                if (!d.isAfter(c.firstDay()) || (profile[i] & C2P1.Counters.POWER_LOSS_BIT) != 0) {
                    continue;
                }
                int count = profile[i] & C2P1.Counters.MAX_COUNT;
                int expected = ExpectedFrames.cf1InDay(d, zone); // CF2 comes as often as CF1
                if (count > 0 && count < expected) {
                    shortDays.add(d);
                    missing += expected - count;
                    if (listed.size() < MAX_LISTED) {
                        listed.add(d + " " + count + " of " + expected);
                    }
                }
            }
            if (shortDays.isEmpty()) {
                continue;
            }
            String more = shortDays.size() > listed.size() ? ", and " + (shortDays.size() - listed.size()) + " more" : "";
            findings.add(new Finding(Category.FEWER_THAN_EXPECTED, shortDays.get(0), a.role(), counter + " ("
                    + (a.role() == MeterRole.M1 ? "CF1" : "CF2") + ") below the day's quarter hours on " + shortDays.size()
                    + " day" + (shortDays.size() == 1 ? "" : "s") + ", " + missing + " missing: " + String.join(", ", listed)
                    + more + clusters(a.role(), shortDays)));
        }
    }

    /**
     * Where in the day the quarter hours were lost, from the journal's measure times: the hours
     * that lost more than twice their share.
     */
    private String clusters(MeterRole role, List<LocalDate> shortDays) {
        if (in.journal() == null) {
            return "; give --frames JOURNAL to see at which hours";
        }
        Map<LocalDate, TreeSet<Instant>> received = new LinkedHashMap<>();
        for (JournalFrame f : in.journal()) {
            Long measure = f.field("MeasurePosixTimestamp");
            // CF1 is M1's quarter-hour frame, CF2 M2's: the ones C1 and C4 count.
            Integer periodicCf = role == MeterRole.M1 ? 1 : 2;
            if (f.accepted() && periodicCf.equals(f.cf()) && measure != null) {
                Instant quarter = Instant.ofEpochSecond(measure - Math.floorMod(measure, 900));
                received.computeIfAbsent(day(quarter), k -> new TreeSet<>()).add(quarter);
            }
        }
        int[] lostByHour = new int[24];
        int lost = 0;
        for (LocalDate d : shortDays) {
            TreeSet<Instant> got = received.getOrDefault(d, new TreeSet<>());
            for (ZonedDateTime q = d.atStartOfDay(zone); q.toLocalDate().equals(d); q = q.plusMinutes(15)) {
                if (!got.contains(q.toInstant())) {
                    lostByHour[q.getHour()]++;
                    lost++;
                }
            }
        }
        if (lost == 0) {
            return "; the journal does not cover these days";
        }
        List<String> hours = new ArrayList<>();
        int inThem = 0;
        for (int h = 0; h < 24; h++) {
            if (lostByHour[h] >= 2 && lostByHour[h] * 24 > 2 * lost) {
                hours.add(String.format("%02d:00-%02d:00 (%d)", h, h + 1, lostByHour[h]));
                inThem += lostByHour[h];
            }
        }
        if (hours.isEmpty() || inThem * 2 < lost) {
            return "; the losses are spread over the day (" + lost + " quarter hours missing in the journal)";
        }
        return "; the losses cluster at " + String.join(", ", hours) + ": " + inThem + " of the " + lost
                + " quarter hours missing in the journal (a load switched on at those hours disturbs the line?)";
    }

    // ---- power-losses ------------------------------------------------------------------------------

    private void powerLosses() {
        CounterSnapshot c = in.counters();
        if (c.day() == null) {
            return;
        }
        List<String> days = new ArrayList<>();
        LocalDate first = null;
        int n = 0;
        for (int i = C2P1.Counters.PROFILE_DAYS - 1; i >= 0; i--) {
            LocalDate d = c.day().minusDays(1 + i);
            if (d.isBefore(c.firstDay())) {
                continue;
            }
            if ((c.profile()[0][i] & C2P1.Counters.POWER_LOSS_BIT) != 0) {
                first = first == null ? d : first;
                n++;
                if (days.size() < MAX_LISTED) {
                    days.add(d + (anyCount(c, i) ? "" : " (without power all day)") + gaps(d));
                }
            }
        }
        if ((c.today()[0] & C2P1.Counters.POWER_LOSS_BIT) != 0) {
            first = first == null ? c.day() : first;
            n++;
            days.add(c.day() + " (today)" + gaps(c.day()));
        }
        if (n == 0) {
            return;
        }
        String why = in.receiverInterrupted()
                ? "; the receiver did not end cleanly last time (killed or a power cut: the state's running flag)" : "";
        findings.add(new Finding(Category.POWER_LOSSES, first, null, n + " day" + (n == 1 ? "" : "s")
                + " with bit 15 (the DU without power or its receiver not running at some moment): "
                + String.join(", ", days) + (n > days.size() ? ", and " + (n - days.size()) + " more" : "") + why));
    }

    /** The journal's silences on a day, when it covers it: what was not heard, which bit 15 explains. */
    private String gaps(LocalDate d) {
        if (in.journal() == null) {
            return "";
        }
        List<Instant> times = in.journal().stream().map(JournalFrame::time).filter(t -> day(t).equals(d)).toList();
        if (times.isEmpty()) {
            return "";
        }
        List<String> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            if (Duration.between(times.get(i - 1), times.get(i)).compareTo(HEARD_GAP) > 0) {
                gaps.add("nothing heard " + CLOCK.format(times.get(i - 1).atZone(zone)) + "-"
                        + CLOCK.format(times.get(i).atZone(zone)));
            }
        }
        return gaps.isEmpty() ? "" : " (" + String.join(", ", gaps) + ")";
    }

    // ---- upload ------------------------------------------------------------------------------------

    private void upload() {
        Map<MeterDay, UploadLedger.Entry> ledger = in.ledger();
        CounterSnapshot c = in.counters();
        if (ledger == null || c.day() == null) {
            return;
        }
        List<String> ko = new ArrayList<>();
        List<MeterDay> unacknowledged = new ArrayList<>();
        LocalDate first = null;
        for (Association a : in.config().associations()) {
            for (LocalDate d = c.firstDay(); d.isBefore(c.day()); d = d.plusDays(1)) {
                if (d.isBefore(c.day().minusDays(C2P1.Counters.PROFILE_DAYS))) {
                    continue;
                }
                MeterDay key = new MeterDay(a.role(), d);
                UploadLedger.Entry e = ledger.get(key);
                if (e != null && e.outcome() == UploadLedger.Outcome.OK) {
                    continue;
                }
                first = first == null || d.isBefore(first) ? d : first;
                if (e == null) {
                    unacknowledged.add(key);
                } else {
                    ko.add(key + " KO (phase " + e.phase() + "): " + e.error());
                }
            }
        }
        if (ko.isEmpty() && unacknowledged.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        if (!unacknowledged.isEmpty()) {
            parts.add(unacknowledged.size() + " meter-days not acknowledged by the platform ("
                    + unacknowledged.stream().limit(MAX_LISTED).map(MeterDay::toString).collect(Collectors.joining(", "))
                    + (unacknowledged.size() > MAX_LISTED ? ", ..." : "") + "; du publish sends them)");
        }
        if (!ko.isEmpty()) {
            parts.add(ko.size() + " refused: " + ko.stream().limit(MAX_LISTED).collect(Collectors.joining("; "))
                    + (ko.size() > MAX_LISTED ? "; ..." : ""));
        }
        findings.add(new Finding(Category.UPLOAD, first, null, String.join("; ", parts)));
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private String okEvidence() {
        CounterSnapshot c = in.counters();
        if (c.day() == null && (in.journal() == null || in.journal().isEmpty())) {
            return "the state holds nothing yet: the receiver has not counted any event";
        }
        Map<MeterRole, Long> accepted = new EnumMap<>(MeterRole.class);
        if (in.journal() != null) {
            in.journal().stream().filter(JournalFrame::accepted).filter(f -> f.meter() != null)
                    .forEach(f -> accepted.merge(MeterRole.valueOf(f.meter()), 1L, Long::sum));
        }
        return "every closed day since " + (c.firstDay() == null ? "the first" : c.firstDay())
                + " as the specifications lead to expect, nothing on the DU's side"
                + (accepted.isEmpty() ? "" : "; the journal's accepted frames: " + accepted);
    }

    private static boolean anyCount(CounterSnapshot c, int profileIndex) {
        for (int[] p : c.profile()) {
            if ((p[profileIndex] & C2P1.Counters.MAX_COUNT) != 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyCountToday(CounterSnapshot c) {
        for (int v : c.today()) {
            if ((v & C2P1.Counters.MAX_COUNT) != 0) {
                return true;
            }
        }
        return false;
    }

    private LocalDate day(Instant t) {
        return t.atZone(zone).toLocalDate();
    }

    private String time(Instant t) {
        return TIME.format(t.atZone(zone));
    }

    private static String span(Instant from, Instant to) {
        return span(Duration.between(from, to));
    }

    private static String span(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        return hours < 48 ? hours + " h " + minutes % 60 + " min" : hours / 24 + " days " + hours % 24 + " h";
    }
}
