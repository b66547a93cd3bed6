package it.c2du.cli;

import it.c2du.cli.mqtt.MqttPlatformConnector;

import it.c2du.core.retry.Backoff;

import it.c2du.lab.platform.PlatformRules;
import it.c2du.lab.platform.PlatformSimulator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import it.c2du.lab.platform.PlatformRules.Key;
import it.c2du.lab.platform.PlatformRules.Row;
import it.c2du.core.config.DuConfig;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.counters.CounterSnapshot;
import it.c2du.counters.platform.PlatformDay;
import it.c2du.counters.state.ReceiverState;
import it.c2du.counters.state.StateDirectory;
import it.c2du.counters.platform.MeterDay;
import it.c2du.counters.platform.PlatformUploader;
import it.c2du.counters.platform.UploadLedger;
import it.c2du.counters.platform.UploadLedger.Entry;
import it.c2du.counters.platform.UploadLedger.Outcome;
import it.c2du.counters.platform.UploadLoop;
import it.c2du.counters.platform.UploadMessage;
import it.c2du.counters.platform.UploadTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload to the collaborative platform against a real broker: {@code du platform-sim}'s
 * embedded Moquette, checking each message as the platform would, and HiveMQ's client in the DU.
 * Each test has its own broker; faults (a KO, lost and repeated return codes, the broker stopping)
 * are put into that broker, never into a mock of MQTT.
 */
class PlatformUploadTest {
    static final String TOPIC = "/chain2";
    static final String USER = "dc1234567890";
    static final String PASSWORD = "correct horse battery staple";
    static final ZoneId ROME = ZoneId.of("Europe/Rome");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @TempDir
    Path work;

    final List<String> simLines = new CopyOnWriteArrayList<>();
    final List<PlatformSimulator> sims = new ArrayList<>();

    @AfterEach
    void stopBrokers() {
        sims.forEach(PlatformSimulator::close);
    }

    PlatformSimulator broker(int port) throws Exception {
        PlatformSimulator sim = PlatformSimulator.start(new PlatformSimulator.Options("127.0.0.1", port, TOPIC, USER,
                PASSWORD.getBytes(StandardCharsets.UTF_8)), simLines::add);
        sims.add(sim);
        return sim;
    }

    /** A DU with both meters and the upload to {@code port}; the password in a file. */
    Path config(int port, String m2Installation) throws Exception {
        Path pw = Files.writeString(work.resolve("platform.password"), PASSWORD + "\n");
        return Files.writeString(work.resolve("du.properties"),
                configText("tcp://127.0.0.1:" + port, pw, m2Installation, ""));
    }

    /** The configuration of the platform tests' DU: both meters, the broker at {@code url}, {@code extra} lines. */
    static String configText(String url, Path passwordFile, String m2Installation, String extra) {
        return "du.mac = DC1234567890\n"
                + "m1.pod = IT001E12345678\nm1.key = BC000000001234567890000012345678\n"
                + "m1.system-title = 4345434543454345\nm1.installation-id = XY171001\n"
                + "m2.pod = ITP0AE12345678\nm2.key = 123456789012345678901234567890FF\n"
                + "m2.system-title = 4345434543454345\nm2.installation-id = " + m2Installation + "\n"
                + "platform.broker = " + url + "\nplatform.topic = " + TOPIC + "\n"
                + "platform.username = " + USER + "\nplatform.password-file = " + passwordFile + "\n" + extra;
    }

    /**
     * A state whose receiver has seen {@code closed} whole days before today: random counts, and
     * every fourth day a power loss (bit 15), with the edge values 0x8000 (no count, no power),
     * 0x7FFF and 0xFFFF among them.
     */
    static CounterSnapshot state(Path dir, int closed, long seed) throws Exception {
        Random r = new Random(seed);
        int[][] profile = new int[ReceptionCounter.values().length][60];
        for (int c = 0; c < profile.length; c++) {
            for (int i = 0; i < Math.min(closed, 60); i++) {
                int v = r.nextInt(200);
                profile[c][i] = i % 4 == 1 ? 0x8000 | v : v;
            }
        }
        profile[0][1] = 0x8000;
        profile[1][2] = 0x7FFF;
        profile[3][5] = 0xFFFF;
        CounterSnapshot s = new CounterSnapshot(TODAY.minusDays(closed), TODAY,
                TODAY.atTime(10, 0).atZone(ROME).toInstant(), new int[5], profile, true);
        try (StateDirectory d = StateDirectory.open(dir)) {
            d.commit(new ReceiverState(ROME, false, s, Map.of()));
        }
        return s;
    }

