package it.c2du.counters.platform;

import it.c2du.counters.platform.UploadLedger.Entry;
import it.c2du.counters.platform.UploadLedger.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Which closed days go out now, from the messages the counters give and the ledger of answers:
 * a day is sent unless the platform acknowledged OK that very message, or refused it (KO: the
 * same message would fail again; it waits for a changed configuration or an operator).
 *
 * @param toSend       the days to send, oldest first
 * @param heldBack     the KO answers holding a day back
 * @param acknowledged how many days are done (OK for the message they would carry now)
 */
public record UploadPlan(List<UploadMessage> toSend, List<Entry> heldBack, int acknowledged) {
    public UploadPlan {
        toSend = List.copyOf(toSend);
        heldBack = List.copyOf(heldBack);
    }

    public static UploadPlan of(List<UploadMessage> closedDays, Map<MeterDay, Entry> ledger) {
        List<UploadMessage> send = new ArrayList<>();
        List<Entry> held = new ArrayList<>();
        int done = 0;
        for (UploadMessage m : closedDays) {
            Entry e = ledger.get(m.key());
            if (e == null || !e.payload().equals(m.payload())) {
                send.add(m);
            } else if (e.outcome() == Outcome.OK) {
                done++;
            } else {
                held.add(e);
            }
        }
        Collections.sort(send, (x, y) -> x.key().compareTo(y.key()));
        return new UploadPlan(send, held, done);
    }
}
