package it.c2du.lab.plan;

import static it.c2du.core.profile.C2P1.Counters.MAX_COUNT;
import static it.c2du.core.profile.C2P1.Counters.POWER_LOSS_BIT;

import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.stack.Bytes;
import it.c2du.core.stack.MacAddress;
import it.c2du.counters.CounterSnapshot;
import it.c2du.lab.meter.MeterSimulator;
import it.c2du.lab.meter.MeterTransmission;
import it.c2du.lab.meter.SimulatedMeter;
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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The distributor's integration-lab test plan ("Piano dei test per il monitoraggio del profilo
 * protocollare PLC in banda C"), its 20 tests as the issue quotes them, each run against a
 * {@link LabRig} and judged from what a person would read: the receiver's frame journal and
 * {@code du counters}. Each verdict keeps the measured values behind it.
 *
 * <p>Counts are compared on bits 0-14; bit 15 (power loss) is reported and, where the plan says
 * so (F.2), required.
 */
public final class LabPlan {
    /**
     * Which receiver run a test needs: the counting tests and F.2 share one (in plan order: F.2
     * moves to a new day for its cut, and F.3 measures growth, unaffected by bit 15), F.4 starts
     * one on an empty state.
     */
    public enum Session { COUNTING, POWER_CUT, PROFILE }

    /** One test of the plan. */
    public record TestCase(String id, String title, String expected, Session session, Check check,
                    ReceptionCounter profileCounter) {
        TestCase(String id, String title, String expected, Session session, Check check) {
            this(id, title, expected, session, check, null);
        }
    }

    /** Runs a test on a sample and judges it. */
    public interface Check {
        LabReport.Result run(Sample s) throws IOException, LabRig.LabException, InterruptedException;
    }

    /** Every CF type, in the plan's order: M1 (CF1, CF21, CF22, CF25) then M2 (CF2, CF41). */
    static final List<CompactFrameType> ALL_TYPES = List.of(CompactFrameType.CF1, CompactFrameType.CF21,
            CompactFrameType.CF22, CompactFrameType.CF25, CompactFrameType.CF2, CompactFrameType.CF41);
    /** How far into the current day the F.4 traffic goes. */
    static final Duration TAIL_INTO_TODAY = Duration.ofMinutes(150);
    /** Repetitions sent in F.1 for each type. */
    static final int F1_REPETITIONS = 3;

    private LabPlan() {
    }

    /** The 20 tests, in the plan's order. */
    public static List<TestCase> tests() {
        List<TestCase> t = new ArrayList<>();
        t.add(new TestCase("C.1-a", "A CF addressed to the DU's MAC is recognised and its fields reconstructed correctly"
                + " (CF1, CF21, CF22, CF25, CF2, CF41)", "each CF accepted; meter, CF number, frame counter and every field"
                + " equal to the meter's", Session.COUNTING, LabPlan::c1a));
        t.add(new TestCase("C.1-b", "A CF addressed to another MAC is discarded (every CF type)",
                "each CF rejected (not-for-me); no counter changes", Session.COUNTING, LabPlan::c1b));
        t.add(new TestCase("C.2", "A known CF protected with AES-GCM-128 is decoded (every CF type)",
                "each CF accepted; decrypted plaintext equal to the meter's", Session.COUNTING, LabPlan::c2));
        t.add(new TestCase("F.1", "A CF plus " + F1_REPETITIONS + " repetitions (every CF type)",
                "the first decoded, the repetitions dropped; its counter +1", Session.COUNTING, LabPlan::f1));
        t.add(new TestCase("F.2", "Read the day's counters, cut the DU's power, restore it, read again",
                "before: bit 15 clear, counts > 0; after: every counter > 32768 (bit 15 set), with the counts kept", Session.POWER_CUT,
                LabPlan::f2));
        t.add(distinct("F.3.1-a", CompactFrameType.CF1, 2, 4, Duration.ofMinutes(15)));
        t.add(repeated("F.3.1-b", CompactFrameType.CF1));
        t.add(distinct("F.3.1-c", CompactFrameType.CF2, 2, 4, Duration.ofMinutes(15)));
        t.add(repeated("F.3.1-d", CompactFrameType.CF2));
        t.add(distinct("F.3.2-a", CompactFrameType.CF21, 2, 10, Duration.ofSeconds(40)));
        t.add(repeated("F.3.2-b", CompactFrameType.CF21));
        t.add(new TestCase("F.3.3-a", "n = 0..3 distinct CF22 then m = 0..3 distinct CF25",
                "the CF22-CF25 counter (C3) grows by n+m, for each (n, m)", Session.COUNTING, LabPlan::f33a));
        t.add(new TestCase("F.3.3-b", "CF22 + 1..5 repetitions, then CF25 + 1..5 repetitions",
                "the CF22-CF25 counter (C3) grows by 2, for each number of repetitions", Session.COUNTING, LabPlan::f33b));
        t.add(distinct("F.3.4-a", CompactFrameType.CF41, 2, 10, Duration.ofSeconds(40)));
        t.add(repeated("F.3.4-b", CompactFrameType.CF41));
        t.add(profile("F.4.1-a", "CF1 every 15 minutes", ReceptionCounter.C1));
        t.add(profile("F.4.1-b", "CF2 every 15 minutes", ReceptionCounter.C4));
        t.add(profile("F.4.2", "at least 20 CF21 a day", ReceptionCounter.C2));
        t.add(profile("F.4.3", "at least 2 CF22 and 2 CF25 a day", ReceptionCounter.C3));
        t.add(profile("F.4.4", "at least 20 CF41 a day", ReceptionCounter.C5));
        return List.copyOf(t);
    }

