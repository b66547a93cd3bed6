package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.json.Json;
import it.c2du.counters.state.StateDirectory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code du replay} reads its trace: once, in one pass, from a file, a pipe, a FIFO or
 * standard input ({@code --trace -}); a bad line still prints nothing but the error and leaves
 * a state directory as it was.
 */
class ReplayTraceInputTest {
    private static final String CONFIG = "du.mac = DC1234567890\n"
            + "m1.key = BC000000001234567890000012345678\n"
            + "m1.system-title = 4345434543454345\n";
    /** An accepted M1 frame for the DU above. */
    private static final String FRAME = "1026DC1234567890E5A1000000010301C0040B3000000065AEF239FFDA8837D717B382E1D0C4B68496E14F41DF20B0D87DE828BE04D0";
    private static final String TRACE = "2024-03-01T10:00:00+01:00 POWER_ON\n2024-03-01T10:02:00+01:00 " + FRAME + "\n";

    @TempDir
    Path dir;

    private Path config() throws IOException {
        Path p = dir.resolve("du.properties");
        Files.writeString(p, CONFIG);
        return p;
    }

    private static long accepted(String summaryJson) throws Json.JsonException {
        @SuppressWarnings("unchecked")
        Map<String, Object> frames = (Map<String, Object>) ((Map<String, Object>) Json.parse(summaryJson.strip())).get("frames");
        return ((Number) frames.get("accepted")).longValue();
    }

    @Test
    void dashReadsStandardInput() throws Exception {
        Path cfg = config();
        InputStream before = System.in;
        try {
            System.setIn(new ByteArrayInputStream(TRACE.getBytes(StandardCharsets.US_ASCII)));
            CliRun run = CliRun.of("replay", "--config", cfg.toString(), "--trace", "-", "--json");
            assertEquals(0, run.status(), run.err());
            assertEquals(1, accepted(run.out()), run.out());
        } finally {
            System.setIn(before);
        }
    }

    @Test
    void aNamedFifoIsReadOnceAndCounted() throws Exception {
        Path cfg = config();
        Path fifo = dir.resolve("trace.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        // The writer opens the FIFO once, as a shell's "cat trace > fifo" does: a second open by du would wait forever.
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream o = Files.newOutputStream(fifo)) {
                o.write(TRACE.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> CliRun.of("replay", "--config", cfg.toString(), "--trace", fifo.toString(), "--json"));
        writer.get(5, TimeUnit.SECONDS);
        assertEquals(0, run.status(), run.err());
        assertEquals(1, accepted(run.out()), run.out());
    }

    @Test
    void aBadLastLineOfAPipePrintsOnlyTheErrorAndLeavesTheStateAsItWas() throws Exception {
        Path cfg = config();
        Path state = dir.resolve("state");
        Path first = dir.resolve("first.trace");
        Files.writeString(first, "2024-03-01T09:00:00+01:00 POWER_ON\n");
        assertEquals(0, CliRun.of("replay", "--config", cfg.toString(), "--trace", first.toString(), "--state",
                state.toString()).status());
        byte[] stateBefore = Files.readAllBytes(state.resolve(StateDirectory.STATE_FILE));
        InputStream before = System.in;
        try {
            System.setIn(new ByteArrayInputStream((TRACE + "2024-03-01T10:03:00 ABCD\n").getBytes(StandardCharsets.US_ASCII)));
            CliRun run = CliRun.of("replay", "--config", cfg.toString(), "--trace", "-", "--state", state.toString(),
                    "--json", "--frames", "--commit-every", "1");
            assertEquals(2, run.status(), run.err());
            assertTrue(run.err().contains("standard input line 3:"), run.err());
            assertEquals("", run.out(), "no frame object before the bad line is reported");
            assertFalse(run.err().contains("internal error"), run.err());
        } finally {
            System.setIn(before);
        }
        StateDirectory.Loaded after = StateDirectory.read(state);
        assertEquals(StateDirectory.read(stateOf(stateBefore)).state(), after.state(),
                "a bad trace commits nothing: the state holds what it held before");
    }

    @Test
    void aFreshStateDirectoryStaysWithoutStateWhenTheTraceIsBad() throws Exception {
        Path cfg = config();
        Path state = dir.resolve("fresh");
        Path bad = dir.resolve("bad.trace");
        Files.writeString(bad, TRACE + "not a line\n");
        CliRun run = CliRun.of("replay", "--config", cfg.toString(), "--trace", bad.toString(), "--state", state.toString(),
                "--commit-every", "1");
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().contains("bad.trace line 3:"), run.err());
        assertFalse(Files.exists(state.resolve(StateDirectory.STATE_FILE)), "nothing was counted into the fresh directory");
    }

