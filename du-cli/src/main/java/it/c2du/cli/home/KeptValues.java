package it.c2du.cli.home;

import it.c2du.core.json.Json;
import it.c2du.core.profile.MeterRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last values published for each meter, kept in the state directory ({@value #FILE}) so that a
 * restarted DU has real values to show and never a 0: Home Assistant's {@code total_increasing}
 * energy would take a 0 followed by the real total for a meter reset and count the whole total
 * again. Written whole and renamed over the old copy, so a power cut leaves one or the other.
 */
public final class KeptValues {
    public static final String FILE = "live-values.json";

    private KeptValues() {
    }

    /** What the file holds; empty when there is none, or when it cannot be read (said in {@code warn}). */
    public static Map<MeterRole, LiveSnapshot.MeterState> read(Path stateDir, java.util.function.Consumer<String> warn) {
        Map<MeterRole, LiveSnapshot.MeterState> kept = new EnumMap<>(MeterRole.class);
        Path file = stateDir.resolve(FILE);
        try {
            Object root = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!(root instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            for (MeterRole role : MeterRole.values()) {
                if (m.get(role.name()) instanceof Map<?, ?> meter && meter.get("frames") instanceof Map<?, ?> frames
                        && meter.get("times") instanceof Map<?, ?> times) {
                    Map<String, Map<String, Object>> f = new TreeMap<>();
                    Map<String, Instant> t = new TreeMap<>();
                    for (Map.Entry<?, ?> e : frames.entrySet()) {
                        if (e.getValue() instanceof Map<?, ?> fields && times.get(e.getKey()) instanceof String at) {
                            Map<String, Object> copy = new LinkedHashMap<>();
                            fields.forEach((k, v) -> copy.put((String) k, v));
                            f.put((String) e.getKey(), copy);
                            t.put((String) e.getKey(), Instant.parse(at));
                        }
                    }
                    kept.put(role, new LiveSnapshot.MeterState(f, t, false));
                }
            }
        } catch (NoSuchFileException e) {
            return kept;
        } catch (IOException | Json.JsonException | RuntimeException e) {
            warn.accept(file + ": cannot be read (" + e.getMessage() + "); the meters' values are unavailable until"
                    + " their next frames");
            kept.clear();
        }
        return kept;
    }

    /** Replaces the file with these values. */
    public static void write(Path stateDir, Map<MeterRole, LiveSnapshot.MeterState> meters) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<MeterRole, LiveSnapshot.MeterState> e : meters.entrySet()) {
            Map<String, Object> times = new TreeMap<>();
            e.getValue().times().forEach((k, v) -> times.put(k, v.toString()));
            root.put(e.getKey().name(), Map.of("frames", e.getValue().frames(), "times", times));
        }
        Path tmp = stateDir.resolve(FILE + ".new");
        Files.write(tmp, Json.write(root).getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
        Files.move(tmp, stateDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
