package it.c2du.lab.plan;

import static it.c2du.core.profile.C2P1.Counters.MAX_COUNT;
import static it.c2du.core.profile.C2P1.Counters.POWER_LOSS_BIT;

import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.stack.Bytes;
import it.c2du.counters.CounterSnapshot;
import it.c2du.lab.meter.MeterTransmission;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import it.c2du.lab.plan.LabSample.Reading;
import it.c2du.lab.plan.LabSample.Sent;

/**
 * The code of the lab plan's tests: what each sends through a {@link LabRig} and how it judges
 * what the receiver's journal and counters say. Each verdict keeps the measured values behind it.
 * Counts are compared on bits 0-14; bit 15 (power loss) is reported and, where the plan says so
 * (F.2), required. The catalogue ({@link LabPlan}) names them.
 */
final class LabChecks {
    /** How far into the current day the F.4 traffic goes. */
    static final Duration TAIL_INTO_TODAY = Duration.ofMinutes(150);

    private LabChecks() {
    }

    // ---- C.1, C.2, F.1 ----

    static LabReport.Result c1a(LabSample s) throws IOException, LabRig.LabException {
        boolean ok = true;
        StringBuilder m = new StringBuilder();
        for (CompactFrameType type : LabPlan.ALL_TYPES) {
            Sent x = s.send(type, s.after(Duration.ofSeconds(30)));
            MeterTransmission t = x.transmission();
            List<String> wrong = new ArrayList<>();
            if (!x.accepted()) {
                wrong.add(x.verdictText());
            } else {
                if (!t.meter().name().equals(x.journal().get("meter"))) {
                    wrong.add("meter " + x.journal().get("meter"));
                }
                if (!Long.valueOf(type.number()).equals(x.journal().get("cf"))) {
                    wrong.add("CF " + x.journal().get("cf"));
                }
                if (!Long.valueOf(t.frameCounter()).equals(x.journal().get("fc"))) {
                    wrong.add("fc " + x.journal().get("fc"));
                }
                wrong.addAll(fieldDifferences(t.fields(), x.journal().get("fields")));
            }
            ok &= wrong.isEmpty();
            m.append(type).append(" fc ").append(t.frameCounter()).append(": ").append(wrong.isEmpty()
                    ? "accepted, " + type.fields().size() + "/" + type.fields().size() + " fields equal"
                    : "NOT as sent: " + String.join(", ", wrong)).append('\n');
        }
        return new LabReport.Result(ok, m.toString().strip());
    }

    /** The fields the journal shows that differ from the meter's, as "name sent -> received". */
    static List<String> fieldDifferences(Map<String, Long> sent, Object received) {
        List<String> d = new ArrayList<>();
        if (!(received instanceof Map<?, ?> r)) {
            d.add("no fields");
            return d;
        }
        for (Map.Entry<String, Long> e : sent.entrySet()) {
            Object got = r.get(e.getKey());
            if (!(got instanceof Number n) || n.longValue() != e.getValue()) {
                d.add(e.getKey() + " " + e.getValue() + " -> " + got);
            }
        }
        for (Object k : r.keySet()) {
            if (!sent.containsKey(k)) {
                d.add("unexpected field " + k);
            }
        }
        return d;
    }

    static LabReport.Result c1b(LabSample s) throws IOException, LabRig.LabException {
        boolean ok = true;
        StringBuilder m = new StringBuilder();
        Map<ReceptionCounter, Integer> before = s.today();
        for (CompactFrameType type : LabPlan.ALL_TYPES) {
            Sent x = s.sendToOtherDu(type, s.after(Duration.ofSeconds(30)));
            boolean discarded = "rejected".equals(x.verdict()) && "not-for-me".equals(x.reason());
            ok &= discarded;
            m.append(type).append(" to ").append(s.otherDu).append(": ").append(x.verdictText()).append('\n');
        }
        Map<ReceptionCounter, Integer> after = s.today();
        ok &= before.equals(after);
        m.append("counters before ").append(before.values()).append(", after ").append(after.values())
                .append(before.equals(after) ? " (unchanged)" : " (CHANGED)");
        return new LabReport.Result(ok, m.toString());
    }

    static LabReport.Result c2(LabSample s) throws IOException, LabRig.LabException {
        boolean ok = true;
        StringBuilder m = new StringBuilder();
        for (CompactFrameType type : LabPlan.ALL_TYPES) {
            Sent x = s.send(type, s.after(Duration.ofSeconds(30)));
            String sent = Bytes.hex(x.transmission().plaintext());
            Object got = x.journal().get("plaintext");
            boolean equal = x.accepted() && sent.equals(got);
            ok &= equal;
            m.append(type).append(" fc ").append(x.transmission().frameCounter()).append(": ").append(equal
                    ? "decrypted, plaintext equal (" + x.transmission().plaintext().length + " bytes, " + sent + ")"
                    : x.verdictText() + ", plaintext " + got + " vs meter's " + sent).append('\n');
        }
        return new LabReport.Result(ok, m.toString().strip());
    }

