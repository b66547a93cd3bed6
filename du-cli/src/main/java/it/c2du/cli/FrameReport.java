package it.c2du.cli;

import it.c2du.core.receive.Reception;
import it.c2du.core.stack.Bytes;
import it.c2du.core.trace.TraceEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** The frame object of interfaces.md for one reception. */
final class FrameReport {
    private FrameReport() {
    }

    static Map<String, Object> of(TraceEvent event, Reception r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", event == null ? null : event.line());
        m.put("time", event == null ? null : event.timeText());
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
