package it.c2du.counters.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.profile.MeterRole;
import it.c2du.counters.platform.UploadLedger.Entry;
import it.c2du.counters.platform.UploadLedger.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The answers kept in the state directory: durable, never recorded twice, a damaged file set aside. */
class UploadLedgerTest {
    private static final Instant AT = Instant.parse("2026-11-23T00:00:05Z");

    @TempDir
    Path dir;

    @Test
    void answersSurviveAndAreRecordedOnce() throws Exception {
        UploadLedger ledger = UploadLedger.in(dir);
        assertEquals(Map.of(), ledger.read());
        UploadMessage a = UploadPlanTest.day(MeterRole.M1, 20, "XY171001", 96, 4, 1);
        UploadMessage b = UploadPlanTest.day(MeterRole.M2, 20, "XY171001", 0x8000 | 5, 0x8000);
        assertTrue(ledger.record(Entry.ok(a, AT)));
        assertFalse(ledger.record(Entry.ok(a, AT.plusSeconds(1))), "the same answer again is a duplicate");
        assertTrue(ledger.record(Entry.ko(b, 2, "POD: \"unknown\"\nline two", AT)));
        Map<MeterDay, Entry> back = UploadLedger.in(dir).read();
        assertEquals(2, back.size());
        assertEquals(Entry.ok(a, AT), back.get(a.key()));
        assertEquals(Entry.ko(b, 2, "POD: \"unknown\"\nline two", AT), back.get(b.key()));
        // A later OK for the refused day replaces its KO.
        assertTrue(ledger.record(Entry.ok(b, AT)));
        assertEquals(Outcome.OK, ledger.read().get(b.key()).outcome());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(UploadLedger.FILE, UploadLedger.LOCK_FILE),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
        }
    }

    @Test
    void forgetAndPrune() throws Exception {
        UploadLedger ledger = UploadLedger.in(dir);
        for (int d = 1; d <= 10; d++) {
            UploadMessage m = UploadPlanTest.day(MeterRole.M1, d, "XY171001", d, 0, 0);
            ledger.record(d % 3 == 0 ? Entry.ko(m, 2, "x", AT) : Entry.ok(m, AT));
        }
        assertEquals(3, ledger.forget(e -> e.outcome() == Outcome.KO));
        assertEquals(7, ledger.read().size());
        ledger.prune(LocalDate.of(2026, 11, 5));
        assertEquals(List.of(5, 7, 8, 10), ledger.read().keySet().stream().map(k -> k.day().getDayOfMonth()).toList());
        assertEquals(0, ledger.forget(e -> false));
    }

    @Test
    void aDamagedFileIsSetAsideWithEverythingToSendAgain() throws Exception {
        UploadLedger ledger = UploadLedger.in(dir);
        UploadMessage a = UploadPlanTest.day(MeterRole.M1, 20, "XY171001", 96, 4, 1);
        ledger.record(Entry.ok(a, AT));
        String good = Files.readString(ledger.file());
        for (String bad : List.of(good.substring(0, good.length() / 2), "{\"version\":0,\"days\":[]}", "[]",
                good.replace("\"rc\":\"OK\"", "\"rc\":\"MAYBE\""), good.replace("\"day\":\"2026-11-20\"", "\"day\":20"),
                good.replace("\"payload\"", "\"pay\""))) {
            Files.writeString(ledger.file(), bad);
            assertEquals(Map.of(), ledger.read(), bad);
            assertEquals(bad, Files.readString(ledger.file()), "reading changes nothing (du publish --dry-run)");
            try (Stream<Path> files = Files.list(dir)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".damaged-")), "nothing moved by reading");
            }
            assertTrue(ledger.record(Entry.ok(a, AT)), "the first write sets it aside, and recording goes on");
            try (Stream<Path> files = Files.list(dir)) {
                Path aside = files.filter(p -> p.getFileName().toString().startsWith(UploadLedger.FILE + ".damaged-"))
                        .findFirst().orElseThrow();
                assertEquals(bad, Files.readString(aside), "kept for a person to look at");
                Files.delete(aside);
            }
            assertEquals(Map.of(a.key(), Entry.ok(a, AT)), ledger.read());
        }
    }

    @Test
    void aLedgerOfANewerDuIsRefusedAndLeftAsItIs() throws Exception {
        UploadLedger ledger = UploadLedger.in(dir);
        String newer = "{\"version\":2,\"days\":[],\"more\":\"of a later du\"}";
        Files.writeString(ledger.file(), newer);
        UploadMessage a = UploadPlanTest.day(MeterRole.M1, 20, "XY171001", 96, 4, 1);
        for (org.junit.jupiter.api.function.Executable use : List.<org.junit.jupiter.api.function.Executable>of(
                ledger::read, () -> ledger.record(Entry.ok(a, AT)), () -> ledger.forget(e -> true))) {
            it.c2du.counters.state.StateException e = org.junit.jupiter.api.Assertions.assertThrows(
                    it.c2du.counters.state.StateException.class, use);
            assertTrue(e.getMessage().contains(ledger.file() + " was written by a newer du (version 2; this du reads"
                    + " version 1)"), e.getMessage());
            assertEquals(newer, Files.readString(ledger.file()), "left as it is");
            try (Stream<Path> files = Files.list(dir)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".damaged-")), "not moved aside");
            }
        }
    }

    @Test
    void decodeNamesWhatIsWrong() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> UploadLedger.decode("{\"version\":1,\"days\":[{\"meter\":\"M3\",\"day\":\"2026-11-20\",\"rc\":\"OK\","
                        + "\"at\":\"2026-11-23T00:00:05Z\",\"payload\":\"{}\"}]}"));
        assertTrue(e.getMessage().startsWith("day 1:"), e.getMessage());
    }

    /** Two writers (du run's loop and du publish) at once: every answer is kept, none lost to a lost update. */
    @Test
    void concurrentWritersLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (int d = 1; d <= 28; d++) {
                UploadMessage m = UploadPlanTest.day(d % 2 == 0 ? MeterRole.M1 : MeterRole.M2, d, "XY171001",
                        d % 2 == 0 ? new int[] {d, 0, 0} : new int[] {d, 0});
                // Each its own ledger object, as two processes would have.
                done.add(pool.submit(() -> UploadLedger.in(dir).record(Entry.ok(m, AT))));
            }
            for (Future<Boolean> f : done) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(28, UploadLedger.in(dir).read().size());
        assertTrue(Files.readString(dir.resolve(UploadLedger.FILE), StandardCharsets.UTF_8).endsWith("]}\n"));
    }

    @Test
    void anUnreadableDirectoryIsAStateError() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        org.junit.jupiter.api.Assertions.assertThrows(it.c2du.counters.state.StateException.class,
                () -> UploadLedger.in(file).record(Entry.ok(UploadPlanTest.day(MeterRole.M1, 1, "XY171001", 1, 1, 1), AT)));
    }
}
