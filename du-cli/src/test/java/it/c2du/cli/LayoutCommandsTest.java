package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.json.Json;
import it.c2du.core.layout.Layout;
import it.c2du.core.layout.LayoutFile;
import it.c2du.core.testing.TestVectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layout commands through the real CLI: the public example case replayed with its profile and
 * with the profile du discover writes (check-replay both ways), du profile show, a bad profile
 * file (exit 2 naming the member), du decode's layer view, and an honest refusal.
 */
class LayoutCommandsTest {
    private static final Path DIR = Path.of("..", "testvectors", "layouts");
    private static final String CASE = "layouts/example-dlms";

    @Test
    void theExampleCaseReplaysWithItsProfile() throws Exception {
        assertReplayMatches(DIR.resolve("example-dlms.profile.json"));
    }

    @Test
    void theExampleCaseReplaysWithTheProfileDiscoveryWrites(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("found.json");
        CliRun d = CliRun.of("discover", "--config", DIR.resolve("example-dlms.properties").toString(),
                "--trace", DIR.resolve("example-dlms.trace").toString(), "--out", out.toString());
        assertEquals(0, d.status(), d.err() + d.out());
        assertTrue(d.out().startsWith("Layout found from 426 frames."), d.out());
        assertTrue(d.out().contains("line 190: for another DU (DC0A1B2C3D40)"), d.out());
        assertReplayMatches(out);
        CliRun j = CliRun.of("discover", "--json", "--config", DIR.resolve("example-dlms.properties").toString(),
                "--trace", DIR.resolve("example-dlms.trace").toString());
        assertEquals(0, j.status(), j.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) Json.parse(j.out().strip());
        assertEquals(true, report.get("found"));
        assertFalse(j.out().contains("0F1E2D3C4B5A69788796A5B4C3D2E1F0"), "the M1 key in the report");
    }

    @Test
    void discoveryWithAWrongKeyExitsOneAndWritesNoProfile(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("du.properties");
        Files.writeString(cfg, Files.readString(DIR.resolve("example-dlms.properties"))
                .replace("0F1E2D3C4B5A69788796A5B4C3D2E1F0", "0F1E2D3C4B5A69788796A5B4C3D2E1F1")
                .replace("A0B1C2D3E4F5061728394A5B6C7D8E9F", "A0B1C2D3E4F5061728394A5B6C7D8E90"));
        Path out = tmp.resolve("found.json");
        CliRun d = CliRun.of("discover", "--config", cfg.toString(), "--trace", DIR.resolve("example-dlms.trace").toString(),
                "--out", out.toString());
        assertEquals(1, d.status(), d.out());
        assertTrue(d.out().contains("No layout found") && d.out().contains("m1.key"), d.out());
        assertFalse(Files.exists(out));
    }

    @Test
    void profileShowPrintsC2p1AndABadFileNamesItsMember(@TempDir Path tmp) throws Exception {
        CliRun show = CliRun.of("profile", "show");
        assertEquals(0, show.status(), show.err());
        assertEquals(Layout.c2p1(), LayoutFile.parse(show.out(), "show"));
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, show.out().replace("\"crc16-x25\"", "\"crc17\""));
        CliRun r = CliRun.of("profile", "show", "--profile", bad.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("mac.fcs.crc: expected one of crc16-x25"), r.err());
        CliRun replay = CliRun.of("replay", "--config", DIR.resolve("example-dlms.properties").toString(),
                "--trace", DIR.resolve("example-dlms.trace").toString(), "--profile", bad.toString());
        assertEquals(2, replay.status());
    }

    @Test
    void decodeShowsWhereEachByteWent() throws Exception {
        String line = Files.readAllLines(DIR.resolve("example-dlms.trace")).get(3);
        CliRun d = CliRun.of("decode", "--config", DIR.resolve("example-dlms.properties").toString(),
                "--profile", DIR.resolve("example-dlms.profile.json").toString(), line.split("\\s+")[1]);
        assertEquals(0, d.status(), d.err());
        assertTrue(d.out().contains("[0] control 0x41"), d.out());
        assertTrue(d.out().contains("[2..7] DA DC0A1B2C3D4E (sent last byte first)"), d.out());
        assertTrue(d.out().contains("[14..16] E6E600"), d.out());
        assertTrue(d.out().contains("[17] segmentation 0x00, [18] DSAP 0x04, [19] SSAP 0x0B (meter M1)"), d.out());
        assertTrue(d.out().contains("TotalActEnergy"), d.out());
        assertTrue(d.out().contains("verdict   accepted"), d.out());
    }

    @SuppressWarnings("unchecked")
    private static void assertReplayMatches(Path profile) throws Exception {
        List<String> args = new ArrayList<>(List.of("replay", "--config", DIR.resolve("example-dlms.properties").toString(),
                "--trace", DIR.resolve("example-dlms.trace").toString(), "--json", "--frames", "--profile", profile.toString(),
                "--until", TestVectors.until(CASE)));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        List<Object> got = new ArrayList<>();
        for (String l : run.out().split("\n")) {
            if (!l.isBlank()) {
                got.add(Json.parse(l));
            }
        }
        List<Map<String, Object>> want = TestVectors.frames(CASE);
        assertEquals(want.size() + 1, got.size());
        for (int i = 0; i < want.size(); i++) {
            Map<String, Object> w = want.get(i);
            Map<String, Object> g = (Map<String, Object>) got.get(i);
            assertEquals(w.get("line"), g.get("line"));
            for (String k : TestVectors.bindingMembers(w)) {
                assertEquals(w.get(k), g.get(k), "line " + w.get("line") + ": " + k);
            }
        }
        Map<String, Object> summary = (Map<String, Object>) got.get(got.size() - 1);
        for (String k : List.of("frames", "day", "counters", "profile")) {
            assertEquals(TestVectors.summary(CASE).get(k), summary.get(k), "summary " + k);
        }
    }
}
