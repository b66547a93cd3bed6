package it.c2du.core.testing;

import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.layout.Layout;
import it.c2du.core.layout.LayoutFile;
import it.c2du.core.trace.TraceEvent;
import it.c2du.core.trace.TraceFormatException;
import it.c2du.core.json.Json;
import it.c2du.core.trace.TraceReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The project's copy of the profile test vectors (testvectors/ at the repository root, put on
 * the test classpath by du-core's pom): one case = properties, trace, expected frame objects,
 * expected summary, extra arguments.
 */
public final class TestVectors {
    /** The cases of shared/testvectors/README.md. */
    public static final List<String> CASES = List.of("vectors", "no-key", "three-days");
    /** The cases of another layout than C2P-1, each with its profile file (shared/testvectors/layouts). */
    public static final List<String> LAYOUT_CASES = List.of("layouts/example-dlms");

    private TestVectors() {
    }

    public static String text(String file) {
        try (InputStream in = TestVectors.class.getClassLoader().getResourceAsStream("testvectors/" + file)) {
            if (in == null) {
                throw new IllegalStateException("testvectors/" + file + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DuConfig config(String name) throws ConfigException {
        return DuConfig.parse(text(name + ".properties"), name + ".properties");
    }

    public static TraceReader trace(String name) {
        InputStream in = TestVectors.class.getClassLoader().getResourceAsStream("testvectors/" + name + ".trace");
        return new TraceReader(in, name + ".trace");
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> frames(String name) throws Json.JsonException {
        List<Map<String, Object>> l = new ArrayList<>();
        for (String line : text(name + ".frames.jsonl").split("\n")) {
            if (!line.isBlank()) {
                l.add((Map<String, Object>) Json.parse(line));
            }
        }
        return l;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> summary(String name) throws Json.JsonException {
        return (Map<String, Object>) Json.parse(text(name + ".summary.json"));
    }

    /** The {@code --until} argument of the case, or null. */
    @SuppressWarnings("unchecked")
    public static String until(String name) throws Json.JsonException {
        return (String) ((Map<String, Object>) Json.parse(text(name + ".args.json"))).get("until");
    }

    /** The layout the case is replayed with: its args' profile file, else C2P-1. */
    @SuppressWarnings("unchecked")
    public static Layout layout(String name) throws Json.JsonException, ConfigException {
        String profile = (String) ((Map<String, Object>) Json.parse(text(name + ".args.json"))).get("profile");
        if (profile == null) {
            return Layout.c2p1();
        }
        String folder = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
        return LayoutFile.parse(text(folder + profile), profile);
    }

    /** Every event of the case's trace. */
    public static List<TraceEvent> events(String name) throws TraceFormatException {
        List<TraceEvent> l = new ArrayList<>();
        try (TraceReader r = trace(name)) {
            for (TraceEvent e = r.next(); e != null; e = r.next()) {
                l.add(e);
            }
        }
        return l;
    }

    /**
     * The members of an expected frame object that bind an implementation (check-replay's rule:
     * for a repetition only verdict, meter and fc).
     */
    public static List<String> bindingMembers(Map<String, Object> expected) {
        return "repetition".equals(expected.get("verdict"))
                ? List.of("verdict", "meter", "fc")
                : List.of("verdict", "reason", "meter", "fc", "cf", "plaintext", "fields");
    }
}
