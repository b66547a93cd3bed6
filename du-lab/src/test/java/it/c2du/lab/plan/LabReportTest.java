package it.c2du.lab.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab report: the plan's result sheet as Markdown and as one self-contained HTML page. */
class LabReportTest {
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final ZonedDateTime START = ZonedDateTime.of(2026, 3, 2, 9, 15, 0, 0, ROME);
    private static final ZonedDateTime END = ZonedDateTime.of(2026, 3, 2, 11, 40, 30, 0, ROME);
    private static final String HOSTILE = "<script>alert(\"x\")</script> & co";

    @TempDir
    Path dir;

    private static LabReport.Result pos(String measured) {
        return new LabReport.Result(true, measured);
    }

    private static LabReport.Result neg(String measured) {
        return new LabReport.Result(false, measured);
    }

    private static LabReport report(String duName, List<LabReport.Test> tests) {
        List<LabReport.Sample> samples = List.of(
                new LabReport.Sample(1, "DC1234567890", "2026-11-23 01:00 \u2013 2026-11-25 02:00 Europe/Rome"),
                new LabReport.Sample(2, "DC1234567891", "2026-03-28 23:00 \u2013 2026-03-30 04:00 Europe/Rome"));
        return new LabReport("RT-2026-017", duName, "c2du-pi", "Raspberry Pi 4B + ST7580", "0.1.0",
                START, END, "4C4142000000000A", samples, tests,
                List.of("Counters read over the serial console", "Sample 2 crossed the DST change"));
    }

    private static List<LabReport.Test> mixedTests() {
        return List.of(
                new LabReport.Test("3.1", "Reception of the energy frame", "Frame received within 5 s",
                        List.of(pos("n=2: C1 +2\nn=3: C1 +3"), pos("n=2: C1 +2"))),
                new LabReport.Test("3.2", "Repeated frame | same counter", "C3 incremented, not counted",
                        List.of(pos("C3 +1 | C1 +0"), neg("C3 +0\nC1 +1 (expected +0)"))),
                new LabReport.Test("3.3", "Day change", "Profile shifted at 00:00",
                        Arrays.asList(pos("profile[1] = 12"), null)));
    }

    @Test
    void markdownHasTheHeaderAndOneRowPerTestWithEachSamplesVerdictAndValues() {
        String md = LabReportMarkdown.of(report("DU banco 1", mixedTests()));

        assertTrue(md.startsWith("# Chain 2 DU \u2014 integration-lab test plan results\n"), md);
        for (String field : List.of("| Report number | RT-2026-017 |", "| DU name | DU banco 1 |",
                "| Model | c2du-pi |", "| HW version | Raspberry Pi 4B + ST7580 |", "| SW version | 0.1.0 |",
                "| Lab System Title | 4C4142000000000A |")) {
            assertTrue(md.contains(field), field + " in\n" + md);
        }
        assertTrue(md.contains("| Test period | 2026-03-02 09:15:00 +01:00 Europe/Rome \u2013 "
                + "2026-03-02 11:40:30 +01:00 Europe/Rome |"), md);
        assertTrue(md.contains("| Sample 1 | MAC DC1234567890<br>simulated period 2026-11-23 01:00 \u2013 "
                + "2026-11-25 02:00 Europe/Rome |"), md);
        assertTrue(md.contains("| Sample 2 | MAC DC1234567891<br>"), md);

        assertTrue(md.contains("| Test | Description | Expected | Sample 1 | Sample 2 |\n"
                + "| --- | --- | --- | --- | --- |\n"), md);
        List<String> rows = md.lines().filter(l -> l.matches("\\| 3\\.\\d .*")).toList();
        assertEquals(3, rows.size(), md);
        assertEquals("| 3.1 | Reception of the energy frame | Frame received within 5 s"
                + " | **Positive**<br>n=2: C1 +2<br>n=3: C1 +3 | **Positive**<br>n=2: C1 +2 |", rows.get(0));
        assertEquals("| 3.2 | Repeated frame \\| same counter | C3 incremented, not counted"
                + " | **Positive**<br>C3 +1 \\| C1 +0 | **Negative**<br>C3 +0<br>C1 +1 (expected +0) |", rows.get(1));
        assertEquals("| 3.3 | Day change | Profile shifted at 00:00 | **Positive**<br>profile\\[1\\] = 12"
                + " | *Not run* |", rows.get(2));
        for (String row : rows) {
            assertEquals(6, unescapedPipes(row), "5 columns: " + row);
        }

        assertTrue(md.contains("**Overall: Negative \u2014 1 of 3 tests Negative on 2 samples: 3.2**"), md);
        assertTrue(md.contains("## Notes\n\n- Counters read over the serial console\n"
                + "- Sample 2 crossed the DST change\n"), md);
    }

