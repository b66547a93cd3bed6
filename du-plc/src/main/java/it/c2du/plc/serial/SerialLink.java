package it.c2du.plc.serial;

import java.io.IOException;

/**
 * The narrow seam between the modem protocol and a serial port: bytes in, bytes out, the T_REQ
 * line. {@link JSerialCommPorts} opens real ports (a UART, a USB adapter, a pty);
 * {@link LoopbackSerialPair} joins two ends in memory for unit tests.
 */
public interface SerialLink extends AutoCloseable {
    /** The device this link was opened on, for messages. */
    String device();

    /**
     * Reads what has arrived, waiting at most the link's poll interval (a few ms) for the first
     * byte: the count read, 0 when nothing came.
     *
     * @throws SerialLinkLostException when the port went away (adapter unplugged, pty closed)
     */
    int read(byte[] buffer) throws IOException;

    /** Writes all the bytes. @throws SerialLinkLostException when the port went away */
    void write(byte[] bytes) throws IOException;

    /**
     * Drives the modem's T_REQ input through {@code line}: active = asserted on the UART, which
     * is low on the wire, as T_REQ is active low. Nothing happens for {@link RequestLine#NONE}.
     */
    void setRequestLine(RequestLine line, boolean active) throws IOException;

    @Override
    void close();
}
