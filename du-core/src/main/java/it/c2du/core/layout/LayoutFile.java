package it.c2du.core.layout;

import it.c2du.core.config.ConfigException;
import it.c2du.core.json.Json;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.stack.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The profile file of profile-file.md: JSON to a {@link Layout}, checked member by member, and
 * back. A bad file is a {@link ConfigException} whose message names the file and the member's
 * JSON path ({@code mac.fcs.crc: expected one of ..., got "crc17"}): the CLI exits 2 on it.
 */
public final class LayoutFile {
    private static final List<String> TOP = List.of("profile", "mac", "llc", "convergence", "security", "compact-frames");
    private static final List<String> MAC = List.of("header", "control", "length", "address-order", "fcs");

    private LayoutFile() {
    }

    /** A member that is not what the contract allows; {@code path} is its JSON path. */
    private static final class Bad extends Exception {
        Bad(String path, String message) {
            super(path + ": " + message);
        }
    }

    public static Layout load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the profile file: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses and validates a profile file's text; {@code source} names it in messages. */
    public static Layout parse(String text, String source) throws ConfigException {
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.JsonException e) {
            throw new ConfigException(source + ": not JSON: " + e.getMessage());
        }
        try {
            return read(root);
        } catch (Bad e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }

    private static Layout read(Object root) throws Bad {
        Map<String, Object> top = object(root, "(file)", TOP);
        Object name = top.get("profile");
        if (!(name instanceof String s) || s.isBlank()) {
            throw new Bad("profile", "expected a name (text), got " + shown(name));
        }
        Layout.Mac mac = mac(object(top.get("mac"), "mac", MAC));
        byte[] llc = llc(top.get("llc"));
        Layout.Convergence convergence = convergence(object(top.get("convergence"), "convergence", List.of("fields", "segmentation")));
        Layout.Security security = security(object(top.get("security"), "security", List.of("control", "fc-order", "tag-size", "aad")));
        CompactFrameTable table = compactFrames(object(top.get("compact-frames"), "compact-frames", List.of("order", "exact-length", "types")));
        return new Layout((String) name, mac, llc, convergence, security, table);
    }

