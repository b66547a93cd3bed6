package it.c2du.core.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.testing.TestVectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile file: C2P-1 written out as the contract shows it, every check naming its member's path. */
class LayoutFileTest {
    private static final long SEED = Long.getLong("c2du.seed", System.nanoTime());

    @Test
    void crcCheckValuesAreThoseOfTheContract() {
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        long[] check = {0x906E, 0x29B1, 0x31C3, 0x2189, 0x4B37, 0xCBF43926L};
        for (FcsCrc c : FcsCrc.values()) {
            assertEquals(check[c.ordinal()], c.compute(b, 0, b.length), c.fileName());
        }
    }

    @Test
    void c2p1AsTheContractWritesItIsTheBuiltInLayout() throws Exception {
        // The contract's own text of C2P-1 (profile-file.md), with the same members and values.
        Layout parsed = LayoutFile.parse(LayoutFile.write(Layout.c2p1()), "c2p1");
        assertEquals(Layout.c2p1(), parsed);
        assertEquals("C2P-1", parsed.name());
        assertEquals(14, parsed.mac().headerSize());
        assertEquals(2, parsed.mac().fcsSize());
    }

    @Test
    void theExampleProfileLoads() throws Exception {
        Layout l = LayoutFile.parse(TestVectors.text("layouts/example-dlms.profile.json"), "example-dlms.profile.json");
        assertEquals("example-dlms", l.name());
        assertEquals(FcsCrc.CRC16_CCITT_FALSE, l.mac().crc());
        assertTrue(l.mac().addressReversed());
        assertEquals(Layout.LengthCounts.FRAME, l.mac().lengthCounts());
        assertEquals(Layout.Aad.SC, l.security().aad());
        assertEquals(3, l.llcSize());
    }

    @Test
    void randomLayoutsSurviveTheirFile() throws Exception {
        Random r = new Random(SEED);
        for (int i = 0; i < 200; i++) {
            Layout l = RandomLayouts.any(r);
            String text = LayoutFile.write(l);
            assertEquals(text, LayoutFile.write(LayoutFile.parse(text, "random")), "seed " + SEED + " (-Dc2du.seed=" + SEED + ")");
        }
    }

    @Test
    void aCfWithoutCounterIsAccepted() throws Exception {
        String text = LayoutFile.write(Layout.c2p1()).replace("\"types\": {", "\"types\": {\n      \"51\": {\"counter\": null, "
                + "\"fields\": [[\"MessagePosixTimestamp\", \"u32\"], [\"Name\", \"ascii:4\"], [\"Raw\", \"bytes:2\"], [\"Delta\", \"i16\"]]},");
        Layout l = LayoutFile.parse(text, "x");
        assertNull(l.compactFrames().type(51).counter());
        assertEquals(1 + 4 + 4 + 2 + 2, l.compactFrames().type(51).plaintextLength());
        assertEquals(ReceptionCounter.C1, l.compactFrames().type(1).counter());
    }

    @Test
    void everyBadMemberIsNamedByItsPath() {
        String c2p1 = LayoutFile.write(Layout.c2p1());
        bad(c2p1.replace("\"crc16-x25\"", "\"crc17\""),
                "mac.fcs.crc: expected one of crc16-x25, crc16-ccitt-false, crc16-xmodem, crc16-kermit, crc16-modbus, crc32, got \"crc17\"");
        bad(c2p1.replace("\"address-order\"", "\"adress-order\""), "mac.adress-order: unknown member");
        bad(c2p1.replace("\"control\": \"30\", ", ""), "security.control: missing");
        bad(c2p1.replace("\"size\": 1", "\"size\": 3"), "mac.length.size: expected 1 or 2, got 3");
        bad(c2p1.replace("\"tag-size\": 12", "\"tag-size\": 10"), "security.tag-size: expected 8, 12 or 16, got 10");
        bad(c2p1.replace("\"llc\": [\"03\", \"01\"]", "\"llc\": [\"03\", \"1\"]"), "llc[1]: expected a byte");
        bad(c2p1.replace("\"llc\": [\"03\", \"01\"]", "\"llc\": [\"03\", \"01\", \"02\", \"03\", \"04\"]"), "llc: expected 0 to 4 bytes");
        bad(c2p1.replace("[\"control\", \"length\", \"destination\", \"source\"]", "[\"control\", \"length\", \"destination\", \"control\"]"),
                "mac.header[3]: \"control\" is listed twice");
        bad(c2p1.replace("\"segmentation\": \"C0\"", "\"segmentation\": null"), "convergence.segmentation: is null but");
        bad(c2p1.replace("\"21\": {\"counter\": \"C2\"", "\"21\": {\"counter\": \"C1\""),
                "compact-frames.types.21.counter: the public mapping counts CF21 in C2, got \"C1\"");
        bad(c2p1.replace("\"21\": {\"counter\": \"C2\"", "\"21\": {\"counter\": \"C7\""), "compact-frames.types.21.counter: expected one of C1");
        bad(c2p1.replace("[\"TariffCode\", \"u8\"]", "[\"TariffCode\", \"u9\"]"), "compact-frames.types.1.fields[2][1]: expected one of u8");
        bad(c2p1.replace("\"exact-length\": true", "\"exact-length\": \"yes\""), "compact-frames.exact-length: expected true or false");
        bad("{", "x: not JSON");
    }

    @Test
    void profileFileKeyIsRelativeToTheConfigurationAndItsErrorsNameTheFile(@TempDir Path dir) throws Exception {
        String cfg = "du.mac = DC1234567890\nm1.key = 000102030405060708090A0B0C0D0E0F\nm1.system-title = 4345434543454345\n"
                + "profile.file = layouts/p.json\n";
        Files.createDirectories(dir.resolve("layouts"));
        Files.writeString(dir.resolve("layouts/p.json"), TestVectors.text("layouts/example-dlms.profile.json"));
        Files.writeString(dir.resolve("du.properties"), cfg);
        assertEquals("example-dlms", DuConfig.load(dir.resolve("du.properties")).layout().name());
        Files.writeString(dir.resolve("layouts/p.json"), TestVectors.text("layouts/example-dlms.profile.json").replace("\"big\"", "\"huge\""));
        ConfigException e = assertThrows(ConfigException.class, () -> DuConfig.load(dir.resolve("du.properties")));
        assertTrue(e.getMessage().contains("p.json: mac.length.order: expected one of big, little, got \"huge\""), e.getMessage());
        Files.writeString(dir.resolve("du.properties"), cfg.replace("layouts/p.json", "missing.json"));
        e = assertThrows(ConfigException.class, () -> DuConfig.load(dir.resolve("du.properties")));
        assertTrue(e.getMessage().contains("line 4: profile.file: no such profile file"), e.getMessage());
        assertEquals(Layout.c2p1(), DuConfig.parse(cfg.replace("profile.file = layouts/p.json\n", ""), "x").layout());
    }

    private static void bad(String text, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> LayoutFile.parse(text, "x"));
        assertTrue(e.getMessage().startsWith("x: " + expected) || e.getMessage().contains(expected), e.getMessage());
    }
}