    /** The rows the platform should hold for the snapshot: every closed day of both meters, values as sent. */
    static Map<Key, Map<String, Integer>> expectedRows(CounterSnapshot s, String m2Installation) {
        Map<Key, Map<String, Integer>> rows = new TreeMap<>();
        for (MeterRole m : MeterRole.values()) {
            for (PlatformDay d : PlatformDay.closedDays(s, m, m == MeterRole.M1 ? "IT001E12345678" : "ITP0AE12345678",
                    "DC1234567890", m == MeterRole.M1 ? "XY171001" : m2Installation)) {
                Map<String, Integer> counters = new java.util.LinkedHashMap<>();
                List<ReceptionCounter> cs = PlatformDay.countersOf(m);
                for (int i = 0; i < cs.size(); i++) {
                    counters.put(cs.get(i) + "_DU", PlatformDay.valueSent(d.values()[i]));
                }
                rows.put(new Key(d.installationId(), d.pod(), d.day()), counters);
            }
        }
        return rows;
    }

    static Map<Key, Map<String, Integer>> rowsOf(PlatformSimulator... sims) {
        Map<Key, Map<String, Integer>> rows = new TreeMap<>();
        for (PlatformSimulator s : sims) {
            for (Row r : s.rows().values()) {
                rows.put(new Key(r.installationId(), r.pod(), r.day()), r.counters());
            }
        }
        return rows;
    }

    /** The test's state directory with two closed days (4 messages), counts from {@code seed}. */
    Path twoClosedDays(long seed) throws Exception {
        Path state = work.resolve("state");
        state(state, 2, seed);
        return state;
    }

    CliRun publish(Path cfg, Path state, String... more) {
        List<String> args = new ArrayList<>(List.of("publish", "--config", cfg.toString(), "--state", state.toString()));
        args.addAll(List.of(more));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertFalse((r.out() + r.err()).contains(PASSWORD), "the password never shows");
        return r;
    }

