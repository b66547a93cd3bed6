package it.c2du.cli;

import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.receive.ReceptionTally;
import it.c2du.core.stack.RejectReason;
import it.c2du.counters.DailyCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The summary object of interfaces.md. */
final class ReplaySummary {
    private ReplaySummary() {
    }

    static Map<String, Object> of(ReceptionTally tally, DailyCounters counters) {
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

        Map<String, Object> today = new LinkedHashMap<>();
        Map<String, Object> profile = new LinkedHashMap<>();
        for (ReceptionCounter c : ReceptionCounter.values()) {
            today.put(c.name(), counters.today(c));
            List<Integer> days = new ArrayList<>();
            for (int v : counters.profile(c)) {
                days.add(v);
            }
            profile.put(c.name(), days);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", frames);
        m.put("day", counters.day() == null ? null : counters.day().toString());
        m.put("counters", today);
        m.put("profile", profile);
        return m;
    }
}
