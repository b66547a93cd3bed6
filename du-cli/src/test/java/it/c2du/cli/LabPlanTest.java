package it.c2du.cli;

import it.c2du.cli.bench.ChildJvm;

import it.c2du.lab.plan.LabReport;
import it.c2du.lab.plan.LabRun;
import it.c2du.lab.plan.LabPlan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.json.Json;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.counters.CounterSnapshot;
import it.c2du.counters.state.StateDirectory;
import it.c2du.plc.testing.Socat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lab plan end to end: every one of its 20 tests Positive on three samples of this receiver
 * (through {@code du lab run}, as a maker would run it), and each test Negative against a
 * receiver with a deliberate bug, so that a Positive means something.
 */
class LabPlanTest {
    /** Which tests each broken receiver must fail: together, every test of the plan. */
    static final Map<LabBrokenReceiver.Breakage, List<String>> MUST_FAIL = new EnumMap<>(Map.of(
            LabBrokenReceiver.Breakage.MISREADS_FIELDS, List.of("C.1-a"),
            LabBrokenReceiver.Breakage.IGNORES_MAC, List.of("C.1-b"),
            LabBrokenReceiver.Breakage.WRONG_SYSTEM_TITLE, List.of("C.1-a", "C.2", "F.3.1-a", "F.3.2-a"),
            LabBrokenReceiver.Breakage.COUNTS_REPETITIONS, List.of("F.1", "F.3.1-b", "F.3.1-d", "F.3.2-b", "F.3.3-b",
                    "F.3.4-b"),
            LabBrokenReceiver.Breakage.FORGETS_AT_POWER_CUT, List.of("F.2"),
            LabBrokenReceiver.Breakage.M1_ONLY, List.of("F.3.1-c", "F.3.4-a", "F.4.4"),
            LabBrokenReceiver.Breakage.IGNORES_CF25, List.of("F.3.3-a", "F.4.3"),
            LabBrokenReceiver.Breakage.UTC_DAYS, List.of("F.4.1-a", "F.4.1-b", "F.4.2")));

    @TempDir
    Path work;

    @BeforeAll
    static void socat() throws Exception {
        Socat.ensure();
    }

