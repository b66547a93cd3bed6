package it.c2du.cli.live;

import it.c2du.cli.text.CounterText;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.Verdict;
import it.c2du.counters.DailyCounters;
import it.c2du.plc.ModemEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;

/**
 * {@code du lab observe}'s screen, for the lab engineer checking each test by eye against a real
 * meter: every frame as it arrives (time, meter, CF, frame counter, verdict, what it was counted
 * in, decoded fields) and today's counters; the profiles at start, at each day's close, and on
 * request ({@code p} + Enter; {@code c} for the counters). Requests typed on stdin are served on
 * the receiving thread at its next tick, so the view never reads counters while they change.
 */
public final class LabObserveView implements FrameObserver {
    public static final int PROFILE_ROWS_AT_CLOSE = 3;

    private final PrintWriter out;
    private volatile char request;

    public LabObserveView(PrintWriter out) {
        this.out = out;
    }

    /** Reads one-letter requests from {@code in} on a daemon thread; EOF (no terminal) just ends it. */
    public void listen(InputStream in) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String s = line.trim().toLowerCase(java.util.Locale.ROOT);
                    if (!s.isEmpty()) {
                        request = s.charAt(0);
                    }
                }
            } catch (IOException e) {
                // No input to read: the view goes on without requests.
            }
        }, "lab-observe-keys");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public synchronized void started(DailyCounters c) {
        out.printf("Receiving. Type p + Enter for the profiles, c + Enter for today's counters.%n");
        counters(c);
        profile(c, PROFILE_ROWS_AT_CLOSE);
        out.printf("%n%-25s  %-5s %-5s %10s  %-24s %s%n", "time", "meter", "CF", "fc", "verdict", "counted");
        out.flush();
    }

    @Override
    public synchronized void frame(ModemEvent.Indication ind, Reception r, DailyCounters c) {
        if (r == null) {
            return;
        }
        String verdict = r.verdict().wireName() + (r.rejection() == null ? "" : " " + r.rejection().reason().wireName());
        String counted = "not counted";
        if (r.verdict() == Verdict.ACCEPTED) {
            ReceptionCounter rc = r.compactFrame().counter();
            counted = rc == null ? "counted nowhere (profile)" : rc + " = " + CounterText.compact(c.today(rc));
        }
        out.printf("%-25s  %-5s %-5s %10s  %-24s %s%n", it.c2du.cli.text.LocalTimes.dateTime(ind.receivedAt(), c.zone()),
                r.meter() == null ? "-" : r.meter(), r.cfNumber() == null ? "-" : "CF" + r.cfNumber(),
                r.frameCounter() == null ? "-" : r.frameCounter(), verdict, counted);
        if (r.compactFrame() != null) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, ?> f : r.compactFrame().fields().entrySet()) {
                sb.append(sb.length() == 0 ? "" : "  ").append(f.getKey()).append('=').append(f.getValue());
            }
            out.printf("%21s%s%n", "", sb);
        }
        out.printf("%21stoday %s%n", "", CounterText.today(c));
        out.flush();
    }

    @Override
    public synchronized void dayClosed(LocalDate day, DailyCounters c) {
        out.printf("%n-- day %s closed into the profile --%n", day);
        profile(c, PROFILE_ROWS_AT_CLOSE);
        out.println();
        out.flush();
    }

    @Override
    public synchronized void link(String message) {
        out.printf("   (link) %s%n", message);
        out.flush();
    }

    @Override
    public synchronized void tick(DailyCounters c) {
        char r = request;
        request = 0;
        if (r == 'p') {
            profile(c, it.c2du.core.profile.C2P1.Counters.PROFILE_DAYS);
        } else if (r == 'c') {
            counters(c);
        } else if (r != 0) {
            out.printf("(p + Enter: profiles, c + Enter: today's counters)%n");
        }
        out.flush();
    }

    private void counters(DailyCounters c) {
        out.printf("%nToday %s: %s%n(%s)%n", c.day() == null ? "(no day yet)" : c.day(), CounterText.today(c),
                CounterText.POWER_LOSS_LEGEND);
    }

    /** The first {@code rows} profile elements, numbered from 1 as the lab plan does (element 1 = yesterday). */
    private void profile(DailyCounters c, int rows) {
        if (c.day() == null) {
            return;
        }
        out.printf("Profile (element 1 = yesterday, as the lab plan numbers them):%n");
        // Days before the first event were never observed: shown so, as du counters does, not as 0.
        CounterText.profileTable(out, c.day(), c.firstDay(), rows, 1, (rc, i) -> c.profile(rc)[i]);
    }
}
