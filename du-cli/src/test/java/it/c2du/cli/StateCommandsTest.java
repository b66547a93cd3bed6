package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.config.DuConfig;
import it.c2du.core.encode.Fault;
import it.c2du.core.encode.MeterFrameEncoder;
import it.c2du.core.encode.SampleCompactFrames;
import it.c2du.core.json.Json;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.stack.Bytes;
import it.c2du.core.stack.CompactFrameCodec;
import it.c2du.core.stack.MacAddress;
import it.c2du.counters.DurableReceiver;
import it.c2du.counters.platform.PlatformDay;
import it.c2du.counters.state.StateDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state directory seen through the command line: {@code du replay --state}, {@code du counters},
 * {@code du export} (Allegato 5) and {@code du bench-commit}, on a trace built with the meter-side
 * encoder over four days in Europe/Rome (2024-03-05 .. 2024-03-08, "today" = 2024-03-08) with a
 * power cut on 2024-03-06.
 */
class StateCommandsTest {
    private static final String M1_KEY = "BC000000001234567890000012345678";
    private static final String M2_KEY = "123456789012345678901234567890FF";
    private static final String MAC = "DCABCDEF0123";
    private static final String POD1 = "IT001E12345678";
    private static final String POD2 = "ITP0AE12345678";
    private static final String ID1 = "XY171001";
    private static final String ID2 = "QW230615";
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");

    /** The counters the trace leaves: today (2024-03-08) and the closed days, C1..C5. */
    private static final long[] TODAY = {1, 0, 0, 1, 0};
    private static final long[] DAY_07 = {4, 2, 2, 3, 1};
    private static final long[] DAY_06 = {32768 + 2, 32768, 32768 + 1, 32768 + 1, 32768};
    private static final long[] DAY_05 = {3, 1, 1, 2, 1};
    private static final String[] COUNTERS = {"C1", "C2", "C3", "C4", "C5"};

    @TempDir
    Path dir;

    private Path cfg;
    private Path trace;
    private List<String> events;

    // ------------------------------------------------------------------ set-up

    private static String config(boolean m1Id, String zone) {
        return "# DU of StateCommandsTest\n"
                + "du.mac = " + MAC + "\n"
                + "du.name = State test DU\n"
                + "m1.pod = " + POD1 + "\n"
                + "m1.key = " + M1_KEY + "\n"
                + "m1.system-title = 4345434543454345\n"
                + (m1Id ? "m1.installation-id = " + ID1 + "\n" : "")
                + "m2.pod = " + POD2 + "\n"
                + "m2.key = " + M2_KEY + "\n"
                + "m2.system-title = 4345434543454346\n"
                + "m2.installation-id = " + ID2 + "\n"
                + "counters.zone = " + zone + "\n";
    }

    private record Line(ZonedDateTime time, String text) {
        String format() {
            return time.toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " " + text;
        }
    }

    /** Builds the trace's lines, in time order, with the meter-side encoder. */
    private static final class Meters {
        private final Association m1;
        private final Association m2;
        private final MeterFrameEncoder fromM1;
        private final MeterFrameEncoder fromM2;
        private final Random random = new Random(20240305);
        private final List<Line> lines = new ArrayList<>();
        private long fc1 = 100;
        private long fc2 = 500;

        Meters(DuConfig c) {
            m1 = c.association(MeterRole.M1);
            m2 = c.association(MeterRole.M2);
            fromM1 = new MeterFrameEncoder(c.duAddress(), MacAddress.parseOrNull("E5A100000001"), c.newEngine());
            fromM2 = new MeterFrameEncoder(c.duAddress(), MacAddress.parseOrNull("E5A200000002"), c.newEngine());
        }

        static ZonedDateTime t(String localTime) {
            return LocalDateTime.parse(localTime).atZone(ROME);
        }

        /** A new frame from the type's meter at {@code time}; returns its hex for repetitions. */
        String send(String time, CompactFrameType type) {
            ZonedDateTime at = t(time);
            Map<String, Long> fields = SampleCompactFrames.random(type, at.toEpochSecond(), random);
            byte[] frame = type.sender() == MeterRole.M1
                    ? fromM1.encode(m1, fc1++, type, fields)
                    : fromM2.encode(m2, fc2++, type, fields);
            String hex = Bytes.hex(frame);
            lines.add(new Line(at, hex));
            return hex;
        }

        void repeat(String time, String hex) {
            lines.add(new Line(t(time), hex));
        }

        void notForMe(String time) {
            ZonedDateTime at = t(time);
            byte[] cf1 = CompactFrameCodec.encode(CompactFrameType.CF1,
                    SampleCompactFrames.random(CompactFrameType.CF1, at.toEpochSecond(), random));
            lines.add(new Line(at, Bytes.hex(fromM1.encode(m1, 9000, cf1, Fault.NOT_FOR_ME, random))));
        }

        void power(String time, String event) {
            lines.add(new Line(t(time), event));
        }

        List<String> sorted() {
            return lines.stream().sorted(Comparator.comparing((Line l) -> l.time().toInstant()))
                    .map(Line::format).toList();
        }
    }