    static LabReport.Result f1(LabSample s) throws IOException, LabRig.LabException {
        boolean ok = true;
        StringBuilder m = new StringBuilder();
        for (CompactFrameType type : LabPlan.ALL_TYPES) {
            ReceptionCounter rc = type.counter();
            Reading before = s.reading(rc);
            Sent first = s.send(type, s.after(Duration.ofSeconds(30)));
            List<String> reps = new ArrayList<>();
            boolean dropped = true;
            for (int i = 0; i < LabPlan.F1_REPETITIONS; i++) {
                Sent r = s.repeat(first.transmission(), s.after(Duration.ofSeconds(5)));
                reps.add(r.verdictText());
                dropped &= "repetition".equals(r.verdict());
            }
            int grew = s.growth(before);
            boolean pass = first.accepted() && dropped && grew == 1;
            ok &= pass;
            m.append(type).append(" fc ").append(first.transmission().frameCounter()).append(": first ")
                    .append(first.verdictText()).append(", repetitions ").append(String.join("/", reps)).append("; ")
                    .append(rc).append(' ').append(signed(grew)).append('\n');
        }
        return new LabReport.Result(ok, m.toString().strip());
    }

    // ---- F.2 ----

    static LabReport.Result f2(LabSample s) throws IOException, LabRig.LabException, InterruptedException {
        // A day the receiver ran through from its start: bit 15 is clear until the cut.
        ZonedDateTime next = ZonedDateTime.ofInstant(s.rig.now(), s.zone).toLocalDate().plusDays(1)
                .atStartOfDay(s.zone).plusMinutes(5);
        s.rig.clock(next.toInstant());
        for (CompactFrameType type : LabPlan.ALL_TYPES) {
            s.send(type, s.after(Duration.ofSeconds(30)));
        }
        Map<ReceptionCounter, Integer> before = s.today();
        s.rig.powerCut(Duration.ofMinutes(10));
        Map<ReceptionCounter, Integer> after = s.today();
        boolean ok = true;
        StringBuilder m = new StringBuilder("day ").append(ZonedDateTime.ofInstant(s.rig.now(), s.zone).toLocalDate())
                .append(", receiver killed (SIGKILL) and restarted 10 minutes later\n");
        for (ReceptionCounter rc : ReceptionCounter.values()) {
            int b = before.get(rc);
            int a = after.get(rc);
            // Bit 15 clear before the cut, or the test could not tell a cut from a bit that is always set.
            boolean pass = (b & POWER_LOSS_BIT) == 0 && (b & MAX_COUNT) > 0 && a > POWER_LOSS_BIT
                    && (a & POWER_LOSS_BIT) != 0 && (a & MAX_COUNT) == (b & MAX_COUNT);
            ok &= pass;
            m.append(rc).append(": ").append(LabSample.raw(b)).append(" -> ").append(LabSample.raw(a)).append(pass ? "" : "  (NOT as expected)")
                    .append('\n');
        }
        return new LabReport.Result(ok, m.toString().strip());
    }

    // ---- F.3 ----

    /** n = from..to distinct frames of {@code type}, {@code apart}; the counter must grow by n. */
    static LabPlan.Check distinct(CompactFrameType type, int from, int to, Duration apart) {
        ReceptionCounter rc = type.counter();
        return s -> {
                    boolean ok = true;
                    StringBuilder m = new StringBuilder();
                    for (int n = from; n <= to; n++) {
                        Reading before = s.reading(rc);
                        Instant t = type == CompactFrameType.CF1 || type == CompactFrameType.CF2
                                ? nextQuarter(s.rig.now()).plusSeconds(5) : s.after(apart);
                        for (int i = 0; i < n; i++) {
                            s.send(type, t);
                            t = t.plus(apart);
                        }
                        int grew = s.growth(before);
                        ok &= grew == n;
                        m.append("n=").append(n).append(": ").append(rc).append(' ').append(signed(grew))
                                .append(grew == n ? "" : " (expected +" + n + ")").append('\n');
                    }
                    return new LabReport.Result(ok, m.toString().strip());
                };
    }

