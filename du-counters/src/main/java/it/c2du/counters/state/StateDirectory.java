package it.c2du.counters.state;


import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A receiver's state directory: {@value #STATE_FILE} (two alternating slots, see
 * {@link StateFile}) and {@value #LOCK_FILE}, held locked by the one process that writes.
 *
 * <p>Crash safety: the state file is created complete (written to a temporary name, forced,
 * renamed, directory forced); afterwards every commit writes one record into the slot that does
 * not hold the current state and forces it to the device before returning. A power cut can tear
 * only that write; the next open finds the torn slot's CRC wrong and uses the other, which holds
 * the previous commit. Both copies unusable, or a newer format, is an error: never zeros.
 *
 * <p>Readers ({@link #read}) take no lock: they read both slots and pick the valid newest, so
 * {@code du counters} works while a receiver runs.
 */
public final class StateDirectory implements AutoCloseable {
    public static final String STATE_FILE = "counters.state";
    public static final String LOCK_FILE = "lock";
    private static final String NEW_SUFFIX = ".new";
    /**
     * Directories this process holds. The lock is a POSIX record lock, owned by the process:
     * closing <em>any</em> descriptor of the lock file in this process would drop it, so a second
     * open (or {@link #holder}) in the same process must not touch the file at all.
     */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** What the holders in this process announced ({@link #announce}), read without touching the lock file. */
    private static final java.util.Map<Path, String> ANNOUNCED = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path dir;
    private final Path file;
    private final Path key;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final List<String> warnings;
    private ReceiverState current;
    private long sequence;
    /** The state found at open (null for a fresh directory), for {@link #undo()}. */
    private final ReceiverState opened;
    private FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(StateFile.SLOT_SIZE);
    private long commits;
    private long bytesWritten;
    private boolean closed;

    /** What a reader found: the newest good state and what was wrong with the other copy. */
    public record Loaded(ReceiverState state, long sequence, List<String> warnings) {
    }

    private StateDirectory(Path dir, Path key, FileChannel lockChannel, FileLock lock, Loaded loaded) {
        this.dir = dir;
        this.key = key;
        this.file = dir.resolve(STATE_FILE);
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.warnings = loaded == null ? List.of() : loaded.warnings();
        this.current = loaded == null ? null : loaded.state();
        this.sequence = loaded == null ? -1 : loaded.sequence();
        this.opened = current;
    }

    /**
     * Opens {@code dir} for writing, creating it when missing, and locks it against a second
     * writer. A directory without a state file is fresh: {@link #state()} is null until the
     * first {@link #commit}.
     */
    public static StateDirectory open(Path dir) throws StateException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StateException("state directory " + dir + ": cannot create it: " + describe(e));
        }
        Path key = identity(dir);
        if (!HELD.add(key)) {
            throw new StateException("state directory " + dir + " is in use: already open in this process");
        }
        FileChannel lockChannel = null;
        try {
            lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StateException("state directory " + dir + " is in use by another du process (it holds "
                        + dir.resolve(LOCK_FILE) + ")");
            }
            // Who holds it, so that a reader can tell a running receiver from an interrupted one.
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 0);
            // A temporary file left by a crash during creation was never renamed: it holds nothing counted.
            Files.deleteIfExists(dir.resolve(STATE_FILE + NEW_SUFFIX));
            Loaded loaded = Files.exists(dir.resolve(STATE_FILE)) ? load(dir) : null;
            StateDirectory d = new StateDirectory(dir, key, lockChannel, lock, loaded);
            if (loaded != null) {
                d.channel = FileChannel.open(d.file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                d.restoreFullSize();
            }
            return d;
        } catch (IOException e) {
            closeQuietly(lockChannel);
            HELD.remove(key);
            throw new StateException("state directory " + dir + ": " + describe(e));
        } catch (StateException | RuntimeException e) {
            closeQuietly(lockChannel);
            HELD.remove(key);
            throw e;
        }
    }

    private static Path identity(Path dir) throws StateException {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            throw new StateException("state directory " + dir + ": " + describe(e));
        }
    }

    /** Reads the state of {@code dir} without locking it (a receiver may be writing). */
    public static Loaded read(Path dir) throws StateException {
        if (!Files.isDirectory(dir)) {
            throw new StateException("no state directory " + dir);
        }
        if (!Files.exists(dir.resolve(STATE_FILE))) {
            throw new StateException("state directory " + dir + " holds no state yet (no " + STATE_FILE + ")");
        }
        try {
            Loaded first = load(dir);
            if (first.warnings().isEmpty()) {
                return first;
            }
            // A slot may have been mid-write by a running receiver: look again before warning.
            Thread.sleep(50);
            return load(dir);
        } catch (IOException e) {
            throw new StateException("state directory " + dir + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateException("interrupted while reading " + dir);
        }
    }

    /**
     * The process that holds (or last held) the directory's lock, if it is alive: the receiver
     * working on it now. Empty when no process with the recorded id exists.
     */
    public static java.util.Optional<ProcessHandle> holder(Path dir) {
        return holding(dir).map(Holder::process);
    }

    /**
     * The live process holding the directory and what it announced it does there.
     *
     * @param announced the holder's {@link #announce} line, or null when it announced nothing
     */
    public record Holder(ProcessHandle process, String announced) {
    }

    /** The live holder of {@code dir} with its announcement; empty when no process with the recorded id exists. */
    public static java.util.Optional<Holder> holding(Path dir) {
        try {
            Path real = dir.toRealPath();
            if (HELD.contains(real)) {
                return java.util.Optional.of(new Holder(ProcessHandle.current(), ANNOUNCED.get(real)));
            }
            List<String> lines = Files.readString(dir.resolve(LOCK_FILE), java.nio.charset.StandardCharsets.UTF_8)
                    .lines().map(String::strip).toList();
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                return java.util.Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0));
            String announced = lines.size() > 1 && !lines.get(1).isEmpty() ? lines.get(1) : null;
            // This process is not holding it (checked above), whatever the file says.
            return pid == ProcessHandle.current().pid() ? java.util.Optional.empty()
                    : ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> new Holder(p, announced));
        } catch (IOException | java.io.UncheckedIOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Records, next to the holder's pid, one line on what this holder does with the directory,
     * for the other du commands to read ({@link #holding}): du publish must know whether the
     * running receiver uploads. Replaces an earlier announcement.
     */
    public void announce(String what) throws StateException {
        if (what.contains("\n") || what.contains("\r")) {
            throw new IllegalArgumentException("an announcement is one line: " + what);
        }
        try {
            byte[] text = (ProcessHandle.current().pid() + "\n" + what + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap(text), 0);
        } catch (IOException e) {
            throw new StateException("state directory " + dir + ": cannot write " + dir.resolve(LOCK_FILE) + ": "
                    + describe(e), e);
        }
        ANNOUNCED.put(key, what);
    }

    private static Loaded load(Path dir) throws IOException, StateException {
        Path file = dir.resolve(STATE_FILE);
        byte[] bytes = Files.readAllBytes(file);
        int fullSize = StateFile.SLOTS * StateFile.SLOT_SIZE;
        StateFile.Valid best = null;
        List<String> problems = new ArrayList<>();
        List<Integer> blank = new ArrayList<>();
        boolean sizeNamed = false;
        for (int i = 0; i < StateFile.SLOTS; i++) {
            int from = Math.min(bytes.length, i * StateFile.SLOT_SIZE);
            int to = Math.min(bytes.length, (i + 1) * StateFile.SLOT_SIZE);
            byte[] slot = java.util.Arrays.copyOfRange(bytes, from, to);
            StateFile.Slot s = StateFile.decode(slot, i);
            if (s instanceof StateFile.Newer n) {
                throw new StateException(file + " (slot " + i + ") was written by a newer du (state format version "
                        + n.version() + "; this du reads version " + StateFile.VERSION
                        + "): upgrade du, or move the directory aside to start from empty counters");
            } else if (s instanceof StateFile.Unusable u) {
                problems.add("slot " + i + " is unusable: " + u.reason());
            } else if (s instanceof StateFile.Valid v) {
                if (best == null || v.sequence() > best.sequence()) {
                    best = v;
                }
            } else if (slot.length < StateFile.SLOT_SIZE && bytes.length < fullSize) {
                problems.add("slot " + i + " is missing: the file has " + bytes.length + " bytes, expected " + fullSize);
                sizeNamed = true;
            } else {
                blank.add(i);
            }
        }
        if (best == null) {
            throw new StateException(file + " holds no good copy of the counters"
                    + (problems.isEmpty() ? " (both slots are blank)" : ": " + String.join("; ", problems))
                    + ". Nothing was changed; keep the file for inspection and move the directory aside"
                    + " to start from empty counters");
        }
        // Records 0 and 1 go to slots 0 and 1, so once a sequence of 1 or more exists both slots have
        // been written: a blank one is a copy that was zeroed, not one never written.
        for (int i : blank) {
            if (best.sequence() >= 1) {
                problems.add("slot " + i + " is blank but was written (the other slot holds sequence "
                        + best.sequence() + "): its copy is gone");
            }
        }
        List<String> warnings = new ArrayList<>();
        for (String p : problems) {
            warnings.add(file + ": " + p + "; using the other copy (sequence " + best.sequence() + ")");
        }
        if (bytes.length != fullSize && !sizeNamed) {
            warnings.add(file + ": the file has " + bytes.length + " bytes, expected " + fullSize
                    + " (cut short or extended); using sequence " + best.sequence());
        }
        return new Loaded(best.state(), best.sequence(), List.copyOf(warnings));
    }

    /**
     * Gives a state file cut short its full size back (zeros: never-written bytes), so that the
     * slot it cut is whole again before the next commit writes into it.
     */
    private void restoreFullSize() throws IOException {
        long fullSize = (long) StateFile.SLOTS * StateFile.SLOT_SIZE;
        long size = channel.size();
        if (size >= fullSize) {
            return;
        }
        ByteBuffer zeros = ByteBuffer.allocate((int) (fullSize - size));
        long at = size;
        while (zeros.hasRemaining()) {
            at += channel.write(zeros, at);
        }
        channel.force(true);
    }

    /** The state as last committed or loaded; null for a fresh directory. */
    public ReceiverState state() {
        return current;
    }

    /** What was wrong with the state file when it was opened (a damaged copy that was skipped). */
    public List<String> warnings() {
        return warnings;
    }

    public Path path() {
        return dir;
    }

    /**
     * Writes {@code state} durably: when this returns, it is on the device and survives a power
     * cut. The first commit of a fresh directory creates the state file.
     */
    public void commit(ReceiverState state) throws StateException {
        long next = sequence + 1;
        byte[] record = StateFile.encode(state, next);
        try {
            if (channel == null) {
                create(record);
            } else {
                buffer.clear();
                buffer.put(record).flip();
                long at = (long) StateFile.slotOf(next) * StateFile.SLOT_SIZE;
                while (buffer.hasRemaining()) {
                    at += channel.write(buffer, at);
                }
                // Data only: the file's size never changes, so no metadata needs to reach the device.
                channel.force(false);
            }
        } catch (IOException e) {
            throw new StateException("cannot save the counters to " + file + ": " + describe(e), e);
        }
        sequence = next;
        current = state;
        commits++;
        bytesWritten += record.length;
    }

    private void create(byte[] record) throws IOException {
        Path tmp = dir.resolve(STATE_FILE + NEW_SUFFIX);
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer all = ByteBuffer.allocate(StateFile.SLOTS * StateFile.SLOT_SIZE);
            all.put(StateFile.slotOf(sequence + 1) * StateFile.SLOT_SIZE, record);
            while (all.hasRemaining()) {
                c.write(all);
            }
            c.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        bytesWritten += StateFile.SLOTS * StateFile.SLOT_SIZE - record.length;
    }

    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (AccessDeniedException | UnsupportedOperationException e) {
            // Some platforms (not Linux) cannot open a directory; the rename is still atomic there.
        }
    }

    /**
     * Puts back the state the directory held when it was opened, durably: that record is committed
     * again, or, for a directory that was fresh, the state file is removed. For work that turned out
     * to be based on bad input (a trace with a bad line) after it had begun to commit.
     */
    public void undo() throws StateException {
        if (opened != null) {
            commit(opened);
            return;
        }
        if (channel == null) {
            return; // nothing was committed
        }
        closeQuietly(channel);
        channel = null;
        try {
            Files.deleteIfExists(file);
            forceDirectory();
        } catch (IOException e) {
            throw new StateException("cannot remove " + file + ": " + describe(e), e);
        }
        sequence = -1;
        current = null;
    }

    /** Commits made through this handle. */
    public long commits() {
        return commits;
    }

    /** Bytes handed to the file system by this handle's commits. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Releases the lock; the state stays as last committed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(channel);
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel releases it anyway.
        }
        closeQuietly(lockChannel);
        ANNOUNCED.remove(key);
        HELD.remove(key);
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // Nothing left to protect: every commit was already forced.
            }
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
