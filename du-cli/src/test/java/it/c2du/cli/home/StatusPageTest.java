package it.c2du.cli.home;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.json.Json;
import it.c2du.core.profile.CompactFrameType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page of a running receiver: /api/status holds du counters --json's object, /metrics
 * parses as Prometheus text with the counters of the state, and the page loads in headless
 * Chromium with no script error, showing the same counters (a screenshot in target/).
 */
class StatusPageTest {
    /** name{labels} value, Prometheus' text exposition format 0.0.4 (no timestamps here). */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\",?)*)\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TempDir
    Path tmp;

    @Test
    void apiStatusMetricsAndThePageInChromium() throws Exception {
        long seed = System.nanoTime();
        System.out.println("StatusPageTest seed " + seed);
        Random r = new Random(seed);
        Path state = tmp.resolve("state");
        HttpClient http = HttpClient.newHttpClient();
        try (InProcessDu du = new InProcessDu(state, "http.listen = 127.0.0.1:0\n")) {
            String url = du.receiver.home().url();
            CompactFrameType[] types = CompactFrameType.values();
            int n = 20 + r.nextInt(20);
            for (int i = 0; i < n; i++) {
                CompactFrameType t = types[r.nextInt(types.length)];
                du.send(t, HomeAssistantMqttTest.nonZero(t, r));
            }
            du.awaitCounted(n);

            Map<?, ?> status = (Map<?, ?>) Json.parse(get(http, url + "api/status"));
            int[] today = new int[5];
            for (int i = 0; i < 5; i++) {
                today[i] = du.receiver.durable().counters().today(it.c2du.core.profile.ReceptionCounter.values()[i]);
            }
            Map<?, ?> counters = (Map<?, ?>) status.get("counters");
            for (int i = 0; i < 5; i++) {
                assertEquals((long) today[i], counters.get("C" + (i + 1)));
            }
            // The same content as du counters --json, plus link, upload and live.
            String cli = it.c2du.cli.CliRunAccess.countersJson(state);
            Map<?, ?> fromCli = (Map<?, ?>) Json.parse(cli);
            for (Object k : fromCli.keySet()) {
                if (!k.equals("receiver") && !k.equals("sequence") && !k.equals("clock")) {
                    assertEquals(fromCli.get(k), status.get(k), "member " + k);
                }
            }
            assertTrue(status.containsKey("link") && status.containsKey("upload") && status.containsKey("live"));
            Map<?, ?> frames = (Map<?, ?>) Json.parse(get(http, url + "api/frames?since=2000-01-01T00:00:00Z"));
            assertEquals(n, ((List<?>) frames.get("frames")).size());
            assertTrue(get(http, url + "api/frames?since=yesterday").startsWith("since: expected an ISO time"));

            Map<String, Map<Map<String, String>, Double>> metrics = parsePrometheus(get(http, url + "metrics"));
            for (int i = 0; i < 5; i++) {
                assertEquals((double) today[i], metrics.get("du_counter_today").get(Map.of("counter", "C" + (i + 1))));
            }
            assertEquals((double) n, metrics.get("du_frames_total").get(Map.of("verdict", "accepted", "reason", "")));
            assertTrue(metrics.get("du_link_events_total").containsKey(Map.of("event", "indications")));
            assertTrue(metrics.get("du_last_frame_timestamp_seconds").size() >= 1);
            assertEquals(3, metrics.get("du_upload_days").size());
            assertEquals(1.0, metrics.get("du_info").values().iterator().next());

            // The page in a real browser: no script error, the counters of the state.
            HeadlessChromium chromium = new HeadlessChromium(tmp);
            Path shot = Path.of("target", "status-page.png").toAbsolutePath();
            Files.createDirectories(shot.getParent());
            String dom = chromium.dumpDom(url);
            String console = chromium.screenshot(url, shot);
            assertTrue(dom.contains("data-shown=\"yes\""), "the page showed its data:\n" + dom);
            assertTrue(dom.contains("<div id=\"errors\"></div>"), "a script error on the page:\n" + dom);
            List<String> shown = new ArrayList<>();
            Matcher m = Pattern.compile("<td class=\"count\">([0-9]+)</td>").matcher(dom);
            while (m.find()) {
                shown.add(m.group(1));
            }
            List<String> expected = new ArrayList<>();
            for (int v : today) {
                expected.add(Integer.toString(v & 0x7FFF));
            }
            assertEquals(expected, shown, "today's counters on the page");
            assertFalse(console.contains("Uncaught"), "a console error:\n" + console);
            assertTrue(Files.size(shot) > 10_000, "a screenshot of the page at " + shot);
            System.out.println("StatusPageTest: screenshot of the page at " + shot);
            String page = get(http, url);
            assertFalse(page.toUpperCase().contains("BC000000001234567890000012345678"), "a key on the page");
            assertFalse(page.contains("http://") && page.replace("http://www.w3.org/2000/svg", "").contains("http://"),
                    "the page loads nothing from elsewhere");
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Every sample by family and labels; fails on a line that is not the format, or a family without HELP and TYPE. */
    static Map<String, Map<Map<String, String>, Double>> parsePrometheus(String text) {
        Map<String, Map<Map<String, String>, Double>> out = new HashMap<>();
        Set<String> typed = new HashSet<>();
        Set<String> helped = new HashSet<>();
        assertTrue(text.endsWith("\n"), "ends with a line feed");
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                helped.add(line.split(" ")[2]);
            } else if (line.startsWith("# TYPE ")) {
                String[] t = line.split(" ");
                assertTrue(List.of("counter", "gauge").contains(t[3]), line);
                typed.add(t[2]);
            } else {
                Matcher m = SAMPLE.matcher(line);
                assertTrue(m.matches(), "not a Prometheus sample: " + line);
                assertTrue(typed.contains(m.group(1)) && helped.contains(m.group(1)), "no HELP/TYPE before " + line);
                Map<String, String> labels = new HashMap<>();
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                assertTrue(out.computeIfAbsent(m.group(1), k -> new HashMap<>()).put(labels, Double.parseDouble(m.group(4)))
                        == null, "a series twice: " + line);
            }
        }
        return out;
    }
}
