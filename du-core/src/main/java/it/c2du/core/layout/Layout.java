package it.c2du.core.layout;

import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.ReceptionCounter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One byte layout of the family of profile-file.md: what the receive layers read and the encoder
 * writes. C2P-1 ({@link #c2p1()}) is the built-in one; any other comes from a profile file
 * ({@link LayoutFile}) or from discovery. Immutable; each layer is given its section, never a
 * global. The offsets each layer needs are worked out once here, not per frame.
 */
public final class Layout {

    /** The four MAC header fields; the profile fixes their wire order. */
    public enum MacField {
        CONTROL("control"), LENGTH("length"), DESTINATION("destination"), SOURCE("source");

        private final String fileName;

        MacField(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }

    /** What the MAC length field counts. */
    public enum LengthCounts {
        /** The bytes between header and FCS. */
        PAYLOAD("payload"),
        /** Header and payload. */
        FRAME_WITHOUT_FCS("frame-without-fcs"),
        /** Every byte of the frame. */
        FRAME("frame");

        private final String fileName;

        LengthCounts(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }

    /** The convergence header's fields; segmentation may be absent. */
    public enum ConvergenceField {
        SEGMENTATION("segmentation"), DSAP("dsap"), SSAP("ssap");

        private final String fileName;

        ConvergenceField(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }

    /** The GCM additional authenticated data. */
    public enum Aad {
        SC_KEY("sc-key"), SC("sc"), NONE("none");

        private final String fileName;

        Aad(String fileName) {
            this.fileName = fileName;
        }

        public String fileName() {
            return fileName;
        }
    }

    /** Layer 1. */
    public static final class Mac {
        public static final int ADDRESS_SIZE = C2P1.Mac.ADDRESS_SIZE;
        public static final int MIN_PAYLOAD = C2P1.Mac.MIN_PAYLOAD;
        public static final int MAX_PAYLOAD = C2P1.Mac.MAX_PAYLOAD;

        private final List<MacField> header;
        private final int control;
        private final int lengthSize;
        private final boolean lengthBigEndian;
        private final LengthCounts lengthCounts;
        private final boolean addressReversed;
        private final FcsCrc crc;
        private final boolean fcsBigEndian;
        private final int[] offsets = new int[4];
        private final int headerSize;

        public Mac(List<MacField> header, int control, int lengthSize, boolean lengthBigEndian, LengthCounts lengthCounts,
                   boolean addressReversed, FcsCrc crc, boolean fcsBigEndian) {
            if (header.size() != 4 || header.stream().distinct().count() != 4 || (lengthSize != 1 && lengthSize != 2)) {
                throw new IllegalArgumentException("MAC header " + header + ", length size " + lengthSize);
            }
            this.header = List.copyOf(header);
            this.control = control;
            this.lengthSize = lengthSize;
            this.lengthBigEndian = lengthBigEndian;
            this.lengthCounts = lengthCounts;
            this.addressReversed = addressReversed;
            this.crc = crc;
            this.fcsBigEndian = fcsBigEndian;
            int offset = 0;
            for (MacField f : header) {
                offsets[f.ordinal()] = offset;
                offset += size(f);
            }
            this.headerSize = offset;
        }

        private int size(MacField f) {
            return switch (f) {
                case CONTROL -> 1;
                case LENGTH -> lengthSize;
                case DESTINATION, SOURCE -> ADDRESS_SIZE;
            };
        }

        public List<MacField> header() {
            return header;
        }

        public int control() {
            return control;
        }

        public int lengthSize() {
            return lengthSize;
        }

        public boolean lengthBigEndian() {
            return lengthBigEndian;
        }

        public LengthCounts lengthCounts() {
            return lengthCounts;
        }

        public boolean addressReversed() {
            return addressReversed;
        }

        public FcsCrc crc() {
            return crc;
        }

        public boolean fcsBigEndian() {
            return fcsBigEndian;
        }

        public int offset(MacField f) {
            return offsets[f.ordinal()];
        }

        public int headerSize() {
            return headerSize;
        }

        public int fcsSize() {
            return crc.size();
        }

        /** What the length field holds for a payload of {@code payload} bytes. */
        public int lengthValue(int payload) {
            return payload + switch (lengthCounts) {
                case PAYLOAD -> 0;
                case FRAME_WITHOUT_FCS -> headerSize;
                case FRAME -> headerSize + fcsSize();
            };
        }

        /** The payload size a length field value says (may be out of bounds: the layer checks). */
        public int payloadOf(int lengthValue) {
            return lengthValue - lengthValue(0);
        }
    }

    /** Layer 3. */
    public static final class Convergence {
        private final List<ConvergenceField> fields;
        private final Integer segmentation;
        private final int[] offsets = {-1, -1, -1};

        /** @param segmentation the only segmentation value accepted, or null when the field is absent */
        public Convergence(List<ConvergenceField> fields, Integer segmentation) {
            boolean withSegmentation = segmentation != null;
            if (fields.stream().distinct().count() != fields.size() || fields.size() != (withSegmentation ? 3 : 2)
                    || fields.contains(ConvergenceField.SEGMENTATION) != withSegmentation) {
                throw new IllegalArgumentException("convergence fields " + fields + " with segmentation " + segmentation);
            }
            this.fields = List.copyOf(fields);
            this.segmentation = segmentation;
            for (int i = 0; i < fields.size(); i++) {
                offsets[fields.get(i).ordinal()] = i;
            }
        }

        public List<ConvergenceField> fields() {
            return fields;
        }

        public Integer segmentation() {
            return segmentation;
        }

        /** Offset in the header, -1 for an absent segmentation field. */
        public int offset(ConvergenceField f) {
            return offsets[f.ordinal()];
        }

        public int headerSize() {
            return fields.size();
        }
    }

    /** Layer 4. */
    public record Security(int control, boolean frameCounterBigEndian, int tagSize, Aad aad) {
        public static final int FRAME_COUNTER_SIZE = C2P1.Security.FRAME_COUNTER_SIZE;
        public static final int HEADER_SIZE = 1 + FRAME_COUNTER_SIZE;
        public static final int MIN_CIPHERTEXT = C2P1.Security.MIN_CIPHERTEXT;

        public Security {
            if (tagSize != 8 && tagSize != 12 && tagSize != 16) {
                throw new IllegalArgumentException("tag size " + tagSize);
            }
        }
    }

    private static final Layout C2P1_LAYOUT = buildC2p1();

    private final String name;
    private final Mac mac;
    private final byte[] llc;
    private final Convergence convergence;
    private final Security security;
    private final CompactFrameTable compactFrames;

    public Layout(String name, Mac mac, byte[] llc, Convergence convergence, Security security, CompactFrameTable compactFrames) {
        if (llc.length > 4) {
            throw new IllegalArgumentException("LLC header of " + llc.length + " bytes");
        }
        this.name = name;
        this.mac = mac;
        this.llc = llc.clone();
        this.convergence = convergence;
        this.security = security;
        this.compactFrames = compactFrames;
    }

    /** Profile C2P-1 (chain2-profile.md), built from the constants the layers had before profiles: one source. */
    public static Layout c2p1() {
        return C2P1_LAYOUT;
    }

    private static Layout buildC2p1() {
        Map<Integer, CompactFrameFormat> types = new LinkedHashMap<>();
        for (CompactFrameType t : CompactFrameType.values()) {
            List<CompactFrameFormat.FieldFormat> fields = new ArrayList<>();
            for (CompactFrameType.Field f : t.fields()) {
                fields.add(new CompactFrameFormat.FieldFormat(f.name(), CompactFrameFormat.FieldFormat.Kind.UNSIGNED, f.size()));
            }
            types.put(t.number(), new CompactFrameFormat(t.number(), t.counter(), fields));
        }
        return new Layout("C2P-1",
                new Mac(List.of(MacField.CONTROL, MacField.LENGTH, MacField.DESTINATION, MacField.SOURCE),
                        C2P1.Mac.CONTROL_DATA, 1, true, LengthCounts.PAYLOAD, false, FcsCrc.CRC16_X25, false),
                new byte[] {C2P1.Llc.CONTROL_UI, C2P1.Llc.SERVICE_DU_DATA},
                new Convergence(List.of(ConvergenceField.SEGMENTATION, ConvergenceField.DSAP, ConvergenceField.SSAP),
                        C2P1.Convergence.SEGMENTATION_UNSEGMENTED),
                new Security(C2P1.Security.CONTROL_ENCRYPTED_AUTHENTICATED, true, C2P1.Security.TAG_SIZE, Aad.SC_KEY),
                new CompactFrameTable(true, true, types));
    }

    /** The public counter of a CF number (profile-file.md), or null for a CF the public mapping does not name. */
    public static ReceptionCounter publicCounter(int cfNumber) {
        CompactFrameType t = CompactFrameType.byNumber(cfNumber);
        return t == null ? null : t.counter();
    }

    public String name() {
        return name;
    }

    public Mac mac() {
        return mac;
    }

    /** The LLC header's exact bytes (a copy). */
    public byte[] llc() {
        return llc.clone();
    }

    public int llcSize() {
        return llc.length;
    }

    /** The LLC byte at {@code i}, unsigned. */
    public int llcByte(int i) {
        return llc[i] & 0xFF;
    }

    public Convergence convergence() {
        return convergence;
    }

    public Security security() {
        return security;
    }

    public CompactFrameTable compactFrames() {
        return compactFrames;
    }

    public Layout withName(String newName) {
        return new Layout(newName, mac, llc, convergence, security, compactFrames);
    }

    public Layout withCompactFrames(CompactFrameTable table) {
        return new Layout(name, mac, llc, convergence, security, table);
    }

    /** Two layouts are equal when their profile files are: the file is the canonical form. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && LayoutFile.write(this).equals(LayoutFile.write(l));
    }

    @Override
    public int hashCode() {
        return LayoutFile.write(this).hashCode();
    }

    @Override
    public String toString() {
        return "Layout[" + name + "]";
    }
}
