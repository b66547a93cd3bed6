package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.cli.home.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code du report}: a DU's reception as one self-contained page -- the days against what was
 * expected, the quarter hours received, the diagnosis -- that a real browser renders without a
 * console error, with no key and nothing loaded from elsewhere.
 */
class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void theReportShowsTheDaysTheQuarterHoursAndTheDiagnosisAndRendersInABrowser() throws Exception {
        // Four days: the 2nd loses 13:00-14:00, the 3rd has a power cut from 10:00 to 14:00.
        LocalDate lossy = DiagnoseCommandTest.FIRST.plusDays(1);
        ZonedDateTime off = DiagnoseCommandTest.FIRST.plusDays(2).atTime(10, 0, 30).atZone(DiagnoseCommandTest.ROME);
        ZonedDateTime on = off.plusHours(4);
        DiagnoseCommandTest.Trace trace = new DiagnoseCommandTest.Trace().powerCut(off, on);
        trace.text.replace(0, trace.text.length(), trace.text.toString().lines()
                .filter(l -> !l.startsWith(lossy + "T13:")).collect(java.util.stream.Collectors.joining("\n", "", "\n")));
        Path cfg = Files.writeString(dir.resolve("du.properties"), DiagnoseCommandTest.CONFIG);
        Path traceFile = Files.writeString(dir.resolve("days.trace"), trace.text);
        Path state = dir.resolve("state");
        assertEquals(0, CliRun.of("replay", "--config", cfg.toString(), "--trace", traceFile.toString(), "--state",
                state.toString(), "--until", DiagnoseCommandTest.UNTIL).status());
        CliRun journal = CliRun.of("replay", "--config", cfg.toString(), "--trace", traceFile.toString(), "--json",
                "--frames");
        // du run's journal adds the modem's SNR to each frame object; du replay's has none: give it one.
        String withSnr = journal.out().lines().map(l -> l.contains("\"verdict\"")
                ? l.substring(0, l.lastIndexOf('}')) + ", \"snr\": " + (l.hashCode() & 7) + "}" : l)
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        Path frames = Files.writeString(dir.resolve("frames.jsonl"), withSnr);

        Path out = dir.resolve("report.html");
        CliRun run = CliRun.of("report", "--state", state.toString(), "--frames", frames.toString(), "--config",
                cfg.toString(), "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        String page = Files.readString(out);
        assertTrue(page.contains("<tr><td class=\"day\">2024-10-02</td><td>92</td>"), "the lossy day's C1:\n" + page);
        assertTrue(page.contains("<tr class=\"loss\"><td class=\"day\">2024-10-03</td><td>"), "the power-loss day");
        assertTrue(page.contains("<b>fewer-than-expected</b> M1 since 2024-10-02"), page);
        assertTrue(page.contains("<b>power-losses</b> since 2024-10-03"), page);
        assertTrue(page.contains("the losses cluster at 13:00-14:00 (4)"), page);
        // The heatmap: one blue cell per accepted CF1, 4 x 96 cells in all.
        long accepted = journal.out().lines().filter(l -> l.contains("\"verdict\": \"accepted\"")).count();
        assertEquals(accepted, count(page, "fill=\"#4a78b5\"/>"), "blue cells = accepted CF1");
        assertEquals(4 * 96, count(page, "height=\"7\" fill=\"#"), "a cell per quarter hour of the four days");
        assertTrue(page.contains("aria-label=\"SNR\"><polyline points=\""), "the SNR over time");
        assertFalse(page.toUpperCase().contains(DiagnoseCommandTest.KEY), "a key in the report");
        assertFalse(page.contains("<script") || page.contains("http://") || page.contains("https://"),
                "the page is self-contained");

        HeadlessChromium chromium = new HeadlessChromium(dir);
        String url = out.toUri().toString();
        String dom = chromium.dumpDom(url);
        assertTrue(dom.contains("Reception report: DU DC0000000019 (Cascina Nord)"), dom);
        Path shot = Path.of("target", "reception-report.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        String console = chromium.screenshot(url, shot);
        assertFalse(console.contains("Uncaught") || console.contains(":CONSOLE("), "a console message:\n" + console);
        assertTrue(Files.size(shot) > 10_000, "a screenshot of the report at " + shot);
        System.out.println("ReportCommandTest: screenshot of the report at " + shot);
    }

    /** Replays a trace into {@code folder}/ (the state directory), with du.properties there when {@code withConfig}. */
    private void stateOf(Path folder, DiagnoseCommandTest.Trace trace, boolean withConfig) throws Exception {
        Path cfg = Files.writeString(dir.resolve("du.properties"), DiagnoseCommandTest.CONFIG);
        Path traceFile = Files.writeString(dir.resolve("t.trace"), trace.text);
        assertEquals(0, CliRun.of("replay", "--config", cfg.toString(), "--trace", traceFile.toString(), "--state",
                folder.toString(), "--until", DiagnoseCommandTest.UNTIL).status());
        if (withConfig) {
            Files.copy(cfg, folder.resolve("du.properties"));
        }
    }

    @Test
    void aFleetReportHasOneRowPerDuWorstFirst() throws Exception {
        Path fleet = Files.createDirectory(dir.resolve("fleet"));
        stateOf(fleet.resolve("a-healthy"), new DiagnoseCommandTest.Trace().days(q -> true), true);
        stateOf(fleet.resolve("b-lossy"), new DiagnoseCommandTest.Trace().days(q -> q.getHour() != 13), true);
        ZonedDateTime off = DiagnoseCommandTest.FIRST.plusDays(2).atTime(10, 0, 30).atZone(DiagnoseCommandTest.ROME);
        DiagnoseCommandTest.Trace cut = new DiagnoseCommandTest.Trace().powerCut(off, off.plusHours(1));
        stateOf(fleet.resolve("c-power-cut"), cut, false);
        Files.createDirectory(fleet.resolve("not-a-state"));

        Path out = dir.resolve("fleet.html");
        CliRun run = CliRun.of("report", "--fleet", fleet.toString(), "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        String page = Files.readString(out);
        int lossy = page.indexOf(">b-lossy<");
        int cutRow = page.indexOf(">c-power-cut<");
        int healthy = page.indexOf(">a-healthy<");
        assertTrue(lossy > 0 && cutRow > lossy && healthy > cutRow, "worst first:\n" + page);
        assertFalse(page.contains("not-a-state"));
        // b: 3 closed days after the first, 92 of 96 each.
        assertTrue(page.contains(">b-lossy</td><td>4</td><td>276</td><td>288</td><td class=\"bad\">95.8 %</td><td>0</td>"
                + "<td class=\"du\">fewer-than-expected since 2024-10-02</td>"), page);
        assertTrue(page.contains(">c-power-cut</td><td>4</td>") && page.contains("- (no du.properties)"), page);
        assertEquals(ExitStatus.BAD_INPUT, CliRun.of("report", "--fleet", fleet.toString(), "--state", fleet.toString(),
                "--out", out.toString()).status());
    }

    private static long count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
