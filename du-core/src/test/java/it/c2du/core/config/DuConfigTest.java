package it.c2du.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.crypto.OperationalKey;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DuConfigTest {
    private static final String SRC = "bench.properties";
    private static final String M1_KEY = "BC000000001234567890000012345678";
    private static final String M2_KEY = "123456789012345678901234567890FF";

    /** The example of interfaces.md, verbatim, inline comments included. */
    private static final String EXAMPLE = """
            du.mac          = DC1234567890                       # 12 hex digits, must start with DC
            du.name         = Lab DU 1                           # optional
            m1.pod          = IT001E12345678                     # optional; 14-15 characters
            m1.key          = BC000000001234567890000012345678   # 32 hex digits: the M1 association's operational key
            m1.system-title = 4345434543454345                   # 16 hex digits
            m2.pod          = ITP0AE12345678                     # the M2 association, all three optional together
            m2.key          = 123456789012345678901234567890FF
            m2.system-title = 4345434543454345
            counters.zone   = Europe/Rome                        # optional, default Europe/Rome
            """;

    /** Line numbers of the keys in {@link #config}. */
    private static final int MAC_LINE = 2;
    private static final int M1_KEY_LINE = 4;
    private static final int M1_ST_LINE = 5;

    /** A two-meter config with one line replaced or appended; line 1 is a comment. */
    private static String config(String mac, String m1Key, String m1St, String... extra) {
        StringBuilder sb = new StringBuilder();
        sb.append("# bench DU\n");
        sb.append("du.mac = ").append(mac).append('\n');
        sb.append("m1.pod = IT001E12345678\n");
        sb.append("m1.key = ").append(m1Key).append('\n');
        sb.append("m1.system-title = ").append(m1St).append('\n');
        for (String e : extra) {
            sb.append(e).append('\n');
        }
        return sb.toString();
    }

    private static String good(String... extra) {
        return config("DC1234567890", M1_KEY, "4345434543454345", extra);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    /** Parses expecting an error; checks it names each fragment and leaks no key of the text. */
    private static ConfigException error(String text, String... mustContain) {
        ConfigException e = assertThrows(ConfigException.class, () -> DuConfig.parse(text, SRC), text);
        String msg = e.getMessage();
        assertNotNull(msg);
        for (String f : mustContain) {
            assertTrue(msg.contains(f), "message should contain \"" + f + "\": " + msg);
        }
        assertFalse(msg.contains(M1_KEY), "leaks the M1 key: " + msg);
        assertFalse(msg.contains(M2_KEY), "leaks the M2 key: " + msg);
        return e;
    }

    private static void assertNamesLine(ConfigException e, int line) {
        assertTrue(Pattern.compile("\\bline " + line + "\\b").matcher(e.getMessage()).find(),
                "message should name line " + line + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(SRC), "message should name the file: " + e.getMessage());
    }

    // ---------------------------------------------------------------- good configs

    @Test
    void theInterfacesExampleParses() throws ConfigException {
        DuConfig c = DuConfig.parse(EXAMPLE, SRC);
        assertEquals("DC1234567890", c.duAddress().toString());
        assertEquals("Lab DU 1", c.name());
        assertEquals(ZoneId.of("Europe/Rome"), c.zone());
        assertEquals("auto", c.engineName(), "default engine: the faster here (EngineChoice)");
        assertNotNull(c.newEngine());

        List<Association> all = c.associations();
        assertEquals(2, all.size());
        Association m1 = c.association(MeterRole.M1);
        assertEquals(MeterRole.M1, m1.role());
        assertEquals("IT001E12345678", m1.pod());
        assertArrayEquals(hex(M1_KEY), m1.key().bytes());
        assertArrayEquals(hex("4345434543454345"), m1.systemTitle());
        Association m2 = c.association(MeterRole.M2);
        assertEquals(MeterRole.M2, m2.role());
        assertEquals("ITP0AE12345678", m2.pod());
        assertArrayEquals(hex(M2_KEY), m2.key().bytes());
        assertArrayEquals(hex("4345434543454345"), m2.systemTitle());
        assertEquals(m1, all.get(0));
        assertEquals(m2, all.get(1));
    }

    @Test
    void commentsBlankLinesCrLfAndDefaults() throws ConfigException {
        String text = "# leading comment\r\n\r\n   # indented comment\r\n"
                + "du.mac=DC1234567890\r\n"
                + "m1.key=" + M1_KEY + "\t# tab before the comment\r\n"
                + "m1.system-title = 4345434543454345\r\n"
                + "   \r\n";
        DuConfig c = DuConfig.parse(text, SRC);
        assertEquals("DC1234567890", c.duAddress().toString());
        assertNull(c.name());
        assertEquals(ZoneId.of("Europe/Rome"), c.zone(), "default zone");
        assertEquals("auto", c.engineName(), "default engine");
        assertEquals(it.c2du.core.crypto.EngineChoice.forThisJvm().engine(), c.newEngine().name(), "auto makes EngineChoice's engine");
        assertArrayEquals(hex(M1_KEY), c.association(MeterRole.M1).key().bytes());
    }

    @Test
    void onlyM1GivesOneAssociation() throws ConfigException {
        DuConfig c = DuConfig.parse("du.mac = DC1234567890\nm1.key = " + M1_KEY
                + "\nm1.system-title = 4345434543454345\n", SRC);
        assertEquals(1, c.associations().size());
        assertEquals(MeterRole.M1, c.associations().get(0).role());
        assertNull(c.association(MeterRole.M2));
        assertNull(c.association(MeterRole.M1).pod(), "m1.pod is optional");
    }

    @Test
    void hexIsCaseInsensitive() throws ConfigException {
        DuConfig upper = DuConfig.parse(config("DCABCDEF0123", "ABCDEF0123456789ABCDEF0123456789",
                "ABCDEF0123456789", "m2.pod = ITP0AE12345678", "m2.key = " + M2_KEY,
                "m2.system-title = 4345434543454345"), SRC);
        DuConfig lower = DuConfig.parse(config("dcabcdef0123", "abcdef0123456789abcdef0123456789",
                "abcdef0123456789", "m2.pod = ITP0AE12345678", "m2.key = " + M2_KEY.toLowerCase(),
                "m2.system-title = 4345434543454345"), SRC);
        DuConfig mixed = DuConfig.parse(config("dCaBcDeF0123", "AbCdEf0123456789aBcDeF0123456789",
                "aBcDeF0123456789", "m2.pod = ITP0AE12345678", "m2.key = 123456789012345678901234567890fF",
                "m2.system-title = 4345434543454345"), SRC);
        for (DuConfig c : List.of(lower, mixed)) {
            assertEquals(upper.duAddress(), c.duAddress());
            assertEquals("DCABCDEF0123", c.duAddress().toString());
            assertEquals(upper.association(MeterRole.M1), c.association(MeterRole.M1));
            assertEquals(upper.association(MeterRole.M2), c.association(MeterRole.M2));
            assertEquals(new OperationalKey(hex("ABCDEF0123456789ABCDEF0123456789")),
                    c.association(MeterRole.M1).key());
            assertArrayEquals(hex("ABCDEF0123456789"), c.association(MeterRole.M1).systemTitle());
        }
    }

    @Test
    void zoneAndEngineCanBeSet() throws ConfigException {
        DuConfig c = DuConfig.parse(good("counters.zone = UTC", "crypto.engine = bc"), SRC);
        assertEquals(ZoneId.of("UTC"), c.zone());
        assertEquals("bc", c.engineName());
        assertEquals("bc", c.newEngine().name());
        assertEquals("bc (configured)", c.engineDescription());
        for (String engine : new String[] {"jdk", "auto"}) {
            DuConfig e = DuConfig.parse(good("crypto.engine = " + engine), SRC);
            assertEquals(engine, e.engineName(), "jdk and bc stay valid beside auto");
        }
        DuConfig auto = DuConfig.parse(good("crypto.engine = auto"), SRC);
        assertTrue(auto.engineDescription().startsWith(auto.newEngine().name() + " (auto: "), auto.engineDescription());
    }

    @Test
    void loadReadsAFile(@TempDir Path dir) throws IOException, ConfigException {
        Path f = dir.resolve("du.properties");
        Files.writeString(f, EXAMPLE, StandardCharsets.UTF_8);
        DuConfig c = DuConfig.load(f);
        assertEquals(2, c.associations().size());

        Files.writeString(f, config("AB1234567890", M1_KEY, "4345434543454345"), StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class, () -> DuConfig.load(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("du.mac"), e.getMessage());
        assertTrue(e.getMessage().contains("line " + MAC_LINE), e.getMessage());

        Path missing = dir.resolve("nope.properties");
        ConfigException m = assertThrows(ConfigException.class, () -> DuConfig.load(missing));
        assertTrue(m.getMessage().contains(missing.toString()), m.getMessage());
    }

    // ---------------------------------------------------------------- du.mac

    @Test
    void macErrorHasTheDocumentedForm() {
        ConfigException e = error(config("AB12", M1_KEY, "4345434543454345"),
                "du.mac: expected 12 hex digits starting with DC, got \"AB12\"");
        assertNamesLine(e, MAC_LINE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AB1234567890", "00DC12345678", "DC12345678", "DC1234567890AB", "DC123456789",
            "DC12345678G0", "DC12345678-0", "DC\uFF11234567890", "DC\u0660\u066134567890"})
    void badMacNamesKeyAndLine(String mac) {
        ConfigException e = error(config(mac, M1_KEY, "4345434543454345"), "du.mac");
        assertNamesLine(e, MAC_LINE);
    }

    @Test
    void emptyMac() {
        ConfigException e = error(config("", M1_KEY, "4345434543454345"), "du.mac");
        assertNamesLine(e, MAC_LINE);
    }

    @Test
    void missingMac() {
        error("m1.key = " + M1_KEY + "\nm1.system-title = 4345434543454345\n", "du.mac", "missing");
    }

    // ---------------------------------------------------------------- keys: never echoed

    @ParameterizedTest
    @ValueSource(strings = {
        "BC00000000123456789000001234567",     // 31 digits
        "BC0000000012345678900000123456789",   // 33 digits
        "BC00000000123456789000001234567G",    // a non-hex letter
        "BC0000000012345678900000123456 8",    // a space inside
        "BC00000000123456789000001234567\u0661", // a non-ASCII (Arabic-Indic) digit
        "BC0000000012345678900000123456\uFF178",  // a full-width digit
        "0xBC000000001234567890000012345678",  // a prefix
    })
    void badM1KeyNamesKeyAndLineButNeverTheValue(String key) {
        ConfigException e = error(config("DC1234567890", key, "4345434543454345"), "m1.key");
        assertNamesLine(e, M1_KEY_LINE);
        String msg = e.getMessage();
        assertFalse(msg.contains(key), "the bad key must not be echoed: " + msg);
        assertFalse(msg.contains(key.substring(0, 12)), "no part of the key may be echoed: " + msg);
        assertFalse(msg.contains(key.substring(key.length() - 12)), "no part of the key may be echoed: " + msg);
        assertFalse(msg.contains("BC0000000012"), "no part of the key may be echoed: " + msg);
    }

    @Test
    void emptyM1Key() {
        ConfigException e = error(config("DC1234567890", "", "4345434543454345"), "m1.key");
        assertNamesLine(e, M1_KEY_LINE);
    }

    @Test
    void badM2KeyIsNotEchoedEither() {
        String bad = "123456789012345678901234567890FX";
        ConfigException e = error(good("m2.pod = ITP0AE12345678", "m2.key = " + bad, "m2.system-title = 4345434543454345"),
                "m2.key");
        assertNamesLine(e, 7);
        assertFalse(e.getMessage().contains(bad), e.getMessage());
        assertFalse(e.getMessage().contains("1234567890123"), e.getMessage());
    }

    @Test
    void missingM1Key() {
        error("du.mac = DC1234567890\nm1.system-title = 4345434543454345\n", "m1.key", "missing");
    }

    // ---------------------------------------------------------------- other values

    @ParameterizedTest
    @ValueSource(strings = {"434543454345434", "43454345434543450", "434543454345434G", "4345-43454345434"})
    void badSystemTitle(String st) {
        ConfigException e = error(config("DC1234567890", M1_KEY, st), "m1.system-title");
        assertNamesLine(e, M1_ST_LINE);
    }

    @Test
    void missingSystemTitle() {
        error("du.mac = DC1234567890\nm1.key = " + M1_KEY + "\n", "m1.system-title", "missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"IT001E1234567", "IT001E1234567890", "IT001E-2345678"})
    void badPod(String pod) {
        ConfigException e = error(good().replace("IT001E12345678", pod), "m1.pod");
        assertNamesLine(e, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Europe/Roma", "Mars/Olympus", "", "CET+"})
    void badZone(String zone) {
        ConfigException e = error(good("counters.zone = " + zone), "counters.zone");
        assertNamesLine(e, 6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "", "jdk bc"})
    void badEngine(String engine) {
        ConfigException e = error(good("crypto.engine = " + engine), "crypto.engine");
        assertNamesLine(e, 6);
    }

    // ---------------------------------------------------------------- structure

    @Test
    void unknownKey() {
        ConfigException e = error(good("du.macc = DC1234567890"), "du.macc");
        assertNamesLine(e, 6);
    }

    @Test
    void unknownKeyHoldingAKeyDoesNotEchoIt() {
        ConfigException e = error(good("m1.kye = " + M2_KEY), "m1.kye");
        assertNamesLine(e, 6);
    }

    @Test
    void duplicateKey() {
        ConfigException e = error(good("", "du.mac = DC0000000001"), "du.mac");
        assertNamesLine(e, 7);
        assertTrue(e.getMessage().contains("line " + MAC_LINE), "names the first setting too: " + e.getMessage());
    }

    @Test
    void duplicateSecretKeyDoesNotEchoEitherValue() {
        ConfigException e = error(good("m1.key = " + M2_KEY), "m1.key");
        assertNamesLine(e, 6);
    }

    @Test
    void lineWithoutEquals() {
        ConfigException e = error(good(M2_KEY), "");
        assertNamesLine(e, 6);
        ConfigException colon = error(good("m2.key: " + M2_KEY), "");
        assertNamesLine(colon, 6);
    }

    @Test
    void m2KeysAreSetTogetherOrNotAtAll() {
        error(good("m2.key = " + M2_KEY), "m2.system-title");
        error(good("m2.system-title = 4345434543454345"), "m2.key");
        error(good("m2.pod = ITP0AE12345678"), "m2.key");
        error(good("m2.key = " + M2_KEY, "m2.system-title = 4345434543454345"), "m2.pod");
    }
}
