package it.c2du.core.layout;

import it.c2du.core.layout.CompactFrameFormat.FieldFormat;
import it.c2du.core.layout.Layout.ConvergenceField;
import it.c2du.core.layout.Layout.MacField;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random members of the profile-file family, and random field values for their CF tables (tests only). */
public final class RandomLayouts {
    private RandomLayouts() {
    }

    /**
     * Any layout of the family: every member drawn, and CF types beyond C2P-1's six (counter null,
     * signed, ascii and bytes fields).
     */
    public static Layout any(Random r) {
        Map<Integer, CompactFrameFormat> types = new LinkedHashMap<>(Layout.c2p1().compactFrames().types());
        int extra = r.nextInt(3);
        for (int i = 0; i < extra; i++) {
            int number;
            do {
                number = r.nextInt(256);
            } while (types.containsKey(number));
            List<FieldFormat> fields = new ArrayList<>();
            fields.add(new FieldFormat("MessagePosixTimestamp", FieldFormat.Kind.UNSIGNED, 4));
            String[] kinds = {"u8", "u16", "u64", "i8", "i16", "i32", "i64", "ascii:6", "bytes:3"};
            int n = r.nextInt(4);
            for (int k = 0; k < n; k++) {
                fields.add(FieldFormat.parse("Field" + k, kinds[r.nextInt(kinds.length)]));
            }
            types.put(number, new CompactFrameFormat(number, null, fields));
        }
        return shape(r, new CompactFrameTable(r.nextBoolean(), r.nextBoolean(), types), r.nextBoolean());
    }

    /**
     * A layout discovery must be able to tell from frames, starting from C2P-1: C2P-1's CF
     * tables (discovery keeps the starting profile's) in either byte order, exact length, and no
     * LLC bytes when there is no segmentation field (else the rule of profile-file.md reads the
     * last LLC byte as the segmentation field, by design).
     */
    public static Layout discoverable(Random r) {
        // A byte 0x00 in every frame next to the length field reads as the high byte of a 2-byte length
        // (docs/layout.md): a control, LLC or segmentation byte 0x00 there is not discoverable as such.
        Layout l;
        do {
            l = shape(r, Layout.c2p1().compactFrames().withOrder(r.nextBoolean()), false);
        } while (l.mac().control() == 0 || (l.convergence().segmentation() != null && ambiguousSegmentation(l.convergence().segmentation()))
                || hasZero(l.llc()));
        return l;
    }

    /**
     * 0x00 reads as a length's high byte; 0x04, 0x0B and 0x0C are DSAP's and SSAP's values, and a
     * segmentation byte that constant is told from the true DSAP or SSAP only by the damaged frames
     * (docs/layout.md).
     */
    private static boolean ambiguousSegmentation(int b) {
        return b == 0x00 || b == 0x04 || b == 0x0B || b == 0x0C;
    }

    private static boolean hasZero(byte[] b) {
        for (byte x : b) {
            if (x == 0) {
                return true;
            }
        }
        return false;
    }

    private static Layout shape(Random r, CompactFrameTable table, boolean anyLlc) {
        List<MacField> header = new ArrayList<>(List.of(MacField.values()));
        Collections.shuffle(header, r);
        FcsCrc crc = FcsCrc.values()[r.nextInt(FcsCrc.values().length)];
        Layout.Mac mac = new Layout.Mac(header, r.nextInt(256), 1 + r.nextInt(2), r.nextBoolean(),
                Layout.LengthCounts.values()[r.nextInt(3)], r.nextBoolean(), crc, r.nextBoolean());
        boolean segmentation = r.nextBoolean();
        List<ConvergenceField> fields = new ArrayList<>(List.of(ConvergenceField.DSAP, ConvergenceField.SSAP));
        if (segmentation) {
            fields.add(ConvergenceField.SEGMENTATION);
        }
        Collections.shuffle(fields, r);
        int llcSize = segmentation || anyLlc ? r.nextInt(5) : 0;
        byte[] llc = new byte[llcSize];
        r.nextBytes(llc);
        if (mac.lengthSize() == 1 && !mac.lengthBigEndian()) {
            // A one-byte length has no byte order: the file still names one, and "big" is what discovery writes.
            mac = new Layout.Mac(header, mac.control(), 1, true, mac.lengthCounts(), mac.addressReversed(), crc, mac.fcsBigEndian());
        }
        return new Layout("random", mac, llc, new Layout.Convergence(fields, segmentation ? r.nextInt(256) : null),
                new Layout.Security(r.nextInt(256), r.nextBoolean(), new int[] {8, 12, 16}[r.nextInt(3)],
                        Layout.Aad.values()[r.nextInt(3)]), table);
    }

    /** Every field of a type drawn at random over its range; timestamps near {@code posixTime}. */
    public static Map<String, Object> fields(CompactFrameFormat type, long posixTime, Random r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (FieldFormat f : type.fields()) {
            Object v;
            if (f.name().endsWith("PosixTimestamp")) {
                v = posixTime - r.nextInt(60);
            } else {
                v = switch (f.kind()) {
                    case UNSIGNED -> f.size() == 8 ? new BigInteger(64, r).longValue() >= 0 ? (Object) new BigInteger(63, r).longValue()
                            : new BigInteger(64, r).setBit(63) : (Object) (r.nextLong() & ((1L << (8 * f.size())) - 1));
                    case SIGNED -> (r.nextLong() << (64 - 8 * f.size())) >> (64 - 8 * f.size());
                    case ASCII -> "AB" + r.nextInt(100);
                    case BYTES -> String.format("%06X", r.nextInt(1 << 24));
                };
            }
            m.put(f.name(), v);
        }
        return m;
    }
}
