package it.c2du.plc.serial;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Two ends of a serial line joined in memory: what one end writes the other reads. For unit
 * tests of the host and the emulated modem without a port: the T_REQ line can be watched, and
 * {@link #unplug()} makes both ends fail as an unplugged adapter does.
 */
public final class LoopbackSerialPair {
    private final End host;
    private final End modem;
    private volatile boolean unplugged;
    private volatile Consumer<Boolean> requestLineWatcher = active -> { };

    public LoopbackSerialPair(String name, int pollMillis) {
        host = new End(name, pollMillis);
        modem = new End(name + " (modem end)", pollMillis);
        host.peer = modem;
        modem.peer = host;
    }

    public SerialLink hostEnd() {
        return host;
    }

    public SerialLink modemEnd() {
        return modem;
    }

    /** Called with true when the host asserts T_REQ, false when it releases it. */
    public void watchRequestLine(Consumer<Boolean> watcher) {
        this.requestLineWatcher = watcher;
    }

    /** Both ends fail from now on, as when the adapter is pulled out. */
    public void unplug() {
        unplugged = true;
        host.wake();
        modem.wake();
    }

    private final class End implements SerialLink {
        private final String name;
        private final int pollMillis;
        private End peer;
        private byte[] inbox = new byte[256];
        private int count;
        private boolean closed;

        End(String name, int pollMillis) {
            this.name = name;
            this.pollMillis = pollMillis;
        }

        @Override
        public String device() {
            return name;
        }

        @Override
        public synchronized int read(byte[] buffer) throws IOException {
            check();
            long deadline = System.nanoTime() + pollMillis * 1_000_000L;
            while (count == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                try {
                    wait(Math.max(1, left / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
                check();
            }
            int n = Math.min(count, buffer.length);
            System.arraycopy(inbox, 0, buffer, 0, n);
            System.arraycopy(inbox, n, inbox, 0, count - n);
            count -= n;
            return n;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            check();
            peer.deliver(bytes);
        }

        private synchronized void deliver(byte[] bytes) {
            if (count + bytes.length > inbox.length) {
                inbox = java.util.Arrays.copyOf(inbox, Math.max(2 * inbox.length, count + bytes.length));
            }
            System.arraycopy(bytes, 0, inbox, count, bytes.length);
            count += bytes.length;
            notifyAll();
        }

        private synchronized void wake() {
            notifyAll();
        }

        @Override
        public void setRequestLine(RequestLine line, boolean active) throws IOException {
            check();
            if (line != RequestLine.NONE) {
                requestLineWatcher.accept(active);
            }
        }

        private void check() throws IOException {
            if (unplugged) {
                throw new SerialLinkLostException(name + ": unplugged");
            }
            if (closed) {
                throw new IOException(name + ": closed");
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            notifyAll();
        }
    }
}
