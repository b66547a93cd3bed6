package it.c2du.lab.plan;

import java.util.List;

/** A lab report as one self-contained, print-friendly HTML5 page: every text escaped. */
final class LabReportHtml {
    private LabReportHtml() {
    }

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
    static String of(LabReport report) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(html(LabReport.TITLE));
        if (report.reportNumber() != null && !report.reportNumber().isBlank()) {
            h.append(" ").append(LabReport.EM_DASH).append(" ").append(html(report.reportNumber()));
        }
        h.append("</title>\n<style>\n").append(CSS).append("\n</style>\n</head>\n<body>\n");
        h.append("<h1>").append(html(LabReport.TITLE)).append("</h1>\n");

        h.append("<table class=\"header\">\n<tbody>\n");
        for (String[] row : report.headerRows()) {
            h.append("<tr><th scope=\"row\">").append(html(row[0])).append("</th><td>").append(htmlLines(row[1]))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");

        h.append("<h2>Results</h2>\n<table class=\"results\">\n<thead>\n<tr><th scope=\"col\">Test</th>")
                .append("<th scope=\"col\">Description</th><th scope=\"col\">Expected</th>");
        for (LabReport.Sample s : report.samples()) {
            h.append("<th scope=\"col\">Sample ").append(s.number()).append("</th>");
        }
        h.append("</tr>\n</thead>\n<tbody>\n");
        for (LabReport.Test t : report.tests()) {
            h.append("<tr><th scope=\"row\">").append(htmlLines(t.id())).append("</th><td>")
                    .append(htmlLines(t.title())).append("</td><td>").append(htmlLines(t.expected())).append("</td>");
            for (LabReport.Result r : t.results()) {
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

        h.append("<p class=\"overall ").append(report.allPositive() ? "positive" : "negative").append("\">")
                .append(html(report.overall())).append("</p>\n");

        if (!report.notes().isEmpty()) {
            h.append("<h2>Notes</h2>\n<ul class=\"notes\">\n");
            for (String note : report.notes()) {
                h.append("<li>").append(htmlLines(note == null ? "" : note)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /** Escapes plain text for HTML, its lines joined with {@code <br>}. */
    private static String htmlLines(String text) {
        List<String> lines = LabReport.lines(text);
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
}
