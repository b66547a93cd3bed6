package it.c2du.plc;

/**
 * MIB object 0x01, the PHY configuration (UM0932), 14 bytes: bytes 0-2 high frequency in Hz
 * (big-endian), 3-5 low frequency, 6 receive mode (bit 0 dual channel, bit 1 high channel PSK,
 * bit 2 low channel PSK, bit 3 TX current limit), 7 TX gain, 8-9 zero-crossing delay, 10 PSK
 * preamble, 11 FSK settings (bits 0-1 bit rate 1200/2400/4800/9600, bit 2 deviation, bits 3-4
 * preamble, bit 5 unique-word length), 12-13 FSK unique word. The factory values are CENELEC band
 * A (86 kHz / 72 kHz): a modem left so never hears a Chain 2 meter, which is on band C.
 *
 * <p>Every byte is kept, so the DU can change the fields it knows and write back the others as
 * the modem had them.
 */
public record PhyConfiguration(int highFrequency, int lowFrequency, int receiveMode, int txGain, int zeroCrossingDelay,
                               int pskPreamble, int fsk, int fskUniqueWord) {
    public static final int SIZE = 14;
    public static final int[] FSK_BIT_RATES = {1200, 2400, 4800, 9600};

    /** The bytes read from the modem as a configuration, or why they are not one. */
    public record Decoded(PhyConfiguration configuration, String rejection) {
    }

    public static Decoded decode(byte[] b) {
        if (b.length != SIZE) {
            return new Decoded(null, "the PHY configuration has " + b.length + " bytes, expected " + SIZE);
        }
        return new Decoded(new PhyConfiguration(u24(b, 0), u24(b, 3), b[6] & 0xFF, b[7] & 0xFF,
                (b[8] & 0xFF) << 8 | (b[9] & 0xFF), b[10] & 0xFF, b[11] & 0xFF, (b[12] & 0xFF) << 8 | (b[13] & 0xFF)),
                null);
    }

    private static int u24(byte[] b, int at) {
        return (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
    }

    public byte[] encode() {
        return new byte[] {(byte) (highFrequency >>> 16), (byte) (highFrequency >>> 8), (byte) highFrequency,
            (byte) (lowFrequency >>> 16), (byte) (lowFrequency >>> 8), (byte) lowFrequency, (byte) receiveMode,
            (byte) txGain, (byte) (zeroCrossingDelay >>> 8), (byte) zeroCrossingDelay, (byte) pskPreamble, (byte) fsk,
            (byte) (fskUniqueWord >>> 8), (byte) fskUniqueWord};
    }

    public boolean dualChannel() {
        return (receiveMode & 0x01) != 0;
    }

    /** True: the high channel demodulates PSK (any variant); false: FSK. */
    public boolean highChannelPsk() {
        return (receiveMode & 0x02) != 0;
    }

    public boolean lowChannelPsk() {
        return (receiveMode & 0x04) != 0;
    }

    public int fskBitRate() {
        return FSK_BIT_RATES[fsk & 0x03];
    }

    public int fskDeviation() {
        return (fsk >>> 2) & 0x01;
    }

    public int fskPreamble() {
        return (fsk >>> 3) & 0x03;
    }

    public int fskUniqueWordLength() {
        return (fsk >>> 5) & 0x01;
    }

    public PhyConfiguration withHighFrequency(int hz) {
        return new PhyConfiguration(hz, lowFrequency, receiveMode, txGain, zeroCrossingDelay, pskPreamble, fsk,
                fskUniqueWord);
    }

    /** High channel only, demodulating PSK (true) or FSK; the low channel's and TX bits kept. */
    public PhyConfiguration withHighChannelOnly(boolean psk) {
        int mode = (receiveMode & ~0x03) | (psk ? 0x02 : 0);
        return new PhyConfiguration(highFrequency, lowFrequency, mode, txGain, zeroCrossingDelay, pskPreamble, fsk,
                fskUniqueWord);
    }

    /** FSK settings; a null keeps the field as it is. */
    public PhyConfiguration withFsk(Integer bitRate, Integer deviation, Integer preamble, Integer uniqueWord) {
        int f = fsk;
        if (bitRate != null) {
            int code = java.util.Arrays.stream(FSK_BIT_RATES).boxed().toList().indexOf(bitRate);
            if (code < 0) {
                throw new IllegalArgumentException("FSK bit rate " + bitRate);
            }
            f = (f & ~0x03) | code;
        }
        if (deviation != null) {
            f = (f & ~0x04) | (deviation & 1) << 2;
        }
        if (preamble != null) {
            f = (f & ~0x18) | (preamble & 3) << 3;
        }
        return new PhyConfiguration(highFrequency, lowFrequency, receiveMode, txGain, zeroCrossingDelay, pskPreamble, f,
                uniqueWord != null ? uniqueWord : fskUniqueWord);
    }

    /** In words, for {@code du modem info} and the start-up log. */
    public String describe() {
        String high = channel(highFrequency, highChannelPsk());
        String s = dualChannel() ? "dual channel: high " + high + ", low " + channel(lowFrequency, lowChannelPsk())
                : "high channel only: " + high + " (low channel " + lowFrequency + " Hz unused)";
        boolean fskUsed = !highChannelPsk() || dualChannel() && !lowChannelPsk();
        if (fskUsed) {
            s += String.format("; FSK %d bps, deviation bit %d, preamble %d, unique word 0x%04X (%s)", fskBitRate(),
                    fskDeviation(), fskPreamble(), fskUniqueWord, fskUniqueWordLength() == 0 ? "length bit 0"
                            : "length bit 1");
        }
        return s + String.format("; TX gain %d, zero-crossing delay %d, PSK preamble %d%s", txGain, zeroCrossingDelay,
                pskPreamble, (receiveMode & 0x08) != 0 ? ", TX current limit on" : "");
    }

    private static String channel(int hz, boolean psk) {
        return String.format("%d Hz %s", hz, psk ? "PSK" : "FSK");
    }
}
