package it.c2du.lab.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import it.c2du.lab.platform.PlatformRules.Key;
import it.c2du.lab.platform.PlatformRules.Row;
import it.c2du.core.json.Json;
import it.c2du.core.profile.MeterRole;
import it.c2du.counters.platform.PlatformDay;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The platform simulator against a real MQTT client: the embedded Moquette broker on a free
 * port, the HiveMQ client publishing as a DU would and reading the return codes. One broker with
 * credentials serves the class (stopping a broker takes Netty's two-second quiet period).
 * {@code du platform-sim} itself is tested in du-cli (PlatformSimCommandTest).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class PlatformSimulatorTest {
    static final String TOPIC = "/chain2";
    private static final String USER = "dc0000000002";
    private static final byte[] PASSWORD = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    private static final List<String> LINES = new CopyOnWriteArrayList<>();
    private static PlatformSimulator sim;

    @BeforeAll
    static void start() throws IOException {
        sim = PlatformSimulator.start(new PlatformSimulator.Options("127.0.0.1", freePort(), TOPIC, USER, PASSWORD), LINES::add);
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A DU's connection: subscribed to the return codes before it publishes anything (du-cli's tests use it too). */
    public static final class Du implements AutoCloseable {
        final Mqtt3BlockingClient client;
        final Mqtt3BlockingClient.Mqtt3Publishes returnCodes;

        public Du(String id, int port, String user, byte[] password) {
            client = MqttClient.builder().useMqttVersion3().identifier(id).serverHost("127.0.0.1").serverPort(port)
                    .buildBlocking();
            if (user == null) {
                client.connect();
            } else {
                client.connectWith().simpleAuth().username(user).password(password).applySimpleAuth().send();
            }
            returnCodes = client.publishes(MqttGlobalPublishFilter.SUBSCRIBED);
            client.subscribeWith().topicFilter(TOPIC + "/rc").qos(MqttQos.AT_LEAST_ONCE).send();
        }

        Du(String id) {
            this(id, sim.port(), USER, PASSWORD);
        }

        /** Publishes {@code payload} on the topic with QoS 1 and returns the return code that answers it. */
        public Map<String, Object> send(byte[] payload) throws Exception {
            client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
            Optional<Mqtt3Publish> rc = returnCodes.receive(5, TimeUnit.SECONDS);
            assertTrue(rc.isPresent(), "no return code within 5 s");
            assertEquals(MqttQos.AT_LEAST_ONCE, rc.get().getQos(), "return codes go with QoS 1");
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) Json.parse(new String(rc.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
            return m;
        }

        public Map<String, Object> send(String payload) throws Exception {
            return send(payload.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            client.disconnect();
        }
    }

    public static String m1(LocalDate day, String installation, String pod, int... raw) {
        return Json.writeCompact(new PlatformDay(MeterRole.M1, day, raw, pod, "DC0000000002", installation).json());
    }

    static List<String> linesWith(String text) {
        List<String> l = new ArrayList<>();
        for (String line : LINES) {
            if (line.contains(text)) {
                l.add(line);
            }
        }
        return l;
    }

    @Test
    void okRoundTripEchoesTheJsonSent() throws Exception {
        String sent = m1(LocalDate.of(2017, 10, 31), "XY171001", "IT001E12345678", 0x8004, 0x8001, 0x8000);
        assertEquals(PlatformRulesTest.M1, sent, "the platform's own example");
        try (Du du = new Du("ok-round-trip")) {
            Map<String, Object> rc = du.send(sent);
            assertEquals(List.of("RC", "data"), List.copyOf(rc.keySet()));
            assertEquals("OK", rc.get("RC"));
            assertEquals(Json.parse(sent), rc.get("data"));
            assertEquals(sent, Json.writeCompact(rc.get("data")), "member for member, in order");
            // A power-loss day's negative values arrive as sent.
            assertEquals(-32772L, ((Map<?, ?>) rc.get("data")).get("C1_DU"));
        }
        Row row = sim.rows().get(new Key("XY171001", "IT001E12345678", LocalDate.of(2017, 10, 31)));
        assertNotNull(row);
        assertEquals(Map.of("C1_DU", -32772, "C2_DU", -32769, "C3_DU", -32768), row.counters());
        List<String> ok = linesWith("OK  XY171001 IT001E12345678 2017-10-31 M1 C1_DU=-32772 C2_DU=-32769 C3_DU=-32768"
                + " DU=DC0000000002 (new row; client ok-round-trip)");
        assertEquals(1, ok.size(), String.join("\n", LINES));
        assertFalse(linesWith("client ok-round-trip connected as " + USER).isEmpty(), String.join("\n", LINES));
    }

    @Test
    void notJsonIsKoInPhase1WithTheStringReceived() throws Exception {
        try (Du du = new Du("ko-phase-1")) {
            String junk = "TS=1509408000000;C1_DU=5";
            Map<String, Object> rc = du.send(junk);
            assertEquals(List.of("RC", "data", "phase", "error"), List.copyOf(rc.keySet()));
            assertEquals("KO", rc.get("RC"));
            assertEquals(junk, rc.get("data"));
            assertEquals(1L, rc.get("phase"));
            assertEquals("not JSON: unexpected character 'T' at character 1", rc.get("error"));

            String cut = PlatformRulesTest.M1.substring(0, 40);
            Map<String, Object> rc2 = du.send(cut);
            assertEquals(cut, rc2.get("data"), "the text received, as a string");
            assertEquals(1L, rc2.get("phase"));

            byte[] latin1 = "{\"POD\":\"\u00e8\"}".getBytes(StandardCharsets.ISO_8859_1);
            Map<String, Object> rc3 = du.send(latin1);
            assertEquals("not UTF-8 text", rc3.get("error"));
            assertEquals(1L, rc3.get("phase"));
        }
        assertEquals(1, linesWith("KO  phase 1: not JSON: unexpected character 'T' at character 1 (client ko-phase-1):"
                + " TS=1509408000000;C1_DU=5").size(), String.join("\n", LINES));
    }

    @Test
    void contentErrorsAreKoInPhase2AndKeepNoRow() throws Exception {
        LocalDate day = LocalDate.of(2024, 5, 1);
        String badPod = m1(day, "KO240501", "FR001E12345678", 1, 2, 3);
        String outOfRange = PlatformRulesTest.with(m1(day, "KO240501", "IT001E12345678", 1, 2, 3), "C2_DU", 40000L);
        String missing = PlatformRulesTest.with(m1(day, "KO240501", "IT001E12345678", 1, 2, 3), "ID_INSTALLAZIONE", null);
        try (Du du = new Du("ko-phase-2")) {
            Map<String, Object> rc = du.send(badPod);
            assertEquals("KO", rc.get("RC"));
            assertEquals(2L, rc.get("phase"));
            assertEquals(badPod, rc.get("data"));
            assertEquals("POD: expected IT and 12 or 13 capital letters or digits (e.g. IT001E12345678), got \"FR001E12345678\"",
                    rc.get("error"));

            rc = du.send(outOfRange);
            assertEquals(2L, rc.get("phase"));
            assertEquals(outOfRange, rc.get("data"));
            assertEquals("C2_DU: expected 0 to 32767, or -65535 to -32768 for a day with a power loss, got 40000", rc.get("error"));

            rc = du.send(missing);
            assertEquals(2L, rc.get("phase"));
            assertEquals("missing member ID_INSTALLAZIONE", rc.get("error"));
        }
        assertTrue(sim.rows().keySet().stream().noneMatch(k -> k.installationId().equals("KO240501")), "no row for a KO");
        assertEquals(1, linesWith("KO  phase 2: missing member ID_INSTALLAZIONE (client ko-phase-2)").size());
    }

    @Test
    void theLastValueWinsPerInstallationPodAndDay() throws Exception {
        LocalDate d1 = LocalDate.of(2024, 3, 30);
        LocalDate d2 = d1.plusDays(1);
        try (Du du = new Du("last-wins")) {
            assertEquals("OK", du.send(m1(d1, "LW240301", "IT001E00000001", 5, 6, 7)).get("RC"));
            assertEquals("OK", du.send(m1(d1, "LW240301", "IT001E00000001", 0x8005, 6, 8)).get("RC")); // re-sent after a power loss
            assertEquals("OK", du.send(m1(d2, "LW240301", "IT001E00000001", 1, 1, 1)).get("RC"));
            assertEquals("OK", du.send(m1(d1, "LW240301", "IT001E00000002", 9, 9, 9)).get("RC"));
            assertEquals("OK", du.send(m1(d1, "LW240302", "IT001E00000001", 4, 4, 4)).get("RC"));
            // A KO does not touch the row.
            assertEquals("KO", du.send(PlatformRulesTest.with(m1(d1, "LW240301", "IT001E00000001", 1, 1, 1), "C1_DU", -1L))
                    .get("RC"));
        }
        Map<Key, Row> rows = new java.util.TreeMap<>(sim.rows());
        rows.keySet().removeIf(k -> !k.installationId().startsWith("LW"));
        assertEquals(List.of(new Key("LW240301", "IT001E00000001", d1), new Key("LW240301", "IT001E00000001", d2),
                new Key("LW240301", "IT001E00000002", d1), new Key("LW240302", "IT001E00000001", d1)), List.copyOf(rows.keySet()));
        assertEquals(Map.of("C1_DU", -32773, "C2_DU", 6, "C3_DU", 8), rows.get(new Key("LW240301", "IT001E00000001", d1)).counters());
        assertEquals(1, linesWith("(replaces C1_DU=5 C2_DU=6 C3_DU=7; client last-wins)").size(), String.join("\n", LINES));
        List<String> table = sim.table();
        assertTrue(table.get(0).startsWith("ID_INSTALLAZIONE POD"), table.get(0));
        assertTrue(table.stream().anyMatch(l -> l.matches("LW240301 +IT001E00000001 +2024-03-30 +M1 +DC0000000002 +"
                + "C1_DU=-32773 C2_DU=6 C3_DU=8")), String.join("\n", table));
    }

    @Test
    void clientsMustAuthenticateWhenConfigured() {
        Mqtt3ConnAckException anonymous = assertThrows(Mqtt3ConnAckException.class,
                () -> new Du("no-credentials", sim.port(), null, null));
        assertEquals(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD, anonymous.getMqttMessage().getReturnCode());
        Mqtt3ConnAckException wrong = assertThrows(Mqtt3ConnAckException.class,
                () -> new Du("wrong-password", sim.port(), USER, "guess".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD, wrong.getMqttMessage().getReturnCode());
        assertThrows(Mqtt3ConnAckException.class, () -> new Du("wrong-user", sim.port(), "someone", PASSWORD));
        assertEquals(1, linesWith("client wrong-password refused: wrong password").size(), String.join("\n", LINES));
        assertEquals(1, linesWith("client wrong-user refused: unknown username \"someone\"").size());
        assertTrue(LINES.stream().noneMatch(l -> l.contains("guess") || l.contains("horse")), "no password is shown");
    }
}
