package it.c2du.lab.meter;

import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.stack.MacAddress;
import it.c2du.plc.DataIndication;
import it.c2du.plc.St7580;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One PLC frame a simulated meter put on the line: when, which compact frame with which field
 * values and frame counter, and the exact bytes (the plaintext and the Layer-1 MAC frame).
 *
 * @param at           when the frame was sent
 * @param meter        the sending meter
 * @param type         the compact frame carried
 * @param frameCounter the frame counter of its security header
 * @param fields       the compact frame's fields, in table order
 * @param plaintext    the compact frame's plaintext
 * @param macFrame     the Layer-1 MAC frame
 * @param destination  the DU address the frame is sent to (another DU's for traffic the DU must drop)
 * @param repetition   true when these bytes, frame counter included, were sent before: a meter
 *                     repetition, which the DU must not count again
 */
public record MeterTransmission(Instant at, MeterRole meter, CompactFrameType type, long frameCounter,
                                Map<String, Long> fields, byte[] plaintext, byte[] macFrame,
                                MacAddress destination, boolean repetition) {

    /** Copies the fields and bytes: a transmission never changes. */
    public MeterTransmission {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        plaintext = plaintext.clone();
        macFrame = macFrame.clone();
    }

    /** The compact frame's plaintext: CF number and fields, as the DU decrypts it. */
    @Override
    public byte[] plaintext() {
        return plaintext.clone();
    }

    /** The Layer-1 MAC frame, FCS included: what the modem hands the host. */
    @Override
    public byte[] macFrame() {
        return macFrame.clone();
    }

    /**
     * The DL data indication a band-C modem delivers for this frame: B-PSK on the low channel,
     * with an SNR, PGA setting and zero-crossing delay derived from the frame (so the same
     * transmission always looks the same). M1 sits by the DU's socket (SNR 14-20 dB); M2 is
     * further along the wiring (10-16 dB). A repetition is another transmission, so its
     * reception info may differ.
     */
    public DataIndication indication() {
        long h = Seeds.mix(meter.ordinal(), frameCounter, at.getEpochSecond(), repetition ? 1 : 0);
        boolean nearby = meter == MeterRole.M1;
        int snr = Seeds.between(h, nearby ? 14 : 10, nearby ? 20 : 16);
        int pga = nearby ? Seeds.between(h >>> 16, 2, 4) : Seeds.between(h >>> 16, 4, 6);
        int delay = Seeds.between(h >>> 32, 8, 40) * (nearby ? 1 : -1);
        return new DataIndication(St7580.Command.DL_DATA_INDICATION, 0, false, pga, snr, delay, macFrame);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeterTransmission t && at.equals(t.at) && meter == t.meter && type == t.type
                && frameCounter == t.frameCounter && fields.equals(t.fields) && Arrays.equals(plaintext, t.plaintext)
                && Arrays.equals(macFrame, t.macFrame) && destination.equals(t.destination)
                && repetition == t.repetition;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(macFrame) * 31 + Boolean.hashCode(repetition) + at.hashCode();
    }

    @Override
    public String toString() {
        return "MeterTransmission[" + at + ", " + meter + " " + type + ", fc " + frameCounter
                + (repetition ? ", repetition" : "") + ", to " + destination + ", " + fields + "]";
    }
}
