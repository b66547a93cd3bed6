package it.c2du.counters.platform;

import it.c2du.counters.state.StateException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state directory's upload lock ({@value #FILE}), held by a {@code du publish} for as long as
 * it uploads. Two of them on one state would connect with the same client id, and the broker
 * drops the older of two connections with one id: each would knock the other off, round after
 * round. The second is refused instead, naming the first's pid.
 */
public final class PublishLock implements AutoCloseable {
    public static final String FILE = "platform-publish.lock";

    /**
     * Directories this process holds: the lock is a POSIX record lock, owned by the process, and
     * closing any descriptor of its file would drop it, so a second take in this process must not
     * open the file at all.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;

    private PublishLock(Path key, FileChannel channel) {
        this.key = key;
        this.channel = channel;
    }

    /** Takes the upload lock of the state directory {@code dir}; refused while another du publish holds it. */
    public static PublishLock take(Path dir) throws StateException {
        Path key;
        try {
            key = dir.toRealPath();
        } catch (IOException e) {
            throw new StateException("state directory " + dir + ": " + e.getMessage(), e);
        }
        Path file = dir.resolve(FILE);
        if (!HELD.add(key)) {
            throw busy(dir, file);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw busy(dir, file);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new PublishLock(key, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            HELD.remove(key);
            throw new StateException("state directory " + dir + ": cannot lock " + file + ": " + e.getMessage(), e);
        } catch (StateException | RuntimeException e) {
            closeQuietly(channel);
            HELD.remove(key);
            throw e;
        }
    }

    private static StateException busy(Path dir, Path file) {
        String pid;
        try {
            pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            pid = "";
        }
        return new StateException("another du publish" + (pid.matches("[0-9]+") ? " (pid " + pid + ")" : "")
                + " is uploading " + dir + "; try again when it has finished (it holds " + file + ")");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was locked through it
            }
        }
    }

    /** Releases the lock (closing its file's only descriptor in this process). */
    @Override
    public void close() {
        closeQuietly(channel);
        HELD.remove(key);
    }
}
