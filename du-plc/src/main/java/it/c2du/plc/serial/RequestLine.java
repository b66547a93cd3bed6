package it.c2du.plc.serial;

import java.util.Locale;

/**
 * Which UART output drives the modem's T_REQ input (configuration key {@code modem.t-req}).
 * ST's evaluation boards wire it to RTS; some hats use DTR; a pseudo-terminal has no modem
 * lines, so tests and the demo use {@link #NONE} (no handshake: requests are sent directly).
 */
public enum RequestLine {
    RTS, DTR, NONE;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The line for a configuration value, or null when the value names none. */
    public static RequestLine parse(String text) {
        for (RequestLine l : values()) {
            if (l.key().equalsIgnoreCase(text.trim())) {
                return l;
            }
        }
        return null;
    }
}
