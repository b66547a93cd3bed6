package it.c2du.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code modem.*} keys: how {@code du run} drives the modem and what it tells it to listen for. */
class ModemConfigTest {
    private static final String BASE = "du.mac = DC1234567890\n"
            + "m1.key = BC000000001234567890000012345678\n"
            + "m1.system-title = 4345434543454345\n";

    @Test
    void defaultsAreRtsAt57600ListeningToBandCInPhyMode() throws ConfigException {
        assertEquals(new DuConfig.Modem("rts", 57600, 132_500, "psk", null, null, null, null, "phy", "crc32-le", false,
                null), DuConfig.parse(BASE, "du.properties").modem());
        assertEquals(DuConfig.Modem.DEFAULTS, DuConfig.parse(BASE, "du.properties").modem());
    }

    @Test
    void valuesAreRead() throws ConfigException {
        DuConfig c = DuConfig.parse(BASE + "modem.t-req = DTR\nmodem.baud = 115200\nmodem.configuration = 0x10\n", "x");
        assertEquals(DuConfig.Modem.DEFAULTS.withRequestLine("dtr"), new DuConfig.Modem(c.modem().requestLine(), 57600,
                132_500, "psk", null, null, null, null, "phy", "crc32-le", false, null));
        assertEquals(115200, c.modem().baud());
        assertEquals(0x10, c.modem().configuration());
        DuConfig fsk = DuConfig.parse(BASE + "modem.frequency = 131000\nmodem.rx-modulation = FSK\nmodem.fsk-bit-rate = 4800\n"
                + "modem.fsk-deviation = 1\nmodem.fsk-preamble = 2\nmodem.fsk-unique-word = 0x9b58\n"
                + "modem.receive-layer = dl\nmodem.dl-crc = crc16\nmodem.sniffer = true\n", "x");
        assertEquals(new DuConfig.Modem("rts", 57600, 131_000, "fsk", 4800, 1, 2, 0x9B58, "dl", "crc16", true, null),
                fsk.modem());
        assertEquals(0x21, DuConfig.parse(BASE + "modem.configuration = 33\n", "x").modem().configuration());
        assertEquals("none", DuConfig.parse(BASE + "modem.t-req = none\n", "x").modem().requestLine());
    }

    @Test
    void textBeforeTheEqualsSignIsNeverEchoed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DuConfig.parse(BASE + "m2.key 123456789012345678901234567890FF = x\n", "du.properties"));
        assertEquals("du.properties line 4: expected \"key = value\" with one key name before \"=\"", e.getMessage());
    }

    @Test
    void theRawConfigurationByteCannotBeSetWithTheKeysItReplaces() {
        ConfigException e = assertThrows(ConfigException.class, () -> DuConfig.parse(BASE
                + "modem.receive-layer = dl\nmodem.configuration = 0x11\n", "du.properties"));
        assertEquals("du.properties line 5: modem.configuration: the raw byte replaces modem.receive-layer (line 4):"
                + " set one or the other", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "modem.t-req = cts|du.properties line 4: modem.t-req: expected rts, dtr or none, got \"cts\"",
        "modem.baud = fast|du.properties line 4: modem.baud: expected a baud rate from 1200 to 921600, got \"fast\"",
        "modem.baud = 300|du.properties line 4: modem.baud: expected a baud rate from 1200 to 921600, got \"300\"",
        "modem.configuration = 0x100|du.properties line 4: modem.configuration: expected one byte, 0x00 to 0xFF, got \"0x100\"",
        "modem.configuration = 0xZZ|du.properties line 4: modem.configuration: expected one byte, 0x00 to 0xFF, got \"0xZZ\"",
        "modem.configuration = -1|du.properties line 4: modem.configuration: expected one byte, 0x00 to 0xFF, got \"-1\"",
        "modem.frequency = 132.5k|du.properties line 4: modem.frequency: expected a frequency in Hz from 3000 to 148500 (e.g. 132500), got \"132.5k\"",
        "modem.frequency = 250000|du.properties line 4: modem.frequency: expected a frequency in Hz from 3000 to 148500 (e.g. 132500), got \"250000\"",
        "modem.rx-modulation = ofdm|du.properties line 4: modem.rx-modulation: expected psk or fsk, got \"ofdm\"",
        "modem.fsk-bit-rate = 19200|du.properties line 4: modem.fsk-bit-rate: expected 1200, 2400, 4800 or 9600, got \"19200\"",
        "modem.fsk-deviation = 2|du.properties line 4: modem.fsk-deviation: expected 0 to 1, got \"2\"",
        "modem.fsk-preamble = x|du.properties line 4: modem.fsk-preamble: expected 0 to 3, got \"x\"",
        "modem.fsk-unique-word = 0x10000|du.properties line 4: modem.fsk-unique-word: expected 16 bits, 0x0000 to 0xFFFF, got \"0x10000\"",
        "modem.receive-layer = ss|du.properties line 4: modem.receive-layer: expected phy or dl, got \"ss\"",
        "modem.dl-crc = crc32|du.properties line 4: modem.dl-crc: expected crc8, crc16, crc32-le or crc32-be, got \"crc32\"",
        "modem.sniffer = yes|du.properties line 4: modem.sniffer: expected true or false, got \"yes\"",
    })
    void badValuesNameTheLineAndKey(String line, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> DuConfig.parse(BASE + line + "\n", "du.properties"));
        assertEquals(message, e.getMessage());
    }
}
