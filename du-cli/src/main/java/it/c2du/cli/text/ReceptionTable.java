package it.c2du.cli.text;

import it.c2du.core.receive.Reception;
import it.c2du.core.receive.Verdict;
import it.c2du.core.trace.TraceEvent;
import java.io.PrintWriter;

/** One readable line per received frame: what came in and, when dropped, why. */
public final class ReceptionTable {
    private static final String FORMAT = "%5s  %-25s  %-10s  %-16s  %-5s  %10s  %-4s  %s%n";
    private final PrintWriter out;

    public ReceptionTable(PrintWriter out) {
        this.out = out;
        out.printf(FORMAT, "line", "time", "verdict", "reason", "meter", "fc", "cf", "counted as");
    }

    /** A power event, or a frame the DU did not hear because it was without power. */
    public void event(TraceEvent e) {
        String what = switch (e.kind()) {
            case POWER_OFF -> "POWER_OFF   (the DU loses power: bit 15 set on this day)";
            case POWER_ON -> "POWER_ON    (power is back: bit 15 set on this day)";
            default -> "not heard   (the DU was without power)";
        };
        out.printf("%5s  %-25s  %s%n", e.line(), e.timeText(), what);
    }

    /** The counter an accepted frame went to, or "none" for a CF its profile counts nowhere. */
    public static String counted(Reception r) {
        return r.compactFrame().counter() == null ? "none" : r.compactFrame().counter().name();
    }

    public void row(TraceEvent e, Reception r) {
        String counted = r.verdict() == Verdict.ACCEPTED
                ? counted(r)
                : r.verdict() == Verdict.REPETITION ? "(dropped: repetition)" : "(dropped at " + r.rejection().layer().title() + ")";
        out.printf(FORMAT, e.line(), e.timeText(), r.verdict().wireName(),
                r.rejection() == null ? "" : r.rejection().reason().wireName(),
                r.meter() == null ? "" : r.meter().name(),
                r.frameCounter() == null ? "" : r.frameCounter().toString(),
                r.cfNumber() == null ? "" : "CF" + r.cfNumber(), counted);
    }
}