    /**
     * 34 frame lines and a power cut: 26 accepted, 5 repetitions, 1 rejected (not-for-me), 2 not
     * heard (while off). Counters as in {@link #DAY_05} .. {@link #TODAY}.
     */
    private static List<String> buildEvents(DuConfig c) {
        Meters m = new Meters(c);
        // 2024-03-05: C1 3, C2 1, C3 1, C4 2, C5 1 (three repetitions)
        m.send("2024-03-05T08:00:00", CompactFrameType.CF1);
        m.send("2024-03-05T08:15:00", CompactFrameType.CF2);
        m.send("2024-03-05T09:00:00", CompactFrameType.CF1);
        String cf21 = m.send("2024-03-05T09:30:00", CompactFrameType.CF21);
        m.repeat("2024-03-05T09:30:04", cf21);
        m.send("2024-03-05T10:00:00", CompactFrameType.CF22);
        String cf41 = m.send("2024-03-05T11:00:00", CompactFrameType.CF41);
        m.repeat("2024-03-05T11:00:03", cf41);
        m.repeat("2024-03-05T11:00:09", cf41);
        m.send("2024-03-05T12:00:00", CompactFrameType.CF2);
        m.send("2024-03-05T23:59:00", CompactFrameType.CF1);
        // 2024-03-06: power cut 12:00-12:30, two frames not heard; C1 2, C3 1, C4 1, all with bit 15
        m.send("2024-03-06T07:00:00", CompactFrameType.CF1);
        m.send("2024-03-06T08:00:00", CompactFrameType.CF25);
        m.power("2024-03-06T12:00:00", "POWER_OFF");
        m.send("2024-03-06T12:15:00", CompactFrameType.CF1);
        m.send("2024-03-06T12:20:00", CompactFrameType.CF2);
        m.power("2024-03-06T12:30:00", "POWER_ON");
        String cf1 = m.send("2024-03-06T13:00:00", CompactFrameType.CF1);
        m.repeat("2024-03-06T13:00:05", cf1);
        m.send("2024-03-06T14:00:00", CompactFrameType.CF2);
        // 2024-03-07: C1 4, C2 2, C3 2, C4 3, C5 1, a repetition and a frame for another DU
        m.send("2024-03-07T00:30:00", CompactFrameType.CF1);
        String cf21b = m.send("2024-03-07T06:00:00", CompactFrameType.CF21);
        m.repeat("2024-03-07T06:00:04", cf21b);
        m.send("2024-03-07T07:00:00", CompactFrameType.CF21);
        m.send("2024-03-07T08:00:00", CompactFrameType.CF22);
        m.send("2024-03-07T09:00:00", CompactFrameType.CF25);
        m.send("2024-03-07T09:15:00", CompactFrameType.CF2);
        m.notForMe("2024-03-07T09:40:00");
        m.send("2024-03-07T10:00:00", CompactFrameType.CF1);
        m.send("2024-03-07T10:15:00", CompactFrameType.CF2);
        m.send("2024-03-07T11:00:00", CompactFrameType.CF1);
        m.send("2024-03-07T11:15:00", CompactFrameType.CF2);
        m.send("2024-03-07T12:00:00", CompactFrameType.CF1);
        m.send("2024-03-07T20:00:00", CompactFrameType.CF41);
        // 2024-03-08 (today at the end): C1 1, C4 1
        m.send("2024-03-08T09:00:00", CompactFrameType.CF1);
        m.send("2024-03-08T09:30:00", CompactFrameType.CF2);
        return m.sorted();
    }

