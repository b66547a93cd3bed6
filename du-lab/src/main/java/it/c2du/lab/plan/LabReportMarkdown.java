package it.c2du.lab.plan;

import java.util.List;

/** A lab report as GitHub-flavoured Markdown: every text escaped so it can never become markup. */
final class LabReportMarkdown {
    private LabReportMarkdown() {
    }

    /** The report as GitHub-flavoured Markdown. */
    static String of(LabReport report) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(LabReport.TITLE).append("\n\n");

        md.append("| Field | Value |\n| --- | --- |\n");
        for (String[] row : report.headerRows()) {
            md.append("| ").append(mdCell(row[0])).append(" | ").append(mdCell(row[1])).append(" |\n");
        }

        md.append("\n## Results\n\n");
        md.append("| Test | Description | Expected |");
        for (LabReport.Sample s : report.samples()) {
            md.append(" Sample ").append(s.number()).append(" |");
        }
        md.append("\n| --- | --- | --- |");
        md.append(" --- |".repeat(report.samples().size()));
        md.append('\n');
        for (LabReport.Test t : report.tests()) {
            md.append("| ").append(mdCell(t.id())).append(" | ").append(mdCell(t.title())).append(" | ")
                    .append(mdCell(t.expected())).append(" |");
            for (LabReport.Result r : t.results()) {
                md.append(' ').append(mdResult(r)).append(" |");
            }
            md.append('\n');
        }

        md.append('\n').append("**").append(mdText(report.overall())).append("**\n");

        if (!report.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            for (String note : report.notes()) {
                md.append("- ").append(mdLineStart(mdCell(note == null ? "" : note))).append('\n');
            }
        }
        return md.toString();
    }

    private static String mdResult(LabReport.Result r) {
        if (r == null) {
            return "*Not run*";
        }
        String verdict = r.positive() ? "**Positive**" : "**Negative**";
        return r.measured().isBlank() ? verdict : verdict + "<br>" + mdCell(r.measured());
    }

    /** Escapes plain text for a table cell (or list item): Markdown escaped, lines joined with {@code <br>}. */
    static String mdCell(String text) {
        List<String> lines = LabReport.lines(text);
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
}
