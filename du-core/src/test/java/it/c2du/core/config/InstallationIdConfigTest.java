package it.c2du.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.profile.MeterRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code m1.installation-id} / {@code m2.installation-id}: the platform's ID_INSTALLAZIONE
 * (chain2-profile.md, Allegato 5): 2 letters or digits and the activation date YYMMDD.
 */
class InstallationIdConfigTest {
    private static final String SRC = "site.properties";
    private static final String M1_KEY = "BC000000001234567890000012345678";
    private static final String M2_KEY = "123456789012345678901234567890FF";

    /** Line 1 comment, 2 du.mac, 3-5 M1, then {@code extra} from line 6 on. */
    private static String m1Only(String... extra) {
        StringBuilder sb = new StringBuilder("# site DU\n"
                + "du.mac = DC1234567890\n"
                + "m1.pod = IT001E12345678\n"
                + "m1.key = " + M1_KEY + "\n"
                + "m1.system-title = 4345434543454345\n");
        for (String e : extra) {
            sb.append(e).append('\n');
        }
        return sb.toString();
    }

    /** {@link #m1Only} plus the M2 association on lines 6-8, then {@code extra} from line 9 on. */
    private static String withM2(String... extra) {
        String[] all = new String[extra.length + 3];
        all[0] = "m2.pod = ITP0AE12345678";
        all[1] = "m2.key = " + M2_KEY;
        all[2] = "m2.system-title = 4345434543454345";
        System.arraycopy(extra, 0, all, 3, extra.length);
        return m1Only(all);
    }

    private static ConfigException error(String text, String key, int line) {
        ConfigException e = assertThrows(ConfigException.class, () -> DuConfig.parse(text, SRC), text);
        String msg = e.getMessage();
        assertTrue(msg.contains(SRC), "names the file: " + msg);
        assertTrue(Pattern.compile("\\bline " + line + "\\b").matcher(msg).find(), "names line " + line + ": " + msg);
        assertTrue(msg.contains(key), "names the key " + key + ": " + msg);
        for (String k : new String[] {M1_KEY, M2_KEY}) {
            assertFalse(msg.toUpperCase().contains(k), "leaks a key: " + msg);
        }
        return e;
    }

    // ---------------------------------------------------------------- good values

