package it.c2du.lab.plan;

import it.c2du.core.json.Json;
import it.c2du.counters.CounterSnapshot;
import it.c2du.counters.state.ReceiverState;
import it.c2du.counters.state.StateDirectory;
import it.c2du.counters.state.StateException;
import it.c2du.plc.emulator.EmulatorOnLink;
import it.c2du.plc.emulator.St7580Emulator;
import it.c2du.lab.meter.MeterTransmission;
import it.c2du.lab.meter.ModemFeed;
import it.c2du.plc.serial.JSerialCommPorts;
import it.c2du.plc.serial.PtyPair;
import it.c2du.plc.serial.RequestLine;
import it.c2du.plc.serial.SerialSettings;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One DU sample on the lab rig: simulated meters -> emulated ST7580 modem -> socat pty pair ->
 * the receiver under test, a separate process ({@code du run}) on its own state directory, with
 * the rig's simulated clock ({@code --clock-file}) and frame journal ({@code --frames}).
 *
 * <p>Everything the plan checks comes through the interfaces a person would use: the journal
 * for what was received and decoded, the committed state directory (what {@code du counters}
 * reads) for counters and profiles. A
 * frame is sent only when the previous one is in the journal (so counted and committed), and
 * the clock moves only between frames, so every frame is stamped with the time the rig chose.
 * A power cut is done the hard way: the receiver process is killed (SIGKILL) and started again
 * on the same state directory.
 */
public final class LabRig implements AutoCloseable {
    /** How long a receiver may take to start, and a frame to reach the journal, before the rig gives up. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration FRAME_TIMEOUT = Duration.ofSeconds(20);

    /**
     * The command that starts the receiver under test. The lab does not know the command line's
     * classes: du lab run gives it this build's {@code du}, the suite's negative controls broken ones.
     */
    public interface ReceiverLauncher {
        List<String> command(Path config, String port, Path state, Path clockFile, Path frames);
    }

    private final Path dir;
    private final Path config;
    private final Path state;
    private final Path clockFile;
    private final Path frames;
    private final Path log;
    private final ReceiverLauncher launcher;
    private volatile PtyPair pty;
    private EmulatorOnLink modem;
    private ModemFeed feed;
    private volatile Process receiver;
    private Instant now;
    private long journalOffset;
    private final List<String> events = new ArrayList<>();
    /** Ctrl-C during a lab run must not leave a receiver or socat running behind it. */
    private final Thread cleanUpAtExit = new Thread(this::killQuietly, "lab-rig-cleanup");

    /**
     * @param dir    the sample's work directory (config, state, journal, receiver log go there)
     * @param config the DU configuration the receiver runs with
     * @param start  the simulated time the receiver starts at
     */
    LabRig(Path dir, Path config, ReceiverLauncher launcher, Instant start) throws IOException {
        this.dir = dir;
        this.config = config;
        this.launcher = launcher;
        this.state = dir.resolve("state");
        this.clockFile = dir.resolve("clock");
        this.frames = dir.resolve("frames.jsonl");
        this.log = dir.resolve("receiver.log");
        this.now = start;
        Files.createDirectories(dir);
        LabClockFile.set(clockFile, start);
    }

    /** Opens the pty pair and the emulated modem, and starts the receiver. */
    void start() throws IOException, LabException {
        Runtime.getRuntime().addShutdownHook(cleanUpAtExit);
        pty = PtyPair.start(dir);
        modem = new EmulatorOnLink(new JSerialCommPorts().open(pty.modemEnd().toString(),
                new SerialSettings(57600, RequestLine.NONE)), new St7580Emulator(new Random(dir.hashCode()),
                new byte[] {1, 4, 0, 17}), Duration.ofSeconds(5));
        feed = new ModemFeed(modem);
        startReceiver();
    }

