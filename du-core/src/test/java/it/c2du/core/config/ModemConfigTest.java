package it.c2du.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code modem.t-req}, {@code modem.baud}, {@code modem.configuration}: how {@code du run} drives the modem. */
class ModemConfigTest {
    private static final String BASE = "du.mac = DC1234567890\n"
            + "m1.key = BC000000001234567890000012345678\n"
            + "m1.system-title = 4345434543454345\n";

    @Test
    void defaultsAreRtsAt57600WithConfiguration0x11() throws ConfigException {
        assertEquals(new DuConfig.Modem("rts", 57600, 0x11), DuConfig.parse(BASE, "du.properties").modem());
    }

    @Test
    void valuesAreRead() throws ConfigException {
        DuConfig c = DuConfig.parse(BASE + "modem.t-req = DTR\nmodem.baud = 115200\nmodem.configuration = 0x10\n", "x");
        assertEquals(new DuConfig.Modem("dtr", 115200, 0x10), c.modem());
        assertEquals(0x21, DuConfig.parse(BASE + "modem.configuration = 33\n", "x").modem().configuration());
        assertEquals("none", DuConfig.parse(BASE + "modem.t-req = none\n", "x").modem().requestLine());
    }

    @Test
    void textBeforeTheEqualsSignIsNeverEchoed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DuConfig.parse(BASE + "m2.key 123456789012345678901234567890FF = x\n", "du.properties"));
        assertEquals("du.properties line 4: expected \"key = value\" with one key name before \"=\"", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "modem.t-req = cts|du.properties line 4: modem.t-req: expected rts, dtr or none, got \"cts\"",
        "modem.baud = fast|du.properties line 4: modem.baud: expected a baud rate from 1200 to 921600, got \"fast\"",
        "modem.baud = 300|du.properties line 4: modem.baud: expected a baud rate from 1200 to 921600, got \"300\"",
        "modem.configuration = 0x100|du.properties line 4: modem.configuration: expected one byte, 0x00 to 0xFF, got \"0x100\"",
        "modem.configuration = 0xZZ|du.properties line 4: modem.configuration: expected one byte, 0x00 to 0xFF, got \"0xZZ\"",
        "modem.configuration = -1|du.properties line 4: modem.configuration: expected one byte, 0x00 to 0xFF, got \"-1\"",
    })
    void badValuesNameTheLineAndKey(String line, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> DuConfig.parse(BASE + line + "\n", "du.properties"));
        assertEquals(message, e.getMessage());
    }
}
