package it.c2du.plc.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Real serial ports through jSerialComm: the Pi's UART, a USB adapter, a pseudo-terminal. */
public final class JSerialCommPorts implements SerialPorts {
    /**
     * How long one {@link SerialLink#read} waits for a first byte. jSerialComm's semi-blocking
     * read counts in tenths of a second (termios VTIME), so 100 ms is the shortest wait there is;
     * bytes that arrive end the wait at once.
     */
    static final int POLL_MILLIS = 100;

    /**
     * Runs {@code hook} at JVM shutdown <em>before</em> jSerialComm closes its ports. jSerialComm
     * has its own shutdown hook that closes every open port; a hook of ours registered with the
     * Runtime would race with it, and the receiver would see its port fail while it is saving.
     * jSerialComm runs (and waits for) hooks given here first. There is no way to remove one: a
     * hook should do nothing once its command has finished.
     */
    public static void runAtShutdownBeforePortsClose(Thread hook) {
        SerialPort.addShutdownHook(hook);
    }

    @Override
    public SerialLink open(String device, SerialSettings settings) throws IOException {
        Path path = Path.of(device);
        if (!Files.exists(path)) {
            throw new NoSuchFileException(device);
        }
        // jSerialComm resolves neither symlinks (udev's /dev/du-modem, socat's links) nor relative names.
        String real = path.toRealPath().toString();
        SerialPort port;
        try {
            port = SerialPort.getCommPort(real);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException(device + ": not a serial port (" + e.getMessage() + ")");
        }
        port.setComPortParameters(settings.baud(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, POLL_MILLIS, 0);
        if (!port.openPort()) {
            String why = Files.isReadable(path) && Files.isWritable(path) ? "in use or not a serial device"
                    : "permission denied (is the user in the dialout group?)";
            throw new IOException(device + ": cannot open: " + why + " (error " + port.getLastErrorCode() + ")");
        }
        return new JSerialCommLink(device, path, port);
    }

    @Override
    public List<String> available() {
        TreeSet<String> names = new TreeSet<>();
        for (SerialPort p : SerialPort.getCommPorts()) {
            names.add(p.getSystemPortPath());
        }
        // Stable names users configure: udev symlinks and /dev/serial/by-id.
        for (String dir : List.of("/dev/serial/by-id")) {
            try (var links = Files.list(Path.of(dir))) {
                links.forEach(p -> names.add(p.toString()));
            } catch (IOException e) {
                // no such directory: no USB serial adapters
            }
        }
        return new ArrayList<>(names);
    }

    private static final class JSerialCommLink implements SerialLink {
        private final String device;
        private final Path path;
        private final SerialPort port;
        private volatile boolean closed;

        JSerialCommLink(String device, Path path, SerialPort port) {
            this.device = device;
            this.path = path;
            this.port = port;
        }

        @Override
        public String device() {
            return device;
        }

        @Override
        public int read(byte[] buffer) throws IOException {
            int n = port.readBytes(buffer, buffer.length);
            if (n < 0) {
                throw lost("read failed");
            }
            // A vanished USB adapter or pty may read as silence: check the device is still there.
            if (n == 0 && !Files.exists(path)) {
                throw lost("device gone");
            }
            return n;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            int done = 0;
            while (done < bytes.length) {
                int n = port.writeBytes(bytes, bytes.length - done, done);
                if (n < 0) {
                    throw lost("write failed");
                }
                done += n;
            }
        }

        @Override
        public void setRequestLine(RequestLine line, boolean active) throws IOException {
            boolean ok = switch (line) {
                case RTS -> active ? port.setRTS() : port.clearRTS();
                case DTR -> active ? port.setDTR() : port.clearDTR();
                case NONE -> true;
            };
            if (!ok) {
                if (!Files.exists(path)) {
                    throw lost("device gone");
                }
                throw new IOException(device + ": cannot drive T_REQ on " + line.key().toUpperCase()
                        + " (a pseudo-terminal has no modem lines: use modem.t-req = none)");
            }
        }

        private SerialLinkLostException lost(String what) {
            return new SerialLinkLostException(device + ": " + what + " (error " + port.getLastErrorCode() + ")");
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                port.closePort();
            }
        }
    }
}
