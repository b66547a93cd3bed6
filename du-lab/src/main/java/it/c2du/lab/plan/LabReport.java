package it.c2du.lab.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The report of {@code du lab run}, laid out like the result sheet of the distributor's test plan
 * ("Piano dei test per il monitoraggio del profilo protocollare PLC in banda C"): report number, DU
 * name, model, HW and SW versions, test period, then one row per test with a Positive/Negative
 * verdict per sample and the measured values behind it.
 *
 * <p>Rendered as GitHub-flavoured Markdown ({@link #toMarkdown()}) and as one self-contained,
 * print-friendly HTML5 page ({@link #toHtml()}); {@link #write(Path)} writes both. Every text of the
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

    private static final String EM_DASH = "\u2014";
    private static final String EN_DASH = "\u2013";
    private static final String UNKNOWN = EM_DASH;
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
    private List<String[]> headerRows() {
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

    // ---------------------------------------------------------------- Markdown

    /** The report as GitHub-flavoured Markdown. */
    String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(TITLE).append("\n\n");

        md.append("| Field | Value |\n| --- | --- |\n");
        for (String[] row : headerRows()) {
            md.append("| ").append(mdCell(row[0])).append(" | ").append(mdCell(row[1])).append(" |\n");
        }

        md.append("\n## Results\n\n");
        md.append("| Test | Description | Expected |");
        for (Sample s : samples) {
            md.append(" Sample ").append(s.number()).append(" |");
        }
        md.append("\n| --- | --- | --- |");
        md.append(" --- |".repeat(samples.size()));
        md.append('\n');
        for (Test t : tests) {
            md.append("| ").append(mdCell(t.id())).append(" | ").append(mdCell(t.title())).append(" | ")
                    .append(mdCell(t.expected())).append(" |");
            for (Result r : t.results()) {
                md.append(' ').append(mdResult(r)).append(" |");
            }
            md.append('\n');
        }

        md.append('\n').append("**").append(mdText(overall())).append("**\n");

        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            for (String note : notes) {
                md.append("- ").append(mdLineStart(mdCell(note == null ? "" : note))).append('\n');
            }
        }
        return md.toString();
    }

    private static String mdResult(Result r) {
        if (r == null) {
            return "*Not run*";
        }
        String verdict = r.positive() ? "**Positive**" : "**Negative**";
        return r.measured().isBlank() ? verdict : verdict + "<br>" + mdCell(r.measured());
    }

    /** Escapes plain text for a table cell (or list item): Markdown escaped, lines joined with {@code <br>}. */
    static String mdCell(String text) {
        List<String> lines = lines(text);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                s.append("<br>");
            }
            s.append(mdText(lines.get(i).strip()));
        }
        return s.toString();
    }

    /**
     * Backslash-escapes the characters that could turn plain text into Markdown or HTML markup
     * (GFM allows a backslash before any ASCII punctuation and then shows it literally).
     */
    private static String mdText(String line) {
        StringBuilder s = new StringBuilder(line.length() + 8);
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ("\\`*_[]<>|&~".indexOf(c) >= 0) {
                s.append('\\');
            }
            s.append(c);
        }
        return s.toString();
    }

    /** A list item's text must not start a heading, a nested list or a numbered list. */
    private static String mdLineStart(String s) {
        if (s.isEmpty()) {
            return s;
        }
        char c = s.charAt(0);
        if (c == '#' || c == '+' || c == '-' || c == '=') {
            return "\\" + s;
        }
        int digits = 0;
        while (digits < s.length() && Character.isDigit(s.charAt(digits))) {
            digits++;
        }
        if (digits > 0 && digits < s.length() && (s.charAt(digits) == '.' || s.charAt(digits) == ')')) {
            return s.substring(0, digits) + "\\" + s.substring(digits);
        }
        return s;
    }

    /** The lines of a plain text, whatever its line ends, control characters replaced. */
    private static List<String> lines(String text) {
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

    // ---------------------------------------------------------------- HTML

    private static final String CSS = String.join("\n",
            "@page { size: A4; margin: 14mm 12mm; }",
            "body { font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif;",
            "  font-size: 11pt; line-height: 1.35; color: #1a1a1a; background: #fff;",
            "  max-width: 200mm; margin: 2em auto; padding: 0 1em; }",
            "h1 { font-size: 16pt; margin: 0 0 .8em; }",
            "h2 { font-size: 13pt; margin: 1.4em 0 .5em; break-after: avoid; page-break-after: avoid; }",
            "table { border-collapse: collapse; }",
            "th, td { border: 1px solid #8a8a8a; padding: .3em .45em; text-align: left; vertical-align: top; }",
            "table.header th { background: #f0f0f0; font-weight: 600; white-space: nowrap; }",
            "table.results { width: 100%; }",
            "table.results thead th { background: #e4e4e4; }",
            "thead { display: table-header-group; }",
            "tr { break-inside: avoid; page-break-inside: avoid; }",
            "td.verdict { min-width: 7em; }",
            "td.verdict strong { display: block; }",
            ".positive { background: #e2f3e5; color: #14532d; }",
            ".negative { background: #fbe3e3; color: #7f1d1d; }",
            ".notrun { background: #f2f2f2; color: #555; font-style: italic; }",
            ".measured { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, \"Liberation Mono\", monospace;",
            "  font-size: 9pt; margin-top: .25em; white-space: pre-wrap; overflow-wrap: anywhere; }",
            "p.overall { padding: .5em .7em; border: 1px solid currentColor; font-weight: 600; }",
            "ul.notes li { margin: .2em 0; }",
            "@media print {",
            "  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }",
            "  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }",
            "}");

    /** The report as one self-contained HTML5 page: inline style, no script, no external resource. */
    String toHtml() {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(html(TITLE));
        if (reportNumber != null && !reportNumber.isBlank()) {
            h.append(" ").append(EM_DASH).append(" ").append(html(reportNumber));
        }
        h.append("</title>\n<style>\n").append(CSS).append("\n</style>\n</head>\n<body>\n");
        h.append("<h1>").append(html(TITLE)).append("</h1>\n");

        h.append("<table class=\"header\">\n<tbody>\n");
        for (String[] row : headerRows()) {
            h.append("<tr><th scope=\"row\">").append(html(row[0])).append("</th><td>").append(htmlLines(row[1]))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");

        h.append("<h2>Results</h2>\n<table class=\"results\">\n<thead>\n<tr><th scope=\"col\">Test</th>")
                .append("<th scope=\"col\">Description</th><th scope=\"col\">Expected</th>");
        for (Sample s : samples) {
            h.append("<th scope=\"col\">Sample ").append(s.number()).append("</th>");
        }
        h.append("</tr>\n</thead>\n<tbody>\n");
        for (Test t : tests) {
            h.append("<tr><th scope=\"row\">").append(htmlLines(t.id())).append("</th><td>")
                    .append(htmlLines(t.title())).append("</td><td>").append(htmlLines(t.expected())).append("</td>");
            for (Result r : t.results()) {
                if (r == null) {
                    h.append("<td class=\"verdict notrun\">Not run</td>");
                    continue;
                }
                h.append("<td class=\"verdict ").append(r.positive() ? "positive" : "negative").append("\"><strong>")
                        .append(r.positive() ? "Positive" : "Negative").append("</strong>");
                if (!r.measured().isBlank()) {
                    h.append("<div class=\"measured\">").append(htmlLines(r.measured())).append("</div>");
                }
                h.append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");

        h.append("<p class=\"overall ").append(allPositive() ? "positive" : "negative").append("\">")
                .append(html(overall())).append("</p>\n");

        if (!notes.isEmpty()) {
            h.append("<h2>Notes</h2>\n<ul class=\"notes\">\n");
            for (String note : notes) {
                h.append("<li>").append(htmlLines(note == null ? "" : note)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /** Escapes plain text for HTML, its lines joined with {@code <br>}. */
    private static String htmlLines(String text) {
        List<String> lines = lines(text);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                s.append("<br>");
            }
            s.append(html(lines.get(i)));
        }
        return s.toString();
    }

    /** Escapes {@code & < > " '} for HTML text and attribute values. */
    static String html(String text) {
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- files

    /**
     * Where {@link #write(Path)} puts the two forms of a report named {@code report}: element 0 the
     * Markdown, element 1 the HTML. A name ending in ".md" is the Markdown, the HTML beside it ends
     * in ".html"; a name ending in ".html" or ".htm" is the HTML, the Markdown beside it ends in
     * ".md"; any other name gets ".md" and ".html" appended. Case-insensitive.
     */
    public static Path[] targets(Path report) {
        Path fileName = Objects.requireNonNull(report, "report").getFileName();
        if (fileName == null) {
            throw new IllegalArgumentException("not a file name: " + report);
        }
        String name = fileName.toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".md") && name.length() > 3) {
            return new Path[] {report, report.resolveSibling(name.substring(0, name.length() - 3) + ".html")};
        }
        if (lower.endsWith(".html") && name.length() > 5) {
            return new Path[] {report.resolveSibling(name.substring(0, name.length() - 5) + ".md"), report};
        }
        if (lower.endsWith(".htm") && name.length() > 4) {
            return new Path[] {report.resolveSibling(name.substring(0, name.length() - 4) + ".md"), report};
        }
        return new Path[] {report.resolveSibling(name + ".md"), report.resolveSibling(name + ".html")};
    }

    /**
     * Writes the Markdown and the HTML to {@link #targets(Path) targets(report)}, creating the
     * parent directories. Each file is replaced atomically: both are first written to temporary
     * files in their directory, then each is moved over its target; a reader sees a whole old file
     * or a whole new one, never half. (The pair is not one transaction: should the second move
     * fail, the Markdown is new and the HTML old.) On failure no temporary file is left behind.
     */
    public void write(Path report) throws IOException {
        Path[] targets = targets(report);
        String[] texts = {toMarkdown(), toHtml()};
        Path[] temps = new Path[targets.length];
        try {
            for (int i = 0; i < targets.length; i++) {
                Path dir = targets[i].toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                temps[i] = writeTemp(targets[i], texts[i]);
            }
            for (int i = 0; i < targets.length; i++) {
                Files.move(temps[i], targets[i], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                temps[i] = null;
            }
        } finally {
            for (Path tmp : temps) {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // the directory itself is unusable: the exception on its way says so
                    }
                }
            }
        }
    }

    /**
     * A new hidden file beside {@code target} holding {@code text}. Created like any new file (the
     * umask applies, unlike {@link Files#createTempFile}), with a random name so that two writers
     * never share one.
     */
    private static Path writeTemp(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; ; attempt++) {
            Path tmp = target.resolveSibling("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
            try {
                Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(tmp); // a partly written file of our own
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }
}
