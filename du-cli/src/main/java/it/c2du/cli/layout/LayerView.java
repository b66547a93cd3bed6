package it.c2du.cli.layout;

import it.c2du.core.layout.CompactFrameFormat;
import it.c2du.core.layout.Layout;
import it.c2du.core.layout.Layout.ConvergenceField;
import it.c2du.core.layout.Layout.MacField;
import it.c2du.core.receive.Reception;
import it.c2du.core.stack.Bytes;
import it.c2du.core.stack.ConvergencePdu;
import it.c2du.core.stack.Layer;
import it.c2du.core.stack.MacFrame;
import it.c2du.core.stack.SecuredApdu;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code du decode}'s layers of one frame as the profile reads them, each field with its byte
 * offsets in the received frame, so that an engineer can see where each byte went.
 */
public final class LayerView {
    private final PrintWriter out;
    private final Layout layout;
    private final byte[] frame;

    public LayerView(PrintWriter out, Layout layout, byte[] frame) {
        this.out = out;
        this.layout = layout;
        this.frame = frame;
    }

    public void print(Reception r) {
        if (r.mac() != null) {
            mac(r.mac());
        }
        if (r.llc() != null) {
            int start = r.llc().payloadOffset() - layout.llcSize();
            line(Layer.LLC.title(), layout.llcSize() == 0 ? "(no LLC header in this profile)"
                    : span(start, layout.llcSize()) + " " + hex(start, layout.llcSize()) + " (the profile's exact bytes)");
        }
        if (r.convergence() != null) {
            ConvergencePdu c = r.convergence();
            int start = c.apduOffset() - layout.convergence().headerSize();
            StringBuilder sb = new StringBuilder();
            for (ConvergenceField f : layout.convergence().fields()) {
                int at = start + layout.convergence().offset(f);
                sb.append(sb.length() == 0 ? "" : ", ").append(span(at, 1)).append(' ')
                        .append(f == ConvergenceField.SEGMENTATION ? "segmentation" : f.fileName().toUpperCase(java.util.Locale.ROOT))
                        .append(String.format(" 0x%02X", frame[at] & 0xFF));
                if (f == ConvergenceField.SSAP) {
                    sb.append(" (meter ").append(c.meter()).append(')');
                }
            }
            line(Layer.CONVERGENCE.title(), sb.toString());
        }
        if (r.secured() != null) {
            SecuredApdu s = r.secured();
            int start = s.ciphertextOffset() - Layout.Security.HEADER_SIZE;
            line(Layer.SECURITY.title(), String.format("%s SC 0x%02X, %s frame counter %d (%s-endian), %s ciphertext %d bytes, %s tag %s",
                    span(start, 1), s.securityControl(), span(start + 1, 4), s.frameCounter(),
                    layout.security().frameCounterBigEndian() ? "big" : "little", span(s.ciphertextOffset(), s.ciphertextLength()),
                    s.ciphertextLength(), span(s.ciphertextOffset() + s.ciphertextLength(), s.tagLength()), Bytes.hex(s.tag())));
            line("", "AAD " + layout.security().aad().fileName() + ", IV = System Title || frame counter (big-endian)");
        }
        if (r.plaintext() != null) {
            line("", "authenticated with the " + r.meter() + " association; plaintext " + Bytes.hex(r.plaintext()));
        }
        if (r.compactFrame() != null) {
            CompactFrameFormat t = r.compactFrame().format();
            line(Layer.COMPACT_FRAME.title(), "CF" + t.number() + " (counter " + (t.counter() == null ? "none: counted nowhere" : t.counter())
                    + "), " + (layout.compactFrames().bigEndian() ? "big" : "little") + "-endian; [a..b] in the plaintext");
            int offset = 1;
            Map<String, Object> values = r.compactFrame().fields();
            for (CompactFrameFormat.FieldFormat f : t.fields()) {
                Object v = values.get(f.name());
                String note = f.name().endsWith("PosixTimestamp") && v instanceof Long l ? "  " + Instant.ofEpochSecond(l) : "";
                out.printf("  %-9s %-24s %-8s %14s%s%n", span(offset, f.size()), f.name(), f.typeName(), v, note);
                offset += f.size();
            }
        }
    }

    private void mac(MacFrame m) {
        Layout.Mac mac = layout.mac();
        StringBuilder sb = new StringBuilder();
        for (MacField f : mac.header()) {
            int at = mac.offset(f);
            sb.append(sb.length() == 0 ? "" : ", ");
            switch (f) {
                case CONTROL -> sb.append(span(at, 1)).append(String.format(" control 0x%02X", m.control()));
                case LENGTH -> sb.append(span(at, mac.lengthSize())).append(" length ").append(m.lengthField())
                        .append(" (counts ").append(mac.lengthCounts().fileName()).append(": payload ").append(m.length()).append(')');
                case DESTINATION -> sb.append(span(at, 6)).append(" DA ").append(m.destination())
                        .append(mac.addressReversed() ? " (sent last byte first)" : "");
                case SOURCE -> sb.append(span(at, 6)).append(" SA ").append(m.source());
                default -> throw new IllegalStateException();
            }
        }
        line(Layer.MAC.title(), sb.toString());
        int end = mac.headerSize() + m.length();
        line("", span(mac.headerSize(), m.length()) + " payload, " + span(end, mac.fcsSize()) + " FCS "
                + String.format("0x%0" + 2 * mac.fcsSize() + "X", m.fcs()) + " (" + mac.crc().fileName() + ", "
                + (mac.fcsBigEndian() ? "big" : "little") + "-endian)");
    }

    private String hex(int start, int length) {
        return Bytes.hex(Arrays.copyOfRange(frame, start, start + length));
    }

    private static String span(int start, int length) {
        return length == 1 ? "[" + start + "]" : "[" + start + ".." + (start + length - 1) + "]";
    }

    private void line(String title, String text) {
        out.printf("%-22s %s%n", title, text);
    }
}
