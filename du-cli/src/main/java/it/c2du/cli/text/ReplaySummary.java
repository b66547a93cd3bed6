package it.c2du.cli.text;

import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.receive.ReceptionTally;
import it.c2du.core.stack.RejectReason;
import it.c2du.counters.DailyCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The summary object of interfaces.md. */
public final class ReplaySummary {
    private ReplaySummary() {
    }

    public static Map<String, Object> of(ReceptionTally tally, DailyCounters counters) {
        Map<String, Object> frames = new LinkedHashMap<>();
        frames.put("total", tally.total());
        frames.put("accepted", tally.accepted());
        frames.put("repetitions", tally.repetitions());
        frames.put("rejected", tally.rejected());
        frames.put("whileOff", tally.whileOff());
        Map<String, Object> reasons = new LinkedHashMap<>();
        for (Map.Entry<RejectReason, Long> e : tally.reasons().entrySet()) {
            reasons.put(e.getKey().wireName(), e.getValue());
        }
        frames.put("reasons", reasons);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", frames);
        m.put("day", counters.day() == null ? null : counters.day().toString());
        putCounters(m, counters.snapshot());
        return m;
    }

    /** "counters" (today's five values) and "profile" (60 days each), as interfaces.md and du counters show them. */
    public static void putCounters(Map<String, Object> m, it.c2du.counters.CounterSnapshot c) {
        Map<String, Object> today = new LinkedHashMap<>();
        Map<String, Object> profile = new LinkedHashMap<>();
        for (ReceptionCounter rc : ReceptionCounter.values()) {
            today.put(rc.name(), c.today()[rc.ordinal()]);
            profile.put(rc.name(), c.profile()[rc.ordinal()]);
        }
        m.put("counters", today);
        m.put("profile", profile);
    }
}
