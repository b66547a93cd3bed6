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
    /** First byte of the status message the modem sends when T_REQ goes low; one status byte follows. */
    public static final int STATUS = 0x3F;
    /** STX, LEN, CMD before DATA. */
    public static final int HEADER_SIZE = 3;
    /** CHK after DATA: 16-bit sum, least significant byte first. */
    public static final int CHECKSUM_SIZE = 2;
    public static final int MAX_DATA = 255;
    /** A frame whose bytes stop arriving for longer than this is abandoned. */
    public static final long INTER_CHARACTER_TIMEOUT_NANOS = 10_000_000L;
    /** Default UART settings: 57600 8N1. */
    public static final int BAUD = 57600;

    /** Command codes (UM0932) the DU sends or receives. */
    public enum Command {
        MIB_WRITE_REQUEST(0x08), MIB_WRITE_CONFIRM(0x09), MIB_WRITE_ERROR(0x0B),
        MIB_READ_REQUEST(0x0C), MIB_READ_CONFIRM(0x0D), MIB_READ_ERROR(0x0F),
        PHY_DATA_INDICATION(0x26), DL_DATA_INDICATION(0x52),
        PING_REQUEST(0x2C), PING_CONFIRM(0x2D),
        COMMAND_SYNTAX_ERROR(0x36),
        RESET_REQUEST(0x3C), RESET_CONFIRM(0x3D), RESET_INDICATION(0x3E);

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

        /** Modem configuration, 1 byte: the access mode the modem delivers data in. */
        public static final int MODEM_CONFIGURATION = 0x00;
        /** Firmware version, 4 bytes, read-only. */
        public static final int FIRMWARE_VERSION = 0x0A;
        /**
         * The modem configuration the DU writes by default: 0x11, the value ST's host examples
         * write for data-link access. The {@code modem.configuration} key overrides it.
         */
        public static final int DEFAULT_MODEM_CONFIGURATION = 0x11;
    }

    /** Reception info: the first 4 bytes of a data indication's DATA. */
    public static final int RECEPTION_INFO_SIZE = 4;
}