    @Test
    void everyTestIsPositiveOnThreeSamplesThroughDuLabRun() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path report = work.resolve("sheet");
        int status = DuCommand.execute(new String[] {"lab", "run", "--report", report.toString(), "--work",
                work.resolve("bench").toString(), "--seed", "20261123", "--report-number", "T-1", "--day", "2026-03-28"},
                new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, status, out + "\n" + err);
        Matcher m = Pattern.compile("sample (\\d)  (\\S+)\\s+(Positive|Negative)").matcher(out.toString());
        Set<String> positive = new TreeSet<>();
        int verdicts = 0;
        while (m.find()) {
            verdicts++;
            assertEquals("Positive", m.group(3), m.group(0) + "\n" + out);
            positive.add(m.group(2));
        }
        assertEquals(60, verdicts, out.toString());
        assertEquals(new TreeSet<>(LabPlan.tests().stream().map(LabPlan.TestCase::id).toList()), positive);
        assertTrue(out.toString().contains("Positive: 20 of 20 tests Positive on 3 sample(s)"), out.toString());
        String md = Files.readString(work.resolve("sheet.md"));
        String html = Files.readString(work.resolve("sheet.html"));
        assertTrue(md.contains("T-1") && html.contains("T-1"));
        assertEquals(60, count(md, "**Positive**"), md);
        assertFalse(md.contains("Negative**"), md);
        // The days of the clock change (2026-03-29 has 23 hours): 92 quarter hours counted, not 96.
        assertTrue(md.contains("element 1 (2026-03-29): 92, frames sent 92"), md);
        // The journal's line numbers continue across the power cut's restart (the file is appended to).
        List<String> journal = Files.readAllLines(work.resolve("bench/sample-1/counting/frames.jsonl"));
        for (int i = 0; i < journal.size(); i++) {
            assertTrue(journal.get(i).startsWith("{\"line\": " + (i + 1) + ","), journal.get(i));
        }
        // Each sample's files were kept, and its keys reached none of them but its configuration.
        StringBuilder everything = new StringBuilder(out.toString()).append(md).append(html);
        try (var files = Files.walk(work.resolve("bench"))) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".properties")).toList()) {
                everything.append(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        String all = everything.toString().toUpperCase(java.util.Locale.ROOT);
        for (int n = 1; n <= 3; n++) {
            Path config = work.resolve("bench/sample-" + n + "/du.properties");
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(config)));
            for (String line : Files.readAllLines(config)) {
                if (line.contains(".key")) {
                    String key = line.substring(line.indexOf('=') + 1).trim().toUpperCase(java.util.Locale.ROOT);
                    assertFalse(all.contains(key), "sample " + n + "'s key appears outside its configuration");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(LabBrokenReceiver.Breakage.class)
    void aBrokenReceiverFailsTheTestsThatCheckWhatItBreaks(LabBrokenReceiver.Breakage b) throws Exception {
        List<String> ids = MUST_FAIL.get(b);
        StringWriter progress = new StringWriter();
        // UTC days: on the spring clock change, where a local day (23 h) and a UTC day differ in CF1 and CF2 counts;
        // on other days any 24 hours hold 96 quarter hours and it would pass F.4.1 by luck.
        LocalDate day = b == LabBrokenReceiver.Breakage.UTC_DAYS ? LocalDate.of(2026, 3, 28) : LocalDate.of(2026, 11, 23);
        LabReport report = new LabRun(LabPlan.select(ids), 1, work, ChildJvm.labReceiver(
                LabBrokenReceiver.class.getName(), b.name()), ZoneId.of("Europe/Rome"), day, 7,
                new PrintWriter(progress)).run(new LabRun.Identity("N-" + b, "broken", "broken", "hw", "sw"));
        assertEquals(ids, report.tests().stream().map(LabReport.Test::id).toList());
        for (LabReport.Test t : report.tests()) {
            LabReport.Result r = t.results().get(0);
            assertFalse(r.positive(), b + " should fail " + t.id() + ", measured:\n" + r.measured() + "\n" + progress);
            assertFalse(r.measured().startsWith("not run") || r.measured().startsWith("not completed"),
                    b + ": " + t.id() + " must fail on its verdict, not on the bench: " + r.measured());
        }
        assertFalse(report.allPositive());
    }

    @Test
    void theAutumnClockChangeDayCountsItsHundredQuarterHours() throws Exception {
        LabReport report = new LabRun(LabPlan.select(List.of("F.4.1-a", "F.4.1-b")), 1, work,
                ChildJvm.labReceiver(DuCommand.class.getName()), ZoneId.of("Europe/Rome"), LocalDate.of(2026, 10, 24), 11,
                new PrintWriter(new StringWriter())).run(new LabRun.Identity("A", "du", "m", "hw", "sw"));
        for (LabReport.Test t : report.tests()) {
            LabReport.Result r = t.results().get(0);
            assertTrue(r.positive(), t.id() + ":\n" + r.measured());
            assertTrue(r.measured().contains("element 1 (2026-10-25): 100, frames sent 100"), r.measured());
        }
        // The lab reads the counters as typed values (the committed state); du counters --json must say the same.
        Path state = work.resolve("sample-1").resolve("profile").resolve("state");
        CounterSnapshot typed = StateDirectory.read(state).state().counters();
        StringWriter out = new StringWriter();
        assertEquals(0, DuCommand.execute(new String[] {"counters", "--state", state.toString(), "--json"},
                new PrintWriter(out), new PrintWriter(new StringWriter())));
        Map<?, ?> json = (Map<?, ?>) Json.parse(out.toString().trim());
        assertEquals(typed.day().toString(), json.get("day"));
        assertEquals(typed.clock().toString(), json.get("clock"));
        for (ReceptionCounter rc : ReceptionCounter.values()) {
            assertEquals((long) typed.today()[rc.ordinal()], ((Map<?, ?>) json.get("counters")).get(rc.name()), rc.name());
            List<Long> profile = new ArrayList<>();
            for (int v : typed.profile()[rc.ordinal()]) {
                profile.add((long) v);
            }
            assertEquals(profile, ((Map<?, ?>) json.get("profile")).get(rc.name()), rc.name());
        }
    }

    @Test
    void sigtermDuringARunSaysItStoppedWithoutAStackTrace() throws Exception {
        Path bench = work.resolve("bench");
        Path output = work.resolve("lab-run.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                DuCommand.class.getName(), "lab", "run", "--tests", "F.2", "--samples", "1", "--work", bench.toString(),
                "--seed", "7", "--day", "2026-03-28")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            // Stopped while the rig talks to the receiver over the pty: its receiver has started.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!receiverStarted(bench)) {
                assertTrue(p.isAlive(), Files.readString(output));
                assertTrue(System.nanoTime() < deadline, "no receiver started: " + Files.readString(output));
                Thread.sleep(50);
            }
            p.destroy();
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "du lab run did not end on SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(output);
        assertEquals(143, p.exitValue(), text);
        assertTrue(text.contains("du lab run: stopped by SIGTERM"), text);
        assertFalse(text.contains("internal error"), text);
        assertFalse(text.contains("Exception"), text);
        assertFalse(text.contains("\tat "), text);
    }

    private static boolean receiverStarted(Path bench) throws java.io.IOException {
        if (!Files.isDirectory(bench)) {
            return false;
        }
        try (var files = Files.walk(bench)) {
            return files.anyMatch(f -> f.getFileName().toString().equals("receiver.log"));
        }
    }

    @Test
    void theNegativeControlsCoverEveryTestOfThePlan() {
        Set<String> covered = new TreeSet<>();
        MUST_FAIL.values().forEach(covered::addAll);
        assertEquals(new TreeSet<>(LabPlan.tests().stream().map(LabPlan.TestCase::id).toList()), covered);
        assertEquals(20, LabPlan.tests().size());
    }

    @Test
    void testsAreSelectedByIdCaseInsensitivelyAndAnUnknownOneIsNamed() throws Exception {
        assertEquals(List.of("C.1-a", "F.2"), LabPlan.select(List.of("f.2", "c.1-A")).stream()
                .map(LabPlan.TestCase::id).toList());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = DuCommand.execute(new String[] {"lab", "run", "--tests", "C.1-a,F.9"}, new PrintWriter(out),
                new PrintWriter(err));
        assertEquals(2, status);
        assertTrue(err.toString().contains("--tests: no test \"F.9\" in the plan; its tests are C.1-a, C.1-b"), err.toString());
        status = DuCommand.execute(new String[] {"lab", "run", "--samples", "0"}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(2, status);
        assertTrue(err.toString().contains("--samples: expected 1..10, got 0"), err.toString());
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