    private void startReceiver() throws IOException, LabException {
        List<String> cmd = launcher.command(config, pty.hostEnd().toString(), state, clockFile, frames);
        long writesBefore = modem.emulator().configurationWrites();
        receiver = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        // Ready when the modem has been configured and the start is committed with the rig's time.
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!receiver.isAlive()) {
                throw new LabException("the receiver exited with status " + receiver.exitValue() + " at start; its log "
                        + log + " ends with: " + tail());
            }
            if (modem.emulator().configurationWrites() > writesBefore) {
                if (startCommitted()) {
                    return;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new LabException("the receiver did not start within " + START_TIMEOUT.toSeconds() + " s; its log "
                        + log + " ends with: " + tail());
            }
            pause(20);
        }
    }

    /** The simulated time now. */
    Instant now() {
        return now;
    }

    /** Moves the simulated clock forward (never back: the receiver's days only move forward). */
    void clock(Instant t) throws IOException {
        if (t.isBefore(now)) {
            throw new IllegalArgumentException("the bench clock is at " + now + ", cannot go back to " + t);
        }
        if (!t.equals(now)) {
            now = t;
            LabClockFile.set(clockFile, t);
        }
    }

    /**
     * Sends one meter transmission at its time and returns the receiver's journal object for it
     * (the frame received, counted and committed).
     */
    Map<String, Object> transmit(MeterTransmission t) throws IOException, LabException {
        clock(t.at());
        if (!feed.deliver(t)) {
            if (!receiver.isAlive()) {
                throw new LabException("the receiver exited with status " + receiver.exitValue() + "; its log " + log
                        + " ends with: " + tail());
            }
            throw new LabException("the receiver did not acknowledge the data indication of " + t.type() + " fc "
                    + t.frameCounter() + " at " + t.at() + " on the local link; its log " + log + " ends with: " + tail());
        }
        Map<String, Object> j = nextJournalObject();
        // The n-th line must be the n-th frame: a line missing or extra would shift every later verdict.
        Object fc = j.get("fc");
        if (fc != null && ((Number) fc).longValue() != t.frameCounter()
                || j.get("meter") != null && !t.meter().name().equals(j.get("meter"))) {
            throw new LabException("the receiver's journal " + frames + " is out of step: line " + j.get("line") + " is "
                    + j.get("meter") + " fc " + fc + ", the frame sent was " + t.meter() + " fc " + t.frameCounter());
        }
        return j;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> nextJournalObject() throws IOException, LabException {
        long deadline = System.nanoTime() + FRAME_TIMEOUT.toNanos();
        while (true) {
            String line = readJournalLine();
            if (line != null) {
                try {
                    return (Map<String, Object>) Json.parse(line);
                } catch (Json.JsonException | ClassCastException e) {
                    throw new LabException("the receiver's journal " + frames + " has a line that is not a JSON object: "
                            + e.getMessage());
                }
            }
            if (!receiver.isAlive()) {
                throw new LabException("the receiver exited with status " + receiver.exitValue() + "; its log " + log
                        + " ends with: " + tail());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new LabException("the frame sent at " + now + " did not reach the receiver's journal " + frames
                        + " within " + FRAME_TIMEOUT.toSeconds() + " s");
            }
            pause(1);
        }
    }

    /** The next complete line of the journal, or null; a line still being written is left for later. */
    private String readJournalLine() throws IOException {
        if (!Files.exists(frames)) {
            return null;
        }
        try (RandomAccessFile f = new RandomAccessFile(frames.toFile(), "r")) {
            if (f.length() <= journalOffset) {
                return null;
            }
            f.seek(journalOffset);
            byte[] rest = new byte[(int) Math.min(f.length() - journalOffset, 1 << 20)];
            f.readFully(rest);
            for (int i = 0; i < rest.length; i++) {
                if (rest[i] == '\n') {
                    journalOffset += i + 1;
                    return new String(rest, 0, i, StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    /** The counters the receiver last committed to its state directory, as {@code du counters} reads them. */
    CounterSnapshot counters() throws LabException {
        try {
            return StateDirectory.read(state).state().counters();
        } catch (StateException e) {
            throw new LabException("the receiver's state " + state + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Whether the receiver has started as {@code du counters} would say "running": its start is
     * committed (the running flag, the rig's time) and it holds the state directory's lock.
     */
    private boolean startCommitted() {
        try {
            ReceiverState s = StateDirectory.read(state).state();
            return s.running() && now.equals(s.counters().clock()) && StateDirectory.holder(state).isPresent();
        } catch (StateException e) {
            return false;
        }
    }

    /**
     * Cuts the DU's power the hard way (the receiver process killed, nothing saved on the way out),
     * leaves it off for {@code off} of simulated time, and restores it.
     */
    void powerCut(Duration off) throws IOException, LabException, InterruptedException {
        receiver.destroyForcibly();
        if (!receiver.waitFor(10, TimeUnit.SECONDS)) {
            throw new LabException("the receiver did not die on SIGKILL within 10 s");
        }
        events.add("power cut at " + now + " (receiver killed with SIGKILL), off for " + off);
        clock(now.plus(off));
        startReceiver();
    }

    /** Stops the receiver as systemd does (SIGTERM) and returns its exit status. */
    int stopReceiver() throws InterruptedException {
        if (receiver == null || !receiver.isAlive()) {
            return receiver == null ? -1 : receiver.exitValue();
        }
        receiver.destroy();
        if (!receiver.waitFor(20, TimeUnit.SECONDS)) {
            receiver.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return receiver.exitValue();
    }

    /** The end of the receiver's log, for error messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    List<String> events() {
        return List.copyOf(events);
    }

    Path state() {
        return state;
    }

    private void killQuietly() {
        Process p = receiver;
        if (p != null) {
            p.destroyForcibly();
        }
        try {
            if (pty != null) {
                pty.close();
            }
        } catch (IOException e) {
            // Exiting anyway.
        }
    }

    @Override
    public void close() throws IOException {
        try {
            stopReceiver();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (modem != null) {
                modem.close();
            }
            if (pty != null) {
                pty.close();
            }
            // Only now: until the pty is closed, an exit must still clean up.
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUpAtExit);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // Already shutting down (the hook runs too), or never started.
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The rig could not run a test: the receiver did not start, answer or journal. Not a verdict. */
    static final class LabException extends Exception {
        LabException(String message) {
            super(message);
        }
    }
}
