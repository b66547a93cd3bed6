package it.c2du.plc.emulator;

import it.c2du.plc.DataIndication;

import it.c2du.plc.serial.SerialLink;
import it.c2du.plc.serial.SerialLinkLostException;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link St7580Emulator} on the modem's end of a serial link: a thread answers what the host
 * writes (ACK/NAK, requests), and {@link #indicate} sends received PLC frames one at a time, each
 * waiting for the host's ACK as the modem does. For the live demo, integration tests and lab
 * benches without a modem.
 */
public final class EmulatorOnLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatorOnLink.class);
    /** A frame cut short is followed by at least this much silence, so the host's 10 ms timeout drops it. */
    private static final long SILENCE_AFTER_TRUNCATION_MS = 30;

    private final SerialLink link;
    private final St7580Emulator emulator;
    private final Duration ackTimeout;
    private final Thread reader;
    private volatile boolean closed;
    private volatile IOException failure;

    public EmulatorOnLink(SerialLink link, St7580Emulator emulator, Duration ackTimeout) {
        this.link = link;
        this.emulator = emulator;
        this.ackTimeout = ackTimeout;
        this.reader = new Thread(this::readHost, "emulated-modem " + link.device());
        reader.setDaemon(true);
        reader.start();
    }

    private void readHost() {
        byte[] buf = new byte[256];
        while (!closed) {
            try {
                int n = link.read(buf);
                if (n == 0) {
                    synchronized (emulator) {
                        emulator.tick(System.nanoTime());
                        flush();
                    }
                    continue;
                }
                synchronized (emulator) {
                    emulator.fromHost(java.util.Arrays.copyOf(buf, n), System.nanoTime());
                    flush();
                }
            } catch (IOException e) {
                if (!closed) {
                    failure = e;
                    LOG.debug("emulated modem: {}", e.getMessage());
                }
                return;
            }
        }
    }

    /** The host asserted (true) or released T_REQ: the modem answers an assertion with its status message. */
    public void requestLine(boolean active) {
        if (active) {
            synchronized (emulator) {
                emulator.requestLineAsserted();
                flushQuietly();
            }
        }
    }

    /**
     * The meter transmits one frame; when the modem hears it ({@link St7580Emulator#indicate}) it
     * sends it with a link fault, then waits until the host has acknowledged it (and any repeat the
     * fault causes), or gives up after the ACK timeout.
     *
     * @return true when the host acknowledged everything (or the modem did not hear the frame)
     */
    public boolean indicate(DataIndication indication, St7580Emulator.LinkFault fault) throws IOException {
        synchronized (emulator) {
            emulator.indicate(indication, fault);
            flush();
        }
        if (fault == St7580Emulator.LinkFault.TRUNCATED) {
            pause(SILENCE_AFTER_TRUNCATION_MS);
            return true;
        }
        return awaitAcks();
    }

    /** Noise on the line between frames. */
    public void noise(byte[] bytes) throws IOException {
        synchronized (emulator) {
            emulator.noise(bytes);
            flush();
        }
    }

    /** The modem resets itself and says so; the host must configure it again. */
    public boolean reset() throws IOException {
        synchronized (emulator) {
            emulator.reset();
            flush();
        }
        return awaitAcks();
    }

    private boolean awaitAcks() throws IOException {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        while (true) {
            synchronized (emulator) {
                emulator.tick(System.nanoTime());
                flush();
                // A frame given up after its repeat still counts as acknowledged when a late ACK followed.
                if (emulator.awaitingAck().isEmpty() && emulator.strayAcks() >= emulator.givenUp()) {
                    return true;
                }
                if (System.nanoTime() - deadline > 0) {
                    emulator.forgetUnacknowledged();
                    return false;
                }
            }
            IOException f = failure;
            if (f != null) {
                throw f;
            }
            pause(1);
        }
    }

    private void flush() throws IOException {
        byte[] out = emulator.takeOutput();
        if (out.length > 0) {
            link.write(out);
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (IOException e) {
            failure = e;
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True when the link failed under the emulator (the port went away). */
    public boolean lost() {
        return failure instanceof SerialLinkLostException;
    }

    public St7580Emulator emulator() {
        return emulator;
    }

    @Override
    public void close() {
        closed = true;
        link.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
