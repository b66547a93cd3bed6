package it.c2du.lab.plan;


import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.ReceptionCounter;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The distributor's integration-lab test plan ("Piano dei test per il monitoraggio del profilo
 * protocollare PLC in banda C"): the catalogue of its 20 tests as the issue quotes them (id, title,
 * expected outcome, the receiver run each needs); their code is in {@link LabChecks}, each run
 * against a {@link LabRig} and judged from what a person would read: the receiver's frame journal
 * and the counters {@code du counters} shows.
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
        LabReport.Result run(LabSample s) throws IOException, LabRig.LabException, InterruptedException;
    }

    /** Every CF type, in the plan's order: M1 (CF1, CF21, CF22, CF25) then M2 (CF2, CF41). */
    static final List<CompactFrameType> ALL_TYPES = List.of(CompactFrameType.CF1, CompactFrameType.CF21,
            CompactFrameType.CF22, CompactFrameType.CF25, CompactFrameType.CF2, CompactFrameType.CF41);
    /** Repetitions sent in F.1 for each type. */
    static final int F1_REPETITIONS = 3;

    private LabPlan() {
    }

    /** The 20 tests, in the plan's order. */
    public static List<TestCase> tests() {
        List<TestCase> t = new ArrayList<>();
        t.add(new TestCase("C.1-a", "A CF addressed to the DU's MAC is recognised and its fields reconstructed correctly"
                + " (CF1, CF21, CF22, CF25, CF2, CF41)", "each CF accepted; meter, CF number, frame counter and every field"
                + " equal to the meter's", Session.COUNTING, LabChecks::c1a));
        t.add(new TestCase("C.1-b", "A CF addressed to another MAC is discarded (every CF type)",
                "each CF rejected (not-for-me); no counter changes", Session.COUNTING, LabChecks::c1b));
        t.add(new TestCase("C.2", "A known CF protected with AES-GCM-128 is decoded (every CF type)",
                "each CF accepted; decrypted plaintext equal to the meter's", Session.COUNTING, LabChecks::c2));
        t.add(new TestCase("F.1", "A CF plus " + F1_REPETITIONS + " repetitions (every CF type)",
                "the first decoded, the repetitions dropped; its counter +1", Session.COUNTING, LabChecks::f1));
        t.add(new TestCase("F.2", "Read the day's counters, cut the DU's power, restore it, read again",
                "before: bit 15 clear, counts > 0; after: every counter > 32768 (bit 15 set), with the counts kept", Session.POWER_CUT,
                LabChecks::f2));
        t.add(distinct("F.3.1-a", CompactFrameType.CF1, 2, 4, Duration.ofMinutes(15)));
        t.add(repeated("F.3.1-b", CompactFrameType.CF1));
        t.add(distinct("F.3.1-c", CompactFrameType.CF2, 2, 4, Duration.ofMinutes(15)));
        t.add(repeated("F.3.1-d", CompactFrameType.CF2));
        t.add(distinct("F.3.2-a", CompactFrameType.CF21, 2, 10, Duration.ofSeconds(40)));
        t.add(repeated("F.3.2-b", CompactFrameType.CF21));
        t.add(new TestCase("F.3.3-a", "n = 0..3 distinct CF22 then m = 0..3 distinct CF25",
                "the CF22-CF25 counter (C3) grows by n+m, for each (n, m)", Session.COUNTING, LabChecks::f33a));
        t.add(new TestCase("F.3.3-b", "CF22 + 1..5 repetitions, then CF25 + 1..5 repetitions",
                "the CF22-CF25 counter (C3) grows by 2, for each number of repetitions", Session.COUNTING, LabChecks::f33b));
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

    private static TestCase distinct(String id, CompactFrameType type, int from, int to, Duration apart) {
        ReceptionCounter rc = type.counter();
        return new TestCase(id, "n = " + from + ".." + to + " distinct " + type + (apart.toMinutes() >= 15
                ? " " + apart.toMinutes() + " minutes apart" : ""), "the " + type + " counter (" + rc + ") grows by n,"
                + " for each n", Session.COUNTING, LabChecks.distinct(type, from, to, apart));
    }

    private static TestCase repeated(String id, CompactFrameType type) {
        ReceptionCounter rc = type.counter();
        return new TestCase(id, "one " + type + " plus n = 1..3 repetitions", "the " + type + " counter (" + rc
                + ") grows by 1, for each n", Session.COUNTING, LabChecks.repeated(type));
    }

    private static TestCase profile(String id, String traffic, ReceptionCounter rc) {
        return new TestCase(id, "From an empty profile, " + traffic + " across two midnights",
                "profile element 1 (" + rc + ") = the frames of day -1, element 2 = those of day -2, both non-zero",
                Session.PROFILE, s -> {
                    throw new IllegalStateException("F.4 tests are judged from the shared profile run");
                }, rc);
    }
}
