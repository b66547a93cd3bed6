package it.c2du.plc;

import java.util.Arrays;

/**
 * A received PLC frame as the modem delivers it (PHY_DataIndication 0x26, DL_DataIndication 0x52,
 * or the DL sniffer's 0x5A for a DL frame whose CRC failed): 4 bytes of reception info, then the
 * payload -- the Layer-1 MAC frame (chain2-profile.md, layer 0) when the meter's frames are what
 * the modem's receive layer expects.
 *
 * @param modulation        0 B-PSK, 1 Q-PSK, 2 8-PSK, 3 B-FSK, 4..7 coded PSK
 * @param highChannel       bit 3 of byte 0
 * @param pga               PGA setting, bits 4-7 of byte 0
 * @param snr               SNR in dB, signed; -1 (0xFF) for FSK, not measured
 * @param zeroCrossingDelay signed, in 13 us steps
 */
public record DataIndication(St7580.Command command, int modulation, boolean highChannel, int pga, int snr,
                             int zeroCrossingDelay, byte[] macFrame) {
    private static final String[] MODULATIONS = {"B-PSK", "Q-PSK", "8-PSK", "B-FSK",
        "coded B-PSK", "coded Q-PSK", "coded 8-PSK", "coded B-PSK peak"};

    public DataIndication {
        macFrame = macFrame.clone();
    }

    @Override
    public byte[] macFrame() {
        return macFrame.clone();
    }

    /** True for the commands that carry a received frame with its reception info. */
    public static boolean isIndication(St7580.Command c) {
        return c == St7580.Command.PHY_DATA_INDICATION || c == St7580.Command.DL_DATA_INDICATION
                || c == St7580.Command.DL_SNIFFER_INDICATION;
    }

    /** The indication a local frame carries; null when it is not a data indication or too short for its info. */
    public static DataIndication of(LocalFrame f) {
        St7580.Command c = f.knownCommand();
        if (!isIndication(c)) {
            return null;
        }
        byte[] d = f.data();
        if (d.length < St7580.RECEPTION_INFO_SIZE) {
            return null;
        }
        int b0 = d[0] & 0xFF;
        return new DataIndication(c, b0 & 0x07, (b0 & 0x08) != 0, b0 >>> 4, d[1],
                (short) ((d[2] & 0xFF) << 8 | (d[3] & 0xFF)),
                Arrays.copyOfRange(d, St7580.RECEPTION_INFO_SIZE, d.length));
    }

    /** The same reception as another indication command (what the modem's receive layer makes of it). */
    public DataIndication as(St7580.Command c) {
        return new DataIndication(c, modulation, highChannel, pga, snr, zeroCrossingDelay, macFrame);
    }

    /** The local frame a modem sends for this indication. */
    public LocalFrame toFrame() {
        byte[] d = new byte[St7580.RECEPTION_INFO_SIZE + macFrame.length];
        d[0] = (byte) ((modulation & 0x07) | (highChannel ? 0x08 : 0) | (pga & 0x0F) << 4);
        d[1] = (byte) snr;
        d[2] = (byte) (zeroCrossingDelay >> 8);
        d[3] = (byte) zeroCrossingDelay;
        System.arraycopy(macFrame, 0, d, St7580.RECEPTION_INFO_SIZE, macFrame.length);
        return new LocalFrame(false, command.code(), d);
    }

    public String modulationName() {
        return MODULATIONS[modulation];
    }

    /** SNR for display: null when the modem did not measure it (FSK). */
    public Integer snrDb() {
        return snr == -1 && modulation == 3 ? null : snr;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataIndication i && command == i.command && modulation == i.modulation
                && highChannel == i.highChannel && pga == i.pga && snr == i.snr
                && zeroCrossingDelay == i.zeroCrossingDelay && Arrays.equals(macFrame, i.macFrame);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(macFrame) * 31 + snr;
    }

    @Override
    public String toString() {
        return "DataIndication[" + command + ", " + modulationName() + ", snr " + snrDb() + ", " + macFrame.length + " bytes]";
    }
}
