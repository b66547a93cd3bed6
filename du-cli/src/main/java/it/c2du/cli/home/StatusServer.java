package it.c2du.cli.home;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import it.c2du.cli.CountersCommand;
import it.c2du.core.config.DuConfig;
import it.c2du.core.json.Json;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.counters.CounterSnapshot;
import it.c2du.counters.platform.MeterDay;
import it.c2du.counters.platform.UploadLedger;
import it.c2du.counters.platform.UploadMessage;
import it.c2du.counters.platform.UploadPlan;
import it.c2du.counters.state.StateDirectory;
import it.c2du.counters.state.StateException;
import it.c2du.plc.LinkCounters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The status page and its JSON, and {@code /metrics} for Prometheus, on {@code http.listen}: the
 * JDK's own HTTP server (com.sun.net.httpserver), which is enough for a page a person looks at and
 * a scrape every few seconds, and adds nothing to the jar. One thread serves; it reads the state
 * directory (as {@code du counters} does, without locking) and copies of the {@link LiveSnapshot},
 * never the receiver's own objects. Nothing it serves holds a key or a password.
 *
 * <pre>
 *  /              the page (HTML, CSS and a small script from the jar; charts as SVG, nothing from the network)
 *  /api/status    du counters --json's object + link, upload, live
 *  /api/frames    ?since=ISO-INSTANT: the last frames with their verdicts
 *  /api/power     the last hours of import and production power
 *  /metrics       Prometheus text format 0.0.4
 * </pre>
 */
public final class StatusServer implements AutoCloseable {
    private final DuConfig cfg;
    private final LiveSnapshot snapshot;
    private final Path stateDir;
    private final Supplier<LinkCounters> link;
    private final Supplier<Boolean> brokerConnected;
    private final String version;
    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor;

