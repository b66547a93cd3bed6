package it.c2du.cli.fleet;

import it.c2du.core.profile.C2P1;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The distributor portal's bulk association file: one row per association (a POD and its DU),
 * the template's six fields in its order, at most {@link #MAX_ASSOCIATIONS} rows per file. The
 * portal rejects a whole file with a log when one row is wrong, so {@link #check} applies its
 * rules before the upload and names every wrong row.
 *
 * <p>The file carries the operational keys (the portal needs them to give them to the meter), so
 * it is written mode 0600 and no message about it ever shows a key, even a malformed one.
 */
public final class PortalBulkFile {
    /** The portal's limit on associations per bulk file. */
    public static final int MAX_ASSOCIATIONS = 100;
    /** The template's fields, in its order (the first line of a file this tool writes). */
    public static final List<String> FIELDS = List.of("POD", "NOME_DU", "MAC_DU", "VERSIONE_HW", "VERSIONE_SW",
            "CHIAVE_ESERCIZIO");
    public static final String HEADER = String.join(",", FIELDS);

    private static final Pattern POD = Pattern.compile(C2P1.Platform.POD_PATTERN);
    /** The portal: the DU communication MAC is 12 hex digits beginning DC. */
    private static final Pattern MAC = Pattern.compile("(?i)DC[0-9A-F]{10}");
    /** The portal: the operational key is 32 hex digits. */
    private static final Pattern KEY = Pattern.compile("[0-9A-Fa-f]{32}");

    private PortalBulkFile() {
    }

    /** One association row. */
    public record Row(String pod, String duName, String mac, String hardwareVersion, String softwareVersion,
            String operationalKeyHex) {
        String line() {
            return String.join(",", pod, duName, mac, hardwareVersion, softwareVersion, operationalKeyHex);
        }

        @Override
        public String toString() {
            return "Row[" + pod + ", " + duName + ", " + mac + ", key redacted]";
        }
    }

    /** The file's text: the header, then one line per row. */
    public static String format(List<Row> rows) {
        if (rows.size() > MAX_ASSOCIATIONS) {
            throw new IllegalArgumentException(rows.size() + " associations in one bulk file; the portal takes "
                    + MAX_ASSOCIATIONS);
        }
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        rows.forEach(r -> b.append(r.line()).append('\n'));
        return b.toString();
    }

    /**
     * A POD of a production meter (M2, profile PM2): the portal gives them as ITPO... or ITP0....
     * A prosumer's two rows are one of these and one consumption POD.
     */
    public static boolean isProductionPod(String pod) {
        return pod.startsWith("ITPO") || pod.startsWith("ITP0");
    }

    /** What is wrong with a POD, or null when the portal takes it. */
    public static String podProblem(String pod) {
        return POD.matcher(pod).matches() ? null
                : "POD \"" + pod + "\": the portal takes IT and 12 or 13 capital letters or digits (14 or 15 characters,"
                        + " e.g. IT001E12345678)";
    }

    /**
     * What is wrong with a DU name, or null. The portal's template gives no form; this keeps a name
     * that survives the CSV (no comma, no quote) and du.properties (no '#', which starts a comment,
     * no backslash), and fits a form field.
     */
    public static String duNameProblem(String name) {
        if (name.isEmpty()) {
            return "DU name: empty";
        }
        if (!name.equals(name.strip())) {
            return "DU name \"" + name + "\": leading or trailing blanks";
        }
        if (name.length() > 64) {
            return "DU name \"" + name + "\": " + name.length() + " characters, at most 64";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ',' || c == '"' || c == '#' || c == '\\' || Character.isISOControl(c)) {
                return "DU name \"" + name + "\": no commas, quotes, '#', backslashes or control characters";
            }
        }
        return null;
    }

    /** What is wrong with a hardware or software version, or null. */
    static String versionProblem(String field, String version) {
        if (version.isEmpty()) {
            return field + ": empty";
        }
        if (version.length() > 32 || !version.matches("[A-Za-z0-9._\\-]+")) {
            return field + " \"" + version + "\": letters, digits, '.', '_', '-', at most 32 characters";
        }
        return null;
    }

    /**
     * Every portal rule broken by a bulk file's text, each naming its line (1-based, the header
     * included); empty when the portal takes it. A first line equal to the template's header is
     * the header; blank lines are errors (the portal reads them as empty rows).
     */
    public static List<String> check(String text) {
        List<String> errors = new ArrayList<>();
        String[] lines = lines(text);
        int end = lines.length;
        int first = firstRow(lines);
        int rows = end - first;
        if (rows == 0) {
            errors.add("no associations");
            return errors;
        }
        if (rows > MAX_ASSOCIATIONS) {
            errors.add(rows + " associations: the portal takes at most " + MAX_ASSOCIATIONS + " per file");
        }
        Map<String, Integer> podLine = new HashMap<>();
        Map<String, List<Integer>> macLines = new HashMap<>();
        Map<Integer, Row> byLine = new HashMap<>();
        for (int i = first; i < end; i++) {
            int line = i + 1;
            String[] f = lines[i].split(",", -1);
            if (f.length != FIELDS.size()) {
                errors.add("line " + line + ": expected " + FIELDS.size() + " fields (" + HEADER + "), got " + f.length);
                continue;
            }
            for (int k = 0; k < f.length; k++) {
                f[k] = f[k].strip();
            }
            Row row = new Row(f[0], f[1], f[2].toUpperCase(), f[3], f[4], f[5]);
            List<String> problems = new ArrayList<>();
            addIfNotNull(problems, podProblem(row.pod()));
            addIfNotNull(problems, duNameProblem(row.duName()));
            if (!MAC.matcher(row.mac()).matches()) {
                problems.add("DU MAC \"" + row.mac() + "\": expected 12 hex digits starting with DC");
            }
            addIfNotNull(problems, versionProblem("hardware version", row.hardwareVersion()));
            addIfNotNull(problems, versionProblem("software version", row.softwareVersion()));
            if (!KEY.matcher(row.operationalKeyHex()).matches()) {
                // Never the value: a key with one wrong digit is still nearly the key.
                problems.add("operational key: expected 32 hex digits (" + row.operationalKeyHex().length()
                        + " characters; the value is not shown)");
            }
            problems.forEach(p -> errors.add("line " + line + ": " + p));
            Integer podBefore = podLine.putIfAbsent(row.pod(), line);
            if (podBefore != null) {
                errors.add("line " + line + ": POD " + row.pod() + " already on line " + podBefore);
            }
            macLines.computeIfAbsent(row.mac(), m -> new ArrayList<>()).add(line);
            byLine.put(line, row);
        }
        for (Map.Entry<String, List<Integer>> e : macLines.entrySet()) {
            List<Integer> at = e.getValue();
            if (at.size() == 1 || at.size() == 2 && prosumerPair(byLine.get(at.get(0)), byLine.get(at.get(1)))) {
                continue;
            }
            for (int n = 1; n < at.size(); n++) {
                errors.add("line " + at.get(n) + ": DU MAC " + e.getKey() + " already on line " + at.get(0)
                        + " (only a prosumer's two rows, M1 and M2 POD of the same DU, share a MAC)");
            }
        }
        errors.sort((a, b) -> Integer.compare(lineOf(a), lineOf(b)));
        return errors;
    }

    /** The number of association rows (the lines after the header, if any). */
    public static int associations(String text) {
        String[] lines = lines(text);
        return lines.length - firstRow(lines);
    }

    /** The file's lines, without the empty one after the final line end. */
    private static String[] lines(String text) {
        String[] lines = text.split("\r?\n", -1);
        return lines.length > 0 && lines[lines.length - 1].isEmpty()
                ? java.util.Arrays.copyOf(lines, lines.length - 1) : lines;
    }

    private static int firstRow(String[] lines) {
        return lines.length > 0 && lines[0].strip().equalsIgnoreCase(HEADER) ? 1 : 0;
    }

    /** One DU's two associations: a consumption POD and a production POD, the same name and versions. */
    private static boolean prosumerPair(Row a, Row b) {
        return isProductionPod(a.pod()) != isProductionPod(b.pod()) && a.duName().equals(b.duName())
                && a.hardwareVersion().equals(b.hardwareVersion()) && a.softwareVersion().equals(b.softwareVersion());
    }

    private static int lineOf(String error) {
        if (!error.startsWith("line ")) {
            return 0;
        }
        int end = error.indexOf(':');
        return Integer.parseInt(error.substring(5, end));
    }

    /** Adds a rule's problem, when there is one. */
    static void addIfNotNull(List<String> list, String s) {
        if (s != null) {
            list.add(s);
        }
    }
}
