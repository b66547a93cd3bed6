package it.c2du.cli;

import it.c2du.lab.platform.PlatformSimulator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.counters.CounterSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code platform.broker = ssl://...}: the upload over TLS to the embedded broker, whose
 * certificate (made here with the JDK's keytool, for IP 127.0.0.1 only) is trusted through
 * {@code platform.ca-file}. Without that file the JVM does not trust it; under another host
 * name the certificate does not match: both are TLS errors, and nothing is sent.
 */
class PlatformTlsTest {
    @TempDir
    Path work;

    @Test
    void tlsWithTheCaFileAndTheHostNameChecked() throws Exception {
        Path keyStore = work.resolve("broker.p12");
        String storePassword = "changeit-" + System.nanoTime();
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=platform-sim", "-ext", "SAN=ip:127.0.0.1", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", storePassword);
        Path ca = work.resolve("platform-ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", storePassword,
                "-file", ca.toString());

        try (PlatformSimulator sim = PlatformSimulator.start(new PlatformSimulator.Options("127.0.0.1", 0,
                PlatformUploadTest.TOPIC, PlatformUploadTest.USER,
                PlatformUploadTest.PASSWORD.getBytes(StandardCharsets.UTF_8)),
                new PlatformSimulator.Tls(keyStore, storePassword, 0), line -> { }, Clock.systemUTC())) {
            Path state = work.resolve("state");
            CounterSnapshot s = PlatformUploadTest.state(state, 2, 7);

            CliRun untrusted = publish(config(sim, "127.0.0.1", null), state);
            assertEquals(5, untrusted.status(), untrusted.out() + untrusted.err());
            assertTrue(untrusted.out().contains("stopped: cannot connect: TLS: the broker's certificate is not trusted"),
                    untrusted.out());
            CliRun otherName = publish(config(sim, "localhost", ca), state);
            assertEquals(5, otherName.status(), otherName.out());
            assertTrue(otherName.out().contains("stopped: cannot connect: TLS: the broker's certificate is not for host"
                    + " localhost"), otherName.out());
            assertEquals(new PlatformSimulator.Totals(0, 0, 0), sim.totals(), "nothing went out in clear or to the wrong host");

            CliRun ok = publish(config(sim, "127.0.0.1", ca), state);
            assertEquals(0, ok.status(), ok.out() + ok.err());
            assertEquals(PlatformUploadTest.expectedRows(s, "XY171001"), PlatformUploadTest.rowsOf(sim));
        }
    }

    @Test
    void tlsToAPlainMqttPortSaysTlsWasRefused() throws Exception {
        try (PlatformSimulator sim = PlatformSimulator.start(new PlatformSimulator.Options("127.0.0.1", 0,
                PlatformUploadTest.TOPIC, PlatformUploadTest.USER,
                PlatformUploadTest.PASSWORD.getBytes(StandardCharsets.UTF_8)), line -> { })) {
            Path state = work.resolve("state");
            PlatformUploadTest.state(state, 1, 3);
            Path pw = Files.writeString(work.resolve("pw"), PlatformUploadTest.PASSWORD);
            Path cfg = Files.writeString(work.resolve("du.properties"), PlatformUploadTest.configText(
                    "ssl://127.0.0.1:" + sim.port(), pw, "XY171001", ""));
            CliRun r = publish(cfg, state);
            assertEquals(ExitStatus.UNSENT, r.status(), r.out() + r.err());
            assertTrue(r.out().contains("stopped: cannot connect: TLS: the broker closed the connection during the TLS"
                    + " handshake (is 127.0.0.1:" + sim.port() + " a TLS port? ssl:// needs one, 8883 by default)"), r.out());
            assertEquals(new PlatformSimulator.Totals(0, 0, 0), sim.totals());
        }
    }

    private Path config(PlatformSimulator sim, String host, Path ca) throws Exception {
        Path pw = Files.writeString(work.resolve("pw"), PlatformUploadTest.PASSWORD);
        return Files.writeString(work.resolve("du-" + host + (ca == null ? "" : "-ca") + ".properties"),
                PlatformUploadTest.configText("ssl://" + host + ":" + sim.tlsPort(), pw, "XY171001",
                        ca == null ? "" : "platform.ca-file = " + ca + "\n"));
    }

    private static CliRun publish(Path config, Path state) {
        return CliRun.of("publish", "--config", config.toString(), "--state", state.toString(), "--attempts", "1");
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "keytool " + args[0] + ": " + out);
    }
}