    @BeforeEach
    void setUp() throws Exception {
        String text = config(true, "Europe/Rome");
        cfg = write("du.properties", text);
        events = buildEvents(DuConfig.parse(text, "du.properties"));
        trace = traceFile("all.trace", events);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private Path traceFile(String name, List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder("# generated by StateCommandsTest\n");
        lines.forEach(l -> sb.append(l).append('\n'));
        return write(name, sb.toString());
    }

    /** Runs du; every run checks that no key appears in either stream, in any case. */
    private static CliRun du(Object... args) {
        String[] a = Stream.of(args).map(String::valueOf).toArray(String[]::new);
        CliRun run = CliRun.of(a);
        String all = run.out() + "\n" + run.err();
        for (String key : new String[] {M1_KEY, M2_KEY}) {
            for (String form : new String[] {key, key.substring(4, 20), key.substring(14, 30)}) {
                assertFalse(all.contains(form.toUpperCase()), "key text in the output of " + String.join(" ", a) + ":\n" + all);
                assertFalse(all.contains(form.toLowerCase()), "key text in the output of " + String.join(" ", a) + ":\n" + all);
            }
        }
        return run;
    }

    private static CliRun ok(Object... args) {
        CliRun run = du(args);
        assertEquals(0, run.status(), () -> "exit status of du " + Stream.of(args).map(String::valueOf).toList()
                + "\nstdout:\n" + run.out() + "\nstderr:\n" + run.err());
        return run;
    }

    private static CliRun fails(int status, Object... args) {
        CliRun run = du(args);
        assertEquals(status, run.status(), () -> "exit status of du " + Stream.of(args).map(String::valueOf).toList()
                + "\nstdout:\n" + run.out() + "\nstderr:\n" + run.err());
        return run;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws Json.JsonException {
        return (Map<String, Object>) Json.parse(text.strip());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> member(Map<String, Object> m, String name) {
        return (Map<String, Object>) m.get(name);
    }

    @SuppressWarnings("unchecked")
    private static long profileValue(Map<String, Object> summary, String counter, int element) {
        return (Long) ((List<Object>) member(summary, "profile").get(counter)).get(element);
    }

    private Map<String, Object> replayJson(Path t, Object... more) throws Json.JsonException {
        List<Object> args = new ArrayList<>(List.of("replay", "--config", cfg, "--trace", t, "--json"));
        args.addAll(List.of(more));
        return json(ok(args.toArray()).out());
    }

    private Path stateOfWholeTrace() throws Json.JsonException {
        Path state = dir.resolve("state");
        replayJson(trace, "--state", state);
        return state;
    }

    // ------------------------------------------------------------------ the trace itself

    @Test
    void theTraceCountsWhatItWasBuiltFor() throws Exception {
        Map<String, Object> s = replayJson(trace);
        Map<String, Object> frames = member(s, "frames");
        assertEquals(34L, frames.get("total"));
        assertEquals(26L, frames.get("accepted"));
        assertEquals(5L, frames.get("repetitions"));
        assertEquals(1L, frames.get("rejected"));
        assertEquals(2L, frames.get("whileOff"));
        assertEquals(Map.of("not-for-me", 1L), member(frames, "reasons"));
        assertEquals("2024-03-08", s.get("day"));
        for (int c = 0; c < 5; c++) {
            assertEquals(TODAY[c], member(s, "counters").get(COUNTERS[c]), COUNTERS[c]);
            assertEquals(DAY_07[c], profileValue(s, COUNTERS[c], 0), COUNTERS[c] + " 2024-03-07");
            assertEquals(DAY_06[c], profileValue(s, COUNTERS[c], 1), COUNTERS[c] + " 2024-03-06");
            assertEquals(DAY_05[c], profileValue(s, COUNTERS[c], 2), COUNTERS[c] + " 2024-03-05");
            for (int i = 3; i < 60; i++) {
                assertEquals(0L, profileValue(s, COUNTERS[c], i), COUNTERS[c] + " element " + i);
            }
        }
    }

    // ------------------------------------------------------------------ du replay --state

    @Test
    void firstReplayWithStateEqualsReplayWithoutStateAndSecondCountsNothing() throws Exception {
        Path state = dir.resolve("state");
        CliRun plain = ok("replay", "--config", cfg, "--trace", trace, "--json");
        CliRun first = ok("replay", "--config", cfg, "--trace", trace, "--json", "--state", state);
        assertEquals(plain.out(), first.out(), "a fresh state directory starts like no state at all");
        assertEquals("", first.err(), "a fresh state is no interruption and needs no note");
        assertTrue(Files.isRegularFile(state.resolve(StateDirectory.STATE_FILE)));

        CliRun second = ok("replay", "--config", cfg, "--trace", trace, "--json", "--state", state);
        assertFalse(second.err().contains("did not end cleanly"), second.err());
        Map<String, Object> a = json(first.out());
        Map<String, Object> b = json(second.out());
        assertEquals(0L, member(b, "frames").get("accepted"), "feeding the same trace again counts nothing: " + second.out());
        assertEquals(34L, member(b, "frames").get("total"));
        assertEquals(a.get("day"), b.get("day"));
        assertEquals(a.get("counters"), b.get("counters"));
        assertEquals(a.get("profile"), b.get("profile"));

        // And a third time, with a commit after every frame: still nothing new.
        Map<String, Object> c = json(ok("replay", "--config", cfg, "--trace", trace, "--json", "--state", state,
                "--commit-every", 1).out());
        assertEquals(0L, member(c, "frames").get("accepted"));
        assertEquals(a.get("counters"), c.get("counters"));
        assertEquals(a.get("profile"), c.get("profile"));
    }

    @Test
    void twoHalvesGiveWhatTheWholeTraceGives() throws Exception {
        Map<String, Object> whole = replayJson(trace);
        int half = events.size() / 2;
        Path first = traceFile("first.trace", events.subList(0, half));
        Path second = traceFile("second.trace", events.subList(half, events.size()));
        Path state = dir.resolve("halves");
        Map<String, Object> a = replayJson(first, "--state", state);
        Map<String, Object> b = replayJson(second, "--state", state);
        assertEquals(whole.get("day"), b.get("day"));
        assertEquals(whole.get("counters"), b.get("counters"));
        assertEquals(whole.get("profile"), b.get("profile"));
        for (String k : new String[] {"total", "accepted", "repetitions", "rejected", "whileOff"}) {
            assertEquals(member(whole, "frames").get(k),
                    (Long) member(a, "frames").get(k) + (Long) member(b, "frames").get(k), "frames." + k);
        }
    }

    @Test
    void everySplitPointGivesWhatTheWholeTraceGives() throws Exception {
        Map<String, Object> whole = replayJson(trace);
        for (int split = 0; split <= events.size(); split++) {
            Path first = traceFile("first.trace", events.subList(0, split));
            Path second = traceFile("second.trace", events.subList(split, events.size()));
            Path state = dir.resolve("split-" + split);
            Object every = split % 2 == 0 ? 1000 : 1;
            replayJson(first, "--state", state, "--commit-every", every);
            Map<String, Object> b = replayJson(second, "--state", state, "--commit-every", every);
            assertEquals(whole.get("counters"), b.get("counters"), "split after line " + split);
            assertEquals(whole.get("profile"), b.get("profile"), "split after line " + split);
            assertEquals(whole.get("day"), b.get("day"), "split after line " + split);
        }
    }

    @Test
    void feedingTheWholeTraceAfterAnyPrefixGivesWhatTheWholeTraceGives() throws Exception {
        // What a user does after a crash: feed the trace again from its start.
        Map<String, Object> whole = replayJson(trace);
        for (int k = 0; k <= events.size(); k++) {
            Path prefix = traceFile("prefix.trace", events.subList(0, k));
            Path state = dir.resolve("prefix-" + k);
            replayJson(prefix, "--state", state);
            Map<String, Object> b = replayJson(trace, "--state", state);
            assertEquals(whole.get("counters"), b.get("counters"), "after the first " + k + " lines");
            assertEquals(whole.get("profile"), b.get("profile"), "after the first " + k + " lines");
            assertEquals(whole.get("day"), b.get("day"), "after the first " + k + " lines");
        }
    }

    @Test
    void commitEveryMustBePositive() {
        Path state = dir.resolve("state");
        for (String n : new String[] {"0", "-1"}) {
            CliRun run = fails(2, "replay", "--config", cfg, "--trace", trace, "--state", state, "--commit-every", n);
            assertTrue(run.err().contains("--commit-every"), run.err());
            assertEquals("", run.out());
        }
        assertFalse(Files.exists(state.resolve(StateDirectory.STATE_FILE)), "nothing saved for a bad argument");
    }

    // ------------------------------------------------------------------ du counters

    @Test
    void countersJsonMatchesTheReplaySummary() throws Exception {
        Path state = dir.resolve("state");
        Map<String, Object> summary = replayJson(trace, "--state", state);
        CliRun run = ok("counters", "--state", state, "--json");
        assertEquals("", run.err());
        Map<String, Object> c = json(run.out());
        assertEquals(summary.get("counters"), c.get("counters"));
        assertEquals(summary.get("profile"), c.get("profile"));
        assertEquals("stopped", c.get("receiver"));
        assertEquals("Europe/Rome", c.get("zone"));
        assertEquals("2024-03-05", c.get("firstDay"));
        assertEquals("2024-03-08", c.get("day"));
        assertEquals(summary.get("day"), c.get("day"));
        assertEquals(Boolean.TRUE, c.get("powered"));
        @SuppressWarnings("unchecked")
        List<Object> days = (List<Object>) c.get("profileDays");
        assertEquals(60, days.size());
        assertEquals("2024-03-07", days.get(0));
        assertEquals("2024-03-06", days.get(1));
        assertEquals(LocalDate.parse("2024-03-08").minusDays(60).toString(), days.get(59));
        assertEquals(List.of(), c.get("warnings"));
        assertEquals(state.toString(), c.get("state"));
    }

    @Test
    void readableCountersShowTodayAndEachCounter() throws Exception {
        Path state = stateOfWholeTrace();
        CliRun run = ok("counters", "--state", state);
        String out = run.out();
        assertTrue(out.contains("receiver stopped cleanly"), out);
        assertTrue(out.contains("Today, 2024-03-08"), out);
        assertTrue(out.contains("counting since 2024-03-05"), out);
        // A time a user reads is in the counters' zone, with its offset (March 2024 in Rome: +01:00), not UTC.
        assertTrue(Pattern.compile("last event at 2024-03-0\\dT\\d\\d:\\d\\d(:\\d\\d)?\\+01:00,").matcher(out).find(), out);
        String[] frames = {"CF1", "CF21", "CF22\\+CF25", "CF2", "CF41"};
        for (int c = 0; c < 5; c++) {
            Pattern line = Pattern.compile("(?m)^\\s+" + COUNTERS[c] + "\\s+" + frames[c] + "\\s+" + TODAY[c] + "\\s+"
                    + TODAY[c] + "\\s+no\\s*$");
            assertTrue(line.matcher(out).find(), COUNTERS[c] + " line in\n" + out);
        }
        assertTrue(Pattern.compile("(?m)^\\s+0\\s+2024-03-07\\s+4\\s+2\\s+2\\s+3\\s+1\\s*$").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^\\s+\\d+\\s+\\S+\\s+2P\\s").matcher(out).find(),
                "power-cut day's C1 in the profile, as every view shows power loss:\n" + out);
        assertTrue(out.contains("P after a count = bit 15 set"), out);
        assertTrue(Pattern.compile("(?m)^\\s+3\\s+2024-03-04\\s+elements 3\\.\\.59: before the first event").matcher(out).find(), out);
    }

    @Test
    void countersOfAMissingDirectoryIsExit3NamingIt() {
        Path missing = dir.resolve("no-such-state");
        CliRun run = fails(3, "counters", "--state", missing);
        assertTrue(run.err().contains(missing.toString()), run.err());
        CliRun json = fails(3, "counters", "--state", missing, "--json");
        assertTrue(json.err().contains(missing.toString()), json.err());
        assertEquals("", json.out());
        CliRun export = fails(3, "export", "--config", cfg, "--state", missing, "--meter", "M1", "--format", "csv");
        assertTrue(export.err().contains(missing.toString()), export.err());
        assertFalse(Files.exists(missing), "reading creates nothing");
    }

    @Test
    void countersOfAnEmptyDirectoryIsExit3() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        CliRun run = fails(3, "counters", "--state", empty);
        assertTrue(run.err().contains(empty.toString()), run.err());
    }

    // ------------------------------------------------------------------ damaged or foreign state

    @Test
    void bothSlotsCorruptedIsExit3AndTheFileIsLeftAlone() throws Exception {
        Path state = stateOfWholeTrace();
        Path file = state.resolve(StateDirectory.STATE_FILE);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(2 * 4096, bytes.length);
        bytes[100] ^= (byte) 0xFF;
        bytes[4096 + 100] ^= (byte) 0xFF;
        Files.write(file, bytes);

        CliRun counters = fails(3, "counters", "--state", state);
        assertTrue(counters.err().contains(file.toString()), counters.err());
        assertTrue(counters.err().contains("no good copy"), counters.err());
        fails(3, "counters", "--state", state, "--json");
        CliRun replay = fails(3, "replay", "--config", cfg, "--trace", trace, "--json", "--state", state);
        assertTrue(replay.err().contains(file.toString()), replay.err());
        assertEquals("", replay.out(), "nothing replayed");
        fails(3, "export", "--config", cfg, "--state", state, "--meter", "M1", "--format", "csv");

        assertArrayEquals(bytes, Files.readAllBytes(file), "never overwritten with zeros or anything else");
        assertFalse(Files.exists(state.resolve(StateDirectory.STATE_FILE + ".new")));
    }

    @Test
    void aNewerFormatIsExit3AndTheFileIsLeftAlone() throws Exception {
        Path state = stateOfWholeTrace();
        Path file = state.resolve(StateDirectory.STATE_FILE);
        byte[] bytes = Files.readAllBytes(file);
        for (int slot : new int[] {0, 4096}) {
            // The next format version with a good CRC32C: a newer du's record, not a damaged one.
            bytes[slot + 9] = (byte) (it.c2du.counters.state.StateFile.VERSION + 1);
            int length = ((bytes[slot + 10] & 0xFF) << 8) | (bytes[slot + 11] & 0xFF);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes, slot, length - 4);
            java.nio.ByteBuffer.wrap(bytes).putInt(slot + length - 4, (int) crc.getValue());
        }
        Files.write(file, bytes);
        CliRun counters = fails(3, "counters", "--state", state);
        assertTrue(counters.err().contains("newer"), counters.err());
        CliRun replay = fails(3, "replay", "--config", cfg, "--trace", trace, "--state", state);
        assertTrue(replay.err().contains("newer"), replay.err());
        assertArrayEquals(bytes, Files.readAllBytes(file));
    }

    @Test
    void aStatePathThatIsAFileIsExit3() throws Exception {
        Path notDir = write("not-a-dir", "x");
        CliRun counters = fails(3, "counters", "--state", notDir);
        assertTrue(counters.err().contains(notDir.toString()), counters.err());
        CliRun replay = fails(3, "replay", "--config", cfg, "--trace", trace, "--state", notDir);
        assertTrue(replay.err().contains(notDir.toString()), replay.err());
        assertEquals("x", Files.readString(notDir));
    }

    @Test
    void oneSlotCorruptedIsAWarningAndTheOtherCopyIsUsed() throws Exception {
        Path state = stateOfWholeTrace();
        Path file = state.resolve(StateDirectory.STATE_FILE);
        byte[] bytes = Files.readAllBytes(file);
        bytes[100] ^= (byte) 0xFF;
        Files.write(file, bytes);
        CliRun run = ok("counters", "--state", state, "--json");
        assertTrue(run.err().contains("warning") && run.err().contains("slot 0"), run.err());
        @SuppressWarnings("unchecked")
        List<Object> warnings = (List<Object>) json(run.out()).get("warnings");
        assertEquals(1, warnings.size(), run.out());
    }

    @Test
    void stateOfAnotherZoneIsExit3NamingBothZones() throws Exception {
        Path utcCfg = write("utc.properties", config(true, "UTC"));
        Path state = dir.resolve("state");
        ok("replay", "--config", utcCfg, "--trace", trace, "--state", state, "--json");
        byte[] before = Files.readAllBytes(state.resolve(StateDirectory.STATE_FILE));
        CliRun run = fails(3, "replay", "--config", cfg, "--trace", trace, "--state", state, "--json");
        assertTrue(run.err().contains("UTC"), run.err());
        assertTrue(run.err().contains("Europe/Rome"), run.err());
        assertTrue(run.err().contains(state.toString()), run.err());
        assertEquals("", run.out());
        assertArrayEquals(before, Files.readAllBytes(state.resolve(StateDirectory.STATE_FILE)));
        assertEquals("UTC", json(ok("counters", "--state", state, "--json").out()).get("zone"));
    }

    @Test
    void stateOfAnotherDuIsExit3NamingBothAddresses() throws Exception {
        Path state = dir.resolve("state");
        ok("replay", "--config", cfg, "--trace", trace, "--state", state, "--json");
        byte[] before = Files.readAllBytes(state.resolve(StateDirectory.STATE_FILE));
        Path other = write("other.properties", config(true, "Europe/Rome").replace(MAC, "DC0000000001"));
        CliRun run = fails(3, "replay", "--config", other, "--trace", trace, "--state", state, "--json");
        assertTrue(run.err().contains(MAC) && run.err().contains("DC0000000001") && run.err().contains(state.toString()),
                run.err());
        assertEquals("", run.out());
        assertArrayEquals(before, Files.readAllBytes(state.resolve(StateDirectory.STATE_FILE)));
    }

    @Test
    void aStateSavedWithoutTheDuAddressLoadsAndGetsItOnItsNextSave() throws Exception {
        Path state = dir.resolve("state");
        ok("replay", "--config", cfg, "--trace", trace, "--state", state);
        try (StateDirectory sd = StateDirectory.open(state)) {
            var s = sd.state();
            // As an older du saved it: no DU address.
            sd.commit(new it.c2du.counters.state.ReceiverState(s.zone(), s.running(), s.counters(), s.windows()));
        }
        assertEquals(null, StateDirectory.read(state).state().duAddress());
        ok("replay", "--config", cfg, "--trace", trace, "--state", state);
        assertEquals(MAC, String.valueOf(StateDirectory.read(state).state().duAddress()));
    }

    // ------------------------------------------------------------------ du export

    private static String row(String date, long[] values, int from, int to, String pod, String id) {
        StringBuilder sb = new StringBuilder(date);
        for (int c = from; c < to; c++) {
            sb.append(',').append(PlatformDay.valueSent((int) values[c]));
        }
        return sb.append(',').append(pod).append(',').append(MAC).append(',').append(id).toString();
    }

    private CliRun export(Path state, Object... more) {
        List<Object> args = new ArrayList<>(List.of("export", "--config", cfg, "--state", state));
        args.addAll(List.of(more));
        return du(args.toArray());
    }

    @Test
    void csvOfM1AndM2() throws Exception {
        Path state = stateOfWholeTrace();
        CliRun m1 = export(state, "--meter", "M1", "--format", "csv");
        assertEquals(0, m1.status(), m1.err());
        assertEquals("", m1.err());
        assertEquals("TS,C1_DU,C2_DU,C3_DU,POD,DU,ID_INSTALLAZIONE\n"
                + "05/03/2024,3,1,1,IT001E12345678,DCABCDEF0123,XY171001\n"
                + "06/03/2024,-32770,-32768,-32769,IT001E12345678,DCABCDEF0123,XY171001\n"
                + "07/03/2024,4,2,2,IT001E12345678,DCABCDEF0123,XY171001\n", m1.out());

        CliRun m2 = export(state, "--meter", "M2", "--format", "csv");
        assertEquals(0, m2.status(), m2.err());
        assertEquals("TS,C4_DU,C5_DU,POD,DU,ID_INSTALLAZIONE\n"
                + "05/03/2024,2,1,ITP0AE12345678,DCABCDEF0123,QW230615\n"
                + "06/03/2024,-32769,-32768,ITP0AE12345678,DCABCDEF0123,QW230615\n"
                + "07/03/2024,3,1,ITP0AE12345678,DCABCDEF0123,QW230615\n", m2.out());
    }

    @Test
    void csvValuesAreTheProfileOfDuCounters() throws Exception {
        Path state = stateOfWholeTrace();
        Map<String, Object> c = json(ok("counters", "--state", state, "--json").out());
        String[] lines = export(state, "--meter", "M1", "--format", "csv").out().split("\n");
        assertEquals(4, lines.length, "header + one row per closed day since the first day");
        DateTimeFormatter ddMMyyyy = DateTimeFormatter.ofPattern("dd/MM/yyyy");
        for (int r = 1; r < lines.length; r++) {
            String[] cells = lines[r].split(",", -1);
            assertEquals(7, cells.length, lines[r]);
            LocalDate day = LocalDate.parse(cells[0], ddMMyyyy);
            int element = (int) (LocalDate.parse("2024-03-08").toEpochDay() - day.toEpochDay() - 1);
            for (int k = 0; k < 3; k++) {
                int raw = (int) profileValue(c, COUNTERS[k], element);
                int sent = Integer.parseInt(cells[1 + k]);
                assertEquals(PlatformDay.valueSent(raw), sent, lines[r]);
                assertEquals((raw & 0x8000) != 0 ? -(32768 + (raw & 0x7FFF)) : raw, sent, lines[r]);
            }
        }
    }

    @Test
    void jsonLinesInThePlatformsOrder() throws Exception {
        Path state = stateOfWholeTrace();
        CliRun m1 = export(state, "--meter", "M1", "--format", "json");
        assertEquals(0, m1.status(), m1.err());
        assertEquals("{\"TS\":1709596800000,\"C1_DU\":3,\"C2_DU\":1,\"C3_DU\":1,\"POD\":\"IT001E12345678\","
                        + "\"ID_INSTALLAZIONE\":\"XY171001\",\"DU\":\"DCABCDEF0123\"}\n"
                        + "{\"TS\":1709683200000,\"C1_DU\":-32770,\"C2_DU\":-32768,\"C3_DU\":-32769,\"POD\":\"IT001E12345678\","
                        + "\"ID_INSTALLAZIONE\":\"XY171001\",\"DU\":\"DCABCDEF0123\"}\n"
                        + "{\"TS\":1709769600000,\"C1_DU\":4,\"C2_DU\":2,\"C3_DU\":2,\"POD\":\"IT001E12345678\","
                        + "\"ID_INSTALLAZIONE\":\"XY171001\",\"DU\":\"DCABCDEF0123\"}\n",
                m1.out());
        CliRun m2 = export(state, "--meter", "M2", "--format", "json");
        String[] lines = m2.out().split("\n");
        assertEquals(3, lines.length, m2.out());
        LocalDate day = LocalDate.parse("2024-03-05");
        long[][] values = {DAY_05, DAY_06, DAY_07};
        for (int i = 0; i < lines.length; i++, day = day.plusDays(1)) {
            assertFalse(lines[i].contains(" "), "compact: " + lines[i]);
            Map<String, Object> o = json(lines[i]);
            assertEquals(List.of("TS", "C4_DU", "C5_DU", "POD", "ID_INSTALLAZIONE", "DU"), List.copyOf(o.keySet()));
            assertEquals(day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli(), o.get("TS"));
            assertEquals((long) PlatformDay.valueSent((int) values[i][3]), o.get("C4_DU"));
            assertEquals((long) PlatformDay.valueSent((int) values[i][4]), o.get("C5_DU"));
            assertEquals(POD2, o.get("POD"));
            assertEquals(ID2, o.get("ID_INSTALLAZIONE"));
            assertEquals(MAC, o.get("DU"));
        }
    }

    @Test
    void fromAndToSelectASubRange() throws Exception {
        Path state = stateOfWholeTrace();
        String header = "TS,C1_DU,C2_DU,C3_DU,POD,DU,ID_INSTALLAZIONE\n";
        String r05 = row("05/03/2024", DAY_05, 0, 3, POD1, ID1) + "\n";
        String r06 = row("06/03/2024", DAY_06, 0, 3, POD1, ID1) + "\n";
        String r07 = row("07/03/2024", DAY_07, 0, 3, POD1, ID1) + "\n";
        assertEquals(header + r06 + r07, export(state, "--meter", "M1", "--format", "csv", "--from", "2024-03-06").out());
        assertEquals(header + r05 + r06, export(state, "--meter", "M1", "--format", "csv", "--to", "2024-03-06").out());
        assertEquals(header + r06, export(state, "--meter", "M1", "--format", "csv", "--from", "2024-03-06",
                "--to", "2024-03-06").out());
        assertEquals(header + r05 + r06 + r07, export(state, "--meter", "M1", "--format", "csv", "--from", "2024-03-05",
                "--to", "2024-03-07").out());
        String json = export(state, "--meter", "M1", "--format", "json", "--from", "2024-03-07").out();
        assertEquals(1, json.split("\n").length, json);
        assertEquals(1709769600000L, json(json).get("TS"));
    }

    @Test
    void toTodayIsStillCounting() throws Exception {
        Path state = stateOfWholeTrace();
        for (String to : new String[] {"2024-03-08", "2024-03-09"}) {
            CliRun run = export(state, "--meter", "M1", "--format", "csv", "--to", to);
            assertEquals(2, run.status(), run.err());
            assertTrue(run.err().contains("still counting"), run.err());
            assertTrue(run.err().contains("2024-03-08"), run.err());
            assertEquals("", run.out(), "nothing half exported");
        }
    }

    @Test
    void fromOutsideTheHeldRangeNamesTheRange() throws Exception {
        Path state = stateOfWholeTrace();
        for (String from : new String[] {"2024-03-04", "2024-01-01", "2024-03-08"}) {
            CliRun run = export(state, "--meter", "M1", "--format", "csv", "--from", from);
            assertEquals(2, run.status(), from + ": " + run.err());
            assertTrue(run.err().contains("--from " + from), run.err());
            assertTrue(run.err().contains("2024-03-05") && run.err().contains("2024-03-07"),
                    "names the range held: " + run.err());
            assertEquals("", run.out());
        }
        CliRun early = export(state, "--meter", "M2", "--format", "json", "--to", "2024-03-04");
        assertEquals(2, early.status(), early.err());
        assertTrue(early.err().contains("2024-03-05") && early.err().contains("2024-03-07"), early.err());
    }

    @Test
    void aDayThatDoesNotExistIsNamedAsSuch() throws Exception {
        Path state = stateOfWholeTrace();
        CliRun run = fails(2, "export", "--config", cfg, "--state", state, "--meter", "M1", "--format", "csv", "--from", "2024-02-30");
        assertTrue(run.err().contains("--from") && run.err().contains("2024-02-30") && run.err().contains("FEBRUARY 30"),
                run.err());
        assertFalse(run.err().contains("expected a day as yyyy-MM-dd"), "the form is right, the day is not: " + run.err());
    }

    @Test
    void commitEveryWithoutStateIsAnError() {
        CliRun run = fails(2, "replay", "--config", cfg, "--trace", trace, "--commit-every", 10);
        assertTrue(run.err().contains("--commit-every") && run.err().contains("--state"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void fromAfterToAndBadDatesAreExit2() throws Exception {
        Path state = stateOfWholeTrace();
        CliRun reversed = export(state, "--meter", "M1", "--format", "csv", "--from", "2024-03-07", "--to", "2024-03-06");
        assertEquals(2, reversed.status(), reversed.err());
        assertTrue(reversed.err().contains("--from 2024-03-07") && reversed.err().contains("--to 2024-03-06"), reversed.err());
        assertEquals("", reversed.out());
        for (String bad : new String[] {"06/03/2024", "2024-3-6", "2024-02-30", "yesterday", ""}) {
            CliRun from = export(state, "--meter", "M1", "--format", "csv", "--from", bad);
            assertEquals(2, from.status(), bad + ": " + from.err());
            assertTrue(from.err().contains("--from"), from.err());
            CliRun to = export(state, "--meter", "M1", "--format", "csv", "--to", bad);
            assertEquals(2, to.status(), bad + ": " + to.err());
            assertTrue(to.err().contains("--to"), to.err());
            assertEquals("", from.out() + to.out());
        }
        CliRun badMeter = export(state, "--meter", "M3", "--format", "csv");
        assertEquals(2, badMeter.status(), badMeter.err());
        CliRun badFormat = export(state, "--meter", "M1", "--format", "xml");
        assertEquals(2, badFormat.status(), badFormat.err());
    }

    @Test
    void missingInstallationIdIsExit2NamingTheKey() throws Exception {
        Path state = stateOfWholeTrace();
        Path noId = write("no-id.properties", config(false, "Europe/Rome"));
        CliRun run = fails(2, "export", "--config", noId, "--state", state, "--meter", "M1", "--format", "csv");
        assertTrue(run.err().contains("m1.installation-id"), run.err());
        assertTrue(run.err().contains(noId.toString()), run.err());
        assertEquals("", run.out());
        // M2's identifier is still configured: its export works with the same file.
        ok("export", "--config", noId, "--state", state, "--meter", "M2", "--format", "csv");
    }

    @Test
    void meterIsCaseInsensitive() throws Exception {
        Path state = stateOfWholeTrace();
        CliRun upper = export(state, "--meter", "M1", "--format", "csv");
        CliRun lower = export(state, "--meter", "m1", "--format", "csv");
        assertEquals(0, lower.status(), lower.err());
        assertEquals(upper.out(), lower.out());
        assertEquals(export(state, "--meter", "M2", "--format", "json").out(),
                export(state, "--meter", "m2", "--format", "json").out());
    }

    @Test
    void outWritesTheSameTextToAFile() throws Exception {
        Path state = stateOfWholeTrace();
        for (String format : new String[] {"csv", "json"}) {
            CliRun stdout = export(state, "--meter", "M1", "--format", format);
            Path file = dir.resolve("export." + format);
            CliRun toFile = export(state, "--meter", "M1", "--format", format, "--out", file);
            assertEquals(0, toFile.status(), toFile.err());
            assertEquals("", toFile.out());
            assertEquals(stdout.out(), Files.readString(file, StandardCharsets.UTF_8));
            // Replacing an older export.
            CliRun again = export(state, "--meter", "M1", "--format", format, "--from", "2024-03-07", "--out", file);
            assertEquals(0, again.status(), again.err());
            assertNotEquals(stdout.out(), Files.readString(file, StandardCharsets.UTF_8));
            assertFalse(Files.exists(dir.resolve("export." + format + ".tmp")));
        }
    }

    @Test
    void outIntoAMissingFolderSaysTheFolderDoesNotExist() throws Exception {
        Path state = stateOfWholeTrace();
        Path file = dir.resolve("no-such-folder").resolve("export.csv");
        CliRun run = fails(2, "export", "--config", cfg, "--state", state, "--meter", "M1", "--format", "csv",
                "--out", file);
        assertTrue(run.err().contains("--out " + file + ": the folder " + file.getParent() + " does not exist"),
                run.err());
    }

    @Test
    void noClosedDayYetExportsTheHeaderOnly() throws Exception {
        Path firstDay = traceFile("day1.trace", events.subList(0, 4));
        Path state = dir.resolve("state");
        replayJson(firstDay, "--state", state);
        CliRun run = export(state, "--meter", "M1", "--format", "csv");
        assertEquals(0, run.status(), run.err());
        assertEquals("TS,C1_DU,C2_DU,C3_DU,POD,DU,ID_INSTALLAZIONE\n", run.out());
        assertTrue(run.err().contains("no closed day"), run.err());
        CliRun from = export(state, "--meter", "M1", "--format", "csv", "--from", "2024-03-04");
        assertEquals(2, from.status(), from.err());
    }

    @Test
    void aPowerCutOverAWholeDayExportsMinus32768() throws Exception {
        Meters m = new Meters(DuConfig.load(cfg));
        m.send("2024-03-05T10:00:00", CompactFrameType.CF1);
        m.power("2024-03-05T20:00:00", "POWER_OFF");
        m.send("2024-03-06T10:00:00", CompactFrameType.CF1); // not heard
        m.power("2024-03-07T08:00:00", "POWER_ON");
        m.send("2024-03-07T09:00:00", CompactFrameType.CF1);
        m.send("2024-03-07T09:10:00", CompactFrameType.CF2);
        m.send("2024-03-08T09:00:00", CompactFrameType.CF41);
        Path state = dir.resolve("outage");
        replayJson(traceFile("outage.trace", m.sorted()), "--state", state);
        assertEquals("TS,C1_DU,C2_DU,C3_DU,POD,DU,ID_INSTALLAZIONE\n"
                + "05/03/2024,-32769,-32768,-32768,IT001E12345678,DCABCDEF0123,XY171001\n"
                + "06/03/2024,-32768,-32768,-32768,IT001E12345678,DCABCDEF0123,XY171001\n"
                + "07/03/2024,-32769,-32768,-32768,IT001E12345678,DCABCDEF0123,XY171001\n",
                export(state, "--meter", "M1", "--format", "csv").out());
        assertEquals("{\"TS\":1709683200000,\"C4_DU\":-32768,\"C5_DU\":-32768,\"POD\":\"ITP0AE12345678\","
                        + "\"ID_INSTALLAZIONE\":\"QW230615\",\"DU\":\"DCABCDEF0123\"}\n"
                        + "{\"TS\":1709769600000,\"C4_DU\":-32769,\"C5_DU\":-32768,\"POD\":\"ITP0AE12345678\","
                        + "\"ID_INSTALLAZIONE\":\"QW230615\",\"DU\":\"DCABCDEF0123\"}\n",
                export(state, "--meter", "M2", "--format", "json", "--from", "2024-03-06").out());
    }

    @Test
    void untilClosesTheLastDayForExport() throws Exception {
        Path state = dir.resolve("state");
        Map<String, Object> s = replayJson(trace, "--state", state, "--until", "2024-03-09T00:00:01+01:00");
        assertEquals("2024-03-09", s.get("day"));
        Map<String, Object> c = json(ok("counters", "--state", state, "--json").out());
        assertEquals("2024-03-09", c.get("day"));
        assertEquals("2024-03-05", c.get("firstDay"));
        CliRun run = export(state, "--meter", "M2", "--format", "csv", "--from", "2024-03-08", "--to", "2024-03-08");
        assertEquals(0, run.status(), run.err());
        assertEquals("TS,C4_DU,C5_DU,POD,DU,ID_INSTALLAZIONE\n08/03/2024,1,0,ITP0AE12345678,DCABCDEF0123,QW230615\n",
                run.out());
        // Feeding the trace again after --until changes nothing.
        Map<String, Object> again = replayJson(trace, "--state", state);
        assertEquals(0L, member(again, "frames").get("accepted"));
        assertEquals(s.get("counters"), again.get("counters"));
        assertEquals(s.get("profile"), again.get("profile"));
        assertEquals("2024-03-09", again.get("day"));
    }

    @Test
    void aStateWithoutAnyEventYet() throws Exception {
        Path state = dir.resolve("state");
        Path empty = write("empty.trace", "# nothing heard\n");
        Map<String, Object> s = replayJson(empty, "--state", state);
        assertEquals(null, s.get("day"));
        Map<String, Object> c = json(ok("counters", "--state", state, "--json").out());
        assertEquals(null, c.get("day"));
        assertEquals(null, c.get("firstDay"));
        assertEquals("stopped", c.get("receiver"));
        assertTrue(ok("counters", "--state", state).out().contains("No event counted yet."));
        CliRun run = export(state, "--meter", "M1", "--format", "csv");
        assertEquals(0, run.status(), run.err());
        assertEquals("TS,C1_DU,C2_DU,C3_DU,POD,DU,ID_INSTALLAZIONE\n", run.out());
        CliRun to = export(state, "--meter", "M1", "--format", "csv", "--to", "2024-03-07");
        assertEquals(2, to.status(), to.err());
        assertTrue(to.err().contains("no closed day yet"), to.err());
        // An unclean end before any event marks no day.
        try (StateDirectory sd = StateDirectory.open(state)) {
            sd.commit(sd.state().withRunning(true));
        }
        Files.writeString(state.resolve(StateDirectory.LOCK_FILE), "2147483646\n", StandardCharsets.US_ASCII);
        CliRun again = ok("replay", "--config", cfg, "--trace", trace, "--state", state, "--json");
        assertEquals(replayJson(trace), json(again.out()), "nothing to mark before the first event");
    }

    @Test
    void exportNeedsThePod() throws Exception {
        Path state = stateOfWholeTrace();
        Path noPod = write("no-pod.properties", config(true, "Europe/Rome").replace("m1.pod = " + POD1 + "\n", ""));
        CliRun run = fails(2, "export", "--config", noPod, "--state", state, "--meter", "M1", "--format", "json");
        assertTrue(run.err().contains("m1.pod"), run.err());
        assertEquals("", run.out());
    }

    // ------------------------------------------------------------------ unclean end

    @Test
    void uncleanEndIsReportedAndSetsBit15OnReplay() throws Exception {
        Path state = stateOfWholeTrace();
        Map<String, Object> before = json(ok("counters", "--state", state, "--json").out());
        assertEquals("stopped", before.get("receiver"));

        DuConfig c = DuConfig.load(cfg);
        StateDirectory sd = StateDirectory.open(state);
        DurableReceiver receiver = DurableReceiver.resumeReplay(sd, c.zone(),
                new ReceiveStack(c.duAddress(), c.associations(), c.newEngine()), 1);
        assertTrue(receiver.notes().isEmpty(), "the previous run ended cleanly: " + receiver.notes());
        // While this process holds the directory, it is running; a second writer is refused.
        assertEquals("running", json(ok("counters", "--state", state, "--json").out()).get("receiver"));
        CliRun busy = fails(3, "replay", "--config", cfg, "--trace", trace, "--state", state);
        assertTrue(busy.err().contains("in use"), busy.err());
        receiver.close(); // no finish(): as if killed
        Files.writeString(state.resolve(StateDirectory.LOCK_FILE), "2147483646\n", StandardCharsets.US_ASCII);

        Map<String, Object> interrupted = json(ok("counters", "--state", state, "--json").out());
        assertEquals("interrupted", interrupted.get("receiver"));
        assertEquals(before.get("counters"), interrupted.get("counters"), "nothing marked until the next start");
        String readable = ok("counters", "--state", state).out();
        assertTrue(readable.contains("interrupted (killed or power cut)"), readable);
        assertTrue(readable.contains("2024-03-08"), readable);

        Path empty = write("empty.trace", "# nothing heard\n");
        CliRun replay = ok("replay", "--config", cfg, "--trace", empty, "--state", state, "--json");
        assertTrue(replay.err().contains("did not end cleanly"), replay.err());
        assertTrue(replay.err().contains("2024-03-08"), replay.err());
        Map<String, Object> s = json(replay.out());
        assertEquals("2024-03-08", s.get("day"));
        for (int k = 0; k < 5; k++) {
            long v = (Long) member(s, "counters").get(COUNTERS[k]);
            assertTrue(v >= 32768, COUNTERS[k] + " = " + v);
            assertEquals(32768 + TODAY[k], v, COUNTERS[k]);
        }
        assertEquals(before.get("profile"), s.get("profile"), "closed days are not touched");

        Map<String, Object> after = json(ok("counters", "--state", state, "--json").out());
        assertEquals("stopped", after.get("receiver"));
        assertEquals(s.get("counters"), after.get("counters"));
        // A clean run after it is no new interruption.
        CliRun clean = ok("replay", "--config", cfg, "--trace", empty, "--state", state, "--json");
        assertFalse(clean.err().contains("did not end cleanly"), clean.err());
    }

    @Test
    void runningFlagCommittedDirectlyIsAnInterruptionToo() throws Exception {
        Path state = stateOfWholeTrace();
        try (StateDirectory sd = StateDirectory.open(state)) {
            sd.commit(sd.state().withRunning(true));
        }
        Files.writeString(state.resolve(StateDirectory.LOCK_FILE), "2147483646\n", StandardCharsets.US_ASCII);
        assertEquals("interrupted", json(ok("counters", "--state", state, "--json").out()).get("receiver"));
        Path empty = write("empty.trace", "# nothing heard\n");
        CliRun replay = ok("replay", "--config", cfg, "--trace", empty, "--state", state, "--json");
        assertTrue(replay.err().contains("did not end cleanly"), replay.err());
        Map<String, Object> s = json(replay.out());
        for (int k = 0; k < 5; k++) {
            assertEquals(32768 + TODAY[k], member(s, "counters").get(COUNTERS[k]), COUNTERS[k]);
        }
    }

    @Test
    void aRunKilledBeforeItCountedAnythingIsShownAsTheNextStartTreatsIt() throws Exception {
        Path state = dir.resolve("killed-early");
        Path empty = write("nothing.trace", "# nothing heard\n");
        ok("replay", "--config", cfg, "--trace", empty, "--state", state);
        try (StateDirectory sd = StateDirectory.open(state)) {
            sd.commit(sd.state().withRunning(true)); // as a receiver killed before its first event leaves it
        }
        Files.writeString(state.resolve(StateDirectory.LOCK_FILE), "2147483646\n", StandardCharsets.US_ASCII);
        String shown = ok("counters", "--state", state).out();
        assertTrue(shown.contains("interrupted") && shown.contains("before it counted anything"), shown);
        assertFalse(shown.contains("sets bit 15"), "no day to set bit 15 on: " + shown);
        CliRun next = ok("replay", "--config", cfg, "--trace", trace, "--state", state, "--json");
        assertTrue(next.err().contains("before it counted anything"), "the next start says so too: " + next.err());
        assertEquals(json(ok("replay", "--config", cfg, "--trace", trace, "--json").out()).get("counters"),
                json(next.out()).get("counters"), "and marks no day: the same counters as from empty state");
    }

    // ------------------------------------------------------------------ du bench-commit

    @Test
    void benchCommitReportsAndCleansUp() throws IOException {
        Path bench = dir.resolve("bench");
        CliRun run = ok("bench-commit", "--dir", bench, "--commits", 20, "--warmup", 0);
        assertTrue(Pattern.compile("(?m)^.*\\bmean\\b.*ms$").matcher(run.out()).find(), run.out());
        assertTrue(run.out().contains("bytes written per commit"), run.out());
        assertTrue(run.out().contains("20 commits"), run.out());
        try (Stream<Path> left = Files.list(bench)) {
            assertEquals(List.of(), left.toList(), "the scratch subdirectory is removed");
        }
        CliRun bad = fails(2, "bench-commit", "--dir", bench, "--commits", 0);
        assertTrue(bad.err().contains("--commits"), bad.err());
    }
}
