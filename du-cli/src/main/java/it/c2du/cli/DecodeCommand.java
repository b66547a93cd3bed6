package it.c2du.cli;

import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.json.Json;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.receive.FrameObject;
import it.c2du.core.receive.ReceivePipeline;
import it.c2du.core.receive.Reception;
import it.c2du.core.stack.Bytes;
import it.c2du.core.stack.Layer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code du decode HEX}: one frame, layer by layer. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decodes one Layer-1 MAC frame layer by layer.",
                "",
                "Shows each layer's fields, the decrypted compact frame, or the reason and layer of its rejection. "
                        + "The frame is taken as a first reception (no replay window)."})
final class DecodeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "DU configuration (properties).")
    Path config;

    @Option(names = "--json", description = "Print the frame object of du replay instead.")
    boolean json;

    @Parameters(paramLabel = "HEX", description = "The MAC frame as hex digits (spaces, ':' and '-' are ignored).")
    String hex;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ConfigException, DuCommand.BadArgumentException {
        DuConfig cfg = DuConfig.load(config);
        String digits = hex.replaceAll("[\\s:-]", "");
        byte[] frame = Bytes.parseHexOrNull(digits);
        if (frame == null) {
            throw new DuCommand.BadArgumentException(hexProblem(digits));
        }
        Reception r = new ReceivePipeline(cfg.duAddress(), cfg.associations(), cfg.newEngine()).inspect(frame);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(FrameObject.of(null, null, r)));
            return 0;
        }
        out.printf("frame     %d bytes%n", frame.length);
        if (r.mac() != null) {
            out.printf("%-22s control 0x%02X, L %d, DA %s, SA %s, FCS 0x%04X%n", Layer.MAC.title(),
                    r.mac().control(), r.mac().length(), r.mac().destination(), r.mac().source(), r.mac().fcs());
        }
        if (r.llc() != null) {
            out.printf("%-22s control 0x%02X (UI), service 0x%02X%n", Layer.LLC.title(), r.llc().control(), r.llc().service());
        }
        if (r.convergence() != null) {
            out.printf("%-22s segmentation 0x%02X, DSAP 0x%02X, SSAP 0x%02X (meter %s)%n", Layer.CONVERGENCE.title(),
                    r.convergence().segmentation(), r.convergence().dsap(), r.convergence().ssap(), r.meter());
        }
        if (r.secured() != null) {
            out.printf("%-22s SC 0x%02X, frame counter %d, ciphertext %d bytes, tag %s%n", Layer.SECURITY.title(),
                    r.secured().securityControl(), r.secured().frameCounter(), r.secured().ciphertext().length,
                    Bytes.hex(r.secured().tag()));
        }
        if (r.plaintext() != null) {
            out.printf("%-22s authenticated with the %s association; plaintext %s%n", "", r.meter(), Bytes.hex(r.plaintext()));
        }
        if (r.compactFrame() != null) {
            CompactFrameType t = r.compactFrame().type();
            out.printf("%-22s %s (counter %s)%n", Layer.COMPACT_FRAME.title(), t, t.counter());
            for (Map.Entry<String, Long> f : r.compactFrame().fields().entrySet()) {
                String note = f.getKey().endsWith("PosixTimestamp") ? "  " + Instant.ofEpochSecond(f.getValue()) : "";
                out.printf("  %-24s %12d%s%n", f.getKey(), f.getValue(), note);
            }
        }
        if (r.rejection() != null) {
            out.printf("verdict   rejected: %s, at %s%n", r.rejection().reason().wireName(), r.rejection().layer().title());
        } else {
            out.printf("verdict   %s%n", r.verdict().wireName());
        }
        return 0;
    }

    /** What is wrong with the frame's digits: the first character that is not one, or their odd count. */
    private static String hexProblem(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!Bytes.isHexDigit(c)) {
                return "HEX: '" + c + "' (character " + (i + 1) + ") is not a hex digit";
            }
        }
        return digits.isEmpty() ? "HEX: no hex digits"
                : "HEX: an odd number of hex digits (" + digits.length() + "): a byte is two digits";
    }
}