    public StatusServer(DuConfig cfg, LiveSnapshot snapshot, Path stateDir, Supplier<LinkCounters> link,
                        Supplier<Boolean> brokerConnected, String version) throws IOException {
        this.cfg = cfg;
        this.snapshot = snapshot;
        this.stateDir = stateDir;
        this.link = link;
        this.brokerConnected = brokerConnected;
        this.version = version;
        var http = cfg.liveOutputs().http();
        server = HttpServer.create(new InetSocketAddress(http.host(), http.port()), 16);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "du-status-page");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Where the page is, e.g. {@code http://127.0.0.1:8080/} (the real port when 0 was asked for). */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/";
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            if (!x.getRequestMethod().equals("GET") && !x.getRequestMethod().equals("HEAD")) {
                send(x, 405, "text/plain", "only GET\n");
                return;
            }
            URI uri = x.getRequestURI();
            switch (uri.getPath()) {
                case "/" -> send(x, 200, "text/html; charset=utf-8", page());
                case "/api/status" -> send(x, 200, "application/json", Json.write(status()));
                case "/api/frames" -> frames(x, query(uri, "since"));
                case "/api/power" -> send(x, 200, "application/json", Json.write(power()));
                case "/metrics" -> send(x, 200, "text/plain; version=0.0.4; charset=utf-8", metrics());
                default -> send(x, 404, "text/plain", "not found: " + uri.getPath() + " (try /, /api/status,"
                        + " /api/frames, /api/power, /metrics)\n");
            }
        } catch (StateException e) {
            send(x, 503, "text/plain", "the state cannot be read: " + e.getMessage() + "\n");
        } catch (RuntimeException e) {
            HomeAssistantMqtt.LOG.warn("status page: {} {}: {}", x.getRequestMethod(), x.getRequestURI().getPath(), e.toString());
            send(x, 500, "text/plain", "internal error: " + e + "\n");
        }
    }

    private void frames(HttpExchange x, String since) throws IOException {
        Instant from = null;
        if (since != null) {
            try {
                from = OffsetDateTime.parse(since).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    from = Instant.parse(since);
                } catch (DateTimeParseException e2) {
                    send(x, 400, "text/plain", "since: expected an ISO time such as 2026-03-29T00:10:00+01:00, got \""
                            + since + "\"\n");
                    return;
                }
            }
        }
        send(x, 200, "application/json", Json.write(Map.of("frames", snapshot.frames(from))));
    }

    /** The page with its first data in it: it shows at once, without waiting for its first fetch. */
    private String page() throws IOException, StateException {
        Map<String, Object> initial = new LinkedHashMap<>();
        initial.put("status", status());
        initial.put("frames", Map.of("frames", snapshot.frames(null)));
        initial.put("power", power());
        // "</" inside the script would end it; JSON allows the escaped form.
        return resource("home/status.html").replace("/*INITIAL*/null", Json.writeCompact(initial).replace("</", "<\\/"));
    }

    private static String query(URI uri, String name) {
        String q = uri.getRawQuery();
        if (q == null) {
            return null;
        }
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).equals(name)) {
                return URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** du counters --json's object, and what only the running receiver knows. */
    Map<String, Object> status() throws StateException {
        StateDirectory.Loaded loaded = StateDirectory.read(stateDir);
        Map<String, Object> m = CountersCommand.toJson(stateDir, loaded);
        CounterSnapshot c = loaded.state().counters();
        m.put("link", linkJson(link.get()));
        m.put("upload", upload(c));
        Map<String, Object> live = new LinkedHashMap<>();
        live.put("du", cfg.duAddress().toString());
        live.put("name", cfg.name());
        live.put("version", version);
        live.put("broker", cfg.liveOutputs().broker() == null ? null
                : Map.of("url", cfg.liveOutputs().broker().url(), "connected", brokerConnected.get()));
        List<Object> expected = new ArrayList<>();
        if (c.day() != null) {
            for (int i = 0; i < it.c2du.core.profile.C2P1.Counters.PROFILE_DAYS; i++) {
                expected.add(ExpectedFrames.cf1InDay(c.day().minusDays(i + 1L), loaded.state().zone()));
            }
        }
        live.put("expectedCf1", expected);
        live.put("expectedCf1Today", c.clock() == null ? null : ExpectedFrames.cf1InDay(c.day(), loaded.state().zone()));
        live.put("expectedCf1SoFar", c.clock() == null ? null : ExpectedFrames.cf1SoFar(c.clock(), loaded.state().zone()));
        Map<String, Object> meters = new LinkedHashMap<>();
        for (MeterRole role : MeterRole.values()) {
            LiveSnapshot.MeterState s = snapshot.meter(role);
            if (s != null) {
                meters.put(role.name(), s.json());
            }
        }
        live.put("meters", meters);
        m.put("live", live);
        return m;
    }

    private static Map<String, Object> linkJson(LinkCounters l) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (l == null) {
            return m;
        }
        m.put("indications", l.indications());
        m.put("badChecksums", l.badChecksums());
        m.put("linkDuplicates", l.linkDuplicates());
        m.put("discardedBytes", l.discardedBytes());
        m.put("noiseRuns", l.noiseRuns());
        m.put("abandonedFrames", l.abandonedFrames());
        m.put("shortIndications", l.shortIndications());
        m.put("unexpectedFrames", l.unexpectedFrames());
        m.put("modemResets", l.modemResets());
        m.put("requestRetries", l.requestRetries());
        m.put("busyDelays", l.busyDelays());
        m.put("statusAlarms", l.statusAlarms());
        m.put("reopens", l.reopens());
        return m;
    }

    /** The upload ledger: days acknowledged, pending, refused (KO); only counts when no upload is configured. */
    private Map<String, Object> upload(CounterSnapshot c) throws StateException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("configured", cfg.platform() != null);
        Map<MeterDay, UploadLedger.Entry> ledger = UploadLedger.in(stateDir).read();
        if (cfg.platform() != null && c.day() != null) {
            UploadPlan plan = UploadPlan.of(UploadMessage.closedDays(cfg, c), ledger);
            m.put("acknowledged", plan.acknowledged());
            m.put("pending", plan.toSend().size());
            m.put("ko", plan.heldBack().size());
            m.put("pendingDays", plan.toSend().stream().map(u -> u.key().toString()).toList());
            m.put("koDays", plan.heldBack().stream().map(e -> e.key() + ": " + e.error()).toList());
        } else {
            m.put("acknowledged", ledger.values().stream().filter(e -> e.outcome() == UploadLedger.Outcome.OK).count());
            m.put("pending", 0);
            m.put("ko", ledger.values().stream().filter(e -> e.outcome() == UploadLedger.Outcome.KO).count());
        }
        return m;
    }

    private Map<String, Object> power() {
        List<Object> points = new ArrayList<>();
        for (LiveSnapshot.PowerPoint p : snapshot.power()) {
            points.add(List.of(p.time().toString(), p.meter().name(), p.watts()));
        }
        return Map.of("hours", LiveSnapshot.POWER_HOURS, "points", points);
    }

    /** Prometheus' text exposition format: HELP, TYPE, then one line per labelled series. */
    String metrics() throws StateException {
        StringBuilder sb = new StringBuilder();
        family(sb, "du_info", "gauge", "The DU: software version, MAC address, layout profile.");
        sb.append("du_info{version=\"").append(label(version)).append("\",mac=\"").append(cfg.duAddress())
                .append("\",profile=\"").append(label(cfg.layout().name())).append("\"} 1\n");
        family(sb, "du_frames_total", "counter", "Frames the modem delivered since the receiver started, by verdict"
                + " and rejection reason.");
        for (Map.Entry<String, Long> e : snapshot.tally().entrySet()) {
            String[] vr = e.getKey().split("\\|", -1);
            sb.append("du_frames_total{verdict=\"").append(vr[0]).append("\",reason=\"").append(vr[1]).append("\"} ")
                    .append(e.getValue()).append('\n');
        }
        CounterSnapshot c = StateDirectory.read(stateDir).state().counters();
        family(sb, "du_counter_today", "gauge", "Today's reception counter, raw 16 bits: the count in bits 0-14,"
                + " bit 15 set on a day with a power loss.");
        for (ReceptionCounter rc : ReceptionCounter.values()) {
            sb.append("du_counter_today{counter=\"").append(rc.name()).append("\"} ").append(c.today()[rc.ordinal()])
                    .append('\n');
        }
        family(sb, "du_link_events_total", "counter", "What the serial link to the modem did or discarded since the"
                + " receiver started.");
        linkJson(link.get()).forEach((k, v) -> {
            sb.append("du_link_events_total{event=\"").append(k).append("\"} ").append(v).append('\n');
        });
        family(sb, "du_last_frame_timestamp_seconds", "gauge", "When the last accepted frame of each meter came"
                + " (Unix time).");
        for (MeterRole role : MeterRole.values()) {
            LiveSnapshot.MeterState s = snapshot.meter(role);
            Instant t = s == null ? null : s.last();
            if (t != null) {
                sb.append("du_last_frame_timestamp_seconds{meter=\"").append(role.name()).append("\"} ")
                        .append(t.getEpochSecond()).append('\n');
            }
        }
        family(sb, "du_upload_days", "gauge", "Closed days of the upload to the distributor's platform, by state.");
        Map<String, Object> u = upload(c);
        for (String state : List.of("acknowledged", "pending", "ko")) {
            sb.append("du_upload_days{state=\"").append(state).append("\"} ").append(u.get(state)).append('\n');
        }
        return sb.toString();
    }

    private static void family(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String label(String v) {
        return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = StatusServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the jar lacks " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange x, int code, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(code, head ? -1 : b.length);
        if (!head) {
            try (OutputStream o = x.getResponseBody()) {
                o.write(b);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

}
