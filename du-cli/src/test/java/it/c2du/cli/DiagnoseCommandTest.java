package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.cli.diagnose.Diagnosis;
import it.c2du.core.config.DuConfig;
import it.c2du.core.crypto.OperationalKey;
import it.c2du.core.encode.MeterFrameEncoder;
import it.c2du.core.encode.SampleCompactFrames;
import it.c2du.core.json.Json;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.stack.Bytes;
import it.c2du.core.stack.MacAddress;
import it.c2du.counters.platform.MeterDay;
import it.c2du.counters.platform.UploadLedger;
import it.c2du.counters.platform.UploadMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code du diagnose} names the right category on traces built with the meter-side encoder for each
 * finding, replayed into a state directory ({@code du replay --state}) and a journal ({@code du replay
 * --json --frames}), and {@code ok} on a healthy one; the support form carries the DU's fields.
 */
class DiagnoseCommandTest {
    static final ZoneId ROME = ZoneId.of("Europe/Rome");
    static final String KEY = "BC000000001234567890000012345678";
    static final String CONFIG = "du.mac = DC0000000019\n"
            + "du.name = Cascina Nord\n"
            + "m1.pod = IT001E12345678\n"
            + "m1.key = " + KEY + "\n"
            + "m1.system-title = 4345434543454345\n"
            + "m1.installation-id = XY241001\n";
    static final DateTimeFormatter TRACE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    /** Four days observed, 1 to 4 October 2024; the replay ends on the 5th so all four are closed. */
    static final LocalDate FIRST = LocalDate.of(2024, 10, 1);
    static final String UNTIL = "2024-10-05T00:30:00+02:00";

    @TempDir
    Path dir;

    /** A meter's traffic as trace lines: CF1 every quarter hour, received 2 s after it starts. */
    static final class Trace {
        final StringBuilder text = new StringBuilder();
        final DuConfig cfg;
        final Random random = new Random(19);
        MeterFrameEncoder encoder;
        Association association;
        long fc = 1;

        Trace() throws Exception {
            cfg = DuConfig.parse(CONFIG, "test");
            encoder = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("A1B2C3D4E5F6"), cfg.newEngine());
            association = cfg.association(MeterRole.M1);
        }

        /** The CF1 of the quarter hour starting at {@code q}, its message time {@code message} (null: on time). */
        Trace cf1(ZonedDateTime q, Instant message, Instant measure) {
            ZonedDateTime at = q.plusSeconds(2);
            Map<String, Long> fields = new java.util.HashMap<>(SampleCompactFrames.random(CompactFrameType.CF1,
                    at.toEpochSecond(), random));
            fields.put("MessagePosixTimestamp", message == null ? at.toEpochSecond() : message.getEpochSecond());
            fields.put("MeasurePosixTimestamp", measure == null ? q.toEpochSecond() : measure.getEpochSecond());
            byte[] frame = encoder.encode(association, fc++, CompactFrameType.CF1, fields);
            text.append(TRACE_TIME.format(at)).append(' ').append(Bytes.hex(frame)).append('\n');
            return this;
        }

        /** Every quarter hour of the four days that {@code keep} keeps. */
        Trace days(Predicate<ZonedDateTime> keep) {
            return days(FIRST, 4, keep);
        }

        Trace days(LocalDate first, int n, Predicate<ZonedDateTime> keep) {
            for (ZonedDateTime q = first.atStartOfDay(ROME); q.toLocalDate().isBefore(first.plusDays(n));
                    q = q.plusMinutes(15)) {
                if (keep.test(q)) {
                    cf1(q, null, null);
                }
            }
            return this;
        }

        /** The four days with the DU's power off from {@code off} to {@code on}: the frames between are not heard. */
        Trace powerCut(ZonedDateTime off, ZonedDateTime on) {
            days(q -> q.plusSeconds(2).isBefore(off));
            line(TRACE_TIME.format(off) + " POWER_OFF").line(TRACE_TIME.format(on) + " POWER_ON");
            return days(q -> q.plusSeconds(2).isAfter(on));
        }

