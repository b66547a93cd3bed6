package it.c2du.cli.home;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import it.c2du.cli.mqtt.MqttPlatformConnector;
import it.c2du.core.config.DuConfig;
import it.c2du.core.config.LiveOutputs;
import it.c2du.core.json.Json;
import it.c2du.core.profile.MeterRole;
import it.c2du.counters.platform.UploadException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@link LiveSnapshot} to the user's own broker ({@code live.*}) on a thread of its
 * own, with Home Assistant's MQTT discovery. The receiving thread never waits on it: it only
 * signals a change. HiveMQ's client reconnects by itself; each (re)connection publishes the whole
 * retained state again, so a broker that was away, or lost its retained messages, is brought up to
 * date.
 *
 * <pre>
 *  TOPIC/status            retained  online / offline (the last will)
 *  TOPIC/m1, TOPIC/m2      retained  {"cf1": {...}, "cf21": {...}, "time": ..., "power": W, "energy": Wh, "fresh": ...}
 *  TOPIC/m1/availability   retained  online once a frame of this run came from the meter, offline before
 *  TOPIC/counters          retained  today's C1..C5, the last frame's time, the reception quality
 *  TOPIC/event             not retained, one per CF22 / CF25
 *  PREFIX/.../config       retained  Home Assistant's discovery
 * </pre>
 *
 * A meter's values are published only once a real frame gave them -- in this run, or kept from the
 * last one in the state directory ({@link KeptValues}) and then marked unavailable until fresh.
 */
public final class HomeAssistantMqtt implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger("du.live");
    private static final Object WAKE = new Object();

    private final DuConfig cfg;
    private final LiveOutputs.Broker broker;
    private final LiveSnapshot snapshot;
    private final Path stateDir;
    private final String version;
    private final LinkedBlockingQueue<Object> wake = new LinkedBlockingQueue<>(1);
    private final AtomicBoolean connected = new AtomicBoolean();
    private final AtomicBoolean resync = new AtomicBoolean();
    private volatile boolean running = true;
    private final Map<String, String> published = new java.util.concurrent.ConcurrentHashMap<>();
    private Mqtt3AsyncClient client;
    private Thread thread;

    public HomeAssistantMqtt(DuConfig cfg, LiveSnapshot snapshot, Path stateDir, String version) {
        this.cfg = cfg;
        this.broker = cfg.liveOutputs().broker();
        this.snapshot = snapshot;
        this.stateDir = stateDir;
        this.version = version;
    }

    /** Never blocks: at most one wake-up waits. */
    void signal() {
        wake.offer(WAKE);
    }

    public void start() throws UploadException {
        String status = broker.topic() + "/status";
        Mqtt3ClientBuilder b = MqttClient.builder().useMqttVersion3().identifier(broker.clientId())
                .serverHost(broker.host()).serverPort(broker.port())
                .automaticReconnect().initialDelay(500, TimeUnit.MILLISECONDS).maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(ctx -> {
                    LOG.info("live data: connected to {}", broker.url());
                    connected.set(true);
                    resync.set(true);
                    signal();
                })
                .addDisconnectedListener(ctx -> {
                    if (connected.getAndSet(false) && running) {
                        LOG.warn("live data: {} gone ({}); reconnecting", broker.url(), ctx.getCause().getMessage());
                    }
                });
        if (broker.tls()) {
            b = b.sslConfig(MqttPlatformConnector.trusting(broker.caFile(), "live.ca-file"));
        }
        client = b.buildAsync();
        var connect = client.connectWith().cleanSession(true).keepAlive(30)
                .willPublish().topic(status).payload(bytes("offline")).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .applyWillPublish();
        if (broker.username() != null) {
            var auth = Mqtt3SimpleAuth.builder().username(broker.username());
            connect = connect.simpleAuth(broker.password() == null ? auth.build() : auth.password(broker.password()).build());
        }
        connect.send().whenComplete((ack, e) -> {
            if (e != null) {
                LOG.warn("live data: cannot connect to {} yet ({}); retrying", broker.url(),
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        });
        snapshot.onChange(this::signal);
        thread = new Thread(this::loop, "du-live-mqtt");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                wake.poll(1, TimeUnit.SECONDS);
                if (running && connected.get()) {
                    publishChanges(resync.getAndSet(false));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("live data: {}", e.toString());
            }
        }
    }

    /** Everything retained when {@code all}, else what changed since it was last published; then the events. */
    private void publishChanges(boolean all) {
        if (all) {
            published.clear();
            publish(broker.topic() + "/status", "online", true);
            if (broker.discoveryPrefix() != null) {
                HomeAssistantDiscovery.messages(cfg, broker, version).forEach((t, m) -> publish(t, Json.writeCompact(m), true));
            }
        }
        boolean meterChanged = false;
        Map<MeterRole, LiveSnapshot.MeterState> keep = new EnumMap<>(MeterRole.class);
        for (MeterRole role : MeterRole.values()) {
            LiveSnapshot.MeterState m = snapshot.meter(role);
            String t = broker.topic() + "/" + role.name().toLowerCase(java.util.Locale.ROOT);
            if (cfg.association(role) != null) {
                changed(t + "/availability", m != null && m.fresh() ? "online" : "offline");
            }
            if (m != null) {
                keep.put(role, m);
                meterChanged |= changed(t, Json.writeCompact(m.json()));
            }
        }
        if (snapshot.counters() != null) {
            changed(broker.topic() + "/counters", Json.writeCompact(HomeAssistantDiscovery.counters(snapshot)));
        }
        List<Map<String, Object>> events = snapshot.takeEvents();
        for (Map<String, Object> e : events) {
            publish(broker.topic() + "/event", Json.writeCompact(e), false);
        }
        if (meterChanged && keep.values().stream().anyMatch(LiveSnapshot.MeterState::fresh)) {
            try {
                KeptValues.write(stateDir, keep);
            } catch (java.io.IOException e) {
                LOG.warn("live data: cannot keep the last values in {}: {}", stateDir.resolve(KeptValues.FILE),
                        e.getMessage());
            }
        }
    }

    /** Publishes a retained message when its payload differs from the last published one. */
    private boolean changed(String topic, String payload) {
        if (payload.equals(published.get(topic))) {
            return false;
        }
        publish(topic, payload, true);
        return true;
    }

    private void publish(String topic, String payload, boolean retain) {
        if (retain) {
            published.put(topic, payload);
        }
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(retain).payload(bytes(payload)).send()
                .whenComplete((r, e) -> {
                    if (e != null) {
                        // Sent again on the next connection (retained), or lost with the connection (an event).
                        published.remove(topic);
                        LOG.debug("live data: {} not published: {}", topic, e.getMessage());
                    }
                });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Says offline (retained) and disconnects; gives up after a couple of seconds on a broker that is away. */
    @Override
    public void close() {
        running = false;
        signal();
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (client == null) {
            return;
        }
        try {
            if (connected.get()) {
                client.publishWith().topic(broker.topic() + "/status").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                        .payload(bytes("offline")).send().get(2, TimeUnit.SECONDS);
            }
            client.disconnect().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The broker is away: the last will says offline for us.
            LOG.debug("live data: disconnect: {}", e.toString());
        }
    }

    /** True while connected to the broker (tests and the page). */
    public boolean connected() {
        return connected.get();
    }
}
