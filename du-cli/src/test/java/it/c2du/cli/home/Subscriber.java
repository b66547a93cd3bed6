package it.c2du.cli.home;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real subscriber (HiveMQ's client) reading everything under some topics, retained messages included. */
final class Subscriber implements AutoCloseable {
    record Message(String topic, String payload, boolean retained) {
    }

    private final Mqtt3AsyncClient client;
    private final List<Message> all = new ArrayList<>();
    private final Map<String, String> last = new ConcurrentHashMap<>();

    Subscriber(int port, String... filters) throws Exception {
        client = MqttClient.builder().useMqttVersion3().identifier("test-subscriber-" + System.nanoTime())
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        client.connectWith().cleanSession(true).send().get(10, TimeUnit.SECONDS);
        for (String f : filters) {
            client.subscribeWith().topicFilter(f).qos(MqttQos.AT_LEAST_ONCE).callback(p -> {
                String payload = new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
                synchronized (all) {
                    all.add(new Message(p.getTopic().toString(), payload, p.isRetain()));
                }
                last.put(p.getTopic().toString(), payload);
            }).send().get(10, TimeUnit.SECONDS);
        }
    }

    List<Message> messages() {
        synchronized (all) {
            return new ArrayList<>(all);
        }
    }

    String last(String topic) {
        return last.get(topic);
    }

    /** Waits until the last payload of {@code topic} satisfies {@code ok}; returns it, or fails with what came. */
    String await(String topic, Predicate<String> ok, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String p = last.get(topic);
            if (p != null && ok.test(p)) {
                return p;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(what + ": " + topic + " is " + last.get(topic));
    }

    @Override
    public void close() throws Exception {
        if (client.getState().isConnected()) {
            client.disconnect().get(5, TimeUnit.SECONDS);
        }
    }
}