        Trace line(String s) {
            text.append(s).append('\n');
            return this;
        }
    }

    /** Replays the trace into a state directory and a journal, then diagnoses with --json. */
    private Map<String, Object> diagnose(Trace trace, String config) throws Exception {
        return diagnose(trace, config, UNTIL, dir);
    }

    /** In {@code folder}: du.properties, day.trace, state/, frames.jsonl. */
    private Map<String, Object> diagnose(Trace trace, String config, String until, Path folder) throws Exception {
        Files.createDirectories(folder);
        Path cfg = Files.writeString(folder.resolve("du.properties"), config);
        Path traceFile = Files.writeString(folder.resolve("day.trace"), trace.text);
        Path state = folder.resolve("state");
        CliRun replay = CliRun.of("replay", "--config", cfg.toString(), "--trace", traceFile.toString(), "--state",
                state.toString(), "--until", until);
        assertEquals(0, replay.status(), replay.err());
        CliRun journal = CliRun.of("replay", "--config", cfg.toString(), "--trace", traceFile.toString(), "--json",
                "--frames");
        assertEquals(0, journal.status(), journal.err());
        Path frames = Files.writeString(folder.resolve("frames.jsonl"), journal.out());
        List<String> args = new ArrayList<>(List.of("diagnose", "--config", cfg.toString(), "--state", state.toString(),
                "--frames", frames.toString(), "--json", "--hw-version", "HW1.2", "--sw-version", "0.3.0"));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        assertFalse(run.out().toUpperCase().contains(KEY), "a key in the diagnosis");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) Json.parse(run.out());
        return result;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> findings(Map<String, Object> d) {
        return (List<Map<String, Object>>) d.get("findings");
    }

    private static List<String> categories(Map<String, Object> d) {
        return findings(d).stream().map(f -> (String) f.get("category")).toList();
    }

    private static Map<String, Object> finding(Map<String, Object> d, String category) {
        return findings(d).stream().filter(f -> category.equals(f.get("category"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + category + " in " + d));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ticket(Map<String, Object> d) {
        return (Map<String, Object>) d.get("ticket");
    }

    @Test
    void aHealthyDuIsOkAndItsFormCarriesItsFields() throws Exception {
        Map<String, Object> d = diagnose(new Trace().days(q -> true), CONFIG);
        assertEquals(List.of("ok"), categories(d), d.toString());
        Map<String, Object> t = ticket(d);
        assertNull(t.get("category"));
        assertEquals("IT001E12345678", t.get("pod"));
        assertEquals("Cascina Nord", t.get("duName"));
        assertEquals("DC0000000019", t.get("nid"));
        assertEquals("HW1.2", t.get("hardwareVersion"));
        assertEquals("0.3.0", t.get("softwareVersion"));
    }

    @Test
    void lostQuarterHoursAreFewerThanExpectedWithTheHoursTheyClusterAt() throws Exception {
        long seed = System.nanoTime();
        System.out.println("DiagnoseCommandTest seed " + seed);
        Random random = new Random(seed);
        LocalDate shortDay = FIRST.plusDays(1 + random.nextInt(3));
        int hour = random.nextInt(24);
        int stray;
        do {
            stray = random.nextInt(96);
        } while (stray / 4 == hour);
        Set<Integer> lost = new HashSet<>(List.of(hour * 4, hour * 4 + 1, hour * 4 + 2, hour * 4 + 3, stray));
        Map<String, Object> d = diagnose(new Trace().days(q -> !(q.toLocalDate().equals(shortDay)
                && lost.contains(q.getHour() * 4 + q.getMinute() / 15))), CONFIG);
        assertEquals(List.of("fewer-than-expected"), categories(d), "seed " + seed + ": " + d);
        Map<String, Object> f = finding(d, "fewer-than-expected");
        assertEquals(shortDay.toString(), f.get("since"));
        assertEquals("M1", f.get("meter"));
        String evidence = (String) f.get("evidence");
        assertTrue(evidence.contains(shortDay + " 91 of 96"), evidence);
        assertTrue(evidence.contains(String.format("cluster at %02d:00-%02d:00 (4)", hour, hour + 1)), "seed " + seed
                + ": " + evidence);
        assertEquals(Diagnosis.PortalCategory.FEWER_UPDATES.text, ticket(d).get("category"));
        assertEquals(shortDay.toString(), ticket(d).get("date"));
        assertEquals(false, ticket(d).get("duSide"));
    }

    @Test
    void theAutumnClockChangeDayExpects100QuarterHours() throws Exception {
        LocalDate first = LocalDate.of(2024, 10, 26);
        LocalDate change = LocalDate.of(2024, 10, 27);
        Map<String, Object> whole = diagnose(new Trace().days(first, 2, q -> true), CONFIG, "2024-10-28T00:30:00+01:00",
                dir.resolve("whole"));
        assertEquals(List.of("ok"), categories(whole), whole.toString());
        // The hour lived twice (02:00-03:00 CEST, then CET): 96 frames are 4 short of that day's 100.
        Map<String, Object> d = diagnose(new Trace().days(first, 2, q -> !(q.toLocalDate().equals(change)
                && q.getHour() == 2 && q.getOffset().getTotalSeconds() == 3600)), CONFIG, "2024-10-28T00:30:00+01:00",
                dir.resolve("short"));
        assertEquals(List.of("fewer-than-expected"), categories(d), d.toString());
        assertTrue(((String) finding(d, "fewer-than-expected").get("evidence")).contains("2024-10-27 96 of 100"), d.toString());
    }

    @Test
    void silenceForMoreThanADayIsNoUpdatesAndNothingHeard() throws Exception {
        ZonedDateTime silent = FIRST.plusDays(1).atTime(12, 0).atZone(ROME);
        Map<String, Object> d = diagnose(new Trace().days(q -> q.isBefore(silent)), CONFIG);
        assertEquals("no-updates", categories(d).get(0), d.toString());
        Map<String, Object> f = finding(d, "no-updates");
        assertEquals("2024-10-02", f.get("since"));
        assertTrue(((String) f.get("evidence")).contains("nothing heard at all"), f.toString());
        assertEquals(Diagnosis.PortalCategory.NO_UPDATES.text, ticket(d).get("category"));
        assertEquals(false, ticket(d).get("duSide"));
    }

    @Test
    void framesForAnotherAddressOnlyAreWrongAddress() throws Exception {
        Trace trace = new Trace();
        trace.encoder = new MeterFrameEncoder(MacAddress.parseOrNull("DC9999999999"),
                MacAddress.parseOrNull("A1B2C3D4E5F6"), trace.cfg.newEngine());
        Map<String, Object> d = diagnose(trace.days(q -> true), CONFIG);
        assertEquals(List.of("wrong-address", "no-updates"), categories(d), d.toString());
        assertTrue(((String) finding(d, "no-updates").get("evidence")).contains("only frames for other DUs"));
        assertEquals("2024-10-01", finding(d, "wrong-address").get("since"));
        assertEquals(true, ticket(d).get("duSide"));
        assertEquals(Diagnosis.PortalCategory.NO_UPDATES.text, ticket(d).get("category"));
    }

    @Test
    void framesForUsThatAllFailAuthenticationAreWrongKey() throws Exception {
        Trace trace = new Trace();
        Association m1 = trace.association;
        byte[] other = Bytes.parseHexOrNull("00112233445566778899AABBCCDDEEFF");
        trace.association = new Association(MeterRole.M1, m1.systemTitle(), new OperationalKey(other), m1.pod());
        Map<String, Object> d = diagnose(trace.days(q -> true), CONFIG);
        assertEquals(List.of("wrong-key", "no-updates"), categories(d), d.toString());
        Map<String, Object> f = finding(d, "wrong-key");
        assertEquals("M1", f.get("meter"));
        assertTrue(((String) f.get("evidence")).contains("384 frames for DC0000000019 from M1 (SSAP 0x0B)"), f.toString());
        assertTrue(((String) finding(d, "no-updates").get("evidence")).contains("only frames that fail authentication"));
        assertEquals(true, ticket(d).get("duSide"));
    }

    @Test
    void messageTimesThatLagOrStopAreStaleTimestamps() throws Exception {
        Trace trace = new Trace();
        ZonedDateTime frozen = FIRST.plusDays(2).atTime(10, 0).atZone(ROME);
        for (ZonedDateTime q = FIRST.atStartOfDay(ROME); q.toLocalDate().isBefore(FIRST.plusDays(4));
                q = q.plusMinutes(15)) {
            boolean stuck = !q.isBefore(frozen);
            trace.cf1(q, stuck ? frozen.toInstant() : null, stuck ? frozen.toInstant() : null);
        }
        Map<String, Object> d = diagnose(trace, CONFIG);
        assertEquals(List.of("stale-timestamps"), categories(d), d.toString());
        Map<String, Object> f = finding(d, "stale-timestamps");
        assertEquals("2024-10-03", f.get("since"));
        String evidence = (String) f.get("evidence");
        assertTrue(evidence.contains("frames whose measure time did not advance"), evidence);
        assertTrue(evidence.contains("more than 5 minutes from their reception"), evidence);
        assertEquals(Diagnosis.PortalCategory.STALE_TIMESTAMPS.text, ticket(d).get("category"));
    }

    @Test
    void aPowerCutIsAPowerLossDayWithWhatWasNotHeard() throws Exception {
        ZonedDateTime off = FIRST.plusDays(1).atTime(10, 0, 30).atZone(ROME);
        Trace trace = new Trace().powerCut(off, FIRST.plusDays(1).atTime(14, 0, 30).atZone(ROME));
        Map<String, Object> d = diagnose(trace, CONFIG);
        assertEquals(List.of("power-losses"), categories(d), d.toString());
        Map<String, Object> f = finding(d, "power-losses");
        assertEquals("2024-10-02", f.get("since"));
        assertTrue(((String) f.get("evidence")).contains("2024-10-02 (nothing heard 10:00-14:15)"), f.toString());
        assertNull(ticket(d).get("category"));
        assertEquals(true, ticket(d).get("duSide"));
    }

    @Test
    void daysThePlatformRefusedOrNeverAcknowledgedAreUpload() throws Exception {
        String config = CONFIG + "platform.broker = tcp://localhost:1883\nplatform.topic = du/upload\n";
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        UploadLedger ledger = UploadLedger.in(state);
        Instant at = Instant.parse("2024-10-05T01:00:00Z");
        ledger.record(UploadLedger.Entry.ok(new UploadMessage(new MeterDay(MeterRole.M1, FIRST), "{}"), at));
        ledger.record(UploadLedger.Entry.ok(new UploadMessage(new MeterDay(MeterRole.M1, FIRST.plusDays(2)), "{}"), at));
        ledger.record(UploadLedger.Entry.ko(new UploadMessage(new MeterDay(MeterRole.M1, FIRST.plusDays(1)), "{}"), 2,
                "POD IT001E12345678 not associated with DU DC0000000019", at));
        Map<String, Object> d = diagnose(new Trace().days(q -> true), config);
        assertEquals(List.of("upload"), categories(d), d.toString());
        Map<String, Object> f = finding(d, "upload");
        assertEquals("2024-10-02", f.get("since"));
        String evidence = (String) f.get("evidence");
        assertTrue(evidence.contains("1 meter-days not acknowledged by the platform (M1 2024-10-04"), evidence);
        assertTrue(evidence.contains("M1 2024-10-02 KO (phase 2): POD IT001E12345678 not associated with DU"), evidence);
    }

    @Test
    void theReadableFormEndsWithTheSupportFormAndABadJournalLineIsNamed() throws Exception {
        diagnose(new Trace().days(q -> q.toLocalDate().isBefore(FIRST.plusDays(2))), CONFIG);
        CliRun run = CliRun.of("diagnose", "--config", dir.resolve("du.properties").toString(), "--state",
                dir.resolve("state").toString(), "--frames", dir.resolve("frames.jsonl").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("\nno-updates since 2024-10-03\n"), run.out());
        assertTrue(run.out().contains("  category:             the DU receives no updates from the meter\n"), run.out());
        assertTrue(run.out().contains("  DU address (NID):     DC0000000019\n"), run.out());
        // Without the journal the state alone says it: the closed days that counted nothing.
        CliRun stateOnly = CliRun.of("diagnose", "--config", dir.resolve("du.properties").toString(), "--state",
                dir.resolve("state").toString(), "--json");
        assertEquals(0, stateOnly.status(), stateOnly.err());
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) Json.parse(stateOnly.out());
        assertEquals(List.of("no-updates"), categories(d), d.toString());
        assertEquals("2024-10-03", finding(d, "no-updates").get("since"));
        assertTrue(((String) finding(d, "no-updates").get("evidence")).contains("no frame counted on the 2 closed days"
                + " since 2024-10-03 nor today"), d.toString());
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"verdict\":\"accepted\",\"time\":\"2024-10-01T00:00:02+02:00\"}\n"
                + "not json\n{\"frames\":{}}\n");
        CliRun badRun = CliRun.of("diagnose", "--config", dir.resolve("du.properties").toString(), "--state",
                dir.resolve("state").toString(), "--frames", bad.toString());
        assertEquals(ExitStatus.BAD_INPUT, badRun.status());
        assertTrue(badRun.err().contains(bad + " line 2: not a JSON object"), badRun.err());
    }
}
