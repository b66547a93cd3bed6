package it.c2du.plc;

/**
 * The status byte of the status message (UM0932): bit 0 auto-reconfiguration had errors (defaults
 * kept), bit 1 transmitting, bit 2 receiving, bits 3-4 active layer (0 PHY, 1 DL, 2 SS, 3 not
 * configured), bit 5 over-current on the last transmission, bits 6-7 temperature (0 below 70 C,
 * 1 70-100 C, 2 100-125 C, 3 above 125 C).
 */
public record ModemStatus(int value) {
    private static final String[] LAYERS = {"PHY", "DL", "SS", "not configured"};
    private static final String[] TEMPERATURES = {"below 70 C", "70 to 100 C", "100 to 125 C", "above 125 C"};

    /** Transmitting or receiving: ST's own host code waits rather than send a request then. */
    public boolean busy() {
        return (value & 0x06) != 0;
    }

    public boolean overCurrent() {
        return (value & 0x20) != 0;
    }

    /** 0..3, see the class comment. */
    public int temperature() {
        return value >>> 6 & 0x03;
    }

    /** Bits 5-7, over-current and temperature: a change of these alone is logged again. */
    public int condition() {
        return value & 0xE0;
    }

    /** Worth a warning in the log: over-current, or 100 C and more. */
    public boolean alarming() {
        return overCurrent() || temperature() >= 2;
    }

    public String describe() {
        StringBuilder s = new StringBuilder(String.format("0x%02X: layer %s", value, LAYERS[value >>> 3 & 0x03]));
        if ((value & 0x02) != 0) {
            s.append(", transmitting");
        }
        if ((value & 0x04) != 0) {
            s.append(", receiving");
        }
        if ((value & 0x01) != 0) {
            s.append(", auto-reconfiguration had errors (defaults kept)");
        }
        s.append(", temperature ").append(TEMPERATURES[temperature()]);
        if (overCurrent()) {
            s.append(", OVER-CURRENT on the last transmission");
        }
        return s.toString();
    }
}