    private static Layout.Mac mac(Map<String, Object> m) throws Bad {
        List<Object> header = list(m.get("header"), "mac.header");
        List<Layout.MacField> fields = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            Layout.MacField f = oneOf(header.get(i), "mac.header[" + i + "]", Layout.MacField.values(), Layout.MacField::fileName);
            if (fields.contains(f)) {
                throw new Bad("mac.header[" + i + "]", "\"" + f.fileName() + "\" is listed twice");
            }
            fields.add(f);
        }
        if (fields.size() != 4) {
            throw new Bad("mac.header", "expected the four names control, length, destination, source, each once, got "
                    + header.size());
        }
        int control = hexByte(m.get("control"), "mac.control");
        Map<String, Object> length = object(m.get("length"), "mac.length", List.of("size", "order", "counts"));
        Object size = length.get("size");
        if (!(size instanceof Long l) || (l != 1 && l != 2)) {
            throw new Bad("mac.length.size", "expected 1 or 2, got " + shown(size));
        }
        boolean lengthBig = order(length.get("order"), "mac.length.order");
        Layout.LengthCounts counts = oneOf(length.get("counts"), "mac.length.counts", Layout.LengthCounts.values(),
                Layout.LengthCounts::fileName);
        String addressOrder = oneOf(m.get("address-order"), "mac.address-order", new String[] {"as-written", "reversed"}, s -> s);
        Map<String, Object> fcs = object(m.get("fcs"), "mac.fcs", List.of("crc", "order"));
        FcsCrc crc = oneOf(fcs.get("crc"), "mac.fcs.crc", FcsCrc.values(), FcsCrc::fileName);
        boolean fcsBig = order(fcs.get("order"), "mac.fcs.order");
        return new Layout.Mac(fields, control, (int) (long) (Long) size, lengthBig, counts, addressOrder.equals("reversed"), crc, fcsBig);
    }

    private static byte[] llc(Object v) throws Bad {
        List<Object> l = list(v, "llc");
        if (l.size() > 4) {
            throw new Bad("llc", "expected 0 to 4 bytes, got " + l.size());
        }
        byte[] b = new byte[l.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) hexByte(l.get(i), "llc[" + i + "]");
        }
        return b;
    }

    private static Layout.Convergence convergence(Map<String, Object> m) throws Bad {
        Object segValue = m.get("segmentation");
        Integer segmentation = segValue == null ? null : hexByte(segValue, "convergence.segmentation");
        List<Object> l = list(m.get("fields"), "convergence.fields");
        List<Layout.ConvergenceField> fields = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            Layout.ConvergenceField f = oneOf(l.get(i), "convergence.fields[" + i + "]", Layout.ConvergenceField.values(),
                    Layout.ConvergenceField::fileName);
            if (fields.contains(f)) {
                throw new Bad("convergence.fields[" + i + "]", "\"" + f.fileName() + "\" is listed twice");
            }
            fields.add(f);
        }
        boolean hasSegmentation = fields.contains(Layout.ConvergenceField.SEGMENTATION);
        if (fields.size() != (hasSegmentation ? 3 : 2) || !fields.contains(Layout.ConvergenceField.DSAP)
                || !fields.contains(Layout.ConvergenceField.SSAP)) {
            throw new Bad("convergence.fields", "expected segmentation, dsap and ssap in wire order, or dsap and ssap");
        }
        if (hasSegmentation != (segmentation != null)) {
            throw new Bad("convergence.segmentation", hasSegmentation
                    ? "is null but convergence.fields lists segmentation" : "is a byte but convergence.fields has no segmentation");
        }
        return new Layout.Convergence(fields, segmentation);
    }

    private static Layout.Security security(Map<String, Object> m) throws Bad {
        int control = hexByte(m.get("control"), "security.control");
        boolean fcBig = order(m.get("fc-order"), "security.fc-order");
        Object tag = m.get("tag-size");
        if (!(tag instanceof Long t) || (t != 8 && t != 12 && t != 16)) {
            throw new Bad("security.tag-size", "expected 8, 12 or 16, got " + shown(tag));
        }
        Layout.Aad aad = oneOf(m.get("aad"), "security.aad", Layout.Aad.values(), Layout.Aad::fileName);
        return new Layout.Security(control, fcBig, (int) (long) t, aad);
    }

    private static CompactFrameTable compactFrames(Map<String, Object> m) throws Bad {
        boolean big = order(m.get("order"), "compact-frames.order");
        Object exact = m.get("exact-length");
        if (!(exact instanceof Boolean)) {
            throw new Bad("compact-frames.exact-length", "expected true or false, got " + shown(exact));
        }
        Object typesValue = m.get("types");
        if (!(typesValue instanceof Map<?, ?> types)) {
            throw new Bad("compact-frames.types", "expected an object (CF number -> type), got " + shown(typesValue));
        }
        Map<Integer, CompactFrameFormat> formats = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : types.entrySet()) {
            String key = (String) e.getKey();
            String path = "compact-frames.types." + key;
            if (!key.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(key) > 255) {
                throw new Bad(path, "expected a CF number 0..255 in decimal as the member's name");
            }
            int number = Integer.parseInt(key);
            Map<String, Object> t = object(e.getValue(), path, List.of("counter", "fields"));
            ReceptionCounter counter = null;
            Object c = t.get("counter");
            if (c != null) {
                counter = oneOf(c, path + ".counter", ReceptionCounter.values(), Enum::name);
                ReceptionCounter pub = Layout.publicCounter(number);
                if (counter != pub) {
                    throw new Bad(path + ".counter", pub == null
                            ? "CF" + number + " has no public counter: expected null, got \"" + counter + "\""
                            : "the public mapping counts CF" + number + " in " + pub + ", got \"" + counter + "\" (null counts it nowhere)");
                }
            } else if (!t.containsKey("counter")) {
                throw new Bad(path + ".counter", "missing");
            }
            List<Object> fl = list(t.get("fields"), path + ".fields");
            List<CompactFrameFormat.FieldFormat> fields = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < fl.size(); i++) {
                String fp = path + ".fields[" + i + "]";
                if (!(fl.get(i) instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof String fname)
                        || fname.isEmpty() || !(pair.get(1) instanceof String ftype)) {
                    throw new Bad(fp, "expected [name, type], got " + shown(fl.get(i)));
                }
                CompactFrameFormat.FieldFormat f = CompactFrameFormat.FieldFormat.parse(fname, ftype);
                if (f == null) {
                    throw new Bad(fp + "[1]", "expected one of u8, u16, u32, u64, i8, i16, i32, i64, ascii:N, bytes:N, got \"" + ftype + "\"");
                }
                if (!names.add(fname)) {
                    throw new Bad(fp + "[0]", "field \"" + fname + "\" is named twice");
                }
                fields.add(f);
            }
            formats.put(number, new CompactFrameFormat(number, counter, fields));
        }
        return new CompactFrameTable(big, (Boolean) exact, formats);
    }

    // ---- small readers: each names the path of what it reads ----

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String path, List<String> members) throws Bad {
        if (!(v instanceof Map<?, ?> m)) {
            throw new Bad(path, v == null ? "missing" : "expected an object, got " + shown(v));
        }
        String prefix = path.equals("(file)") ? "" : path + ".";
        for (Object k : m.keySet()) {
            if (!members.contains((String) k)) {
                throw new Bad(prefix + k, "unknown member (expected " + String.join(", ", members) + ")");
            }
        }
        for (String k : members) {
            if (!m.containsKey(k)) {
                throw new Bad(prefix + k, "missing");
            }
        }
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object v, String path) throws Bad {
        if (!(v instanceof List<?> l)) {
            throw new Bad(path, v == null ? "missing" : "expected a list, got " + shown(v));
        }
        return (List<Object>) l;
    }

    private static int hexByte(Object v, String path) throws Bad {
        if (v instanceof String s && s.length() == 2 && Bytes.isHexDigit(s.charAt(0)) && Bytes.isHexDigit(s.charAt(1))) {
            return Integer.parseInt(s, 16);
        }
        throw new Bad(path, "expected a byte as two hex digits in a string (\"10\"), got " + shown(v));
    }

    private static boolean order(Object v, String path) throws Bad {
        return oneOf(v, path, new String[] {"big", "little"}, s -> s).equals("big");
    }

    private static <T> T oneOf(Object v, String path, T[] values, java.util.function.Function<T, String> nameOf) throws Bad {
        for (T t : values) {
            if (nameOf.apply(t).equals(v)) {
                return t;
            }
        }
        throw new Bad(path, "expected one of " + Arrays.stream(values).map(nameOf).collect(Collectors.joining(", "))
                + ", got " + shown(v));
    }

    private static String shown(Object v) {
        if (v == null) {
            return "null";
        }
        String s = Json.write(v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    // ---- writing ----

    /** The profile file of a layout, in the form of profile-file.md: one CF type per line. */
    public static String write(Layout layout) {
        Layout.Mac mac = layout.mac();
        StringBuilder sb = new StringBuilder();
        sb.append("{\n");
        sb.append("  \"profile\": ").append(Json.write(layout.name())).append(",\n");
        sb.append("  \"mac\": {\n");
        sb.append("    \"header\": ").append(Json.write(mac.header().stream().map(Layout.MacField::fileName).toList())).append(",\n");
        sb.append("    \"control\": ").append(Json.write(hex(mac.control()))).append(",\n");
        Map<String, Object> length = new LinkedHashMap<>();
        length.put("size", mac.lengthSize());
        length.put("order", mac.lengthBigEndian() ? "big" : "little");
        length.put("counts", mac.lengthCounts().fileName());
        sb.append("    \"length\": ").append(Json.write(length)).append(",\n");
        sb.append("    \"address-order\": ").append(Json.write(mac.addressReversed() ? "reversed" : "as-written")).append(",\n");
        Map<String, Object> fcs = new LinkedHashMap<>();
        fcs.put("crc", mac.crc().fileName());
        fcs.put("order", mac.fcsBigEndian() ? "big" : "little");
        sb.append("    \"fcs\": ").append(Json.write(fcs)).append("\n");
        sb.append("  },\n");
        List<String> llc = new ArrayList<>();
        for (int i = 0; i < layout.llcSize(); i++) {
            llc.add(hex(layout.llcByte(i)));
        }
        sb.append("  \"llc\": ").append(Json.write(llc)).append(",\n");
        Map<String, Object> conv = new LinkedHashMap<>();
        conv.put("fields", layout.convergence().fields().stream().map(Layout.ConvergenceField::fileName).toList());
        conv.put("segmentation", layout.convergence().segmentation() == null ? null : hex(layout.convergence().segmentation()));
        sb.append("  \"convergence\": ").append(Json.write(conv)).append(",\n");
        Layout.Security s = layout.security();
        Map<String, Object> sec = new LinkedHashMap<>();
        sec.put("control", hex(s.control()));
        sec.put("fc-order", s.frameCounterBigEndian() ? "big" : "little");
        sec.put("tag-size", s.tagSize());
        sec.put("aad", s.aad().fileName());
        sb.append("  \"security\": ").append(Json.write(sec)).append(",\n");
        CompactFrameTable t = layout.compactFrames();
        sb.append("  \"compact-frames\": {\n");
        sb.append("    \"order\": ").append(Json.write(t.bigEndian() ? "big" : "little")).append(",\n");
        sb.append("    \"exact-length\": ").append(t.exactLength()).append(",\n");
        sb.append("    \"types\": {");
        boolean first = true;
        for (CompactFrameFormat f : t.types().values()) {
            Map<String, Object> type = new LinkedHashMap<>();
            type.put("counter", f.counter() == null ? null : f.counter().name());
            type.put("fields", f.fields().stream().map(x -> List.of(x.name(), x.typeName())).toList());
            sb.append(first ? "\n" : ",\n").append("      ").append(Json.write(String.valueOf(f.number()))).append(": ").append(Json.write(type));
            first = false;
        }
        sb.append(first ? "}\n" : "\n    }\n");
        sb.append("  }\n");
        sb.append("}\n");
        return sb.toString();
    }

    private static String hex(int b) {
        return String.format("%02X", b);
    }
}
