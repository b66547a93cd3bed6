package it.c2du.core.layout;

import it.c2du.core.profile.ReceptionCounter;
import java.util.List;

/**
 * One compact-frame type as a profile declares it: CF number, the counter it feeds (null: shown,
 * counted nowhere, e.g. CF5 or CF51 of the public Chain2Gate decoder) and its fields in wire order.
 */
public record CompactFrameFormat(int number, ReceptionCounter counter, List<FieldFormat> fields) {

    public CompactFrameFormat {
        fields = List.copyOf(fields);
    }

    /** CF number byte plus every field: the exact length (or, with exact-length false, the least). */
    public int plaintextLength() {
        int n = 1;
        for (FieldFormat f : fields) {
            n += f.size();
        }
        return n;
    }

    /** One field: its name, its kind and its size in bytes. */
    public record FieldFormat(String name, Kind kind, int size) {

        /** How a field's bytes read: integers (in the table's byte order), ASCII text or raw bytes. */
        public enum Kind { UNSIGNED, SIGNED, ASCII, BYTES }

        /** The type as a profile file writes it: u32, i16, ascii:8, bytes:4. */
        public String typeName() {
            return switch (kind) {
                case UNSIGNED -> "u" + 8 * size;
                case SIGNED -> "i" + 8 * size;
                case ASCII -> "ascii:" + size;
                case BYTES -> "bytes:" + size;
            };
        }

        /** Parses a profile file's type name; null when it is none of the family's. */
        public static FieldFormat parse(String name, String type) {
            switch (type) {
                case "u8": return new FieldFormat(name, Kind.UNSIGNED, 1);
                case "u16": return new FieldFormat(name, Kind.UNSIGNED, 2);
                case "u32": return new FieldFormat(name, Kind.UNSIGNED, 4);
                case "u64": return new FieldFormat(name, Kind.UNSIGNED, 8);
                case "i8": return new FieldFormat(name, Kind.SIGNED, 1);
                case "i16": return new FieldFormat(name, Kind.SIGNED, 2);
                case "i32": return new FieldFormat(name, Kind.SIGNED, 4);
                case "i64": return new FieldFormat(name, Kind.SIGNED, 8);
                default:
                    break;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(ascii|bytes):([1-9][0-9]{0,2})").matcher(type);
            if (!m.matches()) {
                return null;
            }
            return new FieldFormat(name, m.group(1).equals("ascii") ? Kind.ASCII : Kind.BYTES, Integer.parseInt(m.group(2)));
        }
    }
}
