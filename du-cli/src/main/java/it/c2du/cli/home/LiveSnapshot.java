package it.c2du.cli.home;

import it.c2du.cli.live.FrameObserver;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.FrameObject;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.Verdict;
import it.c2du.core.stack.CompactFrame;
import it.c2du.counters.CounterSnapshot;
import it.c2du.counters.DailyCounters;
import it.c2du.plc.ModemEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the live outputs show, kept in memory: the last accepted frame of each CF type per meter,
 * today's counters, the last frames, the power of the last hours, the tallies behind
 * {@code /metrics}. The receiving thread only writes into it (a lock held for a few copies, never
 * any I/O); the MQTT publisher and the HTTP server read copies of it on their own threads.
 */
public final class LiveSnapshot implements FrameObserver {
    /** How many frames {@code /api/frames} and the page can show. */
    static final int FRAMES_KEPT = 500;
    /** Events waiting for the broker: beyond this the oldest go (a broker away for days). */
    static final int EVENTS_KEPT = 200;
    /** The page's power plot: this many hours back. */
    static final int POWER_HOURS = 6;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    /** The last values of one meter: each CF type's fields and when they came. */
    public record MeterState(Map<String, Map<String, Object>> frames, Map<String, Instant> times, boolean fresh) {
        /** The JSON of {@code <topic>/m1}: every field of each CF type's last frame, exact integers. */
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            Instant last = null;
            Map<String, Object> times = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, Object>> e : frames.entrySet()) {
                m.put(e.getKey(), e.getValue());
                Instant t = this.times.get(e.getKey());
                times.put(e.getKey(), t == null ? null : t.toString());
                if (t != null && (last == null || t.isAfter(last))) {
                    last = t;
                }
            }
            m.put("time", last == null ? null : last.toString());
            m.put("power", newest("InstantPower", "InstantProdPower"));
            m.put("energy", newest("TotalActEnergy", "TotalProdActEnergy"));
            m.put("times", times);
            m.put("fresh", fresh);
            return m;
        }

        /** The value of the newest frame that has one of these fields (W or Wh, as the meter gave it), or null. */
        Object newest(String... names) {
            Object v = null;
            Instant at = null;
            for (Map.Entry<String, Map<String, Object>> e : frames.entrySet()) {
                for (String n : names) {
                    Instant t = times.get(e.getKey());
                    if (e.getValue().containsKey(n) && t != null && (at == null || t.isAfter(at))) {
                        v = e.getValue().get(n);
                        at = t;
                    }
                }
            }
            return v;
        }

        /** When the latest frame of this meter came, or null. */
        public Instant last() {
            return times.values().stream().max(Instant::compareTo).orElse(null);
        }
    }

    /** One power reading for the page's plot. */
    public record PowerPoint(Instant time, MeterRole meter, long watts) {
    }

    private final ZoneId zone;
    private final Map<MeterRole, MeterState> meters = new EnumMap<>(MeterRole.class);
    private final Deque<Map<String, Object>> frames = new ArrayDeque<>();
    private final Deque<Map<String, Object>> events = new ArrayDeque<>();
    private final Deque<PowerPoint> power = new ArrayDeque<>();
    private final Map<String, Long> tally = new TreeMap<>();
    private long frameNumber;
    private long version;
    private CounterSnapshot counters;
    private Runnable onChange = () -> { };

    public LiveSnapshot(ZoneId zone) {
        this.zone = zone;
    }

    /** Called (on the receiving thread, must not block) whenever something changed. */
    public synchronized void onChange(Runnable r) {
        this.onChange = r;
    }

    /** The values kept from the last run: shown, but not fresh until a frame of this run replaces them. */
    public synchronized void restore(MeterRole meter, MeterState kept) {
        if (!meters.containsKey(meter)) {
            meters.put(meter, new MeterState(kept.frames(), kept.times(), false));
        }
    }

    @Override
    public void started(DailyCounters c) {
        counters(c);
    }

    @Override
    public void tick(DailyCounters c) {
        CounterSnapshot s = c.snapshot();
        boolean changed;
        synchronized (this) {
            changed = !s.equals(counters);
            counters = s;
            if (changed) {
                version++;
            }
        }
        if (changed) {
            changed();
        }
    }

    @Override
    public void dayClosed(java.time.LocalDate day, DailyCounters c) {
        counters(c);
    }

    private void counters(DailyCounters c) {
        CounterSnapshot s = c.snapshot();
        synchronized (this) {
            counters = s;
            version++;
        }
        changed();
    }

    @Override
    public void frame(ModemEvent.Indication ind, Reception r, DailyCounters c) {
        CounterSnapshot s = c.snapshot();
        Instant at = ind.receivedAt();
        synchronized (this) {
            counters = s;
            version++;
            frameNumber++;
            String key = r == null ? "not-heard|" : r.verdict().wireName() + "|"
                    + (r.rejection() == null ? "" : r.rejection().reason().wireName());
            tally.merge(key, 1L, Long::sum);
            if (r != null) {
                Map<String, Object> f = FrameObject.of((int) frameNumber, ZonedDateTime.ofInstant(at, zone).format(TIME), r);
                f.put("snr", ind.indication().snrDb());
                f.put("counter", r.accepted() && r.compactFrame().counter() != null ? r.compactFrame().counter().name() : null);
                frames.addLast(f);
                if (frames.size() > FRAMES_KEPT) {
                    frames.removeFirst();
                }
            }
            if (r != null && r.verdict() == Verdict.ACCEPTED && r.meter() != null) {
                accepted(at, r.meter(), r.compactFrame());
            }
        }
        changed();
    }

    private void accepted(Instant at, MeterRole meter, CompactFrame cf) {
        Map<String, Object> fields = cf.fields();
        String name = "cf" + cf.number();
        MeterState old = meters.get(meter);
        // Kept values of other CF types stay (they were real), the meter is fresh from now on.
        Map<String, Map<String, Object>> f = new TreeMap<>(old == null ? Map.of() : old.frames());
        Map<String, Instant> t = new TreeMap<>(old == null ? Map.of() : old.times());
        f.put(name, fields);
        t.put(name, at);
        meters.put(meter, new MeterState(f, t, true));
        Object watts = fields.containsKey("InstantPower") ? fields.get("InstantPower") : fields.get("InstantProdPower");
        if (watts instanceof Long w) {
            power.addLast(new PowerPoint(at, meter, w));
            while (!power.isEmpty() && power.peekFirst().time().isBefore(at.minusSeconds(POWER_HOURS * 3600L))) {
                power.removeFirst();
            }
        }
        if (cf.number() == 22 || cf.number() == 25) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("event_type", cf.number() == 22 ? "available-power-exceeded" : "energy-threshold-reached");
            e.put("meter", meter.name());
            e.put("cf", cf.number());
            e.put("time", at.toString());
            e.putAll(fields);
            events.addLast(e);
            if (events.size() > EVENTS_KEPT) {
                events.removeFirst();
            }
        }
    }

    private void changed() {
        Runnable r;
        synchronized (this) {
            r = onChange;
        }
        r.run();
    }

    /** Changes at every update: the publisher compares it. */
    public synchronized long version() {
        return version;
    }

    public synchronized MeterState meter(MeterRole role) {
        return meters.get(role);
    }

    /** The committed counters as of the last frame or tick, or null before counting started. */
    public synchronized CounterSnapshot counters() {
        return counters;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The events not yet taken, oldest first; they are gone from here. */
    public synchronized List<Map<String, Object>> takeEvents() {
        List<Map<String, Object>> l = new ArrayList<>(events);
        events.clear();
        return l;
    }

    /** Events a publisher could not send go back to the front, in order. */
    public synchronized void putBack(List<Map<String, Object>> unsent) {
        for (int i = unsent.size() - 1; i >= 0 && events.size() < EVENTS_KEPT; i--) {
            events.addFirst(unsent.get(i));
        }
    }

    /** The frames kept whose time is not before {@code since} (null: all), oldest first. */
    public synchronized List<Map<String, Object>> frames(Instant since) {
        List<Map<String, Object>> l = new ArrayList<>();
        for (Map<String, Object> f : frames) {
            if (since == null || !ZonedDateTime.parse((String) f.get("time"), TIME).toInstant().isBefore(since)) {
                l.add(f);
            }
        }
        return l;
    }

    public synchronized List<PowerPoint> power() {
        return new ArrayList<>(power);
    }

    /** Frames by "verdict|reason" since the start. */
    public synchronized Map<String, Long> tally() {
        return new TreeMap<>(tally);
    }
}