    /** One frame of {@code type} plus n = 1..3 repetitions; the counter must grow by 1. */
    static LabPlan.Check repeated(CompactFrameType type) {
        ReceptionCounter rc = type.counter();
        return s -> {
                    boolean ok = true;
                    StringBuilder m = new StringBuilder();
                    for (int n = 1; n <= 3; n++) {
                        Reading before = s.reading(rc);
                        Instant t = type == CompactFrameType.CF1 || type == CompactFrameType.CF2
                                ? nextQuarter(s.rig.now()).plusSeconds(5) : s.after(Duration.ofSeconds(40));
                        Sent first = s.send(type, t);
                        for (int i = 1; i <= n; i++) {
                            s.repeat(first.transmission(), t.plusSeconds(10L * i));
                        }
                        int grew = s.growth(before);
                        ok &= grew == 1;
                        m.append("n=").append(n).append(": ").append(rc).append(' ').append(signed(grew))
                                .append(grew == 1 ? "" : " (expected +1)").append('\n');
                    }
                    return new LabReport.Result(ok, m.toString().strip());
                };
    }

    static LabReport.Result f33a(LabSample s) throws IOException, LabRig.LabException {
        boolean ok = true;
        StringBuilder m = new StringBuilder();
        for (int n = 0; n <= 3; n++) {
            StringBuilder row = new StringBuilder("n=" + n + ":");
            for (int k = 0; k <= 3; k++) {
                Reading before = s.reading(ReceptionCounter.C3);
                for (int i = 0; i < n; i++) {
                    s.send(CompactFrameType.CF22, s.after(Duration.ofSeconds(40)));
                }
                for (int i = 0; i < k; i++) {
                    s.send(CompactFrameType.CF25, s.after(Duration.ofSeconds(40)));
                }
                int grew = s.growth(before);
                ok &= grew == n + k;
                row.append(" m=").append(k).append(" C3 ").append(signed(grew)).append(grew == n + k ? "" : " (expected +"
                        + (n + k) + ")").append(k < 3 ? ";" : "");
            }
            m.append(row).append('\n');
        }
        return new LabReport.Result(ok, m.toString().strip());
    }

    static LabReport.Result f33b(LabSample s) throws IOException, LabRig.LabException {
        boolean ok = true;
        StringBuilder m = new StringBuilder();
        for (int k = 1; k <= 5; k++) {
            Reading before = s.reading(ReceptionCounter.C3);
            for (CompactFrameType type : List.of(CompactFrameType.CF22, CompactFrameType.CF25)) {
                Sent first = s.send(type, s.after(Duration.ofSeconds(40)));
                for (int i = 0; i < k; i++) {
                    s.repeat(first.transmission(), s.after(Duration.ofSeconds(10)));
                }
            }
            int grew = s.growth(before);
            ok &= grew == 2;
            m.append(k).append(" repetitions each: C3 ").append(signed(grew)).append(grew == 2 ? "" : " (expected +2)")
                    .append('\n');
        }
        return new LabReport.Result(ok, m.toString().strip());
    }

    // ---- F.4 ----

