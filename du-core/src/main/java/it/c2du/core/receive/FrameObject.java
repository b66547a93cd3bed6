package it.c2du.core.receive;

import it.c2du.core.stack.Bytes;
import java.util.LinkedHashMap;
import java.util.Map;

/** The frame object of interfaces.md ({@code du replay --json --frames}) for one reception. */
public final class FrameObject {
    private FrameObject() {
    }

    /**
     * @param line the trace line, or null outside a trace
     * @param time the line's time as written, or null
     */
    public static Map<String, Object> of(Integer line, String time, Reception r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", line);
        m.put("time", time);
        m.put("verdict", r.verdict().wireName());
        m.put("reason", r.rejection() == null ? null : r.rejection().reason().wireName());
        m.put("meter", r.meter() == null ? null : r.meter().name());
        m.put("fc", r.frameCounter());
        m.put("cf", r.cfNumber());
        m.put("plaintext", r.plaintext() == null ? null : Bytes.hex(r.plaintext()));
        m.put("fields", r.compactFrame() == null ? null : new LinkedHashMap<>(r.compactFrame().fields()));
        return m;
    }
}
