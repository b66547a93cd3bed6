package it.c2du.cli;

import it.c2du.cli.dev.PlatformSimCommand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.lab.platform.PlatformSimulatorTest.Du;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code du platform-sim}: an anonymous broker (du-lab's PlatformSimulator) started by the command,
 * a real MQTT client publishing to it, the table printed when stopped, and the command's arguments.
 */
class PlatformSimCommandTest {
    private static final String TOPIC = "/chain2";

    @Test
    void theCommandListensAnonymouslyAndPrintsTheTableWhenStopped(@TempDir Path dir) throws Exception {
        // A port in use is said plainly.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun busy = CliRun.of("platform-sim", "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(ExitStatus.BAD_INPUT, busy.status());
            assertTrue(busy.err().startsWith("du: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "), busy.err());
        }

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PlatformSimCommand command = new PlatformSimCommand();
        picocli.CommandLine sub = new picocli.CommandLine(command);
        sub.setOut(new PrintWriter(out, true));
        sub.setErr(new PrintWriter(err, true));
        int[] status = {-1};
        // --port 0: the broker picks a free port, and the first line says which.
        Thread t = new Thread(() -> status[0] = sub.execute("--port", "0", "--topic", TOPIC));
        t.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!out.toString().contains("\n") && System.nanoTime() < until && t.isAlive()) {
            Thread.sleep(10);
        }
        java.util.regex.Matcher listening = java.util.regex.Pattern.compile("platform-sim: listening on mqtt://127\\.0\\.0\\.1:"
                + "([0-9]+), topic /chain2 \\(return codes on /chain2/rc\\), anonymous clients\n").matcher(out.toString());
        assertTrue(listening.lookingAt(), out + "\n" + err);
        int port = Integer.parseInt(listening.group(1));
        assertTrue(port > 0, out.toString());
        try (Du du = new Du("anonymous-du", port, null, null)) {
            Map<String, Object> rc = du.send(it.c2du.lab.platform.PlatformSimulatorTest.m1(LocalDate.of(2024, 6, 1), "AN240601", "IT001E12345678", 1, 2, 3));
            assertEquals("OK", rc.get("RC"));
        }
        command.stop.countDown();
        t.join(15_000);
        assertFalse(t.isAlive());
        assertEquals(0, status[0], err.toString());
        String text = out.toString();
        assertTrue(text.contains(" OK  AN240601 IT001E12345678 2024-06-01 M1 C1_DU=1 C2_DU=2 C3_DU=3 DU=DC0000000002"), text);
        assertTrue(text.contains("platform-sim: stopped; 1 OK, 0 KO in phase 1, 0 KO in phase 2; 1 rows kept:\n"
                + "ID_INSTALLAZIONE POD"), text);
        assertTrue(text.matches("(?s).*\nAN240601 +IT001E12345678 +2024-06-01 +M1 +DC0000000002 +C1_DU=1 C2_DU=2 C3_DU=3\n"), text);
        assertNotNull(DuCommand.commandLine().getSubcommands().get("platform-sim"), "du platform-sim is registered");

        // Arguments: credentials go together, the password file is read without its line end.
        CliRun half = CliRun.of("platform-sim", "--username", "u");
        assertEquals(ExitStatus.BAD_INPUT, half.status());
        assertEquals("du: --username and --password-file go together\n", half.err());
        assertEquals("du: --topic: expected a topic name without wildcards (+, #) or a leading $, got \"/chain2/#\"\n",
                CliRun.of("platform-sim", "--topic", "/chain2/#").err());
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "s3cret\r\n");
        assertEquals("s3cret", new String(PlatformSimCommand.password("--password-file", pw), StandardCharsets.UTF_8));
        Files.writeString(pw, "\n");
        assertEquals("du: --password-file " + pw + ": the password is empty\n",
                CliRun.of("platform-sim", "--username", "u", "--password-file", pw.toString()).err());
    }

    @Test
    void aClientSpeakingTlsToThePlainPortIsOneLineNotTwoStackTraces() throws Exception {
        StringWriter out = new StringWriter();
        PlatformSimCommand command = new PlatformSimCommand();
        picocli.CommandLine sub = new picocli.CommandLine(command);
        sub.setOut(new PrintWriter(out, true));
        sub.setErr(new PrintWriter(new StringWriter(), true));
        // The broker's log goes to System.err as it is when a line is written: catch it there.
        java.io.PrintStream realErr = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
        Thread t = new Thread(() -> sub.execute("--port", "0"));
        try {
            t.start();
            int port = Integer.parseInt(awaitLine(out, "platform-sim: listening on mqtt://127\\.0\\.0\\.1:([0-9]+),.*")
                    .group(1));
            // A DU with ssl:// on the plain port: a real TLS handshake, which the broker cannot answer.
            try (javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) javax.net.ssl.SSLSocketFactory.getDefault()
                    .createSocket("127.0.0.1", port)) {
                tls.setSoTimeout(10_000);
                org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, tls::startHandshake);
            }
            awaitLine(out, "platform-sim: a client failed its TLS handshake: .*");
            Thread.sleep(200); // anything else the broker would log about it
        } finally {
            command.stop.countDown();
            t.join(15_000);
            System.setErr(realErr);
        }
        assertEquals(1, out.toString().lines().filter(l -> l.contains("TLS handshake")).count(), out.toString());
        assertTrue(out.toString().contains("platform-sim: a client failed its TLS handshake: it spoke TLS to the plain"
                + " MQTT port (ssl:// needs the TLS port, --tls-port)\n"), out.toString());
        assertEquals("", log.toString(StandardCharsets.UTF_8), "no stack trace, no log line");
    }

    /** Waits (10 s at most) for a line of {@code out} matching {@code regex}. */
    private static java.util.regex.Matcher awaitLine(StringWriter out, String regex) throws InterruptedException {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("(?m)^" + regex + "$");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            java.util.regex.Matcher m = p.matcher(out.toString());
            if (m.find()) {
                return m;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no line " + regex + " within 10 s: " + out);
    }

    @Test
    void aKeyStoreThatCannotBeOpenedIsBadInputAtStart(@TempDir Path dir) throws Exception {
        Path keyStore = dir.resolve("broker.p12");
        String storePassword = "right-" + System.nanoTime();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=platform-sim", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", storePassword).redirectErrorStream(true).start();
        String made = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, made);
        Path wrong = Files.writeString(dir.resolve("wrong"), "not-" + storePassword + "\n");
        Path notAKeyStore = Files.writeString(dir.resolve("notes.p12"), "a text file\n");
        for (Path store : java.util.List.of(keyStore, notAKeyStore)) {
            // Before: "TLS on mqtts://..." and running, with nothing listening for TLS. Bounded, not timed.
            CliRun r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                    () -> CliRun.of("platform-sim", "--port", "0", "--tls-port", "0", "--tls-keystore", store.toString(),
                            "--tls-keystore-password-file", wrong.toString()));
            assertEquals(ExitStatus.BAD_INPUT, r.status(), r.out() + r.err());
            assertTrue(r.err().startsWith("du: --tls-keystore " + store + ": cannot open it with the password of"
                    + " --tls-keystore-password-file (a wrong password, or not a PKCS12 or JKS key store"), r.err());
            assertFalse(r.out().contains("listening"), r.out());
            assertFalse((r.out() + r.err()).contains(storePassword), "the password never shows");
        }
    }
}
