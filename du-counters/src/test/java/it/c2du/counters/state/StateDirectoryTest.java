package it.c2du.counters.state;

import it.c2du.counters.CounterSnapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final int N = ReceptionCounter.values().length;
    private static final int SLOT = StateFile.SLOT_SIZE;

    @TempDir
    Path tmp;

    /** A distinct, valid state for each {@code k}: C1 today = k, a clock k minutes into 2024-05-10. */
    private static ReceiverState state(int k) {
        int[] today = new int[N];
        today[0] = k & 0x7FFF;
        today[4] = 0x8000;
        int[][] profile = new int[N][C2P1.Counters.PROFILE_DAYS];
        profile[1][0] = k * 3 & 0xFFFF;
        profile[2][59] = 0x8001;
        Instant clock = Instant.parse("2024-05-10T06:00:00Z").plusSeconds(60L * k);
        CounterSnapshot c = new CounterSnapshot(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 10), clock, today, profile, k % 2 == 0);
        long[] bitmap = new long[16];
        bitmap[k % 16] = 1L << (k % 64);
        byte[] st = "CECECECE".getBytes(StandardCharsets.US_ASCII);
        WindowState w = new WindowState(st, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 1000 + k, bitmap);
        return new ReceiverState(ROME, k % 3 != 0, c, Map.of(MeterRole.M1, w));
    }

    private Path stateFile(Path dir) {
        return dir.resolve(StateDirectory.STATE_FILE);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Commits states 0..count-1 (sequences 0..count-1) and closes. */
    private Path dirWith(int count) throws Exception {
        Path dir = tmp.resolve("state");
        try (StateDirectory d = StateDirectory.open(dir)) {
            for (int k = 0; k < count; k++) {
                d.commit(state(k));
            }
        }
        return dir;
    }

    private void flipByte(Path file, long at) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[(int) at] ^= 0x5A;
        Files.write(file, b);
    }

    private static StateFile.Slot slot(byte[] file, int i) {
        return StateFile.decode(Arrays.copyOfRange(file, i * SLOT, Math.min(file.length, (i + 1) * SLOT)), i);
    }

    private static byte[] withCrc(byte[] record) {
        CRC32C crc = new CRC32C();
        crc.update(record, 0, record.length - 4);
        ByteBuffer.wrap(record).putInt(record.length - 4, (int) crc.getValue());
        return record;
    }

    // ---------------------------------------------------------------- fresh, commit, reopen

    @Test
    void freshDirectoryHasNoStateAndOnlyTheLockUntilTheFirstCommit() throws Exception {
        Path dir = tmp.resolve("a").resolve("state");
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertNull(d.state());
            assertTrue(d.warnings().isEmpty());
            assertEquals(dir, d.path());
            assertEquals(List.of(StateDirectory.LOCK_FILE), names(dir));
            assertEquals(0, d.commits());
        }
        assertEquals(List.of(StateDirectory.LOCK_FILE), names(dir), "closing without a commit creates nothing");
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertNull(d.state(), "still fresh");
            d.commit(state(1));
            assertEquals(List.of(StateDirectory.STATE_FILE, StateDirectory.LOCK_FILE), names(dir));
            assertEquals(2L * SLOT, Files.size(stateFile(dir)));
            assertEquals(state(1), d.state());
            assertEquals(1, d.commits());
        }
    }

    @Test
    void commitThenReopenGivesTheSameState() throws Exception {
        Path dir = dirWith(1);
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertEquals(state(0), d.state());
            assertTrue(d.warnings().isEmpty(), d.warnings().toString());
        }
        try (StateDirectory d = StateDirectory.open(dir)) {
            d.commit(state(7));
        }
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertEquals(state(7), d.state());
        }
    }

    @Test
    void commitsAlternateSlotsAndTheFileStays8192Bytes() throws Exception {
        Path dir = tmp.resolve("state");
        try (StateDirectory d = StateDirectory.open(dir)) {
            for (int k = 0; k < 12; k++) {
                d.commit(state(k));
                byte[] file = Files.readAllBytes(stateFile(dir));
                assertEquals(2 * SLOT, file.length, "after commit " + k);
                StateFile.Slot newest = slot(file, k % 2);
                assertEquals(new StateFile.Valid(k, state(k)), newest, "commit " + k + " is in slot " + k % 2);
                if (k > 0) {
                    assertEquals(new StateFile.Valid(k - 1, state(k - 1)), slot(file, (k - 1) % 2),
                            "the previous commit is kept in the other slot");
                } else {
                    assertEquals(new StateFile.Blank(), slot(file, 1));
                }
                assertEquals(state(k), d.state());
                assertEquals(k + 1, d.commits());
            }
        }
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertEquals(state(11), d.state());
            d.commit(state(12));
            assertEquals(new StateFile.Valid(12, state(12)), slot(Files.readAllBytes(stateFile(dir)), 0),
                    "the sequence carries on after a reopen");
        }
    }

    // ---------------------------------------------------------------- damage

    @Test
    void corruptNewestSlotFallsBackToTheOlderCopyWithAWarningAndTheNextCommitHeals() throws Exception {
        Path dir = dirWith(3); // sequences 0, 1, 2: the newest (2) in slot 0, 1 in slot 1
        flipByte(stateFile(dir), 300);
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertEquals(state(1), d.state(), "the older copy, never zeros");
            assertEquals(1, d.warnings().size(), d.warnings().toString());
            String w = d.warnings().get(0);
            assertTrue(w.contains("slot 0"), w);
            assertTrue(w.contains(stateFile(dir).toString()), w);
            assertTrue(w.contains("sequence 1"), w);
            d.commit(state(20));
            byte[] file = Files.readAllBytes(stateFile(dir));
            assertEquals(new StateFile.Valid(2, state(20)), slot(file, 0), "the damaged slot is the one rewritten");
            assertEquals(new StateFile.Valid(1, state(1)), slot(file, 1), "the good copy is kept");
        }
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertEquals(state(20), d.state());
            assertTrue(d.warnings().isEmpty(), "healed: " + d.warnings());
        }
    }

    @Test
    void corruptOlderSlotKeepsTheNewestWithAWarningNamingTheOtherSlot() throws Exception {
        Path dir = dirWith(4); // newest (3) in slot 1
        flipByte(stateFile(dir), 700);
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertEquals(state(3), d.state());
            assertEquals(1, d.warnings().size());
            assertTrue(d.warnings().get(0).contains("slot 0"), d.warnings().get(0));
            d.commit(state(4));
        }
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertEquals(state(4), d.state());
            assertTrue(d.warnings().isEmpty(), d.warnings().toString());
        }
    }

    @Test
    void bothSlotsCorruptIsAnErrorNamingTheFileAndChangesNothing() throws Exception {
        Path dir = dirWith(2);
        Path file = stateFile(dir);
        flipByte(file, 100);
        flipByte(file, SLOT + 100);
        byte[] before = Files.readAllBytes(file);
        StateException e = assertThrows(StateException.class, () -> StateDirectory.open(dir));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was changed"), e.getMessage());
        assertTrue(e.getMessage().contains("slot 0") && e.getMessage().contains("slot 1"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "a failed open leaves the file as it was");
        // The lock was released: a second try fails the same way, not "in use".
        StateException again = assertThrows(StateException.class, () -> StateDirectory.open(dir));
        assertFalse(again.getMessage().contains("in use"), again.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        // Readers refuse too.
        StateException read = assertThrows(StateException.class, () -> StateDirectory.read(dir));
        assertTrue(read.getMessage().contains("Nothing was changed"), read.getMessage());
    }

    @Test
    void emptyOrAllZeroStateFileIsAnErrorNotZeros() throws Exception {
        Path dir = dirWith(1);
        Files.write(stateFile(dir), new byte[0]);
        StateException e = assertThrows(StateException.class, () -> StateDirectory.open(dir));
        assertTrue(e.getMessage().contains("no good copy"), e.getMessage());
        assertEquals(0, Files.size(stateFile(dir)));
        Files.write(stateFile(dir), new byte[2 * SLOT]);
        e = assertThrows(StateException.class, () -> StateDirectory.open(dir));
        assertTrue(e.getMessage().contains("blank"), e.getMessage());
        assertArrayEquals(new byte[2 * SLOT], Files.readAllBytes(stateFile(dir)));
    }

    @Test
    void newerVersionInASlotIsAnErrorMentioningNewer() throws Exception {
        Path dir = dirWith(2);
        Path file = stateFile(dir);
        byte[] bytes = Files.readAllBytes(file);
        byte[] record = StateFile.encode(state(5), 3);
        ByteBuffer.wrap(record).putShort(8, (short) (StateFile.VERSION + 1));
        System.arraycopy(withCrc(record), 0, bytes, SLOT, record.length);
        Files.write(file, bytes);
        StateException e = assertThrows(StateException.class, () -> StateDirectory.open(dir));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(file));
        StateException again = assertThrows(StateException.class, () -> StateDirectory.open(dir));
        assertTrue(again.getMessage().contains("newer"), "lock released after the failure: " + again.getMessage());
        assertTrue(assertThrows(StateException.class, () -> StateDirectory.read(dir)).getMessage().contains("newer"));
    }

    /**
     * The older slot's version field damaged by one bit (1 -> 3) is a damaged record, not a newer
     * du's: open() skips it and uses the intact newest slot (the CRC is checked before the version).
     */
    @Test
    void oneFlippedVersionBitInTheOlderSlotIsSkippedNotTakenForANewerFormat() throws Exception {
        Path dir = dirWith(4); // newest (3) in slot 1, older (2) in slot 0
        byte[] b = Files.readAllBytes(stateFile(dir));
        b[9] ^= 0x02; // version 1 -> 3, CRC now wrong
        Files.write(stateFile(dir), b);
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertEquals(state(3), d.state());
            assertEquals(1, d.warnings().size());
        }
    }

    @Test
    void aZeroedSlotThatWasWrittenIsReportedNotTakenForNeverWritten() throws Exception {
        // 3 commits: the newest (2) in slot 0, 1 in slot 1; 4 commits: the newest (3) in slot 1, 2 in slot 0.
        for (int commits : new int[] {3, 4}) {
            Path dir = tmp.resolve("zeroed" + commits);
            try (StateDirectory d = StateDirectory.open(dir)) {
                for (int k = 0; k < commits; k++) {
                    d.commit(state(k));
                }
            }
            int zeroed = StateFile.slotOf(commits - 1 - (commits == 3 ? 0 : 1)); // the newest, then the older
            byte[] file = Files.readAllBytes(stateFile(dir));
            Arrays.fill(file, zeroed * SLOT, (zeroed + 1) * SLOT, (byte) 0);
            Files.write(stateFile(dir), file);
            try (StateDirectory d = StateDirectory.open(dir)) {
                assertEquals(1, d.warnings().size(), commits + " commits: " + d.warnings());
                String w = d.warnings().get(0);
                assertTrue(w.contains("slot " + zeroed) && w.contains("was written"), w);
                assertEquals(StateDirectory.read(dir).warnings(), d.warnings(), "du counters warns alike");
            }
        }
    }

    @Test
    void aFileCutShortInsideSlot1WarnsAndGetsItsFullSizeBack() throws Exception {
        Path dir = dirWith(2); // sequence 1 in slot 1, its record well inside the slot's first 2000 bytes
        try (var ch = java.nio.channels.FileChannel.open(stateFile(dir), java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(SLOT + 2000);
        }
        assertEquals(1, StateDirectory.read(dir).warnings().size(), "du counters warns too");
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertEquals(state(1), d.state());
            assertEquals(1, d.warnings().size(), d.warnings().toString());
            assertTrue(d.warnings().get(0).contains((SLOT + 2000) + " bytes"), d.warnings().get(0));
            assertEquals(2L * SLOT, Files.size(stateFile(dir)), "the full size is restored at open");
            d.commit(state(2));
            d.commit(state(3));
            assertEquals(2L * SLOT, Files.size(stateFile(dir)));
        }
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertEquals(state(3), d.state());
            assertTrue(d.warnings().isEmpty(), d.warnings().toString());
        }
    }

    @Test
    void fileTruncatedTo4096BytesOpensFromSlot0AndWarnsAboutTheMissingSlot() throws Exception {
        for (int commits : new int[] {1, 3}) { // slot 0 holds the only record, or the newest one
            Path dir = tmp.resolve("cut" + commits);
            try (StateDirectory d = StateDirectory.open(dir)) {
                for (int k = 0; k < commits; k++) {
                    d.commit(state(k));
                }
            }
            try (var ch = java.nio.channels.FileChannel.open(stateFile(dir), java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(SLOT);
            }
            assertEquals(SLOT, Files.size(stateFile(dir)));
            try (StateDirectory d = StateDirectory.open(dir)) {
                assertEquals(state(commits - 1), d.state(), commits + " commits");
                assertEquals(1, d.warnings().size(), d.warnings().toString());
                assertTrue(d.warnings().get(0).contains("slot 1 is missing"), d.warnings().get(0));
                assertEquals(state(commits - 1), StateDirectory.read(dir).state());
                d.commit(state(50));
                byte[] file = Files.readAllBytes(stateFile(dir));
                assertTrue(file.length > SLOT, "the next commit writes slot 1 again");
                assertEquals(new StateFile.Valid(commits, state(50)), slot(file, 1));
                assertEquals(new StateFile.Valid(commits - 1, state(commits - 1)), slot(file, 0), "the good copy is kept");
            }
            try (StateDirectory d = StateDirectory.open(dir)) {
                assertEquals(state(50), d.state());
                assertTrue(d.warnings().isEmpty(), d.warnings().toString());
            }
        }
    }

    @Test
    void leftoverTemporaryFileIsRemovedByOpen() throws Exception {
        Path fresh = tmp.resolve("fresh");
        Files.createDirectories(fresh);
        Path tmpFile = fresh.resolve(StateDirectory.STATE_FILE + ".new");
        Files.write(tmpFile, new byte[] {1, 2, 3});
        try (StateDirectory d = StateDirectory.open(fresh)) {
            assertFalse(Files.exists(tmpFile));
            assertNull(d.state(), "a file never renamed holds nothing counted");
        }
        Path dir = dirWith(2);
        Path left = dir.resolve(StateDirectory.STATE_FILE + ".new");
        Files.write(left, new byte[2 * SLOT]);
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertFalse(Files.exists(left));
            assertEquals(state(1), d.state());
        }
    }

    // ---------------------------------------------------------------- lock, readers

    @Test
    void secondOpenWhileOpenIsInUseAndOpensAgainAfterClose() throws Exception {
        Path dir = dirWith(1);
        StateDirectory first = StateDirectory.open(dir);
        try {
            StateException e = assertThrows(StateException.class, () -> StateDirectory.open(dir));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            // The first holder still works.
            first.commit(state(9));
        } finally {
            first.close();
        }
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertEquals(state(9), d.state());
        }
    }

    @Test
    void readWorksWithoutTheLockWhileAWriterHoldsIt() throws Exception {
        Path dir = tmp.resolve("state");
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertThrows(StateException.class, () -> StateDirectory.read(dir), "no state file yet");
            d.commit(state(1));
            StateDirectory.Loaded l = StateDirectory.read(dir);
            assertEquals(state(1), l.state());
            assertEquals(0, l.sequence());
            assertTrue(l.warnings().isEmpty());
            d.commit(state(2));
            l = StateDirectory.read(dir);
            assertEquals(state(2), l.state());
            assertEquals(1, l.sequence());
            d.commit(state(3));
            assertEquals(state(3), StateDirectory.read(dir).state());
        }
    }

    @Test
    void readReportsAFallbackAsAWarning() throws Exception {
        Path dir = dirWith(3);
        flipByte(stateFile(dir), 200);
        StateDirectory.Loaded l = StateDirectory.read(dir);
        assertEquals(state(1), l.state());
        assertEquals(1, l.sequence());
        assertEquals(1, l.warnings().size());
        assertTrue(l.warnings().get(0).contains("slot 0"), l.warnings().get(0));
    }

    @Test
    void readOfMissingOrEmptyDirectoryIsAnError() throws Exception {
        Path missing = tmp.resolve("missing");
        StateException e = assertThrows(StateException.class, () -> StateDirectory.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertFalse(Files.exists(missing), "a reader creates nothing");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(StateException.class, () -> StateDirectory.read(empty));
        assertTrue(e.getMessage().contains(StateDirectory.STATE_FILE), e.getMessage());
        assertEquals(List.of(), names(empty));
        // A directory only opened, never committed to.
        Path opened = tmp.resolve("opened");
        StateDirectory.open(opened).close();
        assertThrows(StateException.class, () -> StateDirectory.read(opened));
    }

    @Test
    void holderIsThisProcessWhileOpen() throws Exception {
        Path dir = tmp.resolve("state");
        assertTrue(StateDirectory.holder(dir).isEmpty(), "no lock file");
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertNull(d.state());
            assertEquals(ProcessHandle.current().pid(), StateDirectory.holder(dir).orElseThrow().pid());
            assertEquals(ProcessHandle.current().pid() + "\n",
                    Files.readString(dir.resolve(StateDirectory.LOCK_FILE), StandardCharsets.US_ASCII));
        }
        Files.writeString(dir.resolve(StateDirectory.LOCK_FILE), "not a pid\n");
        assertTrue(StateDirectory.holder(dir).isEmpty());
        Files.writeString(dir.resolve(StateDirectory.LOCK_FILE), "");
        assertTrue(StateDirectory.holder(dir).isEmpty());
    }

    @Test
    void failedOpenOfALockedDirectoryDoesNotOverwriteTheHolderNorTheState() throws Exception {
        Path dir = dirWith(2);
        byte[] before = Files.readAllBytes(stateFile(dir));
        try (StateDirectory d = StateDirectory.open(dir)) {
            Path lock = dir.resolve(StateDirectory.LOCK_FILE);
            String holder = Files.readString(lock);
            assertThrows(StateException.class, () -> StateDirectory.open(dir));
            assertEquals(holder, Files.readString(lock));
            assertArrayEquals(before, Files.readAllBytes(stateFile(dir)));
            assertEquals(state(1), d.state());
        }
    }

    // ---------------------------------------------------------------- another process

    /** Run in a child JVM: tries to open the directory given as argument for writing. */
    static final class OpenProbe {
        public static void main(String[] args) {
            try (StateDirectory d = StateDirectory.open(Path.of(args[0]))) {
                System.out.println("OPENED" + (d.state() == null ? " (fresh)" : ""));
                System.exit(0);
            } catch (StateException e) {
                System.out.println("REFUSED " + e.getMessage());
                System.exit(3);
            }
        }
    }

    private static String openInAnotherProcess(Path dir) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process p = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), OpenProbe.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child process did not end");
        return out;
    }

    @Test
    void anotherProcessCannotOpenWhileThisOneHoldsTheDirectory() throws Exception {
        Path dir = dirWith(1);
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertEquals(state(0), d.state());
            String out = openInAnotherProcess(dir);
            assertTrue(out.startsWith("REFUSED") && out.contains("in use"), out);
        }
        assertEquals("OPENED", openInAnotherProcess(dir), "free again after close()");
    }

    /**
     * The lock is a POSIX record lock owned by the process: closing any descriptor of the lock
     * file in this process would drop it. A failed second open() in the same process must not
     * touch the lock file, so another process is still refused afterwards.
     */
    @Test
    void failedSecondOpenInTheSameProcessKeepsTheHoldersLock() throws Exception {
        Path dir = dirWith(1);
        try (StateDirectory d = StateDirectory.open(dir)) {
            assertEquals(state(0), d.state());
            assertThrows(StateException.class, () -> StateDirectory.open(dir));
            String out = openInAnotherProcess(dir);
            assertTrue(out.startsWith("REFUSED") && out.contains("in use"),
                    "another process opened the directory while this one holds it: " + out);
        }
    }
}
