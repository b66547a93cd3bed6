package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import it.c2du.core.json.Json;
import it.c2du.core.testing.TestVectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code du replay --json --frames} on the project's copy of the profile vectors, compared as
 * shared/tools/check-replay compares them: every binding member of every frame object, and the
 * summary's frames, day, counters and profile.
 */
class ReplayVectorsTest {
    private static final Path DIR = Path.of("..", "testvectors");

    @ParameterizedTest
    @ValueSource(strings = {"vectors", "no-key", "three-days"})
    @SuppressWarnings("unchecked")
    void replayPrintsWhatTheIndependentEncoderExpects(String name) throws Exception {
        List<String> args = new ArrayList<>(List.of("replay", "--config", DIR.resolve(name + ".properties").toString(),
                "--trace", DIR.resolve(name + ".trace").toString(), "--json", "--frames"));
        String until = TestVectors.until(name);
        if (until != null) {
            args.add("--until");
            args.add(until);
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        List<Object> got = new ArrayList<>();
        for (String line : run.out().split("\n")) {
            if (!line.isBlank()) {
                got.add(Json.parse(line));
            }
        }
        List<Map<String, Object>> want = TestVectors.frames(name);
        assertEquals(want.size() + 1, got.size(), name + ": frame objects and summary");
        for (int i = 0; i < want.size(); i++) {
            Map<String, Object> w = want.get(i);
            Map<String, Object> g = (Map<String, Object>) got.get(i);
            assertEquals(w.get("line"), g.get("line"), name + " object " + i);
            for (String k : TestVectors.bindingMembers(w)) {
                assertEquals(w.get(k), g.get(k), name + " line " + w.get("line") + ": " + k);
            }
        }
        Map<String, Object> summaryWant = TestVectors.summary(name);
        Map<String, Object> summaryGot = (Map<String, Object>) got.get(got.size() - 1);
        for (String k : List.of("frames", "day", "counters", "profile")) {
            assertEquals(summaryWant.get(k), summaryGot.get(k), name + ": summary " + k);
        }
    }

    /**
     * Without --frames du replay counts on the counting path (no Reception per frame), with --state
     * too: its summary is the independent encoder's, as the reporting path's is.
     */
    @ParameterizedTest
    @ValueSource(strings = {"vectors", "no-key", "three-days"})
    void theCountingPathGivesTheSameSummary(String name, @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        for (boolean withState : new boolean[] {false, true}) {
            List<String> args = new ArrayList<>(List.of("replay", "--config", DIR.resolve(name + ".properties").toString(),
                    "--trace", DIR.resolve(name + ".trace").toString(), "--json"));
            String until = TestVectors.until(name);
            if (until != null) {
                args.add("--until");
                args.add(until);
            }
            if (withState) {
                args.add("--state");
                args.add(tmp.resolve("state").toString());
            }
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, run.status(), run.err());
            @SuppressWarnings("unchecked")
            Map<String, Object> got = (Map<String, Object>) Json.parse(run.out().strip());
            Map<String, Object> want = TestVectors.summary(name);
            for (String k : List.of("frames", "day", "counters", "profile")) {
                assertEquals(want.get(k), got.get(k), name + (withState ? " --state" : "") + ": summary " + k);
            }
        }
    }
}
