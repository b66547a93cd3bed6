package it.c2du.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code platform.*} keys: the upload of the daily counters to the collaborative platform over MQTT. */
class PlatformConfigTest {
    private static final String SRC = "du.properties";
    private static final String M1_KEY = "BC000000001234567890000012345678";
    private static final String PASSWORD = "s3cret-Pa55word";

    /** Lines 1-5: the DU and its M1 association with the platform's members; {@code extra} from line 6 on. */
    private static String config(String... extra) {
        StringBuilder sb = new StringBuilder("du.mac = DC1234567890\n"
                + "m1.pod = IT001E12345678\n"
                + "m1.key = " + M1_KEY + "\n"
                + "m1.system-title = 4345434543454345\n"
                + "m1.installation-id = XY171001\n");
        for (String e : extra) {
            sb.append(e).append('\n');
        }
        return sb.toString();
    }

    /** A self-signed certificate (EC P-256, CN=du-test-ca), made with the JDK's keytool for these tests. */
    static final String CA_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIBQDCB56ADAgECAgheZ+VoRIrQajAKBggqhkjOPQQDAjAVMRMwEQYDVQQDEwpk
            dS10ZXN0LWNhMB4XDTI2MTEzMDEyNTUwMFoXDTM2MTEyNzEyNTUwMFowFTETMBEG
            A1UEAxMKZHUtdGVzdC1jYTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABBaYRjWv
            TnjFZFs+cx1dK1Y/amF+BsuBl8mNzwwRGBrRlk28xg2+l9RN5v90ww8Up9xtqMTd
            GdMuTUH1uUCd8SujITAfMB0GA1UdDgQWBBSpxgw7OPvbTsBOroN1UVN5VtFcCjAK
            BggqhkjOPQQDAgNIADBFAiAz0EcjF9oR7L93gODCYhs1DDp74ygtpEGrWnMJg3Rc
            SAIhAOrRkQapSriHS2HAe0cFg6pSjBo4+VtAzsFJCryHEwUM
            -----END CERTIFICATE-----
            """;

    private static String error(String text, String key) {
        ConfigException e = assertThrows(ConfigException.class, () -> DuConfig.parse(text, SRC), text);
        String msg = e.getMessage();
        assertTrue(msg.contains(SRC) && msg.contains(key), "names the file and " + key + ": " + msg);
        assertFalse(msg.contains(PASSWORD) || msg.toUpperCase().contains(M1_KEY), "leaks a secret: " + msg);
        return msg;
    }

    @Test
    void withoutABrokerThereIsNoUpload() throws ConfigException {
        assertNull(DuConfig.parse(config(), SRC).platform());
    }

    @Test
    void tcpWithUserPasswordAndDefaults() throws ConfigException {
        DuConfig c = DuConfig.parse(config("platform.broker = tcp://mqtt.example.it", "platform.topic = /chain2",
                "platform.username = dc1234567890", "platform.password = " + PASSWORD), SRC);
        DuConfig.Platform p = c.platform();
        assertFalse(p.tls());
        assertEquals("mqtt.example.it", p.host());
        assertEquals(1883, p.port());
        assertEquals("/chain2", p.topic());
        assertEquals("/chain2/rc", p.returnCodeTopic());
        assertEquals("dc1234567890", p.username());
        assertArrayEquals(PASSWORD.getBytes(StandardCharsets.UTF_8), p.password());
        assertEquals("duDC1234567890", p.clientId());
        assertEquals("tcp://mqtt.example.it:1883", p.brokerUrl());
        assertFalse(p.toString().contains(PASSWORD), p.toString());
        assertTrue(p.toString().contains("platform.password"), p.toString());
    }

    @Test
    void sslWithPortCaFileAndClientId(@TempDir Path dir) throws IOException, ConfigException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), CA_PEM);
        DuConfig.Platform p = DuConfig.parse(config("platform.broker = SSL://10.0.0.7:18883/", "platform.topic = t",
                "platform.client-id = du-site-7", "platform.ca-file = " + ca), SRC).platform();
        assertTrue(p.tls());
        assertEquals("10.0.0.7", p.host());
        assertEquals(18883, p.port());
        assertEquals("du-site-7", p.clientId());
        assertEquals(ca, p.caFile());
        assertNull(p.username());
        assertNull(p.password());
        assertEquals(8883, DuConfig.parse(config("platform.broker = ssl://[::1]", "platform.topic = t"), SRC).platform().port());
        assertEquals("ssl://[::1]:8883", DuConfig.parse(config("platform.broker = ssl://[::1]", "platform.topic = t"), SRC)
                .platform().brokerUrl());
    }

    @Test
    void thePasswordFileGivesItsFirstLineAndIsNeverEchoed(@TempDir Path dir) throws IOException, ConfigException {
        Path f = Files.writeString(dir.resolve("pw"), PASSWORD + "\r\nsecond line\n");
        DuConfig.Platform p = DuConfig.parse(config("platform.broker = tcp://h", "platform.topic = t",
                "platform.username = u", "platform.password-file = " + f), SRC).platform();
        assertArrayEquals(PASSWORD.getBytes(StandardCharsets.UTF_8), p.password());
        assertEquals(f.toString(), p.passwordSource());

        Files.writeString(f, "\n");
        String msg = error(config("platform.broker = tcp://h", "platform.topic = t", "platform.username = u",
                "platform.password-file = " + f), "platform.password-file");
        assertTrue(msg.contains("line 9") && msg.contains("no password"), msg);
        Files.write(f, new byte[] {(byte) 0xC3, 0x28});
        assertTrue(error(config("platform.broker = tcp://h", "platform.topic = t", "platform.username = u",
                "platform.password-file = " + f), "platform.password-file").contains("not UTF-8"));
        assertTrue(error(config("platform.broker = tcp://h", "platform.topic = t", "platform.username = u",
                "platform.password-file = " + dir.resolve("none")), "platform.password-file").contains("no such file"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqtt://h", "tcp:/h", "tcp://", "tcp://h:0", "tcp://h:65536", "tcp://h:1234567",
        "http://h:80", "tcp://h h", "tcp://user:pw@h"})
    void aBadBrokerUrlIsNamed(String url) {
        String msg = error(config("platform.broker = " + url, "platform.topic = t"), "platform.broker");
        assertTrue(msg.contains("line 6"), msg);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/+/b", "#", "$SYS/x"})
    void aTopicWithWildcardsIsRefused(String topic) {
        error(config("platform.broker = tcp://h", "platform.topic = " + topic), "platform.topic");
    }

    @Test
    void aCaFileWithoutACertificateIsBadInputWhenTheConfigurationIsLoaded(@TempDir Path dir) throws IOException {
        String truncated = CA_PEM.substring(0, CA_PEM.length() / 2);
        for (String content : List.of("", "-----BEGIN CERTIFICATE-----\n", truncated, "not a certificate\n",
                "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n")) {
            Path ca = Files.writeString(dir.resolve("ca.pem"), content);
            String msg = error(config("platform.broker = ssl://h", "platform.topic = t", "platform.ca-file = " + ca),
                    "platform.ca-file");
            assertTrue(msg.contains(ca + ": no PEM certificate in it"), msg);
        }
        // A directory in the file's place is no certificate either.
        String msg = error(config("platform.broker = ssl://h", "platform.topic = t", "platform.ca-file = " + dir),
                "platform.ca-file");
        assertTrue(msg.contains(dir.toString()), msg);
    }

    @Test
    void inconsistentKeysAreNamed(@TempDir Path dir) throws IOException {
        assertTrue(error(config("platform.broker = tcp://h"), "platform.topic").contains("missing"));
        assertTrue(error(config("platform.topic = t"), "platform.topic").contains("platform.broker is not"));
        error(config("platform.broker = tcp://h", "platform.topic = t", "platform.password = " + PASSWORD),
                "platform.password");
        Path f = Files.writeString(dir.resolve("pw"), PASSWORD);
        error(config("platform.broker = tcp://h", "platform.topic = t", "platform.username = u",
                "platform.password = " + PASSWORD, "platform.password-file = " + f), "platform.password-file");
        error(config("platform.broker = tcp://h", "platform.topic = t", "platform.ca-file = " + f), "platform.ca-file");
        error(config("platform.broker = ssl://h", "platform.topic = t", "platform.ca-file = " + dir.resolve("no.pem")),
                "platform.ca-file");
        error(config("platform.broker = tcp://h", "platform.topic = t", "platform.client-id = two words"),
                "platform.client-id");
        error(config("platform.broker = tcp://h", "platform.topic = t", "platform.username ="), "platform.username");
    }

    @Test
    void withTheUploadEveryMeterNeedsAPlatformPodAndAnInstallationId() {
        String noId = config("platform.broker = tcp://h", "platform.topic = t").replace("m1.installation-id = XY171001\n", "");
        assertTrue(error(noId, "m1.installation-id").contains("platform.broker is set"));
        String lowerPod = config("platform.broker = tcp://h", "platform.topic = t").replace("IT001E12345678", "it001e12345678");
        assertTrue(error(lowerPod, "m1.pod").contains("IT and 12 or 13"));
        String noPod = config("platform.broker = tcp://h", "platform.topic = t").replace("m1.pod = IT001E12345678\n", "");
        error(noPod, "m1.pod");
        String m2 = config("platform.broker = tcp://h", "platform.topic = t", "m2.pod = ITP0AE12345678",
                "m2.key = 123456789012345678901234567890FF", "m2.system-title = 4345434543454345");
        error(m2, "m2.installation-id");
    }

    @Test
    void anInstallationIdInSmallLettersIsRefusedNamingItsCapitalForm() {
        // The platform keeps xy171001 and XY171001 as two installations: one spelling only.
        String lower = config("platform.broker = tcp://h", "platform.topic = t").replace("XY171001", "xY171001");
        String message = error(lower, "m1.installation-id");
        assertTrue(message.contains("capital letters") && message.contains("\"XY171001\""), message);
    }

    @Test
    void aPasswordIsTheWholeRestOfItsLineHashIncluded() throws ConfigException {
        DuConfig.Platform p = DuConfig.parse(config("platform.broker = tcp://h  # the bench", "platform.topic = t",
                "platform.username = u", "platform.password = abc #1 x  "), SRC).platform();
        assertArrayEquals("abc #1 x".getBytes(StandardCharsets.UTF_8), p.password());
        assertEquals("h", p.host());
    }

    @Test
    void thePasswordIsNeverEchoedEvenWhenMisplaced() {
        // "platform.password <value> = x" is one malformed line: refused without echoing it.
        ConfigException e = assertThrows(ConfigException.class, () -> DuConfig.parse(config("platform.password "
                + PASSWORD + " = x"), SRC));
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }
}
