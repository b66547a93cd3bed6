package it.c2du.plc.serial;

/**
 * How to open the modem's port. Always 8 data bits, no parity, 1 stop bit, no flow control
 * (the ST7580 host interface).
 *
 * @param baud        57600 by default
 * @param requestLine the line that drives T_REQ
 */
public record SerialSettings(int baud, RequestLine requestLine) {
    public static final int DEFAULT_BAUD = 57600;

    public SerialSettings {
        if (baud < 1200 || baud > 921_600) {
            throw new IllegalArgumentException("baud " + baud + " outside 1200..921600");
        }
        if (requestLine == null) {
            throw new IllegalArgumentException("no T_REQ line");
        }
    }

    public static SerialSettings defaults() {
        return new SerialSettings(DEFAULT_BAUD, RequestLine.RTS);
    }

    @Override
    public String toString() {
        return baud + " 8N1, T_REQ " + requestLine.key();
    }
}
