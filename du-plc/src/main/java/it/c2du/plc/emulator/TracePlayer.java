package it.c2du.plc.emulator;

import it.c2du.core.trace.TraceEvent;
import it.c2du.core.trace.TraceFormatException;
import it.c2du.core.trace.TraceReader;
import it.c2du.plc.DataIndication;
import it.c2du.plc.St7580;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The modem's side of a serial line playing a trace: an ST7580 (the {@link St7580Emulator}, so
 * it answers the DU's start-up as UM0932 says) that delivers each frame of a trace as an
 * indication, at the trace's pace divided by the speed. So a lab bench, or a second serial
 * adapter wired to a real DU, can feed it a capture. Power events in the trace are skipped: the
 * player is the modem, not the DU's supply.
 *
 * <p>Frames are transmitted on the emulator's {@link St7580Emulator.Air}: a DU that listens
 * elsewhere hears none of them, as it would hear none from the meter.
 */
public final class TracePlayer {
    /** What a play did. */
    public record Played(long frames, long delivered, long notHeard, long unacknowledged) {
    }

    private final EmulatorOnLink modem;

    public TracePlayer(EmulatorOnLink modem) {
        this.modem = modem;
    }

    /**
     * Waits until the DU has configured the modem (written its configuration at least once), or
     * {@code timeout} passes.
     *
     * @return true when it did
     */
    public boolean awaitStartUp(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (modem.emulator().configurationWrites() == 0) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        // The DU writes the PHY configuration and reads things back after the modem configuration.
        Thread.sleep(200);
        return true;
    }

    /**
     * Plays the trace: the first frame at once, each next one after the gap the trace has between
     * them divided by {@code speed}.
     */
    public Played play(Path trace, double speed) throws IOException, TraceFormatException, InterruptedException {
        long frames = 0;
        long delivered = 0;
        long notHeard = 0;
        long unacknowledged = 0;
        Instant first = null;
        long start = System.nanoTime();
        try (TraceReader reader = TraceReader.open(trace)) {
            for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
                if (e.kind() != TraceEvent.Kind.FRAME) {
                    continue;
                }
                if (first == null) {
                    first = e.instant();
                }
                long due = start + (long) (Duration.between(first, e.instant()).toNanos() / speed);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                frames++;
                // Reception info as a good PSK reception: the trace keeps only the MAC frame.
                DataIndication ind = new DataIndication(St7580.Command.PHY_DATA_INDICATION, 4, true, 2, 12, 0, e.frame());
                long before = modem.emulator().notHeard();
                boolean acked = modem.indicate(ind, St7580Emulator.LinkFault.NONE);
                if (modem.emulator().notHeard() > before) {
                    notHeard++;
                } else if (acked) {
                    delivered++;
                } else {
                    unacknowledged++;
                }
            }
        }
        return new Played(frames, delivered, notHeard, unacknowledged);
    }
}
