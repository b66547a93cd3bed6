package it.c2du.cli.home;

import it.c2du.core.config.DuConfig;
import it.c2du.core.config.LiveOutputs;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.receive.Association;
import it.c2du.counters.CounterSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static it.c2du.core.profile.C2P1.Counters.MAX_COUNT;
import static it.c2du.core.profile.C2P1.Counters.POWER_LOSS_BIT;

/**
 * Home Assistant's MQTT discovery for one DU: one device (the DU, with its meters' PODs), whose
 * entities read the retained state topics of {@link HomeAssistantMqtt}. Energy is
 * {@code total_increasing} in Wh and power in W, exactly as the meter counts them (no rounding);
 * a meter's entities are unavailable until a frame of this run came from it.
 */
public final class HomeAssistantDiscovery {
    private HomeAssistantDiscovery() {
    }

    /** The node id in the discovery topics and the prefix of every unique_id: {@code c2du_dc0000000001}. */
    static String node(DuConfig cfg) {
        return "c2du_" + cfg.duAddress().toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** Discovery topic -> config message, retained. */
    public static Map<String, Map<String, Object>> messages(DuConfig cfg, LiveOutputs.Broker broker, String version) {
        String node = node(cfg);
        String base = broker.topic();
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("identifiers", List.of(node));
        device.put("name", cfg.name() == null ? "Chain 2 DU " + cfg.duAddress() : cfg.name());
        device.put("manufacturer", "c2du");
        StringBuilder pods = new StringBuilder();
        for (Association a : cfg.associations()) {
            pods.append(pods.length() == 0 ? "" : ", ").append(a.role()).append(' ')
                    .append(a.pod() == null ? "(no POD configured)" : a.pod());
        }
        device.put("model", "Chain 2 DU, receive profile C2P-1; meters " + pods);
        device.put("serial_number", cfg.duAddress().toString());
        device.put("sw_version", version);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        String prefix = broker.discoveryPrefix();
        if (cfg.association(MeterRole.M1) != null) {
            out.put(topic(prefix, "sensor", node, "import_power"), meterSensor(node, device, base, MeterRole.M1,
                    "import_power", "Import power", "power", "measurement", "W", "{{ value_json.power }}"));
            out.put(topic(prefix, "sensor", node, "import_energy"), meterSensor(node, device, base, MeterRole.M1,
                    "import_energy", "Import energy", "energy", "total_increasing", "Wh", "{{ value_json.energy }}"));
            out.put(topic(prefix, "sensor", node, "tariff_band"), meterSensor(node, device, base, MeterRole.M1,
                    "tariff_band", "Tariff band", null, null, null, "{{ value_json.cf1.TariffCode }}"));
        }
        if (cfg.association(MeterRole.M2) != null) {
            out.put(topic(prefix, "sensor", node, "production_power"), meterSensor(node, device, base, MeterRole.M2,
                    "production_power", "Production power", "power", "measurement", "W", "{{ value_json.power }}"));
            out.put(topic(prefix, "sensor", node, "production_energy"), meterSensor(node, device, base, MeterRole.M2,
                    "production_energy", "Production energy", "energy", "total_increasing", "Wh",
                    "{{ value_json.energy }}"));
        }
        for (ReceptionCounter rc : ReceptionCounter.values()) {
            String id = "today_" + rc.name().toLowerCase(java.util.Locale.ROOT);
            out.put(topic(prefix, "sensor", node, id), sensor(node, device, base, id, "Today's " + rc.name()
                    + " frames", null, "measurement", "frames", base + "/counters", "{{ value_json." + rc.name() + " }}"));
        }
        out.put(topic(prefix, "sensor", node, "last_frame"), sensor(node, device, base, "last_frame", "Last frame",
                "timestamp", null, null, base + "/counters", "{{ value_json.lastFrame }}"));
        out.put(topic(prefix, "sensor", node, "reception_quality"), sensor(node, device, base, "reception_quality",
                "Reception quality today (CF1 received / expected)", null, "measurement", "%", base + "/counters",
                "{{ value_json.quality }}"));
        Map<String, Object> event = entity(node, device, base, "meter_event", "Meter event");
        event.put("state_topic", base + "/event");
        event.put("event_types", List.of("available-power-exceeded", "energy-threshold-reached"));
        event.put("availability", List.of(Map.of("topic", base + "/status")));
        out.put(topic(prefix, "event", node, "meter_event"), event);
        return out;
    }

    private static String topic(String prefix, String component, String node, String id) {
        return prefix + "/" + component + "/" + node + "/" + id + "/config";
    }

    private static Map<String, Object> entity(String node, Map<String, Object> device, String base, String id,
                                              String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("unique_id", node + "_" + id);
        m.put("device", device);
        return m;
    }

    private static Map<String, Object> sensor(String node, Map<String, Object> device, String base, String id,
                                              String name, String deviceClass, String stateClass, String unit,
                                              String stateTopic, String template) {
        Map<String, Object> m = entity(node, device, base, id, name);
        m.put("state_topic", stateTopic);
        m.put("value_template", template);
        m.put("device_class", deviceClass);
        m.put("state_class", stateClass);
        m.put("unit_of_measurement", unit);
        m.values().removeIf(java.util.Objects::isNull);
        m.put("availability", List.of(Map.of("topic", base + "/status")));
        return m;
    }

    /** A sensor on a meter's state topic: unavailable until a frame of this run came from that meter. */
    private static Map<String, Object> meterSensor(String node, Map<String, Object> device, String base, MeterRole role,
                                                   String id, String name, String deviceClass, String stateClass,
                                                   String unit, String template) {
        String t = base + "/" + role.name().toLowerCase(java.util.Locale.ROOT);
        Map<String, Object> m = sensor(node, device, base, id, name, deviceClass, stateClass, unit, t, template);
        m.put("availability", List.of(Map.of("topic", base + "/status"), Map.of("topic", t + "/availability")));
        m.put("availability_mode", "all");
        return m;
    }

    /** The JSON of {@code TOPIC/counters}: today's five counts, their raw values, last frame, quality. */
    static Map<String, Object> counters(LiveSnapshot snapshot) {
        CounterSnapshot c = snapshot.counters();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("day", c.day() == null ? null : c.day().toString());
        boolean loss = false;
        for (ReceptionCounter rc : ReceptionCounter.values()) {
            int raw = c.today()[rc.ordinal()];
            m.put(rc.name(), raw & MAX_COUNT);
            loss |= (raw & POWER_LOSS_BIT) != 0;
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        for (ReceptionCounter rc : ReceptionCounter.values()) {
            raw.put(rc.name(), c.today()[rc.ordinal()]);
        }
        m.put("raw", raw);
        m.put("powerLoss", loss);
        java.time.Instant last = null;
        for (MeterRole role : MeterRole.values()) {
            LiveSnapshot.MeterState s = snapshot.meter(role);
            java.time.Instant t = s == null || !s.fresh() ? null : s.last();
            if (t != null && (last == null || t.isAfter(last))) {
                last = t;
            }
        }
        m.put("lastFrame", last == null ? null : last.toString());
        int expected = c.clock() == null ? 0 : ExpectedFrames.cf1SoFar(c.clock(), snapshot.zone());
        m.put("expectedCf1", expected);
        m.put("quality", expected == 0 ? null
                : Math.round(1000.0 * Math.min(expected, c.today()[ReceptionCounter.C1.ordinal()] & MAX_COUNT) / expected) / 10.0);
        return m;
    }
}
