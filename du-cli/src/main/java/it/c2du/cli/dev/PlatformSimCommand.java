package it.c2du.cli.dev;

import it.c2du.cli.BadArgumentException;


import it.c2du.lab.platform.PlatformSimulator;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code du platform-sim}: a stand-in for the collaborative platform's MQTT upload interface. */
@Command(name = "platform-sim", mixinStandardHelpOptions = true,
        description = {"A stand-in for the collaborative platform (Allegato 5) for benches and tests: an embedded MQTT"
                + " 3.1.1 broker that checks each message published on the topic as the platform would and publishes"
                + " the return code on the topic + \"/rc\" (QoS 1), until SIGTERM (or Ctrl-C).",
                "",
                "Phase 1 is the syntax (UTF-8, one JSON object); phase 2 the content: TS (a date at 00:00 UTC in"
                        + " milliseconds), C1_DU, C2_DU, C3_DU (M1) or C4_DU, C5_DU (M2) in 0..32767 or"
                        + " -65535..-32768 (power loss), POD (IT + 12 or 13 capital letters or digits),"
                        + " ID_INSTALLAZIONE (2 letters or digits + YYMMDD), DU (DC + 10 hex digits). Other members"
                        + " are ignored. Return codes: {\"RC\":\"OK\",\"data\":<json sent>} or"
                        + " {\"RC\":\"KO\",\"data\":\"<json as string>\",\"phase\":1|2,\"error\":\"...\"}.",
                "",
                "Prints the address it listens on, then one line per message (OK with the row, or KO with phase and"
                        + " error) and per client connection; keeps the last row per (ID_INSTALLAZIONE, POD, day) and"
                        + " prints that table when stopped. Nothing is kept on disk.",
                "",
                "Exit status 2 for a bad argument or an address that cannot be listened on."})
public final class PlatformSimCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N", description = "TCP port (default 1883; 0 picks a free one).")
    int port = 1883;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface).")
    String host = "127.0.0.1";

    @Option(names = "--topic", paramLabel = "T", description = "The topic the DUs publish on (default /chain2).")
    String topic = "/chain2";

    @Option(names = "--username", paramLabel = "U",
            description = "Require this username and the password of --password-file from every client"
                    + " (default: anonymous clients).")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File holding the password (UTF-8; a final line end is not part of it). Never printed.")
    Path passwordFile;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "Also listen with TLS (for DUs with platform.broker = ssl://...), with the broker's key and"
                    + " certificate from this PKCS#12 (or .jks) key store.")
    Path tlsKeyStore;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE",
            description = "File holding the key store's password (with --tls-keystore). Never printed.")
    Path tlsKeyStorePasswordFile;

    @Option(names = "--tls-port", paramLabel = "N", description = "TLS port (default 8883; 0 picks a free one).")
    int tlsPort = 8883;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Counted down to stop: by SIGTERM, or by a test. */
    public final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || port > 65535) {
            throw new BadArgumentException("--port: expected 0 to 65535, got " + port);
        }
        if ((username == null) != (passwordFile == null)) {
            throw new BadArgumentException("--username and --password-file go together");
        }
        try {
            PlatformSimulator.checkTopic(topic);
        } catch (IllegalArgumentException e) {
            throw new BadArgumentException("--" + e.getMessage());
        }
        byte[] password = passwordFile == null ? null : password("--password-file", passwordFile);
        if ((tlsKeyStore == null) != (tlsKeyStorePasswordFile == null)) {
            throw new BadArgumentException("--tls-keystore and --tls-keystore-password-file go together");
        }
        if (tlsPort < 0 || tlsPort > 65535) {
            throw new BadArgumentException("--tls-port: expected 0 to 65535, got " + tlsPort);
        }
        PlatformSimulator.Tls tls = null;
        if (tlsKeyStore != null) {
            if (!Files.isReadable(tlsKeyStore)) {
                throw new BadArgumentException("--tls-keystore " + tlsKeyStore + ": cannot read it");
            }
            tls = new PlatformSimulator.Tls(tlsKeyStore, new String(password("--tls-keystore-password-file", tlsKeyStorePasswordFile),
                    java.nio.charset.StandardCharsets.UTF_8), tlsPort);
            try {
                tls.check();
            } catch (IOException e) {
                throw new BadArgumentException("--tls-keystore " + tlsKeyStore + ": " + e.getMessage());
            }
        }
        quietBroker();
        java.util.function.Consumer<String> say = line -> {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        };
        FailedHandshakeLog handshakes = new FailedHandshakeLog(say);
        LoggerContext logs = LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx ? ctx : null;
        if (logs != null) {
            logs.addTurboFilter(handshakes);
        }
        try {
            return serve(tls, password, out, say);
        } finally {
            if (logs != null) {
                logs.getTurboFilterList().remove(handshakes);
            }
        }
    }

    /** The broker, until stopped; its lines through {@code say}. */
    private int serve(PlatformSimulator.Tls tls, byte[] password, PrintWriter out, java.util.function.Consumer<String> say)
            throws Exception {
        PlatformSimulator.Options options = new PlatformSimulator.Options(host, port, topic, username, password);
        PlatformSimulator sim;
        try {
            sim = PlatformSimulator.start(options, tls, say, java.time.Clock.systemDefaultZone());
        } catch (IOException e) {
            throw new BadArgumentException(e.getMessage());
        }
        // SIGTERM or Ctrl-C: the hook asks the main thread to stop, then holds the JVM until the
        // table is printed. (Not StopOnSigterm: that one loads jSerialComm, which a broker has no use for.)
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "du-platform-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.println("platform-sim: listening on mqtt://" + host + ":" + sim.port() + ", topic " + topic
                    + " (return codes on " + sim.returnCodeTopic() + "), "
                    + (username == null ? "anonymous clients" : "username " + username + " and its password required")
                    + (tls == null ? "" : "; TLS on mqtts://" + host + ":" + sim.tlsPort()));
            out.flush();
            stop.await();
            sim.close();
            PlatformSimulator.Totals t = sim.totals();
            out.println("platform-sim: stopped; " + t.accepted() + " OK, " + t.rejectedPhase1() + " KO in phase 1, "
                    + t.rejectedPhase2() + " KO in phase 2; " + sim.rows().size() + " rows kept:");
            sim.table().forEach(out::println);
            out.flush();
            return 0;
        } finally {
            sim.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook has run
            }
        }
    }

    /** The password file's content without a final line end; an empty password is refused. */
    public static byte[] password(String option, Path file) throws BadArgumentException {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadArgumentException(option + " " + file + ": cannot read it (" + e + ")");
        }
        int n = b.length;
        if (n > 0 && b[n - 1] == '\n') {
            n--;
            if (n > 0 && b[n - 1] == '\r') {
                n--;
            }
        }
        if (n == 0) {
            throw new BadArgumentException(option + " " + file + ": the password is empty");
        }
        return Arrays.copyOf(b, n);
    }

    /**
     * Moquette logs every connection and every internal publish at info level, and Netty has its own
     * chatter: keep both at warn, whatever DU_LOG_LEVEL says for du's own loggers, so the report
     * lines stay readable. Their warnings (protocol errors by a client) still show, on stderr.
     */
    public static void quietBroker() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.getLogger("io.moquette").setLevel(Level.WARN);
            ctx.getLogger("io.netty").setLevel(Level.WARN);
        }
    }
}