    @Test
    void aTimeAtTheEdgeOfJavasRangeIsBadInputAndLeavesTheStateAlone() throws Exception {
        Path cfg = config();
        Path state = dir.resolve("state");
        Path first = dir.resolve("first.trace");
        Files.writeString(first, TRACE);
        assertEquals(0, CliRun.of("replay", "--config", cfg.toString(), "--trace", first.toString(), "--state",
                state.toString()).status());
        StateDirectory.Loaded before = StateDirectory.read(state);
        for (String time : new String[] {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00+18:00"}) {
            Path edge = dir.resolve("edge.trace");
            Files.writeString(edge, "2024-03-02T10:00:00+01:00 POWER_OFF\n" + time + " POWER_ON\n");
            CliRun run = CliRun.of("replay", "--config", cfg.toString(), "--trace", edge.toString(), "--state", state.toString());
            assertEquals(2, run.status(), run.err());
            assertTrue(run.err().contains("edge.trace line 2:") && run.err().contains(time), run.err());
            assertFalse(run.err().contains("internal error"), run.err());
            run = CliRun.of("replay", "--config", cfg.toString(), "--trace", first.toString(), "--state", state.toString(),
                    "--until", time);
            assertEquals(2, run.status(), run.err());
            assertTrue(run.err().contains("--until") && run.err().contains(time), run.err());
            assertFalse(run.err().contains("internal error"), run.err());
            StateDirectory.Loaded after = StateDirectory.read(state);
            assertEquals(before.state(), after.state(), time + ": the state is untouched, not marked interrupted");
        }
    }

    /**
     * The trace is read on a second thread, ahead of the counting (PipelinedTraceReader): a bad line
     * far into a long trace -- after many batches were read, decoded and committed -- still prints
     * nothing but its error, undoes every commit, and leaves no reading thread behind.
     */
    @Test
    void aBadLineLateInALongTracePrintsOnlyTheErrorAndLeavesTheStateAsItWas() throws Exception {
        Path cfg = dir.resolve("bench.properties");
        Files.writeString(cfg, it.c2du.lab.traffic.TrafficMix.configText(null));
        Path trace = dir.resolve("long.trace");
        it.c2du.lab.traffic.TrafficMix.writeTrace(trace, 11, 6_000); // a dozen batches
        List<String> lines = Files.readAllLines(trace, StandardCharsets.US_ASCII);
        Path first = dir.resolve("first.trace");
        Files.write(first, lines.subList(0, 1000), StandardCharsets.US_ASCII);
        Path state = dir.resolve("state");
        assertEquals(0, CliRun.of("replay", "--config", cfg.toString(), "--trace", first.toString(), "--state", state.toString())
                .status());
        byte[] stateBefore = Files.readAllBytes(state.resolve(StateDirectory.STATE_FILE));
        String last = lines.get(lines.size() - 1);
        Files.writeString(trace, last.substring(0, last.indexOf(' ')) + " 0\n", StandardCharsets.US_ASCII,
                java.nio.file.StandardOpenOption.APPEND);
        int badLine = lines.size() + 1;
        for (List<String> output : List.of(List.of("--json", "--frames"), List.of("--frames"), List.<String>of())) {
            List<String> args = new java.util.ArrayList<>(List.of("replay", "--config", cfg.toString(), "--trace", trace.toString(),
                    "--state", state.toString(), "--commit-every", "500")); // a dozen commits to undo (1 would sync 6000 times)
            args.addAll(output);
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, run.status(), output + ": " + run.err());
            assertEquals("du: " + trace + " line " + badLine + ": event \"0\" is neither POWER_OFF, POWER_ON nor an even number"
                    + " of hex digits\n", run.err(), output.toString());
            assertEquals("", run.out(), output + ": no frame object, row or summary before the bad line is reported");
            assertEquals(StateDirectory.read(stateOf(stateBefore)).state(), StateDirectory.read(state).state(),
                    output + ": a bad trace commits nothing, however far into it the bad line is");
            CliRun fresh = CliRun.of("replay", "--config", cfg.toString(), "--trace", trace.toString(), "--json", "--frames");
            assertEquals(2, fresh.status(), fresh.err());
            assertEquals("", fresh.out(), "without --state either");
        }
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("du-trace-reader") && t.isAlive()),
                "no reading thread outlives du replay");
    }

    /** A directory holding {@code bytes} as its state file, to read the state they hold. */
    private Path stateOf(byte[] bytes) throws IOException {
        Path copy = Files.createDirectories(dir.resolve("copy"));
        Files.write(copy.resolve(StateDirectory.STATE_FILE), bytes);
        return copy;
    }
}