    /** The tests named in {@code ids} (case-insensitive, plan order); an unknown id is a bad argument. */
    public static List<TestCase> select(List<String> ids) throws UnknownTestException {
        List<TestCase> all = tests();
        if (ids == null || ids.isEmpty()) {
            return all;
        }
        List<String> wanted = new ArrayList<>();
        for (String id : ids) {
            String w = id.trim().toUpperCase(Locale.ROOT);
            if (all.stream().noneMatch(tc -> tc.id().toUpperCase(Locale.ROOT).equals(w))) {
                throw new UnknownTestException("--tests: no test \"" + id.trim() + "\" in the plan; its tests are "
                        + String.join(", ", all.stream().map(TestCase::id).toList()));
            }
            wanted.add(w);
        }
        return all.stream().filter(tc -> wanted.contains(tc.id().toUpperCase(Locale.ROOT))).toList();
    }

    /** A test id the plan does not have; the message names the plan's tests. */
    public static final class UnknownTestException extends Exception {
        UnknownTestException(String message) {
            super(message);
        }
    }

    // ---- the sample under test ----

    /** One DU sample on the rig, with its meters and the simulated time the tests move along. */
    public static final class Sample {
        final LabRig rig;
        final MeterSimulator meters;
        final MacAddress duAddress;
        final MacAddress otherDu;
        final ZoneId zone;

        Sample(LabRig rig, MeterSimulator meters, MacAddress duAddress, MacAddress otherDu, ZoneId zone) {
            this.rig = rig;
            this.duAddress = duAddress;
            this.meters = meters;
            this.otherDu = otherDu;
            this.zone = zone;
        }

        SimulatedMeter meter(CompactFrameType type) {
            return meters.meter(type.sender());
        }

        /** The next time, {@code gap} after the rig's clock. */
        Instant after(Duration gap) {
            return rig.now().plus(gap);
        }

        /** The meter sends a new {@code type} at {@code at} with plausible fields; the journal object is returned. */
        Sent send(CompactFrameType type, Instant at) throws IOException, LabRig.LabException {
            MeterTransmission t = meter(type).send(at, type, meters.fieldsFor(type, at));
            return new Sent(t, rig.transmit(t));
        }

        Sent repeat(MeterTransmission original, Instant at) throws IOException, LabRig.LabException {
            MeterTransmission t = meter(original.type()).repeat(original, at);
            return new Sent(t, rig.transmit(t));
        }

        Sent sendToOtherDu(CompactFrameType type, Instant at) throws IOException, LabRig.LabException {
            MeterTransmission t = meter(type).sendTo(otherDu, at, type, meters.fieldsFor(type, at));
            return new Sent(t, rig.transmit(t));
        }

        /** Today's five raw counter values, as {@code du counters} shows them. */
        Map<ReceptionCounter, Integer> today() throws LabRig.LabException {
            return todayValues(rig.counters());
        }

        int today(ReceptionCounter c) throws LabRig.LabException {
            return today().get(c);
        }

        /** A counter's value and the receiver's day, read before a measurement. */
        Reading reading(ReceptionCounter c) throws LabRig.LabException {
            CounterSnapshot now = rig.counters();
            return new Reading(c, String.valueOf(now.day()), now.today()[c.ordinal()]);
        }

        /**
         * How much the counter grew since {@code before} (bits 0-14). A day that closed in between
         * makes the difference meaningless: the rig says so rather than judge it.
         */
        int growth(Reading before) throws LabRig.LabException {
            Reading after = reading(before.counter());
            if (!after.day().equals(before.day())) {
                throw new LabRig.LabException("the receiver's day changed from " + before.day() + " to " + after.day()
                        + " during a measurement on " + before.counter() + " (bench time " + rig.now() + ")");
            }
            return (after.value() & MAX_COUNT) - (before.value() & MAX_COUNT);
        }
    }

    record Reading(ReceptionCounter counter, String day, int value) {
    }

    /** A transmission and what the receiver's journal says of it. */
    record Sent(MeterTransmission transmission, Map<String, Object> journal) {
        String verdict() {
            return String.valueOf(journal.get("verdict"));
        }

        String reason() {
            Object r = journal.get("reason");
            return r == null ? null : r.toString();
        }

        boolean accepted() {
            return "accepted".equals(verdict());
        }

        String verdictText() {
            return verdict() + (reason() == null ? "" : " " + reason());
        }
    }

    static Map<ReceptionCounter, Integer> todayValues(CounterSnapshot counters) {
        Map<ReceptionCounter, Integer> v = new EnumMap<>(ReceptionCounter.class);
        for (ReceptionCounter rc : ReceptionCounter.values()) {
            v.put(rc, counters.today()[rc.ordinal()]);
        }
        return v;
    }

