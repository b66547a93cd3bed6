package it.c2du.plc;

/**
 * MIB object 0x00, the modem configuration byte (UM0932): which layer the modem passes received
 * frames up from, and what it checks first. Bits 0-1 receive layer, bit 2 sniffer, bits 3-4 DL
 * CRC, bit 6 CRC over the PHY length too. The factory value is 0x11: DL layer, CRC-32
 * little-endian -- a modem left so passes up only ST7580 DL frames with that CRC.
 *
 * @param layer            the layer whose indications come up: 0x26 (PHY), 0x52 (DL), 0x56 (SS)
 * @param sniffer          DL/SS frames with a bad CRC still come up, as 0x5A/0x5E
 * @param crc              the DL CRC
 * @param crcOverLength    bit 6: the CRC covers the PHY length byte too
 * @param otherBits        bits 5 and 7, kept as read so a write does not change what we do not know
 */
public record ModemConfiguration(Layer layer, boolean sniffer, DlCrc crc, boolean crcOverLength, int otherBits) {
    /** What a modem holds after a reset. */
    public static final int FACTORY = 0x11;

    public enum Layer {
        PHY("PHY (0x26: every frame the PHY decodes)"), DL("DL (0x52: DL frames whose CRC verified)"),
        SS("SS (0x56: secured DL frames)"), RESERVED("reserved value 3");

        private final String words;

        Layer(String words) {
            this.words = words;
        }
    }

    public enum DlCrc {
        CRC8("CRC-8"), CRC16_BE("CRC-16 big-endian"), CRC32_LE("CRC-32 little-endian"), CRC32_BE("CRC-32 big-endian");

        private final String words;

        DlCrc(String words) {
            this.words = words;
        }

        /** The {@code modem.dl-crc} value, or null for a word that names no CRC. */
        public static DlCrc byKey(String key) {
            return switch (key) {
                case "crc8" -> CRC8;
                case "crc16" -> CRC16_BE;
                case "crc32-le" -> CRC32_LE;
                case "crc32-be" -> CRC32_BE;
                default -> null;
            };
        }
    }

    public static ModemConfiguration decode(int b) {
        return new ModemConfiguration(Layer.values()[b & 0x03], (b & 0x04) != 0, DlCrc.values()[(b >>> 3) & 0x03],
                (b & 0x40) != 0, b & 0xA0);
    }

    public int encode() {
        return layer.ordinal() | (sniffer ? 0x04 : 0) | crc.ordinal() << 3 | (crcOverLength ? 0x40 : 0) | otherBits;
    }

    /** The indication command this configuration delivers received frames with. */
    public St7580.Command indication() {
        return switch (layer) {
            case PHY -> St7580.Command.PHY_DATA_INDICATION;
            case DL -> St7580.Command.DL_DATA_INDICATION;
            default -> St7580.Command.SS_DATA_INDICATION;
        };
    }

    /** In words, for {@code du modem info} and the start-up log. */
    public String describe() {
        String s = String.format("0x%02X: receive layer %s", encode(), layer.words);
        if (layer != Layer.PHY) {
            s += ", DL CRC " + crc.words + (crcOverLength ? " over the PHY length too" : "")
                    + (sniffer ? ", sniffer on (bad-CRC frames come up as 0x5A)" : ", sniffer off");
        }
        return s;
    }
}
