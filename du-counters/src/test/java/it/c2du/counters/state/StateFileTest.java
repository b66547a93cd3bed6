package it.c2du.counters.state;

import it.c2du.counters.CounterSnapshot;
import it.c2du.counters.DailyCounters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The state record: round trip of random states, and every damaged, foreign or impossible record
 * is told apart from a good one. Property parts use a seeded Random (the seed is in every failure
 * message; set -Dc2du.seed=N to replay one).
 */
class StateFileTest {
    private static final long SEED = Long.getLong("c2du.seed", System.nanoTime());
    private static final int N = ReceptionCounter.values().length;
    private static final int DAYS = C2P1.Counters.PROFILE_DAYS;

    // Offsets of the record layout documented in StateFile.
    private static final int OFF_VERSION = 8;
    private static final int OFF_LENGTH = 10;
    private static final int OFF_SEQUENCE = 12;
    private static final int OFF_FLAGS = 20;
    private static final int OFF_FIRST_DAY = 21;
    private static final int OFF_DAY = 25;
    private static final int OFF_SECONDS = 29;
    private static final int OFF_NANOS = 37;
    private static final int OFF_ZONE_LENGTH = 41;
    private static final int OFF_ZONE = 42;
    private static final int WINDOW_SIZE = 153;

    /** The longest zone id this JDK knows (32 characters on current tzdata). */
    private static final String LONGEST_ZONE = ZoneId.getAvailableZoneIds().stream()
            .max(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder())).orElseThrow();

    private static final List<String> ZONES = List.of("Europe/Rome", "UTC", "Z", "+05:30", "GMT+02:00",
            "America/St_Johns", "Pacific/Chatham", "Asia/Kathmandu", "Australia/Lord_Howe", LONGEST_ZONE);

    private final Random random = new Random(SEED);

    private static String where() {
        return "seed " + SEED + " (replay with -Dc2du.seed=" + SEED + ")";
    }

    // ---------------------------------------------------------------- builders

    private static int[] values(Random r) {
        int[] v = new int[N];
        for (int c = 0; c < N; c++) {
            v[c] = pick(r);
        }
        return v;
    }

    private static int pick(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 0x8000;
            case 2 -> 0xFFFF;
            case 3 -> 0x7FFF;
            default -> r.nextInt(0x10000);
        };
    }

    private static int[][] profile(Random r) {
        int[][] p = new int[N][DAYS];
        for (int c = 0; c < N; c++) {
            for (int i = 0; i < DAYS; i++) {
                p[c][i] = pick(r);
            }
        }
        return p;
    }

    private static WindowState window(Random r) {
        byte[] st = new byte[8];
        byte[] fp = new byte[8];
        r.nextBytes(st);
        r.nextBytes(fp);
        long highest = switch (r.nextInt(5)) {
            case 0 -> -1;
            case 1 -> 0;
            case 2 -> 0xFFFFFFFFL;
            default -> r.nextLong() & 0xFFFFFFFFL;
        };
        long[] bitmap = new long[16];
        for (int i = 0; i < bitmap.length; i++) {
            bitmap[i] = r.nextInt(4) == 0 ? 0 : r.nextLong();
        }
        return new WindowState(st, fp, highest, bitmap);
    }

    private static Map<MeterRole, WindowState> windows(Random r, int count) {
        Map<MeterRole, WindowState> w = new EnumMap<>(MeterRole.class);
        if (count == 2) {
            w.put(MeterRole.M1, window(r));
            w.put(MeterRole.M2, window(r));
        } else if (count == 1) {
            w.put(r.nextBoolean() ? MeterRole.M1 : MeterRole.M2, window(r));
        }
        return w;
    }

    private static CounterSnapshot startedCounters(Random r, ZoneId zone, boolean powered) {
        // Mostly 1970..2100, sometimes before 1970 (negative POSIX seconds).
        long seconds = r.nextInt(8) == 0 ? -(r.nextLong() & 0x3FFFFFFFL) : Math.floorMod(r.nextLong(), 4_102_444_800L);
        Instant clock = Instant.ofEpochSecond(seconds, r.nextInt(4) == 0 ? 0 : r.nextInt(1_000_000_000));
        LocalDate day = LocalDate.ofInstant(clock, zone);
        LocalDate first = day.minusDays(r.nextInt(3) == 0 ? 0 : r.nextInt(500));
        return new CounterSnapshot(first, day, clock, values(r), profile(r), powered);
    }

    private static CounterSnapshot noDayCounters(Random r, boolean powered) {
        return new CounterSnapshot(null, null, null, values(r), profile(r), powered);
    }

    private static ReceiverState randomState(Random r) {
        ZoneId zone = ZoneId.of(ZONES.get(r.nextInt(ZONES.size())));
        CounterSnapshot c = r.nextInt(5) == 0 ? noDayCounters(r, r.nextBoolean()) : startedCounters(r, zone, r.nextBoolean());
        return new ReceiverState(zone, r.nextBoolean(), c, windows(r, r.nextInt(3)));
    }

    private static long randomSequence(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> r.nextInt(4);
            case 1 -> Long.MAX_VALUE - r.nextInt(2);
            default -> r.nextLong() & Long.MAX_VALUE;
        };
    }

    /** A record with its CRC32C recomputed after a deliberate change. */
    private static byte[] withCrc(byte[] record) {
        byte[] b = record.clone();
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        return b;
    }

    private static byte[] padded(byte[] record) {
        return Arrays.copyOf(record, StateFile.SLOT_SIZE);
    }

    private static StateFile.Valid assertValid(StateFile.Slot s, String ctx) {
        if (s instanceof StateFile.Valid v) {
            return v;
        }
        return fail(ctx + ": expected a valid record, got " + s);
    }

    private static String assertUnusable(StateFile.Slot s, String ctx) {
        if (s instanceof StateFile.Unusable u) {
            assertNotNull(u.reason(), ctx);
            assertFalse(u.reason().isBlank(), ctx + ": an unusable slot says why");
            return u.reason();
        }
        return fail(ctx + ": expected Unusable, got " + s);
    }

    private static void assertRoundTrip(ReceiverState state, long sequence, String ctx) {
        byte[] record = StateFile.encode(state, sequence);
        assertTrue(record.length <= StateFile.MAX_RECORD, ctx + ": record of " + record.length + " bytes");
        assertTrue(StateFile.MAX_RECORD <= StateFile.SLOT_SIZE, ctx);
        int zone = state.zone().getId().length();
        assertEquals(657 + 7 + zone + WINDOW_SIZE * state.windows().size(), record.length, ctx + ": record length");
        assertEquals(record.length, ByteBuffer.wrap(record).getShort(OFF_LENGTH) & 0xFFFF, ctx + ": length field");
        int slot = StateFile.slotOf(sequence);
        assertEquals((int) (sequence % 2), slot, ctx);
        for (byte[] bytes : List.of(record, padded(record))) {
            StateFile.Valid v = assertValid(StateFile.decode(bytes, slot), ctx + " (" + bytes.length + " bytes)");
            assertEquals(sequence, v.sequence(), ctx);
            assertEquals(state, v.state(), ctx);
            assertEquals(state.counters(), v.state().counters(), ctx);
            assertEquals(state.windows(), v.state().windows(), ctx);
            assertEquals(state.zone(), v.state().zone(), ctx);
            assertEquals(state.running(), v.state().running(), ctx);
            assertEquals(state.counters().powered(), v.state().counters().powered(), ctx);
            // Re-encoding what was read gives the same bytes: nothing is lost or reinterpreted.
            assertArrayEquals(record, StateFile.encode(v.state(), v.sequence()), ctx + ": re-encoded");
        }
    }

    // ---------------------------------------------------------------- round trip

    @Test
    void randomStatesRoundTrip() {
        for (int i = 0; i < 400; i++) {
            ReceiverState s = randomState(random);
            long seq = randomSequence(random);
            assertRoundTrip(s, seq, where() + " case " + i + " " + s + " seq " + seq);
        }
    }

    @Test
    void namedCasesRoundTrip() {
        Random r = new Random(SEED);
        ZoneId rome = ZoneId.of("Europe/Rome");
        ZoneId longZone = ZoneId.of(LONGEST_ZONE);
        assertTrue(LONGEST_ZONE.length() >= 30, "a long zone id: " + LONGEST_ZONE);
        List<ReceiverState> cases = new ArrayList<>();
        // No day yet, not powered, running.
        cases.add(new ReceiverState(rome, true, noDayCounters(r, false), Map.of()));
        // No day yet, all-zero counters, as a fresh receiver commits it.
        cases.add(new ReceiverState(rome, true, new DailyCounters(rome).snapshot(), Map.of()));
        for (int w = 0; w <= 2; w++) {
            cases.add(new ReceiverState(rome, false, startedCounters(r, rome, true), windows(r, w)));
            cases.add(new ReceiverState(longZone, true, startedCounters(r, longZone, false), windows(r, w)));
            cases.add(new ReceiverState(longZone, true, noDayCounters(r, true), windows(r, w)));
        }
        // Each role alone.
        for (MeterRole role : MeterRole.values()) {
            cases.add(new ReceiverState(rome, true, startedCounters(r, rome, true), Map.of(role, window(r))));
        }
        // Extremes: fresh windows, highest frame counter 2^32-1, every counter saturated with bit 15.
        int[] full = new int[N];
        Arrays.fill(full, 0xFFFF);
        int[][] fullProfile = new int[N][DAYS];
        for (int[] p : fullProfile) {
            Arrays.fill(p, 0xFFFF);
        }
        Instant clock = Instant.parse("2024-03-31T21:59:59.999999999Z");
        CounterSnapshot extreme = new CounterSnapshot(LocalDate.of(2024, 3, 31), LocalDate.of(2024, 3, 31), clock, full,
                fullProfile, false);
        long[] ones = new long[16];
        Arrays.fill(ones, -1L);
        cases.add(new ReceiverState(rome, true, extreme, Map.of(
                MeterRole.M1, new WindowState(new byte[8], new byte[8], -1, new long[16]),
                MeterRole.M2, new WindowState(new byte[8], new byte[8], 0xFFFFFFFFL, ones))));
        for (int i = 0; i < cases.size(); i++) {
            for (long seq : new long[] {0, 1, 2, 12345, Long.MAX_VALUE}) {
                assertRoundTrip(cases.get(i), seq, where() + " named case " + i + " " + cases.get(i) + " seq " + seq);
            }
        }
    }

    @Test
    void maxRecordFitsTwoWindowsAndTheLongestZoneId() {
        // Encode accepts zone ids up to 64 characters; the longest real one must fit too.
        ReceiverState s = new ReceiverState(ZoneId.of(LONGEST_ZONE), true,
                startedCounters(new Random(SEED), ZoneId.of(LONGEST_ZONE), true), windows(new Random(SEED), 2));
        byte[] record = StateFile.encode(s, 7);
        assertTrue(record.length <= StateFile.MAX_RECORD);
        assertEquals(657 + 7 + 64 + 2 * WINDOW_SIZE, StateFile.MAX_RECORD, "MAX_RECORD is a 64-character zone, two windows and the DU address");
        assertTrue(StateFile.MAX_RECORD <= StateFile.SLOT_SIZE);
    }

    // ---------------------------------------------------------------- damage

    private List<byte[]> sampleRecords() {
        Random r = new Random(SEED ^ 0x5A5A);
        ZoneId rome = ZoneId.of("Europe/Rome");
        List<byte[]> records = new ArrayList<>();
        records.add(StateFile.encode(new ReceiverState(rome, true, startedCounters(r, rome, true), windows(r, 2)), 5));
        records.add(StateFile.encode(new ReceiverState(ZoneId.of("UTC"), false, noDayCounters(r, false), Map.of()), 2));
        records.add(StateFile.encode(randomState(r), 1 + 2 * (r.nextLong() & 0xFFFFFFFFL)));
        return records;
    }

    private static void flipEveryBit(byte[] record, int fromByte, int toByte, String ctx) {
        long seq = ByteBuffer.wrap(record).getLong(OFF_SEQUENCE);
        int slot = StateFile.slotOf(seq);
        for (int bit = fromByte * 8; bit < toByte * 8; bit++) {
            for (boolean pad : new boolean[] {false, true}) {
                byte[] b = pad ? padded(record) : record.clone();
                b[bit / 8] ^= (byte) (1 << (bit % 8));
                String c = ctx + ": bit " + (bit % 8) + " of byte " + (bit / 8) + " of " + record.length
                        + (pad ? " (in a 4096-byte slot)" : "");
                StateFile.Slot s;
                try {
                    s = StateFile.decode(b, slot);
                } catch (RuntimeException e) {
                    throw new AssertionError(c + ": decode threw " + e, e);
                }
                assertUnusable(s, c);
            }
        }
    }

    @Test
    void everySingleBitFlipOutsideTheVersionFieldIsUnusable() {
        List<byte[]> records = sampleRecords();
        for (int i = 0; i < records.size(); i++) {
            byte[] record = records.get(i);
            String ctx = where() + " record " + i;
            assertValid(StateFile.decode(record, StateFile.slotOf(ByteBuffer.wrap(record).getLong(OFF_SEQUENCE))), ctx);
            flipEveryBit(record, 0, OFF_VERSION, ctx);
            flipEveryBit(record, OFF_VERSION + 2, record.length, ctx);
        }
    }

    /**
     * A single flipped bit in the version field of a damaged record (1 -> 3, 5, 0x0101, ...) is
     * Unusable, not Newer: the CRC is checked before the version is believed, so StateDirectory
     * falls back to the other copy instead of refusing to open.
     */
    @Test
    void singleBitFlipInVersionFieldIsUnusableNotNewer() {
        byte[] record = sampleRecords().get(0);
        flipEveryBit(record, OFF_VERSION, OFF_VERSION + 2, where() + " version field");
    }

    @Test
    void versionRaisedPastTheCurrentWithGoodCrcIsNewer() {
        for (byte[] record : sampleRecords()) {
            long seq = ByteBuffer.wrap(record).getLong(OFF_SEQUENCE);
            byte[] b = record.clone();
            ByteBuffer.wrap(b).putShort(OFF_VERSION, (short) (StateFile.VERSION + 1));
            b = withCrc(b);
            for (byte[] bytes : List.of(b, padded(b))) {
                StateFile.Slot s = StateFile.decode(bytes, StateFile.slotOf(seq));
                StateFile.Newer n = assertInstanceOf(StateFile.Newer.class, s, where());
                assertEquals(StateFile.VERSION + 1, n.version());
            }
            byte[] far = record.clone();
            ByteBuffer.wrap(far).putShort(OFF_VERSION, (short) 0xFFFF);
            assertEquals(new StateFile.Newer(0xFFFF), StateFile.decode(withCrc(far), StateFile.slotOf(seq)));
        }
    }

    @Test
    void theDuAddressReadsBackAndAVersion1RecordWithoutItStillReads() {
        ZoneId rome = ZoneId.of("Europe/Rome");
        Random r = new Random(SEED ^ 0x1D);
        CounterSnapshot c = startedCounters(r, rome, true);
        it.c2du.core.stack.MacAddress mac = it.c2du.core.stack.MacAddress.parseOrNull("DC1234567890");
        ReceiverState withAddress = new ReceiverState(rome, false, c, windows(r, 1), mac);
        assertEquals(new StateFile.Valid(3, withAddress), StateFile.decode(StateFile.encode(withAddress, 3), 1));
        // A version 1 record: the same fields without the 7 bytes of the DU address.
        ReceiverState unknown = new ReceiverState(rome, false, c, withAddress.windows());
        byte[] v2 = StateFile.encode(unknown, 3);
        byte[] v1 = new byte[v2.length - 7];
        System.arraycopy(v2, 0, v1, 0, v1.length - 4);
        ByteBuffer.wrap(v1).putShort(OFF_VERSION, (short) 1).putShort(OFF_VERSION + 2, (short) v1.length);
        assertEquals(new StateFile.Valid(3, unknown), StateFile.decode(withCrc(v1), 1));
        assertEquals(new StateFile.Valid(3, unknown), StateFile.decode(padded(withCrc(v1)), 1));
    }

    @Test
    void versionZeroIsUnusable() {
        byte[] b = sampleRecords().get(0);
        ByteBuffer.wrap(b).putShort(OFF_VERSION, (short) 0);
        String reason = assertUnusable(StateFile.decode(withCrc(b), 1), "version 0");
        assertTrue(reason.contains("version"), reason);
    }

    @Test
    void allZeroSlotIsBlank() {
        assertEquals(new StateFile.Blank(), StateFile.decode(new byte[StateFile.SLOT_SIZE], 0));
        assertEquals(new StateFile.Blank(), StateFile.decode(new byte[StateFile.SLOT_SIZE], 1));
        // Beyond the end of the file: no bytes at all.
        assertEquals(new StateFile.Blank(), StateFile.decode(new byte[0], 1));
        assertEquals(new StateFile.Blank(), StateFile.decode(new byte[100], 0));
    }

    @Test
    void sequenceInTheWrongSlotIsUnusable() {
        Random r = new Random(SEED);
        for (int i = 0; i < 50; i++) {
            ReceiverState s = randomState(r);
            long seq = randomSequence(r);
            byte[] record = StateFile.encode(s, seq);
            int wrong = 1 - StateFile.slotOf(seq);
            String reason = assertUnusable(StateFile.decode(record, wrong), where() + " seq " + seq + " in slot " + wrong);
            assertTrue(reason.contains("sequence"), reason);
            assertUnusable(StateFile.decode(padded(record), wrong), where() + " seq " + seq + " padded");
        }
    }

    @Test
    void negativeSequenceIsUnusable() {
        byte[] b = sampleRecords().get(1);
        ByteBuffer.wrap(b).putLong(OFF_SEQUENCE, -2);
        assertUnusable(StateFile.decode(withCrc(b), 0), "sequence -2");
        ByteBuffer.wrap(b).putLong(OFF_SEQUENCE, Long.MIN_VALUE);
        assertUnusable(StateFile.decode(withCrc(b), 0), "sequence MIN_VALUE");
    }

    @Test
    void everyTruncationIsUnusable() {
        for (byte[] record : sampleRecords()) {
            int slot = StateFile.slotOf(ByteBuffer.wrap(record).getLong(OFF_SEQUENCE));
            for (int len = 1; len < record.length; len++) {
                byte[] cut = Arrays.copyOf(record, len);
                String ctx = where() + " record of " + record.length + " cut to " + len;
                try {
                    assertUnusable(StateFile.decode(cut, slot), ctx);
                } catch (RuntimeException e) {
                    throw new AssertionError(ctx + ": decode threw " + e, e);
                }
            }
        }
    }

    @Test
    void badMagicIsUnusable() {
        byte[] b = sampleRecords().get(0);
        byte[] other = "C2DUSTAX".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(other, 0, b, 0, 8);
        assertTrue(assertUnusable(StateFile.decode(withCrc(b), 1), "magic").contains("magic"));
    }

    @Test
    void recordLengthOutOfRangeIsUnusable() {
        byte[] base = sampleRecords().get(1);
        for (int length : new int[] {0, 12, 656, StateFile.MAX_RECORD + 1, 0xFFFF}) {
            byte[] b = padded(base);
            ByteBuffer.wrap(b).putShort(OFF_LENGTH, (short) length);
            assertUnusable(StateFile.decode(b, 0), "length " + length);
        }
    }

    // ---------------------------------------------------------------- impossible fields, CRC correct

    /** A started state in Europe/Rome with both windows, sequence 4 (slot 0). */
    private static byte[] startedRecord() {
        ZoneId rome = ZoneId.of("Europe/Rome");
        Random r = new Random(42);
        Instant clock = Instant.parse("2024-05-10T10:00:00Z");
        CounterSnapshot c = new CounterSnapshot(LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 10), clock, values(r),
                profile(r), true);
        return StateFile.encode(new ReceiverState(rome, true, c, windows(r, 2)), 4);
    }

    private static final int ROME_ZONE_LENGTH = "Europe/Rome".length();
    private static final int OFF_WINDOWS = 652 + ROME_ZONE_LENGTH;

    private static String impossible(java.util.function.Consumer<ByteBuffer> change, String what) {
        byte[] b = startedRecord();
        assertInstanceOf(StateFile.Valid.class, StateFile.decode(b, 0), "the unchanged record is valid");
        change.accept(ByteBuffer.wrap(b));
        byte[] fixed = withCrc(b);
        StateFile.Slot s;
        try {
            s = StateFile.decode(fixed, 0);
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": decode threw " + e, e);
        }
        String reason = assertUnusable(s, what);
        assertUnusable(StateFile.decode(padded(fixed), 0), what + " (padded)");
        return reason;
    }

    @Test
    void unknownFlagBitIsUnusable() {
        for (int bit = 3; bit < 8; bit++) {
            int f = bit;
            String reason = impossible(b -> b.put(OFF_FLAGS, (byte) (b.get(OFF_FLAGS) | (1 << f))), "flag bit " + bit);
            assertTrue(reason.contains("flags"), reason);
        }
    }

    @Test
    void impossibleWindowRoleIsUnusable() {
        for (int role : new int[] {0, 3, 7, 255}) {
            String reason = impossible(b -> b.put(OFF_WINDOWS + 1, (byte) role), "window role " + role);
            assertTrue(reason.contains("role " + role), reason);
        }
        // The same role twice.
        String reason = impossible(b -> b.put(OFF_WINDOWS + 1 + WINDOW_SIZE, b.get(OFF_WINDOWS + 1)), "duplicate role");
        assertTrue(reason.contains("role"), reason);
    }

    @Test
    void clockNotOnTheStatedDayIsUnusable() {
        String reason = impossible(b -> b.putInt(OFF_DAY, b.getInt(OFF_DAY) + 1), "day + 1");
        assertTrue(reason.contains("not on day"), reason);
        impossible(b -> b.putLong(OFF_SECONDS, b.getLong(OFF_SECONDS) - 86_400), "clock a day earlier");
        // 2024-05-10T22:30Z is already 2024-05-11 in Rome.
        impossible(b -> b.putLong(OFF_SECONDS, Instant.parse("2024-05-10T22:30:00Z").getEpochSecond()), "after local midnight");
    }

    @Test
    void firstDayAfterDayIsUnusable() {
        String reason = impossible(b -> b.putInt(OFF_FIRST_DAY, b.getInt(OFF_DAY) + 1), "first day after day");
        assertTrue(reason.startsWith("bad field"), reason);
    }

    @Test
    void dayAndClockWithoutStartedFlagIsUnusable() {
        impossible(b -> b.put(OFF_FLAGS, (byte) (b.get(OFF_FLAGS) & ~4)), "clock set, not started");
        // Not started, but a day or a clock field that is not zero.
        byte[] none = StateFile.encode(new ReceiverState(ZoneId.of("Europe/Rome"), true,
                new DailyCounters(ZoneId.of("Europe/Rome")).snapshot(), Map.of()), 0);
        ByteBuffer.wrap(none).putInt(OFF_DAY, 100);
        assertUnusable(StateFile.decode(withCrc(none), 0), "no day, but a day field");
        none = StateFile.encode(new ReceiverState(ZoneId.of("UTC"), true, new DailyCounters(ZoneId.of("UTC")).snapshot(),
                Map.of()), 0);
        ByteBuffer.wrap(none).putInt(OFF_NANOS, 5);
        assertUnusable(StateFile.decode(withCrc(none), 0), "no day, but nanoseconds");
    }

    @Test
    void badZoneIsUnusable() {
        String reason = impossible(b -> b.put(OFF_ZONE, "Xxxxxx/Xxxx".getBytes(StandardCharsets.US_ASCII)), "unknown zone");
        assertTrue(reason.startsWith("bad field"), reason);
        impossible(b -> b.put(OFF_ZONE + 3, (byte) 0xC3), "non-ASCII zone");
        impossible(b -> b.put(OFF_ZONE_LENGTH, (byte) 0), "zone length 0");
        impossible(b -> b.put(OFF_ZONE_LENGTH, (byte) 65), "zone length 65");
        impossible(b -> b.put(OFF_ZONE_LENGTH, (byte) (ROME_ZONE_LENGTH + 1)), "zone length one too many");
    }

    @Test
    void windowCountNotMatchingLengthIsUnusable() {
        for (int w : new int[] {0, 1, 3, 255}) {
            String reason = impossible(b -> b.put(OFF_WINDOWS, (byte) w), w + " windows");
            assertTrue(reason.contains("windows"), reason);
        }
    }

    @Test
    void impossibleHighestFrameCounterIsUnusable() {
        int offHighest = OFF_WINDOWS + 1 + 1 + 8 + 8;
        impossible(b -> b.putLong(offHighest, -2), "highest -2");
        impossible(b -> b.putLong(offHighest, 0x1_0000_0000L), "highest 2^32");
        impossible(b -> b.putLong(offHighest, Long.MIN_VALUE), "highest MIN_VALUE");
    }
}