    @Test
    void markdownEscapesMarkupInTheModelsTexts() {
        String md = LabReportMarkdown.of(report(HOSTILE, mixedTests()));
        assertTrue(md.contains("| DU name | \\<script\\>alert(\"x\")\\</script\\> \\& co |"), md);
        assertFalse(md.contains("<script>"), md);
    }

    @Test
    void anAllPositiveReportSaysSoInBothForms() {
        LabReport r = report("DU", List.of(
                new LabReport.Test("1", "a", "b", List.of(pos("ok"), pos("ok"))),
                new LabReport.Test("2", "c", "d", List.of(pos(""), pos(null)))));
        assertTrue(r.allPositive());
        String line = "Overall: Positive \u2014 2 of 2 tests Positive on 2 samples";
        assertTrue(LabReportMarkdown.of(r).contains("**" + line + "**"), LabReportMarkdown.of(r));
        assertTrue(LabReportHtml.of(r).contains("<p class=\"overall positive\">" + line + "</p>"), LabReportHtml.of(r));
        assertFalse(LabReportHtml.of(r).contains("class=\"verdict negative\""));
    }

    @Test
    void htmlEscapesEveryTextOfTheModel() {
        LabReport.Test hostileTest = new LabReport.Test("<b>1</b>", "it's \"quoted\"", "a < b && c > d",
                List.of(neg("<img src=x onerror=alert(1)>"), pos("'")));
        LabReport r = new LabReport(HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, START, END, HOSTILE,
                List.of(new LabReport.Sample(1, HOSTILE, HOSTILE), new LabReport.Sample(2, "<i>", null)),
                List.of(hostileTest), List.of(HOSTILE));
        String html = LabReportHtml.of(r);

        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("<b>1"), html);
        assertFalse(html.contains("<i>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"), html);
        assertTrue(html.contains("it&#39;s &quot;quoted&quot;"), html);
        assertTrue(html.contains("a &lt; b &amp;&amp; c &gt; d"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), html);
        // Every tag in the page is one of ours.
        Matcher tag = Pattern.compile("<(/?)([a-zA-Z0-9!]+)").matcher(html);
        List<String> allowed = List.of("!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "h2",
                "table", "thead", "tbody", "tr", "th", "td", "strong", "div", "br", "p", "ul", "li");
        while (tag.find()) {
            assertTrue(allowed.contains(tag.group(2)), "unexpected tag " + tag.group() + " in\n" + html);
        }
    }

    @Test
    void htmlIsOneSelfContainedPageWithTheSameContent() {
        String html = LabReportHtml.of(report("DU banco 1", mixedTests()));

        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html);
        assertTrue(html.contains("<meta charset=\"utf-8\">"), html);
        assertTrue(html.contains("<style>"), html);
        assertTrue(html.contains("@page { size: A4"), html);
        assertTrue(html.contains("thead { display: table-header-group; }"), html);
        assertTrue(html.contains("<thead>\n<tr><th scope=\"col\">Test</th><th scope=\"col\">Description</th>"
                + "<th scope=\"col\">Expected</th><th scope=\"col\">Sample 1</th><th scope=\"col\">Sample 2</th>"
                + "</tr>\n</thead>"), html);
        assertTrue(html.trim().endsWith("</html>"), html);
        assertEquals(1, count(html, "<html"));
        assertEquals(1, count(html, "</html>"));

        // Self-contained: no script, no link, nothing fetched.
        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<link"), html);
        assertFalse(html.contains("@import"), html);
        assertFalse(html.contains("url("), html);
        assertFalse(Pattern.compile("(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(), html);
        assertFalse(html.contains("http://") || html.contains("https://"), html);

        // Header fields.
        for (String field : List.of("RT-2026-017", "DU banco 1", "c2du-pi", "Raspberry Pi 4B + ST7580", "0.1.0",
                "4C4142000000000A", "DC1234567890", "DC1234567891",
                "2026-03-02 09:15:00 +01:00 Europe/Rome \u2013 2026-03-02 11:40:30 +01:00 Europe/Rome",
                "Counters read over the serial console")) {
            assertTrue(html.contains(field), field + " in\n" + html);
        }
        // Verdicts: a class for the colour and the word itself, the measured values under it.
        assertTrue(html.contains("<td class=\"verdict positive\"><strong>Positive</strong>"
                + "<div class=\"measured\">n=2: C1 +2<br>n=3: C1 +3</div></td>"), html);
        assertTrue(html.contains("<td class=\"verdict negative\"><strong>Negative</strong>"
                + "<div class=\"measured\">C3 +0<br>C1 +1 (expected +0)</div></td>"), html);
        assertTrue(html.contains("<td class=\"verdict notrun\">Not run</td>"), html);
        assertTrue(html.contains(".positive {") && html.contains(".negative {"), html);
        assertEquals(3, count(html, "<tr><th scope=\"row\">3."), html);
        assertTrue(html.contains("<p class=\"overall negative\">Overall: Negative \u2014 1 of 3 tests Negative"
                + " on 2 samples: 3.2</p>"), html);
    }

    @Test
    void allPositiveNeedsEveryTestRunAndNoNegativeResult() {
        assertTrue(report("DU", List.of(
                new LabReport.Test("1", "t", "e", List.of(pos("a"), pos("b"))))).allPositive());
        // A test not run on one sample: its other result decides.
        assertTrue(report("DU", List.of(
                new LabReport.Test("1", "t", "e", Arrays.asList(pos("a"), null)))).allPositive());
        // One negative result anywhere.
        assertFalse(report("DU", List.of(
                new LabReport.Test("1", "t", "e", List.of(pos("a"), pos("b"))),
                new LabReport.Test("2", "t", "e", Arrays.asList(null, neg("c"))))).allPositive());
        // A test run on no sample.
        LabReport notRun = report("DU", List.of(
                new LabReport.Test("1", "t", "e", List.of(pos("a"), pos("b"))),
                new LabReport.Test("2", "t", "e", Arrays.asList(null, null))));
        assertFalse(notRun.allPositive());
        assertTrue(LabReportMarkdown.of(notRun).contains("**Overall: Negative \u2014 1 test not run: 2**"),
                LabReportMarkdown.of(notRun));
        // No test at all.
        assertFalse(report("DU", List.of()).allPositive());
    }

    @Test
    void eachTestHasOneResultPerSample() {
        assertThrows(IllegalArgumentException.class, () -> report("DU", List.of(
                new LabReport.Test("1", "t", "e", List.of(pos("only one"))))));
    }

    @Test
    void targetsPairTheMarkdownWithTheHtml() {
        Path d = dir.resolve("out");
        assertArrayEquals(new Path[] {d.resolve("lab.md"), d.resolve("lab.html")},
                LabReportFiles.targets(d.resolve("lab.md")));
        assertArrayEquals(new Path[] {d.resolve("lab.md"), d.resolve("lab.html")},
                LabReportFiles.targets(d.resolve("lab.html")));
        assertArrayEquals(new Path[] {d.resolve("lab.md"), d.resolve("lab.htm")},
                LabReportFiles.targets(d.resolve("lab.htm")));
        assertArrayEquals(new Path[] {d.resolve("lab.md"), d.resolve("lab.html")},
                LabReportFiles.targets(d.resolve("lab")));
        assertArrayEquals(new Path[] {d.resolve("lab.2026.md"), d.resolve("lab.2026.html")},
                LabReportFiles.targets(d.resolve("lab.2026")));
        // Case-insensitive; a relative name stays relative.
        assertArrayEquals(new Path[] {Path.of("REPORT.MD"), Path.of("REPORT.html")},
                LabReportFiles.targets(Path.of("REPORT.MD")));
    }

    @Test
    void writeCreatesBothFilesAndNoTemporaryOne() throws IOException {
        LabReport r = report(HOSTILE, mixedTests());
        Path base = dir.resolve("reports/2026/lab-017");

        LabReportFiles.write(r, base);

        Path md = dir.resolve("reports/2026/lab-017.md");
        Path html = dir.resolve("reports/2026/lab-017.html");
        assertEquals(LabReportMarkdown.of(r), Files.readString(md, StandardCharsets.UTF_8));
        assertEquals(LabReportHtml.of(r), Files.readString(html, StandardCharsets.UTF_8));
        assertEquals(List.of("lab-017.html", "lab-017.md"), listing(md.getParent()));

        // Again, named by the HTML: both replaced, still no leftover.
        LabReport other = report("DU banco 2", mixedTests());
        LabReportFiles.write(other, html);
        assertEquals(LabReportMarkdown.of(other), Files.readString(md, StandardCharsets.UTF_8));
        assertEquals(LabReportHtml.of(other), Files.readString(html, StandardCharsets.UTF_8));
        assertEquals(List.of("lab-017.html", "lab-017.md"), listing(md.getParent()));
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile() throws IOException {
        Path blocked = dir.resolve("blocked");
        // A non-empty directory where the HTML should go: the move over it fails.
        Files.createDirectories(blocked.resolve("lab.html"));
        Files.writeString(blocked.resolve("lab.html/keep"), "x");
        assertThrows(IOException.class, () -> LabReportFiles.write(report("DU", mixedTests()), blocked.resolve("lab")));
        try (Stream<Path> files = Files.list(blocked)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), blocked.toString());
        }
    }

    private static List<String> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static int unescapedPipes(String row) {
        int n = 0;
        for (int i = 0; i < row.length(); i++) {
            if (row.charAt(i) == '\\') {
                i++;
            } else if (row.charAt(i) == '|') {
                n++;
            }
        }
        return n;
    }
}
