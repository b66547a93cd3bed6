package it.c2du.plc.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A pair of joined pseudo-terminals made by socat: what is written on one end is read on the
 * other, as over a null-modem cable. The live demo and the serial integration tests put the
 * emulated modem on one end and the receiver on the other. {@link #unplug()} ends socat (both
 * ends fail, their links vanish, as with a USB adapter pulled out) and {@link #plugIn()} makes
 * the pair again under the same names.
 */
public final class PtyPair implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 5000;

    private final Path hostEnd;
    private final Path modemEnd;
    private Process socat;

    private PtyPair(Path dir) {
        this.hostEnd = dir.resolve("host-tty");
        this.modemEnd = dir.resolve("modem-tty");
    }

    /** True when socat is on the PATH. */
    public static boolean socatAvailable() {
        try {
            Process p = new ProcessBuilder("socat", "-V").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts socat with the two ends linked in {@code dir}, and waits for them. */
    public static PtyPair start(Path dir) throws IOException {
        PtyPair p = new PtyPair(dir);
        p.plugIn();
        return p;
    }

    /** The end the receiver opens. */
    public Path hostEnd() {
        return hostEnd;
    }

    /** The end the emulated modem opens. */
    public Path modemEnd() {
        return modemEnd;
    }

    /** (Re)creates the pair under the same names. */
    public synchronized void plugIn() throws IOException {
        if (socat != null && socat.isAlive()) {
            return;
        }
        Files.deleteIfExists(hostEnd);
        Files.deleteIfExists(modemEnd);
        socat = new ProcessBuilder(List.of("socat", "pty,raw,echo=0,link=" + hostEnd, "pty,raw,echo=0,link=" + modemEnd))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long end = System.nanoTime() + START_TIMEOUT_MS * 1_000_000L;
        while (!(Files.exists(hostEnd) && Files.exists(modemEnd))) {
            if (!socat.isAlive()) {
                throw new IOException("socat exited with status " + socat.exitValue() + " before making the pty pair");
            }
            if (System.nanoTime() > end) {
                socat.destroyForcibly();
                throw new IOException("socat made no pty pair in " + START_TIMEOUT_MS + " ms");
            }
            sleep(5);
        }
    }

    /** Ends socat: both ends go away, as a pulled-out adapter does. */
    public synchronized void unplug() throws IOException {
        if (socat == null) {
            return;
        }
        socat.destroy();
        try {
            if (!socat.waitFor(3, TimeUnit.SECONDS)) {
                socat.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socat = null;
        Files.deleteIfExists(hostEnd);
        Files.deleteIfExists(modemEnd);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        unplug();
    }
}