    @ParameterizedTest
    @ValueSource(strings = {"XY171001", "AB240229", "AB000229", "0A991231", "Z9000101", "12240601", "XY201130"})
    void validM1IdIsReturnedAsWritten(String id) throws ConfigException {
        DuConfig c = DuConfig.parse(m1Only("m1.installation-id = " + id), SRC);
        assertEquals(id, c.installationId(MeterRole.M1));
        assertNull(c.installationId(MeterRole.M2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab000229", "xY201130"})
    void anIdInSmallLettersIsRefused(String id) {
        // The platform keeps xy171001 and XY171001 as two installations: not upper-cased unasked.
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> DuConfig.parse(m1Only("m1.installation-id = " + id), SRC));
        assertTrue(e.getMessage().contains("m1.installation-id") && e.getMessage().contains("capital letters"), e.getMessage());
    }

    @Test
    void bothMetersWithInlineCommentsAndNoSpaces() throws ConfigException {
        DuConfig c = DuConfig.parse(withM2("m1.installation-id=XY171001   # consumption meter",
                "m2.installation-id = QW230615\t# production meter"), SRC);
        assertEquals("XY171001", c.installationId(MeterRole.M1));
        assertEquals("QW230615", c.installationId(MeterRole.M2));
    }

    @Test
    void onlyTheM2IdIsOptionalIndependently() throws ConfigException {
        DuConfig c = DuConfig.parse(withM2("m2.installation-id = QW230615"), SRC);
        assertNull(c.installationId(MeterRole.M1));
        assertEquals("QW230615", c.installationId(MeterRole.M2));
    }

    @Test
    void absentIsNull() throws ConfigException {
        DuConfig one = DuConfig.parse(m1Only(), SRC);
        assertNull(one.installationId(MeterRole.M1));
        assertNull(one.installationId(MeterRole.M2));
        DuConfig two = DuConfig.parse(withM2(), SRC);
        assertNull(two.installationId(MeterRole.M1));
        assertNull(two.installationId(MeterRole.M2));
    }

    @Test
    void leapDayOnlyInLeapYears() throws ConfigException {
        assertEquals("XY240229", DuConfig.parse(m1Only("m1.installation-id = XY240229"), SRC).installationId(MeterRole.M1));
        ConfigException e = error(m1Only("m1.installation-id = XY230229"), "m1.installation-id", 6);
        assertTrue(e.getMessage().contains("not a date"), e.getMessage());
    }

    // ---------------------------------------------------------------- bad forms

    @ParameterizedTest
    @ValueSource(strings = {
        "XY17100",      // 7 characters
        "XY1710011",    // 9 characters
        "",             // empty
        "X-171001",     // punctuation in the distributor's part
        "XY17-001",     // punctuation in the date
        "XY.71001",
        "XY 71001",     // a space inside
        "XYZ71001",     // a letter in the date
        "XY17100A",
        "XY17100\u0661",  // an Arabic-Indic digit
        "XY\uFF11" + "71001", // a full-width digit
        "\u00C0Y171001",  // a non-ASCII letter
    })
    void badFormNamesFileLineAndKey(String id) {
        ConfigException e = error(m1Only("m1.installation-id = " + id), "m1.installation-id", 6);
        assertTrue(e.getMessage().contains("YYMMDD"), "says what is expected: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"XY171301", "XY171032", "XY170230", "XY170231", "XY170431", "XY170001", "XY171000"})
    void impossibleActivationDateIsNotADate(String id) {
        ConfigException e = error(m1Only("m1.installation-id = " + id), "m1.installation-id", 6);
        assertTrue(e.getMessage().contains("not a date"), e.getMessage());
    }

    @Test
    void badM2IdNamesItsLine() {
        ConfigException e = error(withM2("m2.installation-id = QW2306150"), "m2.installation-id", 9);
        assertFalse(e.getMessage().contains("m1.installation-id"), e.getMessage());
        ConfigException date = error(withM2("m1.installation-id = XY171001", "m2.installation-id = QW231301"),
                "m2.installation-id", 10);
        assertTrue(date.getMessage().contains("not a date"), date.getMessage());
    }

    @Test
    void m2IdWithoutTheM2AssociationIsAnError() {
        ConfigException e = error(m1Only("m2.installation-id = QW230615"), "m2.installation-id", 6);
        assertTrue(e.getMessage().contains("M2"), e.getMessage());
    }

    @Test
    void duplicateIdNamesBothLines() {
        ConfigException e = error(m1Only("m1.installation-id = XY171001", "m1.installation-id = XY171002"),
                "m1.installation-id", 7);
        assertTrue(e.getMessage().contains("line 6"), "names the first setting too: " + e.getMessage());
    }

    @Test
    void loadNamesThePathAndLine(@TempDir Path dir) throws IOException, ConfigException {
        Path f = dir.resolve("du.properties");
        Files.writeString(f, m1Only("m1.installation-id = XY171001"), StandardCharsets.UTF_8);
        assertEquals("XY171001", DuConfig.load(f).installationId(MeterRole.M1));

        Files.writeString(f, m1Only("m1.installation-id = XY170230"), StandardCharsets.UTF_8);
        ConfigException e = assertThrows(ConfigException.class, () -> DuConfig.load(f));
        assertTrue(e.getMessage().contains(f + " line 6"), e.getMessage());
        assertTrue(e.getMessage().contains("m1.installation-id"), e.getMessage());
        assertTrue(e.getMessage().contains("not a date"), e.getMessage());
    }
}
