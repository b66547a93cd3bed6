package it.c2du.lab.platform;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.InterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;
import io.moquette.interception.messages.InterceptExceptionMessage;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import it.c2du.lab.platform.PlatformRules.Accepted;
import it.c2du.lab.platform.PlatformRules.Key;
import it.c2du.lab.platform.PlatformRules.Rejected;
import it.c2du.lab.platform.PlatformRules.Row;
import it.c2du.lab.platform.PlatformRules.Verdict;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A stand-in for the collaborative platform (Allegato 5) on an integrator's bench or in a test:
 * an embedded MQTT broker (Moquette) that checks every message published on the topic with
 * {@link PlatformRules}, publishes the return code on the topic + "/rc" with QoS 1, keeps the
 * last row per (ID_INSTALLAZIONE, POD, day) and reports each message as one line (and each
 * client's connection, disconnection and refused login).
 *
 * <p>Messages on other topics are routed like any broker would and not checked. The broker keeps
 * nothing on disk (no persistence, no telemetry). Messages are checked one at a time, in the
 * order the broker received them, on Moquette's interceptor thread.
 */
public final class PlatformSimulator implements AutoCloseable {
    /** The client id the return codes are published under. */
    public static final String CLIENT_ID = "platform-sim";
    /** Moquette's default is 8092 bytes; a bench may well send longer junk, which deserves a KO rather than a cut. */
    private static final int MAX_MESSAGE_BYTES = 65_536;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /** At most this much of a rejected message is shown on its line (the return code carries it all). */
    private static final int SHOWN_CHARS = 300;

    /**
     * How the simulator listens.
     *
     * @param host     address to bind (127.0.0.1 keeps it on the machine)
     * @param port     TCP port; 0 picks a free one ({@link #port()} tells which)
     * @param topic    the topic the DUs publish on; return codes go to topic + "/rc"
     * @param username null for anonymous clients; otherwise every client must give it and {@code password}
     * @param password the password's bytes (UTF-8), with {@code username}
     */
    public record Options(String host, int port, String topic, String username, byte[] password) {
        public Options {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(topic, "topic");
            if ((username == null) != (password == null)) {
                throw new IllegalArgumentException("username and password go together");
            }
            password = password == null ? null : password.clone();
        }

        @Override
        public byte[] password() {
            return password == null ? null : password.clone();
        }

        @Override
        public String toString() {
            return "Options[host=" + host + ", port=" + port + ", topic=" + topic + ", username=" + username
                    + ", password=" + (password == null ? "none" : "redacted") + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Options x && host.equals(x.host) && port == x.port && topic.equals(x.topic)
                    && Objects.equals(username, x.username) && Arrays.equals(password, x.password);
        }

        @Override
        public int hashCode() {
            return Objects.hash(host, port, topic, username);
        }
    }

    /** What the simulator has seen so far. */
    /**
     * A TLS listener besides the plain one: the broker's key and certificate in a PKCS#12 or JKS
     * key store, with its password.
     */
    public record Tls(Path keyStore, String keyStorePassword, int port) {
        /** The key store's type as the broker reads it: JKS for a .jks file, else PKCS#12. */
        public String keyStoreType() {
            return keyStore.toString().endsWith(".jks") ? "jks" : "pkcs12";
        }

        /**
         * Opens the key store with its password, as the broker will: Moquette only logs a failure
         * and goes on without its TLS listener, so it is checked before the broker starts.
         *
         * @throws IOException saying why (never the password)
         */
        public void check() throws IOException {
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(keyStore)) {
                java.security.KeyStore.getInstance(keyStoreType()).load(in, keyStorePassword.toCharArray());
            } catch (java.security.GeneralSecurityException | IOException e) {
                throw new IOException("cannot open it with the password of --tls-keystore-password-file (a wrong"
                        + " password, or not a PKCS12 or JKS key store: " + e.getMessage() + ")", e);
            }
        }

        @Override
        public String toString() {
            return "Tls[keyStore=" + keyStore + ", port=" + port + "]";
        }
    }

    public record Totals(long accepted, long rejectedPhase1, long rejectedPhase2) {
    }

    private final Options options;
    private final String rcTopic;
    private final Consumer<String> lines;
    private final Clock clock;
    private final Server server = new Server();
    private final Map<Key, Row> rows = new TreeMap<>();
    private long accepted;
    private long rejected1;
    private long rejected2;
    private volatile int port;
    private Tls tls;
    private int tlsPort;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** What the platform makes of a message: the platform's rules; tests put a stricter platform here. */
    public volatile java.util.function.Function<byte[], PlatformRules.Verdict> rules = PlatformRules::check;
    /** How many copies of a message's return code reach the topic: 1; tests lose (0) or repeat (2) some. */
    public volatile java.util.function.ToIntFunction<PlatformRules.Verdict> returnCodeCopies = v -> 1;

    private PlatformSimulator(Options options, Consumer<String> lines, Clock clock) {
        this.options = options;
        this.rcTopic = options.topic() + it.c2du.core.profile.C2P1.Platform.RETURN_CODE_SUFFIX;
        this.lines = lines;
        this.clock = clock;
    }

    /**
     * Starts the broker and returns once it listens.
     *
     * @param lines receives one line per message checked, client connected or gone, and login refused
     *              (from the broker's threads, one line at a time)
     * @throws IOException when the address cannot be bound (the message says which and why)
     */
    public static PlatformSimulator start(Options options, Consumer<String> lines, Clock clock) throws IOException {
        return start(options, null, lines, clock);
    }

    /** Starts with a TLS listener too ({@code tls} may be null); {@link #tlsPort()} tells its port. */
    public static PlatformSimulator start(Options options, Tls tls, Consumer<String> lines, Clock clock) throws IOException {
        checkTopic(options.topic());
        // Moquette logs a bind failure as an error with a stack trace, then throws a bare
        // RuntimeException: try the address first, to say plainly what is wrong.
        int port;
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(options.host(), options.port()));
            // For port 0 the probe picks the port: Moquette 0.17 can only tell a port it picked from a
            // HashMap that Netty's thread is still filling (ConcurrentModificationException, seen in tests).
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new IOException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        int tlsPort = 0;
        if (tls != null) {
            try {
                tls.check();
            } catch (IOException e) {
                throw new IOException("TLS key store " + tls.keyStore() + ": " + e.getMessage(), e);
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(options.host(), tls.port()));
                tlsPort = probe.getLocalPort();
            } catch (IOException e) {
                throw new IOException("cannot listen on " + options.host() + ":" + tls.port() + " (TLS): " + e.getMessage(), e);
            }
        }
        PlatformSimulator sim = new PlatformSimulator(options, lines, clock);
        sim.tls = tls;
        sim.tlsPort = tlsPort;
        sim.startBroker(port);
        return sim;
    }

    /** Starts with the system clock for the lines' times. */
    public static PlatformSimulator start(Options options, Consumer<String> lines) throws IOException {
        return start(options, lines, Clock.systemDefaultZone());
    }

    /** A topic the DUs can publish on: not empty, no wildcard, not a $SYS topic. */
    public static void checkTopic(String topic) {
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#") || topic.startsWith("$")
                || topic.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("topic: expected a topic name without wildcards (+, #) or a leading $,"
                    + " got \"" + topic + "\"");
        }
    }

    private void startBroker(int port) throws IOException {
        Properties p = new Properties();
        p.setProperty(IConfig.HOST_PROPERTY_NAME, options.host());
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, Boolean.toString(options.username() == null));
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        // Moquette 0.17 otherwise reports the broker's start to its authors over the network.
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(MAX_MESSAGE_BYTES));
        if (tls != null) {
            p.setProperty(IConfig.SSL_PORT_PROPERTY_NAME, Integer.toString(tlsPort));
            p.setProperty(IConfig.JKS_PATH_PROPERTY_NAME, tls.keyStore().toAbsolutePath().toString());
            p.setProperty(IConfig.KEY_STORE_TYPE, tls.keyStoreType());
            p.setProperty(IConfig.KEY_STORE_PASSWORD_PROPERTY_NAME, tls.keyStorePassword());
            p.setProperty(IConfig.KEY_MANAGER_PASSWORD_PROPERTY_NAME, tls.keyStorePassword());
            p.setProperty(IConfig.SSL_PROVIDER, "JDK");
        }
        List<InterceptHandler> handlers = List.of(new Checker());
        IAuthenticator auth = options.username() == null ? null
                : new Credentials(options.username(), options.password(), this::say);
        try {
            server.startServer(new MemoryConfig(p), handlers, null, auth, null);
        } catch (RuntimeException e) {
            try {
                server.stopServer();
            } catch (RuntimeException ignored) {
                // it did not start; nothing more to stop
            }
            throw new IOException("cannot start the MQTT broker on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
        this.port = port;
    }

    /** The TLS port, or 0 without TLS. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The port the broker listens on. */
    public int port() {
        return port;
    }

    public Options options() {
        return options;
    }

    /** The topic the return codes are published on: the topic + "/rc". */
    public String returnCodeTopic() {
        return rcTopic;
    }

    /** The rows kept, one per (ID_INSTALLAZIONE, POD, day), ordered by those. */
    public synchronized Map<Key, Row> rows() {
        return new TreeMap<>(rows);
    }

    public synchronized Totals totals() {
        return new Totals(accepted, rejected1, rejected2);
    }

    /** The rows kept as a table: a header line, then one line per row. */
    public synchronized List<String> table() {
        List<String> t = new ArrayList<>();
        t.add(String.format("%-16s %-15s %-10s %-5s %-12s %s", "ID_INSTALLAZIONE", "POD", "DAY", "METER", "DU",
                "COUNTERS"));
        for (Row r : rows.values()) {
            t.add(String.format("%-16s %-15s %-10s %-5s %-12s %s", r.installationId(), r.pod(), r.day(), r.meter(),
                    r.du(), counters(r)));
        }
        return t;
    }

    /** Stops the broker (a few seconds: Netty's graceful shutdown). */
    @Override
    public void close() {
        // Not under the lock the report takes: stopping waits for the interceptor thread to finish.
        if (closed.compareAndSet(false, true)) {
            server.stopServer();
        }
    }

    private static String counters(Row r) {
        StringBuilder sb = new StringBuilder();
        r.counters().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }

    /** Checks one message, keeps its row, and says what happened; returns the return code to publish. */
    private synchronized String record(Verdict verdict, String client) {
        String time = LocalTime.now(clock).format(TIME);
        if (verdict instanceof Accepted a) {
            accepted++;
            Row row = a.row();
            Row before = rows.put(row.key(), row);
            String what = before == null ? "new row" : "replaces " + counters(before) + (before.du().equals(row.du())
                    ? "" : " DU=" + before.du());
            lines.accept(time + " OK  " + row.installationId() + " " + row.pod() + " " + row.day() + " " + row.meter()
                    + " " + counters(row) + " DU=" + row.du() + " (" + what + "; client " + client + ")");
        } else if (verdict instanceof Rejected r) {
            if (r.phase() == 1) {
                rejected1++;
            } else {
                rejected2++;
            }
            String shown = r.received().length() <= SHOWN_CHARS ? r.received()
                    : r.received().substring(0, SHOWN_CHARS) + "... (" + r.received().length() + " characters)";
            lines.accept(time + " KO  phase " + r.phase() + ": " + r.error() + " (client " + client + "): "
                    + shown.replace("\n", "\\n").replace("\r", "\\r"));
        }
        return verdict.returnCode();
    }

    /** One line of the report, stamped with the time. */
    private synchronized void say(String line) {
        lines.accept(LocalTime.now(clock).format(TIME) + " " + line);
    }

    /** Moquette's hook on every PUBLISH the broker receives from a client. */
    private final class Checker extends AbstractInterceptHandler {
        @Override
        public String getID() {
            return "platform-sim-checker";
        }

        @Override
        public Class<?>[] getInterceptedMessageTypes() {
            return new Class<?>[] {InterceptPublishMessage.class, InterceptExceptionMessage.class,
                InterceptConnectMessage.class, InterceptDisconnectMessage.class, InterceptConnectionLostMessage.class};
        }

        @Override
        public void onConnect(InterceptConnectMessage msg) {
            say("client " + msg.getClientID() + " connected" + (msg.getUsername() == null ? "" : " as " + msg.getUsername()));
        }

        @Override
        public void onDisconnect(InterceptDisconnectMessage msg) {
            say("client " + msg.getClientID() + " disconnected");
        }

        @Override
        public void onConnectionLost(InterceptConnectionLostMessage msg) {
            say("client " + msg.getClientID() + " lost its connection");
        }

        @Override
        public void onPublish(InterceptPublishMessage msg) {
            try {
                if (!options.topic().equals(msg.getTopicName())) {
                    return;
                }
                byte[] payload = ByteBufUtil.getBytes(msg.getPayload());
                PlatformRules.Verdict verdict = rules.apply(payload);
                String rc = record(verdict, msg.getClientID());
                for (int i = returnCodeCopies.applyAsInt(verdict); i > 0; i--) {
                    MqttPublishMessage answer = MqttMessageBuilders.publish()
                            .topicName(rcTopic)
                            .qos(MqttQoS.AT_LEAST_ONCE)
                            .retained(false)
                            .payload(Unpooled.wrappedBuffer(rc.getBytes(StandardCharsets.UTF_8)))
                            .build();
                    server.internalPublish(answer, CLIENT_ID);
                }
            } catch (RuntimeException e) {
                // On Moquette's executor an exception would vanish; a bench must see it.
                say("ERROR checking a message from client " + msg.getClientID() + ": " + e);
            } finally {
                msg.getPayload().release();
            }
        }

        @Override
        public void onSessionLoopError(Throwable error) {
            say("ERROR in the broker: " + error);
        }
    }

    /** The platform's credentials: one username and password, compared in constant time. */
    private static final class Credentials implements IAuthenticator {
        private final byte[] username;
        private final byte[] password;
        private final Consumer<String> say;

        Credentials(String username, byte[] password, Consumer<String> say) {
            this.username = username.getBytes(StandardCharsets.UTF_8);
            this.password = password;
            this.say = say;
        }

        @Override
        public boolean checkValid(String clientId, String user, byte[] pass) {
            boolean u = user != null && MessageDigest.isEqual(username, user.getBytes(StandardCharsets.UTF_8));
            boolean p = pass != null && MessageDigest.isEqual(password, pass);
            if (!(u & p)) {
                // The password is never shown, not even a wrong one.
                say.accept("client " + clientId + " refused: " + (u ? "wrong password" : "unknown username \"" + user + "\""));
            }
            return u & p;
        }
    }
}