    /** du publish, its log lines (standard error, where the DU's logger writes them) added to {@code log}. */
    CliRun publishLogging(List<String> log, Path cfg, Path state, String... more) {
        // The log goes to System.err as it is when a line is written: catch it there.
        java.io.PrintStream realErr = System.err;
        java.io.ByteArrayOutputStream caught = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(caught, true, StandardCharsets.UTF_8));
        try {
            return publish(cfg, state, more);
        } finally {
            System.setErr(realErr);
            RunCommand.logTo(ch.qos.logback.classic.Level.WARN, "System.err");
            log.addAll(caught.toString(StandardCharsets.UTF_8).lines().toList());
        }
    }

    @Test
    void aMonthOffDeliversEveryDayOnceWithPowerLossDaysNegative() throws Exception {
        PlatformSimulator sim = broker(0);
        Path state = work.resolve("state");
        CounterSnapshot s = state(state, 75, 1);
        Path cfg = config(sim.port(), "XY171001");

        CliRun first = publish(cfg, state);
        assertEquals(0, first.status(), first.out() + first.err());
        assertTrue(first.out().startsWith("120 messages (60 closed days, 2 meters): 0 acknowledged OK, 0 refused (KO) and"
                + " held back, 120 to send\n"), first.out());
        assertTrue(first.out().contains("120 of 120 messages acknowledged OK, 0 refused (KO), 0 still to send"), first.out());
        Map<Key, Map<String, Integer>> expected = expectedRows(s, "XY171001");
        assertEquals(120, expected.size(), "60 days of 2 meters: the profile's whole depth");
        assertEquals(expected, rowsOf(sim));
        assertTrue(rowsOf(sim).values().stream().anyMatch(c -> c.containsValue(-32768)), "0x8000 is sent as -32768");
        assertTrue(rowsOf(sim).values().stream().anyMatch(c -> c.containsValue(-65535)), "0xFFFF is sent as -65535");
        assertEquals(new PlatformSimulator.Totals(120, 0, 0), sim.totals());
        Map<MeterDay, Entry> ledger = UploadLedger.in(state).read();
        assertEquals(120, ledger.size());
        assertTrue(ledger.values().stream().allMatch(e -> e.outcome() == Outcome.OK));

        CliRun again = publish(cfg, state);
        assertEquals(0, again.status(), again.out());
        assertTrue(again.out().contains("120 acknowledged OK, 0 refused (KO) and held back, 0 to send"), again.out());
        assertEquals(1, again.out().lines().count(), again.out());
        assertEquals(new PlatformSimulator.Totals(120, 0, 0), sim.totals(), "nothing is sent twice");

        CliRun all = publish(cfg, state, "--all", "--dry-run");
        assertEquals(0, all.status());
        assertEquals(121, all.out().lines().count(), "a dry run lists the 120 messages and sends nothing: " + all.out());
        assertEquals(new PlatformSimulator.Totals(120, 0, 0), sim.totals());
        assertEquals(120, UploadLedger.in(state).read().size(), "a dry run forgets nothing");
    }

    @Test
    void aKoIsHeldBackUntilTheConfigurationChangesOrAnOperatorAsks() throws Exception {
        PlatformSimulator sim = broker(0);
        // This platform does not know installation XY171001 for the production meter.
        sim.rules = payload -> {
            String text = new String(payload, StandardCharsets.UTF_8);
            return text.contains("C4_DU") && text.contains("XY171001")
                    ? new PlatformRules.Rejected(2, "ID_INSTALLAZIONE: XY171001 has no POD ITP0AE12345678", text)
                    : PlatformRules.check(payload);
        };
        Path state = work.resolve("state");
        CounterSnapshot s = state(state, 3, 2);
        Path cfg = config(sim.port(), "XY171001");

        CliRun first = publish(cfg, state);
        assertEquals(PublishCommand.EXIT_KO, first.status(), first.out() + first.err());
        assertTrue(first.out().contains("M2 2026-11-20  KO phase 2: ID_INSTALLAZIONE: XY171001 has no POD ITP0AE12345678"),
                first.out());
        assertTrue(first.out().contains("M1 2026-11-20  OK"), first.out());
        assertTrue(first.out().contains("3 of 6 messages acknowledged OK, 3 refused (KO), 0 still to send"), first.out());
        Entry ko = UploadLedger.in(state).read().get(new MeterDay(MeterRole.M2, LocalDate.of(2026, 11, 21)));
        assertEquals(Outcome.KO, ko.outcome());
        assertEquals(2, ko.phase());

        CliRun again = publish(cfg, state);
        assertEquals(PublishCommand.EXIT_KO, again.status());
        assertTrue(again.out().contains("M2 2026-11-21  held back: KO phase 2"), again.out());
        assertEquals(new PlatformSimulator.Totals(3, 0, 3), sim.totals(), "the same message is not sent again blindly");

        // The configuration changes: the messages change, and go.
        Path fixed = config(sim.port(), "XY171002");
        CliRun afterFix = publish(fixed, state);
        assertEquals(0, afterFix.status(), afterFix.out());
        assertEquals(new PlatformSimulator.Totals(6, 0, 3), sim.totals());
        assertEquals(expectedRows(s, "XY171002"), rowsOf(sim));

        // An operator asks: the same message goes again.
        sim.rules = payload -> new PlatformRules.Rejected(2, "the platform is in maintenance", new String(payload,
                StandardCharsets.UTF_8));
        assertEquals(PublishCommand.EXIT_KO, publish(fixed, state, "--all").status());
        sim.rules = PlatformRules::check;
        CliRun held = publish(fixed, state);
        assertEquals(PublishCommand.EXIT_KO, held.status());
        assertEquals(new PlatformSimulator.Totals(6, 0, 9), sim.totals());
        CliRun retried = publish(fixed, state, "--retry-ko");
        assertEquals(0, retried.status(), retried.out());
        assertTrue(retried.out().startsWith("6 messages (3 closed days, 2 meters): 0 acknowledged OK, 0 refused (KO) and"
                + " held back, 6 to send\n"), retried.out());
        assertEquals(new PlatformSimulator.Totals(12, 0, 9), sim.totals());
    }

    @Test
    void aKoQuotingOtherContentIsStillHeldBackAndDuPublishLeavesARunningReceiverToUpload() throws Exception {
        PlatformSimulator sim = broker(0);
        // This platform quotes what it refused reformatted, with a member dropped: the day is still known.
        sim.rules = payload -> {
            String text = new String(payload, StandardCharsets.UTF_8);
            return text.contains("C4_DU") ? new PlatformRules.Rejected(2, "C5_DU: out of range\nsee the manual",
                    text.replace(",", ", ").replaceAll(",\\s*\"C5_DU\":-?[0-9]+", "")) : PlatformRules.check(payload);
        };
        Path state = work.resolve("state");
        state(state, 2, 6);
        Path cfg = config(sim.port(), "XY171001");
        CliRun first = publish(cfg, state);
        assertEquals(PublishCommand.EXIT_KO, first.status(), first.out() + first.err());
        assertTrue(first.out().contains("M2 2026-11-22  KO phase 2: C5_DU: out of range\\nsee the manual"), first.out());
        assertTrue(first.out().contains("2 of 4 messages acknowledged OK, 2 refused (KO), 0 still to send"), first.out());

        // du run holds the state: du publish does not connect (it would take du run's session over).
        sim.rules = PlatformRules::check;
        try (StateDirectory running = StateDirectory.open(state)) {
            running.announce(UploadTarget.of(DuConfig.load(cfg).platform()).announcement());
            CliRun deferred = publish(cfg, state, "--retry-ko");
            assertEquals(0, deferred.status(), deferred.out());
            assertTrue(deferred.out().contains("is running on " + state + " and uploads itself; 2 messages forgotten,"
                    + " which it sends within a minute: nothing sent from here"), deferred.out());
        }
        assertEquals(new PlatformSimulator.Totals(2, 0, 2), sim.totals());
        assertEquals(2, count(UploadLedger.in(state)));
        assertEquals(2, UploadLedger.in(state).read().size(), "the KOs are forgotten, for du run to send them");
    }

    @Test
    void duPublishSendsItselfWhileTheRunningReceiverDoesNotUpload() throws Exception {
        PlatformSimulator sim = broker(0);
        Path state = twoClosedDays(7);
        Path cfg = config(sim.port(), "XY171001");
        // A receiver without platform.broker holds the state: it will never send these days.
        try (StateDirectory running = StateDirectory.open(state)) {
            CliRun r = publish(cfg, state);
            assertEquals(0, r.status(), r.out() + r.err());
            assertFalse(r.out().contains("uploads itself"), r.out());
            assertTrue(r.out().contains("4 of 4 messages acknowledged OK, 0 refused (KO), 0 still to send"), r.out());

            // One uploading to another platform: one ledger cannot hold the answers of two.
            running.announce(new UploadTarget("tcp://127.0.0.1:1", TOPIC).announcement());
            CliRun other = publish(cfg, state, "--all");
            assertEquals(ExitStatus.BAD_INPUT, other.status(), other.out() + other.err());
            assertTrue(other.err().contains("uploads it to tcp://127.0.0.1:1 topic /chain2, but " + cfg + " names tcp://127.0.0.1:"
                    + sim.port() + " topic /chain2"), other.err());
        }
        assertEquals(new PlatformSimulator.Totals(4, 0, 0), sim.totals());
    }

    @Test
    void aSecondDuPublishOnTheSameStateIsRefusedWhileTheFirstUploads() throws Exception {
        PlatformSimulator sim = broker(0);
        Path state = twoClosedDays(10);
        Path cfg = config(sim.port(), "XY171001");
        // The broker holds the first du publish's first message until the second has been tried: both
        // would use the same client id, and the broker drops the older of two connections with one id.
        java.util.concurrent.CountDownLatch secondTried = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch firstSending = new java.util.concurrent.CountDownLatch(1);
        sim.rules = payload -> {
            firstSending.countDown();
            try {
                secondTried.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return PlatformRules.check(payload);
        };
        java.util.concurrent.CompletableFuture<CliRun> first = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> publish(cfg, state, "--timeout", "20"));
        assertTrue(firstSending.await(30, java.util.concurrent.TimeUnit.SECONDS), "the first du publish sends");
        CliRun second;
        try {
            second = publish(cfg, state, "--timeout", "2", "--attempts", "1");
        } finally {
            secondTried.countDown();
        }
        assertEquals(ExitStatus.STATE, second.status(), second.out() + second.err());
        assertTrue(second.err().contains("another du publish (pid " + ProcessHandle.current().pid() + ") is uploading "
                + state + "; try again when it has finished"), second.err());
        CliRun done = first.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(0, done.status(), done.out() + done.err());
        assertTrue(done.out().contains("4 of 4 messages acknowledged OK"), done.out());
        assertEquals(new PlatformSimulator.Totals(4, 0, 0), sim.totals(), "the second sent nothing");

        // Finished, it leaves the state to the next one.
        CliRun third = publish(cfg, state, "--all");
        assertEquals(0, third.status(), third.out() + third.err());
    }

    @Test
    void theSummaryOfAnAllRoundThatFailedAddsUp() throws Exception {
        PlatformSimulator sim = broker(0);
        Path state = twoClosedDays(11);
        Path cfg = config(sim.port(), "XY171001");
        assertEquals(0, publish(cfg, state).status());
        sim.close(); // the broker is gone: --all cannot send anything again
        CliRun r = publish(cfg, state, "--all", "--attempts", "1", "--timeout", "1");
        assertEquals(ExitStatus.UNSENT, r.status(), r.out() + r.err());
        assertTrue(r.out().startsWith("4 messages (2 closed days, 2 meters): 0 acknowledged OK, 0 refused (KO) and held"
                + " back, 4 to send\n"), r.out());
        assertTrue(r.out().endsWith("\n0 of 4 messages acknowledged OK, 0 refused (KO), 4 still to send\n"), r.out());
        assertEquals(4, count(UploadLedger.in(state)), "the answers kept stay until new ones replace them");
    }

    @Test
    void logLevelDebugIsTheDusDebugNotNettys() throws Exception {
        PlatformSimulator sim = broker(0);
        Path state = twoClosedDays(12);
        Path cfg = config(sim.port(), "XY171001");
        List<String> log = new ArrayList<>();
        CliRun r = publishLogging(log, cfg, state, "--log-level", "debug");
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> debug = log.stream().filter(l -> l.startsWith("du: debug: ")).toList();
        assertEquals(4, debug.size(), "the DU's own debug lines only, each message sent: " + debug);
        assertTrue(debug.stream().allMatch(l -> l.startsWith("du: debug: sent M")), debug.toString());
    }

    @Test
    void duPublishsWarningsAreDuWarningLinesAsTheOtherConsoleWarnings() throws Exception {
        PlatformSimulator sim = broker(0);
        Path state = twoClosedDays(13);
        Path cfg = config(sim.port(), "XY171001");
        sim.close();
        Files.writeString(state.resolve(UploadLedger.FILE), "{not json"); // a damaged ledger: a warning from the state
        List<String> lines = new ArrayList<>();
        CliRun r = publishLogging(lines, cfg, state, "--attempts", "1");
        assertEquals(ExitStatus.UNSENT, r.status(), r.out() + r.err());
        assertTrue(lines.contains("du: warning: cannot connect to tcp://127.0.0.1:" + sim.port() + ": connection refused"
                + " (is the broker running, and is this its port?)"), lines.toString());
        assertEquals(List.of(), lines.stream().filter(l -> !l.startsWith("du: warning: ")).toList(), "one style");
    }

    @Test
    void answersThatCannotBeKeptAreReportedAsSuchWithTheStateDirectorysStatus() throws Exception {
        PlatformSimulator sim = broker(0);
        Path state = twoClosedDays(8);
        Path cfg = config(sim.port(), "XY171001");
        // The ledger is written to a new file, then renamed: a directory in that file's place makes every
        // write fail as a full or read-only file system would (the tests run as root: no chmod).
        Files.createDirectories(state.resolve(UploadLedger.FILE + ".new"));
        CliRun r = publish(cfg, state, "--timeout", "5", "--attempts", "3");
        assertEquals(ExitStatus.STATE, r.status(), r.out() + r.err());
        assertFalse(r.out().contains("no return code"), r.out());
        assertFalse(r.out().contains("attempt 2"), "the state directory will not get better by sending again: " + r.out());
        assertTrue(r.out().contains("M1 2026-11-21  OK received, not recorded: cannot update " + state.resolve(UploadLedger.FILE)),
                r.out());
        assertTrue(r.out().contains("0 of 4 messages acknowledged OK, 0 refused (KO), 4 answered but not recorded (the"
                + " state directory cannot be written), 0 still to send"), r.out());
        assertEquals(new PlatformSimulator.Totals(4, 0, 0), sim.totals());
    }

    @Test
    void aDryRunChangesNothingAndALedgerOfANewerDuIsRefused() throws Exception {
        Path state = twoClosedDays(9);
        Path cfg = config(1, "XY171001");
        Path ledger = state.resolve(UploadLedger.FILE);
        Files.writeString(ledger, "{\"version\":1,\"days\":[{\"meter\":");
        CliRun dry = publish(cfg, state, "--dry-run");
        assertEquals(0, dry.status(), dry.out() + dry.err());
        assertTrue(dry.out().startsWith("4 messages (2 closed days, 2 meters): 0 acknowledged OK, 0 refused (KO) and held"
                + " back, 4 would be sent\n"), dry.out());
        assertEquals("{\"version\":1,\"days\":[{\"meter\":", Files.readString(ledger), "a dry run changes nothing");
        try (var files = Files.list(state)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".damaged-")), "nothing moved aside");
        }

        String newer = "{\"version\":2,\"days\":[]}";
        Files.writeString(ledger, newer);
        for (String[] how : List.of(new String[] {"--dry-run"}, new String[] {"--all"}, new String[0])) {
            CliRun r = publish(cfg, state, how);
            assertEquals(ExitStatus.STATE, r.status(), List.of(how) + ": " + r.out() + r.err());
            assertTrue(r.err().contains(ledger + " was written by a newer du (version 2; this du reads version 1)"), r.err());
            assertEquals(newer, Files.readString(ledger), "left as it is");
        }
    }

    @Test
    void lostRepeatedAndForeignReturnCodes() throws Exception {
        PlatformSimulator sim = broker(0);
        Path state = work.resolve("state");
        CounterSnapshot s = state(state, 10, 3);
        Path cfg = config(sim.port(), "XY171001");
        DuConfig c = DuConfig.load(cfg);
        List<UploadMessage> days = UploadMessage.closedDays(c, s);
        assertEquals(20, days.size());
        // By message: the answers to the 2nd, 7th and 13th are lost, every 4th comes twice, the 5th three times.
        List<String> payloads = days.stream().map(UploadMessage::payload).toList();
        Set<Integer> lost = Set.of(2, 7, 13);
        sim.returnCodeCopies = v -> {
            int i = payloads.indexOf(v.received()) + 1;
            return i == 0 ? 1 : lost.contains(i) ? 0 : i % 4 == 0 ? 2 : i == 5 ? 3 : 1;
        };
        AtomicInteger n = new AtomicInteger();
        // Another DU on the same topic: its return code reaches this DU too.
        Mqtt3BlockingClient other = MqttClient.builder().useMqttVersion3().identifier("duDC0000000009")
                .serverHost("127.0.0.1").serverPort(sim.port()).buildBlocking();
        try {
            other.connectWith().simpleAuth().username(USER).password(PASSWORD.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth().send();
            sim.rules = payload -> {
                if (n.incrementAndGet() == 3) {
                    new Thread(() -> other.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(
                            UploadMessage.of(new PlatformDay(MeterRole.M1, LocalDate.of(2026, 11, 20), new int[] {1, 2, 3},
                                    "IT001E99999999", "DC0000000009", "AB171001")).bytes()).send()).start();
                }
                return PlatformRules.check(payload);
            };
            PlatformUploader uploader = new PlatformUploader(new MqttPlatformConnector(c.platform(), Duration.ofSeconds(5)),
                    UploadLedger.in(state), Clock.systemUTC(), Duration.ofSeconds(2));
            PlatformUploader.Result r = uploader.send(days);
            assertEquals(20, r.sent());
            assertEquals(null, r.failure());
            assertEquals(List.of(days.get(1).key(), days.get(6).key(), days.get(12).key()), r.unanswered());
            assertEquals(17, r.acknowledged().size());
            assertEquals(new HashSet<>(r.acknowledged()).size(), r.acknowledged().size(), "none acknowledged twice");
            assertEquals(7, r.duplicates(), "copies of 4, 8, 12, 16, 20 and two of 5: " + r);
            assertEquals(1, r.foreign(), "the other DU's answer: " + r);
            assertFalse(r.complete());
            Map<MeterDay, Entry> ledger = UploadLedger.in(state).read();
            assertEquals(17, ledger.size(), "only what was answered is kept");
            assertFalse(ledger.keySet().stream().anyMatch(r.unanswered()::contains));
        } finally {
            other.disconnect();
        }
        // The next run sends only the three unanswered days.
        sim.returnCodeCopies = v -> 1;
        sim.rules = PlatformRules::check;
        long before = sim.totals().accepted();
        CliRun next = publish(cfg, state);
        assertEquals(0, next.status(), next.out());
        assertEquals(3, sim.totals().accepted() - before);
        Map<Key, Map<String, Integer>> rows = rowsOf(sim);
        assertTrue(rows.entrySet().containsAll(expectedRows(s, "XY171001").entrySet()), "every day arrived");
        assertEquals(20, UploadLedger.in(state).read().size());
    }

    @Test
    void theBrokerStopsAndStartsMidStreamAndNothingIsLostOrAcknowledgedTwice() throws Exception {
        PlatformSimulator first = broker(0);
        int port = first.port();
        Path state = work.resolve("state");
        CounterSnapshot s = state(state, 60, 4);
        DuConfig c = DuConfig.load(config(port, "XY171001"));
        AtomicInteger n = new AtomicInteger();
        first.rules = payload -> {
            if (n.incrementAndGet() == 25) {
                new Thread(first::close).start(); // the broker goes down with the 25th message in hand
            }
            return PlatformRules.check(payload);
        };
        List<PlatformUploader.Result> rounds = new CopyOnWriteArrayList<>();
        UploadLedger ledger = UploadLedger.in(state);
        PlatformUploader uploader = new PlatformUploader(new MqttPlatformConnector(c.platform(), Duration.ofSeconds(3)),
                ledger, Clock.systemUTC(), Duration.ofSeconds(2));
        PlatformSimulator second;
        try (UploadLoop loop = new UploadLoop(() -> UploadMessage.closedDays(c, StateDirectory.read(state).state().counters()),
                ledger, uploader, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0.2),
                Duration.ofMillis(200)).afterRound(rounds::add)) {
            loop.start();
            awaitTrue(() -> rounds.size() >= 2, 30, "a round failed, and another tried: " + rounds);
            second = broker(port);
            awaitTrue(() -> count(ledger) == 120, 30, "all 120 days acknowledged; rounds " + rounds);
        }
        assertTrue(rounds.get(0).failure() != null || !rounds.get(0).unanswered().isEmpty(), rounds.get(0).toString());
        List<MeterDay> acknowledged = new ArrayList<>();
        rounds.forEach(r -> acknowledged.addAll(r.acknowledged()));
        assertEquals(120, acknowledged.size(), "each day acknowledged exactly once over all rounds: " + rounds);
        assertEquals(120, new HashSet<>(acknowledged).size());
        Map<Key, Map<String, Integer>> rows = rowsOf(first, second);
        assertEquals(expectedRows(s, "XY171001"), rows, "nothing dropped");
        assertTrue(first.totals().accepted() >= 25 && first.totals().accepted() < 120, "stopped mid-stream: "
                + first.totals());
        assertTrue(second.totals().accepted() >= 120 - first.totals().accepted(), second.totals().toString());
    }

    static int count(UploadLedger l) {
        try {
            return (int) l.read().values().stream().filter(e -> e.outcome() == Outcome.OK).count();
        } catch (Exception e) {
            return -1;
        }
    }

    static void awaitTrue(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
