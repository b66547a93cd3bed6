package it.c2du.cli.diagnose;

import it.c2du.core.json.Json;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One heard frame of a frame journal: {@code du run --frames} or {@code du replay --json --frames}
 * (interfaces.md's frame object), reduced to what a diagnosis reads.
 *
 * @param reason  the rejection reason's wire name, or null
 * @param meter   "M1" / "M2" as the SSAP named it, or null when the frame did not get that far
 * @param fields  the compact frame's fields (accepted frames), else an empty map
 * @param snr     the modem's SNR in dB (du run's journal only), or null
 */
public record JournalFrame(int line, Instant time, String verdict, String reason, String meter, Integer cf,
        Map<String, Object> fields, Double snr) {

    public boolean accepted() {
        return "accepted".equals(verdict);
    }

    /** Authenticated by this DU's key: accepted, or a repetition of an accepted frame. */
    public boolean authenticated() {
        return accepted() || "repetition".equals(verdict)
                || "replay-stale".equals(reason) || "cf-unknown".equals(reason) || "cf-length".equals(reason);
    }

    /** A field as a number, or null. */
    public Long field(String name) {
        return fields.get(name) instanceof Number n ? n.longValue() : null;
    }

    /**
     * Reads a journal's text: one JSON object per line; the summary object that ends
     * {@code du replay --json --frames} output and blank lines are skipped, and so is a last line
     * cut short by a power cut (du run's journal warns of it). Any other line that is not a frame
     * object is an error naming it.
     */
    public static List<JournalFrame> read(String text, String source) throws JournalException {
        List<JournalFrame> frames = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String s = lines[i].strip();
            if (s.isEmpty()) {
                continue;
            }
            String where = source + " line " + (i + 1);
            Object parsed;
            try {
                parsed = Json.parse(s);
            } catch (Json.JsonException e) {
                if (i >= lines.length - 2 && !s.endsWith("}")) {
                    continue; // the last line, torn
                }
                throw new JournalException(where + ": not a JSON object (" + e.getMessage() + ")");
            }
            if (!(parsed instanceof Map<?, ?> m)) {
                throw new JournalException(where + ": not a JSON object");
            }
            if (!m.containsKey("verdict")) {
                if (m.containsKey("frames")) {
                    continue; // du replay's summary
                }
                throw new JournalException(where + ": not a frame object (no \"verdict\")");
            }
            frames.add(of(m, i + 1, where));
        }
        return frames;
    }

    @SuppressWarnings("unchecked")
    private static JournalFrame of(Map<?, ?> m, int line, String where) throws JournalException {
        Instant time;
        try {
            time = OffsetDateTime.parse(String.valueOf(m.get("time"))).toInstant();
        } catch (DateTimeException e) {
            throw new JournalException(where + ": \"time\" is not a time with its offset: " + m.get("time"));
        }
        Object fields = m.get("fields");
        Object cf = m.get("cf");
        Object snr = m.get("snr");
        return new JournalFrame(line, time, String.valueOf(m.get("verdict")), (String) m.get("reason"),
                (String) m.get("meter"), cf instanceof Number n ? n.intValue() : null,
                fields instanceof Map<?, ?> f ? (Map<String, Object>) f : Map.of(),
                snr instanceof Number n ? n.doubleValue() : null);
    }

    /** A journal line that is not a frame object. */
    public static final class JournalException extends Exception {
        public JournalException(String message) {
            super(message);
        }
    }
}