    /** What the F.4 session sent and read: expected counts per day, and the counters at the start and end. */
    record ProfileRun(Map<LocalDate, Map<CompactFrameType, Integer>> sentPerDay, CounterSnapshot atStart,
                      CounterSnapshot atEnd, LocalDate dayMinus1, LocalDate dayMinus2, long notAccepted,
                      String firstNotAccepted, ZoneId zone) {
        int sent(LocalDate day, ReceptionCounter rc) {
            int n = 0;
            for (Map.Entry<CompactFrameType, Integer> e : sentPerDay.getOrDefault(day, Map.of()).entrySet()) {
                if (e.getKey().counter() == rc) {
                    n += e.getValue();
                }
            }
            return n;
        }

        int sent(LocalDate day, CompactFrameType type) {
            return sentPerDay.getOrDefault(day, Map.of()).getOrDefault(type, 0);
        }

        boolean profileEmptyAtStart() {
            for (ReceptionCounter rc : ReceptionCounter.values()) {
                for (int i = 0; i < it.c2du.core.profile.C2P1.Counters.PROFILE_DAYS; i++) {
                    if (LabSample.profileElement(atStart, rc, i) != 0) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /**
     * The F.4 traffic: the receiver starts a few minutes before day D-2 on an empty state, the
     * meters send their realistic traffic through D-2 and D-1 and into the current day; then the
     * counters are read once for all F.4 tests.
     */
    static ProfileRun profileRun(LabSample s, Instant dayMinus2Start) throws IOException, LabRig.LabException {
        CounterSnapshot atStart = s.rig.counters();
        // Local days (23 or 25 hours at the clock changes), and a tail past UTC midnight even in summer.
        Instant end = ZonedDateTime.ofInstant(dayMinus2Start, s.zone).toLocalDate().plusDays(2).atStartOfDay(s.zone)
                .plus(TAIL_INTO_TODAY).toInstant();
        Map<LocalDate, Map<CompactFrameType, Integer>> perDay = new TreeMap<>();
        long notAccepted = 0;
        String firstNotAccepted = null;
        for (MeterTransmission t : s.meters.traffic(dayMinus2Start, end)) {
            Map<String, Object> j = s.rig.transmit(t);
            if (!"accepted".equals(j.get("verdict"))) {
                notAccepted++;
                if (firstNotAccepted == null) {
                    firstNotAccepted = t.type() + " fc " + t.frameCounter() + " at " + t.at() + ": " + j.get("verdict") + " "
                            + j.get("reason");
                }
            }
            if (!t.repetition() && t.destination().equals(s.duAddress)) {
                LocalDate day = ZonedDateTime.ofInstant(t.at(), s.zone).toLocalDate();
                perDay.computeIfAbsent(day, d -> new EnumMap<>(CompactFrameType.class)).merge(t.type(), 1, Integer::sum);
            }
        }
        s.rig.clock(end);
        CounterSnapshot atEnd = s.rig.counters();
        LocalDate today = ZonedDateTime.ofInstant(end, s.zone).toLocalDate();
        return new ProfileRun(perDay, atStart, atEnd, today.minusDays(1), today.minusDays(2), notAccepted, firstNotAccepted,
                s.zone);
    }


    /** Judges one F.4 test from the shared run. */
    static LabReport.Result judgeProfile(LabPlan.TestCase tc, ProfileRun run) {
        ReceptionCounter rc = tc.profileCounter();
        StringBuilder m = new StringBuilder();
        boolean ok = run.profileEmptyAtStart();
        m.append(ok ? "profile at start: 60 zeros on every counter\n" : "profile at start NOT empty\n");
        // The plan's minimum traffic, checked on the rig's side: a test with less proves nothing.
        for (LocalDate day : List.of(run.dayMinus2(), run.dayMinus1())) {
            String shortfall = shortfall(tc.id(), run, day);
            if (shortfall != null) {
                ok = false;
                m.append("traffic on ").append(day).append(" below the plan's minimum: ").append(shortfall).append('\n');
            }
        }
        int e1 = LabSample.profileElement(run.atEnd(), rc, 0);
        int e2 = LabSample.profileElement(run.atEnd(), rc, 1);
        int x1 = run.sent(run.dayMinus1(), rc);
        int x2 = run.sent(run.dayMinus2(), rc);
        // Raw values: both days were whole days of a running receiver, so bit 15 must be clear.
        boolean p1 = e1 == x1 && x1 != 0;
        boolean p2 = e2 == x2 && x2 != 0;
        ok &= p1 && p2;
        m.append("element 1 (").append(run.dayMinus1()).append("): ").append(LabSample.raw(e1)).append(", frames sent ").append(x1)
                .append(p1 ? "" : " (NOT equal or zero)").append('\n');
        m.append("element 2 (").append(run.dayMinus2()).append("): ").append(LabSample.raw(e2)).append(", frames sent ").append(x2)
                .append(p2 ? "" : " (NOT equal or zero)");
        if (run.notAccepted() > 0) {
            m.append("\n").append(run.notAccepted()).append(" frames not accepted by the receiver, the first: ")
                    .append(run.firstNotAccepted());
        }
        return new LabReport.Result(ok, m.toString());
    }

    private static String shortfall(String id, ProfileRun run, LocalDate day) {
        Map<String, int[]> need = new LinkedHashMap<>();
        switch (id) {
            case "F.4.1-a" -> need.put("CF1", new int[] {run.sent(day, CompactFrameType.CF1), quarters(day, run.zone())});
            case "F.4.1-b" -> need.put("CF2", new int[] {run.sent(day, CompactFrameType.CF2), quarters(day, run.zone())});
            case "F.4.2" -> need.put("CF21", new int[] {run.sent(day, CompactFrameType.CF21), 20});
            case "F.4.3" -> {
                need.put("CF22", new int[] {run.sent(day, CompactFrameType.CF22), 2});
                need.put("CF25", new int[] {run.sent(day, CompactFrameType.CF25), 2});
            }
            default -> need.put("CF41", new int[] {run.sent(day, CompactFrameType.CF41), 20});
        }
        List<String> s = new ArrayList<>();
        need.forEach((cf, v) -> {
            if (v[0] < v[1]) {
                s.add(cf + " " + v[0] + " < " + v[1]);
            }
        });
        return s.isEmpty() ? null : String.join(", ", s);
    }

    /** Quarter hours in a local day (92, 96 or 100 across the clock changes), in the plan's zone. */
    private static int quarters(LocalDate day, ZoneId zone) {
        return (int) (Duration.between(day.atStartOfDay(zone), day.plusDays(1).atStartOfDay(zone)).toMinutes() / 15);
    }

    static Instant nextQuarter(Instant t) {
        Instant q = t.truncatedTo(ChronoUnit.HOURS);
        while (!q.isAfter(t)) {
            q = q.plus(Duration.ofMinutes(15));
        }
        return q;
    }

    private static String signed(int n) {
        return (n >= 0 ? "+" : "") + n;
    }
}
