package it.c2du.lab.plan;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The report of {@code du lab run}, laid out like the result sheet of the distributor's test plan
 * ("Piano dei test per il monitoraggio del profilo protocollare PLC in banda C"): report number, DU
 * name, model, HW and SW versions, test period, then one row per test with a Positive/Negative
 * verdict per sample and the measured values behind it.
 *
 * <p>Rendered as GitHub-flavoured Markdown ({@link LabReportMarkdown}) and as one self-contained,
 * print-friendly HTML5 page ({@link LabReportHtml}); {@link LabReportFiles#write} writes both. Every text of the
 * model is escaped for the format it lands in, so a DU name or a measured value can never inject
 * markup.
 *
 * <p>Header texts ({@code reportNumber}, {@code duName}, {@code model}, {@code hwVersion},
 * {@code swVersion}, {@code systemTitle}) may be null when unknown: they are shown as "—".
 * {@code notes} may be null (no notes).
 *
 * @param samples the DUs (or DU runs) tested, in column order
 * @param tests the plan's tests, in row order; each has one result per sample
 */
public record LabReport(String reportNumber, String duName, String model, String hwVersion, String swVersion,
                 ZonedDateTime periodStart, ZonedDateTime periodEnd, String systemTitle,
                 List<Sample> samples, List<Test> tests, List<String> notes) {

    static final String TITLE = "Chain 2 DU \u2014 integration-lab test plan results";

    static final String EM_DASH = "\u2014";
    static final String EN_DASH = "\u2013";
    static final String UNKNOWN = EM_DASH;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT);

    public LabReport {
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        if (periodEnd.isBefore(periodStart)) {
            throw new IllegalArgumentException("test period ends (" + periodEnd + ") before it starts (" + periodStart + ")");
        }
        samples = List.copyOf(Objects.requireNonNull(samples, "samples"));
        tests = List.copyOf(Objects.requireNonNull(tests, "tests"));
        notes = notes == null ? List.of() : List.copyOf(notes);
        for (Test t : tests) {
            if (t.results().size() != samples.size()) {
                throw new IllegalArgumentException("test " + t.id() + " has " + t.results().size()
                        + " results for " + samples.size() + " samples");
            }
        }
    }

    /**
     * One tested DU (a column of the results table).
     *
     * @param number the sample's number on the sheet, from 1
     * @param duMac the MAC address the DU used on the PLC
     * @param simulatedPeriod the period the DU's clock went through, e.g.
     *        "2026-11-23 01:00 – 2026-11-25 02:00 Europe/Rome"; null when not simulated
     */
    public record Sample(int number, String duMac, String simulatedPeriod) {
        public Sample {
            Objects.requireNonNull(duMac, "duMac");
        }
    }

    /**
     * One test of the plan (a row of the results table).
     *
     * @param id the plan's test id, e.g. "3.1"
     * @param title what the test checks (the Description column); null shown empty
     * @param expected the expected outcome; null shown empty
     * @param results one per sample, in the order of the report's samples; an element is null when
     *        the test was not run on that sample
     */
    public record Test(String id, String title, String expected, List<Result> results) {
        public Test {
            Objects.requireNonNull(id, "id");
            title = title == null ? "" : title;
            expected = expected == null ? "" : expected;
            // nulls are meaningful (not run), so not List.copyOf
            results = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(results, "results")));
        }

        /** True when the test was run on at least one sample and every result it has is positive. */
        public boolean positive() {
            return ran() && !negative();
        }

        /** True when at least one result is negative. */
        boolean negative() {
            return results.stream().anyMatch(r -> r != null && !r.positive());
        }

        /** True when the test has at least one result. */
        boolean ran() {
            return results.stream().anyMatch(Objects::nonNull);
        }
    }

    /**
     * The outcome of one test on one sample.
     *
     * @param positive the verdict
     * @param measured the values behind it, plain text, possibly several lines; null means none
     */
    public record Result(boolean positive, String measured) {
        public Result {
            measured = measured == null ? "" : measured;
        }
    }

    /**
     * True when the report has at least one test and every test {@linkplain Test#positive() is
     * positive}: run on at least one sample, no negative result. A report without tests is not
     * positive.
     */
    public boolean allPositive() {
        return !tests.isEmpty() && tests.stream().allMatch(Test::positive);
    }

    /** The overall verdict line, without markup. */
    String overall() {
        String onSamples = " on " + samples.size() + (samples.size() == 1 ? " sample" : " samples");
        if (tests.isEmpty()) {
            return "Overall: Negative " + EM_DASH + " no test was run";
        }
        if (allPositive()) {
            long notRun = tests.stream().flatMap(t -> t.results().stream()).filter(Objects::isNull).count();
            return "Overall: Positive " + EM_DASH + " " + tests.size() + " of " + tests.size() + " tests Positive"
                    + onSamples + (notRun == 0 ? "" : " (" + notRun + (notRun == 1 ? " result" : " results")
                    + " not run)");
        }
        List<String> negative = tests.stream().filter(Test::negative).map(Test::id).toList();
        List<String> notRun = tests.stream().filter(t -> !t.ran()).map(Test::id).toList();
        StringBuilder s = new StringBuilder("Overall: Negative ").append(EM_DASH).append(' ');
        if (!negative.isEmpty()) {
            s.append(negative.size()).append(" of ").append(tests.size())
                    .append(tests.size() == 1 ? " test" : " tests").append(" Negative").append(onSamples)
                    .append(": ").append(String.join(", ", negative));
        }
        if (!notRun.isEmpty()) {
            s.append(negative.isEmpty() ? "" : "; ").append(notRun.size())
                    .append(notRun.size() == 1 ? " test" : " tests").append(" not run: ")
                    .append(String.join(", ", notRun));
        }
        return s.toString();
    }

    /** "start – end" of the test period. */
    String period() {
        return time(periodStart) + " " + EN_DASH + " " + time(periodEnd);
    }

    private static String time(ZonedDateTime t) {
        String s = TIME.format(t);
        return t.getZone() instanceof ZoneOffset ? s : s + " " + t.getZone().getId();
    }

    /** The header rows: label, value (plain text, possibly several lines). */
    List<String[]> headerRows() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Report number", orUnknown(reportNumber)});
        rows.add(new String[] {"DU name", orUnknown(duName)});
        rows.add(new String[] {"Model", orUnknown(model)});
        rows.add(new String[] {"HW version", orUnknown(hwVersion)});
        rows.add(new String[] {"SW version", orUnknown(swVersion)});
        rows.add(new String[] {"Test period", period()});
        rows.add(new String[] {"Lab System Title", orUnknown(systemTitle)});
        if (samples.isEmpty()) {
            rows.add(new String[] {"Samples", "none"});
        }
        for (Sample s : samples) {
            String period = s.simulatedPeriod() == null || s.simulatedPeriod().isBlank() ? ""
                    : "\nsimulated period " + s.simulatedPeriod();
            rows.add(new String[] {"Sample " + s.number(), "MAC " + s.duMac() + period});
        }
        return rows;
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? UNKNOWN : s;
    }

    /** The lines of a plain text, whatever its line ends, control characters replaced. */
    static List<String> lines(String text) {
        String clean = text.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder s = new StringBuilder(clean.length());
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            if (c == '\t') {
                s.append(' ');
            } else if (c != '\n' && (c < 0x20 || c == 0x7f)) {
                s.append('\uFFFD');
            } else {
                s.append(c);
            }
        }
        String t = s.toString();
        while (t.endsWith("\n")) {
            t = t.substring(0, t.length() - 1);
        }
        return List.of(t.split("\n", -1));
    }
}
