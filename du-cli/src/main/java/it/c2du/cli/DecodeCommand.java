package it.c2du.cli;

import it.c2du.cli.layout.LayerView;
import it.c2du.cli.layout.LayoutOption;

import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.json.Json;
import it.c2du.core.layout.Layout;
import it.c2du.core.receive.FrameObject;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Reception;
import it.c2du.core.stack.Bytes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code du decode HEX}: one frame, layer by layer. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decodes one Layer-1 MAC frame layer by layer.",
                "",
                "Shows each layer's fields as the profile reads them, with their byte offsets, the decrypted compact frame,"
                        + " or the reason and layer of its rejection. "
                        + "The frame is taken as a first reception (no replay window)."})
final class DecodeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "DU configuration (properties).")
    Path config;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Profile file of the layout to read (profile-file.md); overrides profile.file. Default C2P-1.")
    Path profile;

    @Option(names = "--json", description = "Print the frame object of du replay instead.")
    boolean json;

    @Parameters(paramLabel = "HEX", description = "The MAC frame as hex digits (spaces, ':' and '-' are ignored).")
    String hex;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ConfigException, BadArgumentException {
        DuConfig cfg = DuConfig.load(config);
        String digits = hex.replaceAll("[\\s:-]", "");
        byte[] frame = Bytes.parseHexOrNull(digits);
        if (frame == null) {
            throw new BadArgumentException(hexProblem(digits));
        }
        Layout layout = LayoutOption.effective(cfg, profile);
        Reception r = new ReceiveStack(cfg.duAddress(), cfg.associations(), cfg.newEngine(), layout).inspect(frame);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(FrameObject.of(null, null, r)));
            return 0;
        }
        out.printf("profile   %s%n", layout.name());
        out.printf("frame     %d bytes; [a..b] are byte offsets in the frame%n", frame.length);
        new LayerView(out, layout, frame).print(r);
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
