package it.c2du.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live.* and http.* keys: defaults, errors naming key and line, the password never printed. */
class LiveOutputsConfigTest {
    private static final String BASE = "du.mac = DC1234567890\nm1.key = BC000000001234567890000012345678\n"
            + "m1.system-title = 4345434543454345\n";

    @TempDir
    Path tmp;

    @Test
    void defaultsAndTheTopic() throws Exception {
        DuConfig none = DuConfig.parse(BASE, "t");
        assertNull(none.liveOutputs().broker());
        assertNull(none.liveOutputs().http());
        Path pw = tmp.resolve("pw");
        Files.writeString(pw, "s3cret-live\n");
        DuConfig c = DuConfig.parse(BASE + "live.broker = tcp://ha.local\nlive.username = u\nlive.password-file = " + pw
                + "\nhttp.listen = on\n", "t");
        LiveOutputs.Broker b = c.liveOutputs().broker();
        assertEquals("c2du/DC1234567890", b.topic());
        assertEquals("homeassistant", b.discoveryPrefix());
        assertEquals(1883, b.port());
        assertEquals("s3cret-live", new String(b.password()));
        assertFalse(b.toString().contains("s3cret"), b.toString());
        assertEquals("127.0.0.1:8080", c.liveOutputs().http().toString());
        assertNull(DuConfig.parse(BASE + "live.broker = tcp://h\nlive.discovery-prefix =\n", "t").liveOutputs().broker()
                .discoveryPrefix(), "empty turns discovery off");
    }

    @Test
    void errorsNameKeyAndLine() throws Exception {
        assertEquals("t line 4: live.broker: expected tcp://HOST[:PORT] or ssl://HOST[:PORT] (TLS), got \"http://x\"",
                assertThrows(ConfigException.class, () -> DuConfig.parse(BASE + "live.broker = http://x\n", "t")).getMessage());
        assertEquals("t line 4: live.topic: set, but live.broker is not (your broker's URL, e.g."
                + " tcp://homeassistant.local:1883)", assertThrows(ConfigException.class,
                () -> DuConfig.parse(BASE + "live.topic = x\n", "t")).getMessage());
        String remote = assertThrows(ConfigException.class, () -> DuConfig.parse(BASE + "http.listen = 0.0.0.0:8080\n", "t"))
                .getMessage();
        assertEquals("t line 4: http.listen: 0.0.0.0 is not the Pi's own loopback address: the page and /metrics would"
                + " be open to the network; set http.allow-remote = true to mean it", remote);
        assertEquals("0.0.0.0:8080", assertDoesNotThrow("http.listen = 0.0.0.0:8080\nhttp.allow-remote = true\n"));
        assertEquals("t line 4: http.listen: expected on, off, PORT or HOST:PORT (e.g. 127.0.0.1:8080), got \"x:y\"",
                assertThrows(ConfigException.class, () -> DuConfig.parse(BASE + "http.listen = x:y\n", "t")).getMessage());
        assertEquals("t line 5: live.password-file: no such file /nonexistent/pw", assertThrows(ConfigException.class,
                () -> DuConfig.parse(BASE + "live.broker = tcp://h\nlive.password-file = /nonexistent/pw\nlive.username = u\n",
                        "t")).getMessage());
    }

    @Test
    void aLiveCaFileIsCheckedAsThePlatformsIs() throws Exception {
        Path notPem = Files.writeString(tmp.resolve("ca.pem"), "not a certificate\n");
        String live = assertThrows(ConfigException.class, () -> DuConfig.parse(BASE + "live.broker = ssl://h\nlive.ca-file = "
                + notPem + "\n", "t")).getMessage();
        assertTrue(live.startsWith("t line 5: live.ca-file: " + notPem + ": no PEM certificate in it"), live);
        assertEquals("t line 5: live.ca-file: set, but live.broker is tcp:// (certificates are for ssl://)",
                assertThrows(ConfigException.class, () -> DuConfig.parse(BASE + "live.broker = tcp://h\nlive.ca-file = "
                        + notPem + "\n", "t")).getMessage());
    }

    private static String assertDoesNotThrow(String extra) throws ConfigException {
        return DuConfig.parse(BASE + extra, "t").liveOutputs().http().toString();
    }
}
