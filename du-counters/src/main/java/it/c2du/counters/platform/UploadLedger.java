package it.c2du.counters.platform;

import it.c2du.core.json.Json;
import it.c2du.core.profile.MeterRole;
import it.c2du.counters.state.StateException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the platform answered, per meter and day, kept in the state directory as
 * {@value #FILE}: the last return code for each (meter, day) with the exact message it answered.
 * A day is done when the message that would be sent now was acknowledged OK; a KO holds back that
 * same message (it would fail again) until the message changes (the configuration did) or an
 * operator forgets the KO.
 *
 * <p>Both {@code du run}'s upload loop and {@code du publish} write it: every change is a
 * read-modify-write under a lock ({@value #LOCK_FILE}, a process lock, and one lock per directory
 * within this JVM, since closing any descriptor of a lock file drops a POSIX lock), and the file
 * is replaced atomically after being forced to the device, so a reader needs no lock and a power
 * cut leaves the old file or the new one.
 *
 * <p>A damaged file reads as empty, with a warning, and is moved aside by the first write: every
 * day in the profile is then sent again, which is safe (the platform keeps the last row per day).
 * Reading never changes the directory ({@code du publish --dry-run}). A file of a newer version
 * is refused, as {@code counters.state} is, and left as it is: a later du wrote it and may
 * again.
 */
public final class UploadLedger {
    public static final String FILE = "platform-uploads.json";
    public static final String LOCK_FILE = "platform-uploads.lock";
    static final Logger LOG = LoggerFactory.getLogger("du.platform");
    private static final int VERSION = 1;
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    public enum Outcome { OK, KO }

    /**
     * The platform's last answer for a meter's day.
     *
     * @param payload the message answered, exactly as sent
     * @param phase   1 or 2 for a KO (0 when the platform gave none), 0 for OK
     * @param error   the platform's error for a KO, null for OK
     * @param at      when the answer arrived
     */
    public record Entry(MeterDay key, Outcome outcome, String payload, int phase, String error, Instant at) {
        public static Entry ok(UploadMessage m, Instant at) {
            return new Entry(m.key(), Outcome.OK, m.payload(), 0, null, at);
        }

        public static Entry ko(UploadMessage m, int phase, String error, Instant at) {
            return new Entry(m.key(), Outcome.KO, m.payload(), phase, error, at);
        }
    }

    private final Path dir;
    private final Path file;

    private UploadLedger(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
    }

    /** The ledger of a state directory (the file need not exist yet). */
    public static UploadLedger in(Path stateDir) {
        return new UploadLedger(stateDir);
    }

    public Path file() {
        return file;
    }

    /** The answers kept, by meter and day; empty when there is no file yet. */
    public Map<MeterDay, Entry> read() throws StateException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Collections.emptyMap();
        } catch (IOException e) {
            throw new StateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return decode(text);
        } catch (NewerVersion e) {
            throw newer(e);
        } catch (IllegalArgumentException e) {
            LOG.warn("{} is damaged ({}): every day in the profile will be sent again (safe: the platform keeps"
                    + " the last row per day); the next answer moves it aside", file, e.getMessage());
            return Collections.emptyMap();
        }
    }

    /** A ledger of a later du: its version is higher than this du's. */
    private static final class NewerVersion extends IllegalArgumentException {
        final long version;

        NewerVersion(long version) {
            super("version " + version);
            this.version = version;
        }
    }

    private StateException newer(NewerVersion e) {
        return new StateException(file + " was written by a newer du (version " + e.version + "; this du reads version "
                + VERSION + "): upgrade du, or move the file aside to send every day again");
    }

    /**
     * Keeps {@code entry}, unless the same answer to the same message is already kept.
     *
     * @return false when it was already kept (a duplicate return code, or one answered twice)
     */
    public boolean record(Entry entry) throws StateException {
        boolean[] added = new boolean[1];
        update(entries -> {
            Entry before = entries.get(entry.key());
            if (before != null && before.outcome() == entry.outcome() && before.payload().equals(entry.payload())) {
                return false;
            }
            entries.put(entry.key(), entry);
            added[0] = true;
            return true;
        });
        return added[0];
    }

    /** Drops the entries {@code which} selects (an operator's --retry-ko or --all); returns how many. */
    public int forget(Predicate<Entry> which) throws StateException {
        int[] n = new int[1];
        update(entries -> {
            n[0] = (int) entries.values().stream().filter(which).count();
            entries.values().removeIf(which);
            return n[0] > 0;
        });
        return n[0];
    }

    /** Drops the days before {@code first}: they are no longer in the profile. */
    public void prune(LocalDate first) throws StateException {
        if (read().keySet().stream().anyMatch(k -> k.day().isBefore(first))) {
            forget(e -> e.key().day().isBefore(first));
        }
    }

    private interface Change {
        /** Changes the entries in place; false when nothing changed (nothing is written). */
        boolean apply(Map<MeterDay, Entry> entries);
    }

    /** Read, change, write, under both locks; a damaged file is moved aside first. Returns the entries after. */
    private Map<MeterDay, Entry> update(Change change) throws StateException {
        Path key;
        try {
            key = dir.toRealPath();
        } catch (IOException e) {
            throw new StateException("state directory " + dir + ": " + e.getMessage(), e);
        }
        ReentrantLock jvmLock = LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockChannel.lock()) {
            Map<MeterDay, Entry> entries = new TreeMap<>();
            String text = null;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                // no answers yet
            }
            if (text != null) {
                try {
                    entries.putAll(decode(text));
                } catch (NewerVersion e) {
                    throw newer(e);
                } catch (IllegalArgumentException e) {
                    Path aside = dir.resolve(FILE + ".damaged-" + Instant.now().toEpochMilli());
                    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                    LOG.warn("{} is damaged ({}); moved to {}: every day in the profile will be sent again"
                            + " (safe: the platform keeps the last row per day)", file, e.getMessage(), aside.getFileName());
                }
            }
            if (change.apply(entries)) {
                write(encode(entries));
            }
            return Collections.unmodifiableMap(entries);
        } catch (IOException e) {
            throw new StateException("cannot update " + file + ": " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
        }
    }

    private void write(String text) throws IOException {
        Path tmp = dir.resolve(FILE + ".new");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                c.write(b);
            }
            c.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (AccessDeniedException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory; the rename is still atomic there.
        }
    }

    /** One JSON object: the version, then one line per (meter, day), oldest first. */
    static String encode(Map<MeterDay, Entry> entries) {
        StringBuilder sb = new StringBuilder("{\"version\":").append(VERSION).append(",\"days\":[");
        String sep = "\n";
        for (Entry e : entries.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("meter", e.key().meter().name());
            m.put("day", e.key().day().toString());
            m.put("rc", e.outcome().name());
            if (e.outcome() == Outcome.KO) {
                m.put("phase", (long) e.phase());
                m.put("error", e.error());
            }
            m.put("at", e.at().toString());
            m.put("payload", e.payload());
            sb.append(sep).append(Json.writeCompact(m));
            sep = ",\n";
        }
        return sb.append("\n]}\n").toString();
    }

    /** The entries of a ledger's text; IllegalArgumentException says what is wrong. */
    static Map<MeterDay, Entry> decode(String text) {
        Object json;
        try {
            json = Json.parse(text);
        } catch (Json.JsonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (json instanceof Map<?, ?> top && top.get("version") instanceof Long v && v > VERSION) {
            throw new NewerVersion(v);
        }
        if (!(json instanceof Map<?, ?> top) || !Long.valueOf(VERSION).equals(top.get("version"))
                || !(top.get("days") instanceof List<?> days)) {
            throw new IllegalArgumentException("expected {\"version\":" + VERSION + ",\"days\":[...]}");
        }
        Map<MeterDay, Entry> entries = new TreeMap<>();
        int i = 0;
        for (Object o : days) {
            i++;
            try {
                Map<?, ?> m = (Map<?, ?>) o;
                MeterDay key = new MeterDay(named(MeterRole.class, "meter", m.get("meter")), LocalDate.parse((String) m.get("day")));
                Outcome outcome = named(Outcome.class, "rc", m.get("rc"));
                String payload = (String) java.util.Objects.requireNonNull(m.get("payload"), "payload");
                Instant at = Instant.parse((String) m.get("at"));
                int phase = outcome == Outcome.KO ? ((Long) m.get("phase")).intValue() : 0;
                String error = outcome == Outcome.KO ? (String) java.util.Objects.requireNonNull(m.get("error"), "error") : null;
                if (entries.put(key, new Entry(key, outcome, payload, phase, error, at)) != null) {
                    throw new IllegalArgumentException("day " + i + ": " + key + " twice");
                }
            } catch (ClassCastException | NullPointerException | DateTimeParseException e) {
                throw new IllegalArgumentException("day " + i + ": a member is missing or of the wrong type");
            } catch (IllegalArgumentException e) {
                throw e.getMessage() != null && e.getMessage().startsWith("day ") ? e
                        : new IllegalArgumentException("day " + i + ": " + e.getMessage());
            }
        }
        return entries;
    }

    private static <E extends Enum<E>> E named(Class<E> type, String member, Object value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException(member + ": expected one of " + java.util.Arrays.toString(type.getEnumConstants())
                + ", got " + Json.writeCompact(value));
    }
}
