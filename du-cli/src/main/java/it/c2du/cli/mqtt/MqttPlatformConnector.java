package it.c2du.cli.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import it.c2du.core.config.DuConfig;
import it.c2du.counters.platform.PlatformUploader;
import it.c2du.counters.platform.UploadException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The platform's MQTT 3.1.1 broker through HiveMQ's client: clean session, QoS 1 both ways, the
 * username and password of {@code platform.*}, TLS for {@code ssl://} (trusting the JVM's
 * certificates, or those of {@code platform.ca-file}, with the host name checked). Error messages
 * say what failed in the user's terms and never hold the password.
 */
public final class MqttPlatformConnector implements PlatformUploader.Connector {
    /** Each step (connect, subscribe, one publish) must be answered within this. */
    private final Duration stepTimeout;
    private final DuConfig.Platform platform;

    public MqttPlatformConnector(DuConfig.Platform platform, Duration stepTimeout) {
        this.platform = platform;
        this.stepTimeout = stepTimeout;
    }

    @Override
    public String describe() {
        return platform.brokerUrl();
    }

    @Override
    public PlatformUploader.Connection connect(Consumer<byte[]> returnCodes) throws UploadException {
        AtomicBoolean up = new AtomicBoolean();
        AtomicBoolean closing = new AtomicBoolean();
        AtomicReference<String> lost = new AtomicReference<>();
        Mqtt3ClientBuilder b = MqttClient.builder().useMqttVersion3()
                .identifier(platform.clientId())
                .transportConfig(transport())
                .addDisconnectedListener(ctx -> {
                    if (up.get() && !closing.get()) {
                        lost.compareAndSet(null, why(ctx.getCause()));
                    }
                });
        Mqtt3AsyncClient client = b.buildAsync();
        try {
            var connect = client.connectWith().cleanSession(true).keepAlive(30);
            if (platform.username() != null) {
                var auth = Mqtt3SimpleAuth.builder().username(platform.username());
                connect = connect.simpleAuth(platform.password() == null ? auth.build() : auth.password(platform.password()).build());
            }
            await(connect.send(), "connect");
            up.set(true);
            Mqtt3SubAck ack = await(client.subscribeWith().topicFilter(platform.returnCodeTopic()).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> returnCodes.accept(p.getPayloadAsBytes())).send(), "subscribe");
            if (ack.getReturnCodes().contains(Mqtt3SubAckReturnCode.FAILURE)) {
                throw new UploadException("the broker refused the subscription to " + platform.returnCodeTopic()
                        + ": the return codes cannot be read");
            }
        } catch (UploadException | InterruptedException e) {
            client.disconnect();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new UploadException("stopped");
            }
            throw (UploadException) e;
        }
        return new PlatformUploader.Connection() {
            @Override
            public void publish(byte[] payload) throws UploadException, InterruptedException {
                String l = lost.get();
                if (l != null) {
                    throw new UploadException("connection lost: " + l);
                }
                await(client.publishWith().topic(platform.topic()).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send(),
                        "publish");
            }

            @Override
            public String lost() {
                return lost.get();
            }

            @Override
            public void close() {
                closing.set(true);
                try {
                    client.disconnect().get(5, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // already gone, or the broker is not answering: nothing more to do
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private <T> T await(CompletableFuture<T> f, String step) throws UploadException, InterruptedException {
        try {
            return f.get(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new UploadException("connect".equals(step) && closedDuringHandshake(e.getCause())
                    ? "TLS: the broker closed the connection during the TLS handshake (is " + platform.host() + ":"
                    + platform.port() + " a TLS port? ssl:// needs one, " + C2P1_TLS_PORT + " by default)"
                    : why(e.getCause()));
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new UploadException("no answer from the broker within " + stepTimeout.toSeconds() + " s (" + step + ")");
        }
    }

    private static final int C2P1_TLS_PORT = it.c2du.core.profile.C2P1.Platform.DEFAULT_TLS_PORT;

    /**
     * A TLS connect that the other end closed without a TLS answer: a plain MQTT port, which
     * reads the ClientHello as a malformed packet and drops the connection (HiveMQ's client
     * reports only ClosedChannelException).
     */
    private boolean closedDuringHandshake(Throwable t) {
        if (!platform.tls()) {
            return false;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    /** The cause of a failure in the user's terms. */
    public String why(Throwable t) {
        if (t instanceof Mqtt3ConnAckException c) {
            return switch (c.getMqttMessage().getReturnCode()) {
                case BAD_USER_NAME_OR_PASSWORD -> "the broker refused the username or password (platform.username,"
                        + " platform.password or platform.password-file)";
                case NOT_AUTHORIZED -> "the broker says this client is not authorized";
                case IDENTIFIER_REJECTED -> "the broker refused the client id (platform.client-id)";
                case SERVER_UNAVAILABLE -> "the broker says the service is unavailable";
                case UNSUPPORTED_PROTOCOL_VERSION -> "the broker does not speak MQTT 3.1.1";
                default -> "the broker refused the connection: " + c.getMqttMessage().getReturnCode();
            };
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException && !(c instanceof javax.net.ssl.SSLException)) {
                return "connection refused (is the broker running, and is this its port?)";
            }
            if (c instanceof UnknownHostException) {
                return "unknown host " + c.getMessage();
            }
            if (c instanceof java.security.cert.CertPathValidatorException
                    || c instanceof java.security.cert.CertPathBuilderException) {
                return "TLS: the broker's certificate is not trusted (signed by no CA the JVM knows: give its CA in"
                        + " platform.ca-file)";
            }
            if (c instanceof java.security.cert.CertificateException && c.getMessage() != null
                    && c.getMessage().startsWith("No ")) {
                return "TLS: the broker's certificate is not for host " + platform.host() + " (" + c.getMessage() + ")";
            }
            if (c instanceof SSLException && c.getCause() == null) {
                return "TLS: " + c.getMessage();
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return "TLS: " + c.getMessage();
            }
        }
        if (t instanceof ConnectionClosedException || t instanceof com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException) {
            return "the broker closed the connection" + (t.getCause() == null ? "" : " (" + t.getCause() + ")");
        }
        return t == null ? "unknown reason" : t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /**
     * Where and how to connect, in one transport configuration: HiveMQ's own timeouts end a connect
     * that hangs (cancelling its future would not), and TLS for ssl://.
     */
    private com.hivemq.client.mqtt.MqttClientTransportConfig transport() throws UploadException {
        var t = com.hivemq.client.mqtt.MqttClientTransportConfig.builder()
                .serverHost(platform.host())
                .serverPort(platform.port())
                .socketConnectTimeout(stepTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .mqttConnectTimeout(stepTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (platform.tls()) {
            t = t.sslConfig(ssl());
        }
        return t.build();
    }

    /** TLS with the JVM's trusted certificates, or with those of {@code platform.ca-file}. */
    private MqttClientSslConfig ssl() throws UploadException {
        return trusting(platform.caFile(), "platform.ca-file");
    }

    /** TLS with the JVM's trusted certificates (caFile null), or with those of the PEM file the key {@code key} names. */
    public static MqttClientSslConfig trusting(java.nio.file.Path caFile, String key) throws UploadException {
        if (caFile == null) {
            return MqttClientSslConfig.builder().build();
        }
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new UploadException(key + " " + caFile + ": no certificate in it");
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return MqttClientSslConfig.builder().trustManagerFactory(tmf).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new UploadException(key + " " + caFile + ": not PEM certificates: " + e.getMessage());
        }
    }
}
