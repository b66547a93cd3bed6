package it.c2du.counters.state;

import it.c2du.counters.CounterSnapshot;

import static it.c2du.core.profile.C2P1.Counters.PROFILE_DAYS;

import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.receive.FrameCounterWindow;
import it.c2du.core.stack.MacAddress;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The layout of the state file: two slots of {@value #SLOT_SIZE} bytes, each holding one complete
 * record. A commit writes the other slot than the one holding the current state, so a write torn
 * by a power cut can only damage the copy being written; the reader takes the valid record with
 * the highest sequence number. Record (big-endian):
 *
 * <pre>
 * offset  size  field
 *      0     8  magic "C2DUSTAT"
 *      8     2  format version ({@value #VERSION})
 *     10     2  record length L, CRC included
 *     12     8  sequence number; record n lives in slot n mod 2
 *     20     1  flags: bit 0 receiver running, bit 1 powered, bit 2 counters started
 *     21     4  first day (epoch day)           } 0 unless counters started
 *     25     4  current day (epoch day)         }
 *     29     8  clock, POSIX seconds            }
 *     37     4  clock, nanoseconds              }
 *     41     1  zone id length Z (1..64), then Z bytes of ASCII zone id
 *   42+Z    10  today: five u16, C1..C5
 *   52+Z   600  profiles: C1..C5, each 60 u16, element 0 = yesterday
 *  652+Z     1  number W of windows (0..2), then W times 153 bytes:
 *                 role (1 = M1, 2 = M2), System Title 8, key fingerprint 8,
 *                 highest frame counter i64 (-1 = none), bitmap 16 x i64
 *  L-11      7  version 2: DU address known (1) or not (0), then its 6 bytes (du.mac)
 *  L-4       4  CRC32C of bytes 0 .. L-5
 * </pre>
 *
 * Version 1 records (without the DU address) are still read; the next commit writes version 2.
 *
 * Records are at most {@value #MAX_RECORD} bytes: one small write per commit. Every future format
 * version keeps the first 20 bytes (magic, version, length, sequence) and the trailing CRC32C,
 * so a reader checks the CRC before it believes a version number.
 */
public final class StateFile {
    public static final int SLOT_SIZE = 4096;
    public static final int SLOTS = 2;
    public static final int VERSION = 2;
    /** The oldest version this code reads. */
    private static final int OLDEST_VERSION = 1;
    /** Version 2's addition: a known-flag and the DU address. */
    private static final int ADDRESS_SIZE = 1 + C2P1.Mac.ADDRESS_SIZE;
    static final byte[] MAGIC = "C2DUSTAT".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ZONE = 64;
    private static final int WINDOW_WORDS = FrameCounterWindow.WIDTH / 64;
    private static final int WINDOW_SIZE = 1 + C2P1.Security.SYSTEM_TITLE_SIZE + WindowState.FINGERPRINT_SIZE + 8 + 8 * WINDOW_WORDS;
    private static final int N = ReceptionCounter.values().length;
    /** Magic, version, length, sequence and CRC: the part every format version keeps. */
    private static final int HEADER = 8 + 2 + 2 + 8 + 4;
    private static final int FIXED = 8 + 2 + 2 + 8 + 1 + 4 + 4 + 8 + 4 + 1 + 2 * N + 2 * N * PROFILE_DAYS + 1 + 4;
    public static final int MAX_RECORD = FIXED + MAX_ZONE + MeterRole.values().length * WINDOW_SIZE + ADDRESS_SIZE;

    private static final int RUNNING = 1;
    private static final int POWERED = 2;
    private static final int STARTED = 4;

    static {
        if (MAX_RECORD > SLOT_SIZE) {
            throw new ExceptionInInitializerError("state record of " + MAX_RECORD + " bytes does not fit a slot");
        }
    }

    private StateFile() {
    }

    /** What a slot holds. */
    public sealed interface Slot permits Valid, Blank, Unusable, Newer {
    }

    /** A complete record. */
    public record Valid(long sequence, ReceiverState state) implements Slot {
    }

    /** Never written (all zero bytes, or beyond the end of the file). */
    public record Blank() implements Slot {
    }

    /** Damaged: a torn write or a corrupted file. */
    public record Unusable(String reason) implements Slot {
    }

    /** Written by a newer format version this code cannot read. */
    public record Newer(int version) implements Slot {
    }

    /** The record of {@code state} with sequence number {@code sequence}, to be written at {@link #slotOf}. */
    public static byte[] encode(ReceiverState state, long sequence) {
        byte[] zone = state.zone().getId().getBytes(StandardCharsets.US_ASCII);
        if (zone.length == 0 || zone.length > MAX_ZONE) {
            throw new IllegalArgumentException("zone id of " + zone.length + " characters");
        }
        int length = FIXED + zone.length + state.windows().size() * WINDOW_SIZE + ADDRESS_SIZE;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(MAGIC).putShort((short) VERSION).putShort((short) length).putLong(sequence);
        CounterSnapshot c = state.counters();
        boolean started = c.day() != null;
        b.put((byte) ((state.running() ? RUNNING : 0) | (c.powered() ? POWERED : 0) | (started ? STARTED : 0)));
        b.putInt(started ? (int) c.firstDay().toEpochDay() : 0);
        b.putInt(started ? (int) c.day().toEpochDay() : 0);
        b.putLong(started ? c.clock().getEpochSecond() : 0);
        b.putInt(started ? c.clock().getNano() : 0);
        b.put((byte) zone.length).put(zone);
        for (int v : c.today()) {
            b.putShort((short) v);
        }
        for (int[] p : c.profile()) {
            for (int v : p) {
                b.putShort((short) v);
            }
        }
        b.put((byte) state.windows().size());
        for (Map.Entry<MeterRole, WindowState> e : state.windows().entrySet()) {
            WindowState w = e.getValue();
            b.put((byte) (e.getKey().ordinal() + 1)).put(w.systemTitle()).put(w.keyFingerprint()).putLong(w.highest());
            for (long word : w.bitmap()) {
                b.putLong(word);
            }
        }
        if (state.duAddress() == null) {
            b.put((byte) 0).put(new byte[C2P1.Mac.ADDRESS_SIZE]);
        } else {
            b.put((byte) 1).put(state.duAddress().toBytes());
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, length - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** The slot that record {@code sequence} is written to. */
    public static int slotOf(long sequence) {
        return (int) (sequence % SLOTS);
    }

    /** Reads slot {@code index} from its bytes (fewer than {@value #SLOT_SIZE} when the file was cut short). */
    public static Slot decode(byte[] slot, int index) {
        boolean blank = true;
        for (byte x : slot) {
            if (x != 0) {
                blank = false;
                break;
            }
        }
        if (blank) {
            return new Blank();
        }
        if (slot.length < 12) {
            return new Unusable("only " + slot.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(slot);
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            return new Unusable("not a du state record (bad magic)");
        }
        int version = Short.toUnsignedInt(b.getShort());
        int length = Short.toUnsignedInt(b.getShort());
        // Every version keeps this header and the trailing CRC32C, so the CRC is checked before the
        // version is believed: a damaged version field must not pass for a newer format.
        if (length < HEADER || length > slot.length) {
            return new Unusable("record length " + length + " out of range");
        }
        CRC32C crc = new CRC32C();
        crc.update(slot, 0, length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(slot, length - 4, 4).getInt()) {
            return new Unusable("CRC32C mismatch (a write was interrupted, or the file is damaged)");
        }
        if (version > VERSION) {
            return new Newer(version);
        }
        if (version < OLDEST_VERSION) {
            return new Unusable("unknown format version " + version);
        }
        if (length < FIXED || length > MAX_RECORD) {
            return new Unusable("record length " + length + " out of range");
        }
        try {
            return fields(b, length, index, version >= 2 ? ADDRESS_SIZE : 0);
        } catch (BufferUnderflowException | IllegalArgumentException | DateTimeException e) {
            // A record with a good CRC but impossible fields was written by a buggy or foreign writer.
            return new Unusable("bad field: " + e.getMessage());
        }
    }

    private static Slot fields(ByteBuffer b, int length, int index, int addressSize) {
        long sequence = b.getLong();
        if (sequence < 0 || slotOf(sequence) != index) {
            return new Unusable("sequence " + sequence + " does not belong in slot " + index);
        }
        int flags = Byte.toUnsignedInt(b.get());
        if ((flags & ~(RUNNING | POWERED | STARTED)) != 0) {
            return new Unusable("unknown flags " + flags);
        }
        boolean started = (flags & STARTED) != 0;
        long firstDay = b.getInt();
        long day = b.getInt();
        long seconds = b.getLong();
        int nanos = b.getInt();
        if (nanos < 0 || nanos > 999_999_999) {
            return new Unusable("clock nanoseconds " + nanos);
        }
        int zoneLength = Byte.toUnsignedInt(b.get());
        if (zoneLength == 0 || zoneLength > MAX_ZONE || FIXED + zoneLength > length) {
            return new Unusable("zone id length " + zoneLength + " does not fit record length " + length);
        }
        byte[] zoneBytes = new byte[zoneLength];
        b.get(zoneBytes);
        ZoneId zone = ZoneId.of(new String(zoneBytes, StandardCharsets.US_ASCII));
        int[] today = new int[N];
        for (int c = 0; c < N; c++) {
            today[c] = Short.toUnsignedInt(b.getShort());
        }
        int[][] profile = new int[N][PROFILE_DAYS];
        for (int c = 0; c < N; c++) {
            for (int i = 0; i < PROFILE_DAYS; i++) {
                profile[c][i] = Short.toUnsignedInt(b.getShort());
            }
        }
        int windows = Byte.toUnsignedInt(b.get());
        if (length != FIXED + zoneLength + windows * WINDOW_SIZE + addressSize) {
            return new Unusable(windows + " windows do not fit record length " + length);
        }
        Map<MeterRole, WindowState> ws = new EnumMap<>(MeterRole.class);
        for (int k = 0; k < windows; k++) {
            int role = Byte.toUnsignedInt(b.get());
            if (role < 1 || role > MeterRole.values().length || ws.containsKey(MeterRole.values()[role - 1])) {
                return new Unusable("window role " + role);
            }
            byte[] st = new byte[C2P1.Security.SYSTEM_TITLE_SIZE];
            byte[] fp = new byte[WindowState.FINGERPRINT_SIZE];
            b.get(st).get(fp);
            long highest = b.getLong();
            long[] bitmap = new long[WINDOW_WORDS];
            for (int i = 0; i < WINDOW_WORDS; i++) {
                bitmap[i] = b.getLong();
            }
            ws.put(MeterRole.values()[role - 1], new WindowState(st, fp, highest, bitmap));
        }
        MacAddress duAddress = null;
        if (addressSize > 0) {
            int known = Byte.toUnsignedInt(b.get());
            byte[] address = new byte[C2P1.Mac.ADDRESS_SIZE];
            b.get(address);
            if (known > 1) {
                return new Unusable("DU address flag " + known);
            }
            duAddress = known == 1 ? MacAddress.of(address, 0) : null;
        }
        CounterSnapshot counters;
        if (started) {
            Instant clock = Instant.ofEpochSecond(seconds, nanos);
            LocalDate d = LocalDate.ofEpochDay(day);
            if (!d.equals(LocalDate.ofInstant(clock, zone))) {
                return new Unusable("clock " + clock + " is not on day " + d + " in " + zone);
            }
            counters = new CounterSnapshot(LocalDate.ofEpochDay(firstDay), d, clock, today, profile, (flags & POWERED) != 0);
        } else {
            if (firstDay != 0 || day != 0 || seconds != 0 || nanos != 0) {
                return new Unusable("a day and clock without a first event");
            }
            counters = new CounterSnapshot(null, null, null, today, profile, (flags & POWERED) != 0);
        }
        return new Valid(sequence, new ReceiverState(zone, (flags & RUNNING) != 0, counters, ws, duAddress));
    }
}