    /** A profile element by index (0 = day -1), as {@code du counters} numbers them. */
    static int profileElement(CounterSnapshot counters, ReceptionCounter rc, int index) {
        return counters.profile()[rc.ordinal()][index];
    }

    static String raw(int v) {
        return (v & POWER_LOSS_BIT) == 0 ? Integer.toString(v) : v + " (bit 15 + " + (v & MAX_COUNT) + ")";
    }

    // ---- C.1, C.2, F.1 ----

    private static LabReport.Result c1a(Sample s) throws IOException, LabRig.LabException {
        boolean ok = true;
        StringBuilder m = new StringBuilder();
        for (CompactFrameType type : ALL_TYPES) {
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

    private static LabReport.Result c1b(Sample s) throws IOException, LabRig.LabException {
        boolean ok = true;
        StringBuilder m = new StringBuilder();
        Map<ReceptionCounter, Integer> before = s.today();
        for (CompactFrameType type : ALL_TYPES) {
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

    private static LabReport.Result c2(Sample s) throws IOException, LabRig.LabException {
        boolean ok = true;
        StringBuilder m = new StringBuilder();
        for (CompactFrameType type : ALL_TYPES) {
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

    private static LabReport.Result f1(Sample s) throws IOException, LabRig.LabException {
        boolean ok = true;
        StringBuilder m = new StringBuilder();
        for (CompactFrameType type : ALL_TYPES) {
            ReceptionCounter rc = type.counter();
            Reading before = s.reading(rc);
            Sent first = s.send(type, s.after(Duration.ofSeconds(30)));
            List<String> reps = new ArrayList<>();
            boolean dropped = true;
            for (int i = 0; i < F1_REPETITIONS; i++) {
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

    private static LabReport.Result f2(Sample s) throws IOException, LabRig.LabException, InterruptedException {
        // A day the receiver ran through from its start: bit 15 is clear until the cut.
        ZonedDateTime next = ZonedDateTime.ofInstant(s.rig.now(), s.zone).toLocalDate().plusDays(1)
                .atStartOfDay(s.zone).plusMinutes(5);
        s.rig.clock(next.toInstant());
        for (CompactFrameType type : ALL_TYPES) {
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
            m.append(rc).append(": ").append(raw(b)).append(" -> ").append(raw(a)).append(pass ? "" : "  (NOT as expected)")
                    .append('\n');
        }
        return new LabReport.Result(ok, m.toString().strip());
    }

    // ---- F.3 ----

    private static TestCase distinct(String id, CompactFrameType type, int from, int to, Duration apart) {
        ReceptionCounter rc = type.counter();
        return new TestCase(id, "n = " + from + ".." + to + " distinct " + type + (apart.toMinutes() >= 15
                ? " " + apart.toMinutes() + " minutes apart" : ""), "the " + type + " counter (" + rc + ") grows by n,"
                + " for each n", Session.COUNTING, s -> {
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
                });
    }

    private static TestCase repeated(String id, CompactFrameType type) {
        ReceptionCounter rc = type.counter();
        return new TestCase(id, "one " + type + " plus n = 1..3 repetitions", "the " + type + " counter (" + rc
                + ") grows by 1, for each n", Session.COUNTING, s -> {
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
                });
    }

    private static LabReport.Result f33a(Sample s) throws IOException, LabRig.LabException {
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

    private static LabReport.Result f33b(Sample s) throws IOException, LabRig.LabException {
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
                    if (profileElement(atStart, rc, i) != 0) {
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
    static ProfileRun profileRun(Sample s, Instant dayMinus2Start) throws IOException, LabRig.LabException {
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

    private static TestCase profile(String id, String traffic, ReceptionCounter rc) {
        return new TestCase(id, "From an empty profile, " + traffic + " across two midnights",
                "profile element 1 (" + rc + ") = the frames of day -1, element 2 = those of day -2, both non-zero",
                Session.PROFILE, s -> {
                    throw new IllegalStateException("F.4 tests are judged from the shared profile run");
                }, rc);
    }

    /** Judges one F.4 test from the shared run. */
    static LabReport.Result judgeProfile(TestCase tc, ProfileRun run) {
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
        int e1 = profileElement(run.atEnd(), rc, 0);
        int e2 = profileElement(run.atEnd(), rc, 1);
        int x1 = run.sent(run.dayMinus1(), rc);
        int x2 = run.sent(run.dayMinus2(), rc);
        // Raw values: both days were whole days of a running receiver, so bit 15 must be clear.
        boolean p1 = e1 == x1 && x1 != 0;
        boolean p2 = e2 == x2 && x2 != 0;
        ok &= p1 && p2;
        m.append("element 1 (").append(run.dayMinus1()).append("): ").append(raw(e1)).append(", frames sent ").append(x1)
                .append(p1 ? "" : " (NOT equal or zero)").append('\n');
        m.append("element 2 (").append(run.dayMinus2()).append("): ").append(raw(e2)).append(", frames sent ").append(x2)
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
