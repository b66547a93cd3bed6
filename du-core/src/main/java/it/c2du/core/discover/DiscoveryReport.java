package it.c2du.core.discover;

import it.c2du.core.layout.Layout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code du discover} found: member by member, the value and its evidence (how many frames
 * agree, which do not and why); the layout when at least {@link LayoutDiscovery#MIN_AUTHENTICATED}
 * frames for the DU authenticate under it, else what could be established and what to check.
 * Never holds a key.
 */
public final class DiscoveryReport {

    /** One frame that does not agree with a member's value, and why. */
    public record Disagreement(int line, String why) {
    }

    /**
     * One member of the profile file (or a group of members settled together).
     *
     * @param member    its JSON path(s) in the profile file
     * @param value     the value found, as the file writes it; null when it could not be found
     * @param agree     frames that agree
     * @param of        frames that were judged
     * @param disagree  the frames that do not agree, at most {@link #MAX_LISTED} of them
     * @param disagreeing how many do not agree in all
     * @param note      how the value was settled
     */
    public record Member(String member, Object value, int agree, int of, List<Disagreement> disagree, int disagreeing,
                         String note) {
        public static final int MAX_LISTED = 10;
    }

    private final int frames;
    private final List<Member> members;
    private final Layout layout;
    private final List<String> established;
    private final List<String> toCheck;
    private final Map<Integer, Integer> unknownCfs;

    DiscoveryReport(int frames, List<Member> members, Layout layout, List<String> established, List<String> toCheck,
                    Map<Integer, Integer> unknownCfs) {
        this.frames = frames;
        this.members = List.copyOf(members);
        this.layout = layout;
        this.established = List.copyOf(established);
        this.toCheck = List.copyOf(toCheck);
        this.unknownCfs = Map.copyOf(unknownCfs);
    }

    /** Whether a layout was found (proved by the GCM tags of enough frames). */
    public boolean found() {
        return layout != null;
    }

    /** The layout found, or null. */
    public Layout layout() {
        return layout;
    }

    public int frames() {
        return frames;
    }

    public List<Member> members() {
        return members;
    }

    /** Without a layout: what could be established. */
    public List<String> established() {
        return established;
    }

    /** Without a layout: what to check before capturing again. */
    public List<String> toCheck() {
        return toCheck;
    }

    /** CF numbers that authenticated but are not in the table, with how many frames carried each. */
    public Map<Integer, Integer> unknownCfs() {
        return unknownCfs;
    }

    /** The report as one JSON-ready object (du discover --json). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("found", found());
        m.put("frames", frames);
        List<Object> ms = new ArrayList<>();
        for (Member x : members) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("member", x.member());
            j.put("value", x.value());
            j.put("agree", x.agree());
            j.put("of", x.of());
            j.put("disagreeing", x.disagreeing());
            List<Object> d = new ArrayList<>();
            for (Disagreement y : x.disagree()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("line", y.line());
                e.put("why", y.why());
                d.add(e);
            }
            j.put("disagree", d);
            j.put("note", x.note());
            ms.add(j);
        }
        m.put("members", ms);
        Map<String, Object> cfs = new LinkedHashMap<>();
        unknownCfs.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> cfs.put(String.valueOf(e.getKey()), e.getValue()));
        m.put("unknownCfs", cfs);
        m.put("established", established);
        m.put("check", toCheck);
        return m;
    }

    /** The readable report: what du discover prints first. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(found() ? "Layout found" : "No layout found").append(" from ").append(frames).append(" frames.\n\n");
        for (Member x : members) {
            sb.append(String.format("%-34s %-40s %d/%d frames agree%n", x.member(),
                    x.value() == null ? "(not found)" : it.c2du.core.json.Json.write(x.value()), x.agree(), x.of()));
            if (x.note() != null) {
                sb.append("    ").append(x.note()).append('\n');
            }
            for (Disagreement d : x.disagree()) {
                sb.append("    line ").append(d.line()).append(": ").append(d.why()).append('\n');
            }
            if (x.disagreeing() > x.disagree().size()) {
                sb.append("    ... and ").append(x.disagreeing() - x.disagree().size()).append(" more\n");
            }
        }
        if (!unknownCfs.isEmpty()) {
            sb.append("\nCF numbers that authenticated but are not in the table (cf-unknown until added, e.g. with \"counter\": null):\n");
            unknownCfs.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> sb.append("    CF").append(e.getKey()).append(": ").append(e.getValue()).append(" frames\n"));
        }
        if (found()) {
            sb.append("\nThe CF field tables are the starting profile's: discovery proves only their byte order"
                    + " (from the timestamps); finish them from the CEI text or the meter's documentation.\n");
        } else {
            if (!established.isEmpty()) {
                sb.append("\nEstablished:\n");
                established.forEach(s -> sb.append("    ").append(s).append('\n'));
            }
            if (!toCheck.isEmpty()) {
                sb.append("\nCheck:\n");
                toCheck.forEach(s -> sb.append("    ").append(s).append('\n'));
            }
        }
        return sb.toString();
    }
}
