package it.c2du.plc;

/**
 * The ST7580 host interface as layer 0 of chain2-profile.md uses it (ST manual UM0932): every
 * byte value and time of the local link, in one place.
 */
public final class St7580 {
    private St7580() {
    }

    /** First byte of a local frame sent for the first time. */
    public static final int STX_FIRST = 0x02;
    /** First byte of a local frame sent again after a NAK. */
    public static final int STX_REPEAT = 0x03;
    public static final int ACK = 0x06;
    public static final int NAK = 0x15;
    /**
     * First byte of the status message the modem sends when T_REQ goes low; one status byte
     * follows, and no checksum. The same value is BIO_ResetError as a command code: inside a frame,
     * in command position, it is that, never a status.
     */
    public static final int STATUS = 0x3F;
    /** STX, LEN, CMD before DATA. */
    public static final int HEADER_SIZE = 3;
    /** CHK after DATA: 16-bit sum, least significant byte first. */
    public static final int CHECKSUM_SIZE = 2;
    public static final int MAX_DATA = 255;
    /** A frame whose bytes stop arriving for longer than this is abandoned. */
    public static final long INTER_CHARACTER_TIMEOUT_NANOS = 10_000_000L;
    /** Default UART settings: 57600 8N1 (both baud-rate straps, BR0 and BR1, high). */
    public static final int BAUD = 57600;
    /** T_SR: after its status message the modem waits this long for the host's STX. */
    public static final long STATUS_TO_REQUEST_NANOS = 200_000_000L;
    /**
     * T_ACK: the modem waits this long for the host's ACK before it repeats a frame (once, STX
     * 0x03); the host's answer must come within it.
     */
    public static final long ACK_TIMEOUT_NANOS = 40_000_000L;

    /** Command codes (UM0932) the DU sends or receives. */
    public enum Command {
        MIB_WRITE_REQUEST(0x08), MIB_WRITE_CONFIRM(0x09), MIB_WRITE_ERROR(0x0B),
        MIB_READ_REQUEST(0x0C), MIB_READ_CONFIRM(0x0D), MIB_READ_ERROR(0x0F),
        PHY_DATA_INDICATION(0x26), DL_DATA_INDICATION(0x52), SS_DATA_INDICATION(0x56),
        /** Sniffer: a DL frame whose CRC did not verify, passed up because modem configuration bit 2 is set. */
        DL_SNIFFER_INDICATION(0x5A), SS_SNIFFER_INDICATION(0x5E),
        PING_REQUEST(0x2C), PING_CONFIRM(0x2D),
        COMMAND_SYNTAX_ERROR(0x36),
        RESET_REQUEST(0x3C), RESET_CONFIRM(0x3D), RESET_INDICATION(0x3E),
        /** BIO_ResetError: the same byte as the status message, but only ever in command position. */
        RESET_ERROR(0x3F);

        private final int code;

        Command(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** The command with this code, or null for a code the DU does not use. */
        public static Command byCode(int code) {
            for (Command c : values()) {
                if (c.code == code) {
                    return c;
                }
            }
            return null;
        }
    }

    /** MIB objects the DU reads or writes at start. */
    public static final class Mib {
        private Mib() {
        }

        /** Modem configuration, 1 byte: the layer the modem delivers data in ({@link ModemConfiguration}). */
        public static final int MODEM_CONFIGURATION = 0x00;
        /** PHY configuration, 14 bytes: frequencies, receive mode, FSK settings ({@link PhyConfiguration}). */
        public static final int PHY_CONFIGURATION = 0x01;
        /** Firmware version, 4 bytes, read-only. */
        public static final int FIRMWARE_VERSION = 0x0A;
    }

    /** The error data of an error confirm (MIB write/read error, BIO_ResetError, data error), in words. */
    public static String errorCode(int code) {
        return switch (code) {
            case 0x02 -> "wrong length";
            case 0x03 -> "wrong value";
            case 0x04 -> "busy";
            case 0x0B -> "thermal (the modem is too hot)";
            case 0xFF -> "general error";
            default -> String.format("unknown error 0x%02X", code);
        };
    }

    /**
     * A reset indication's data in words: bits 0-1 the cause, bits 2-5 errors of the
     * auto-reconfiguration (the modem restoring its stored MIB objects).
     */
    public static String resetIndication(byte[] data) {
        if (data.length == 0) {
            return "no cause given";
        }
        int b = data[0] & 0xFF;
        String cause = switch (b & 0x03) {
            case 0 -> "power-on or the reset pin";
            case 1 -> "watchdog";
            case 2 -> "reset request";
            default -> "unknown cause 3";
        };
        int errors = (b >>> 2) & 0x0F;
        return "cause " + cause + (errors == 0 ? ", auto-reconfiguration without errors"
                : String.format(", auto-reconfiguration errors 0x%X (defaults kept)", errors));
    }

    /** Reception info: the first 4 bytes of a data indication's DATA. */
    public static final int RECEPTION_INFO_SIZE = 4;
}
