package it.c2du.plc.emulator;

import it.c2du.plc.DataIndication;
import it.c2du.plc.LocalFrame;
import it.c2du.plc.LocalFrameReader;
import it.c2du.plc.St7580;
import it.c2du.plc.LinkEvent;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * The modem's side of the ST7580 local link, for tests, the demo and lab benches: it turns MAC
 * frames into data indications, answers the host's ACK/NAK as the modem does (one repeat with
 * STX 0x03 after a NAK), answers host requests (ping, MIB read and write, reset), and can put
 * link faults on the line. Byte-oriented and single-threaded: {@link #fromHost} takes what the
 * host wrote, {@link #takeOutput} gives what the modem writes.
 */
public final class St7580Emulator {
    /** A fault on the local link for one indication. */
    public enum LinkFault {
        NONE,
        /** The first transmission's checksum is wrong: the host NAKs, the modem repeats it (STX 0x03). */
        CHECKSUM,
        /** Noise bytes before the frame. */
        NOISE_BEFORE,
        /** Sent again with STX 0x03 after the host's ACK, as when the modem missed that ACK. */
        REPEAT_AFTER_ACK,
        /** Cut short: only some bytes are sent, then nothing (the host's inter-character timeout drops it). */
        TRUNCATED
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final LocalFrameReader fromHost = new LocalFrameReader();
    private final Random random;
    private final Deque<LocalFrame> awaitingAck = new ArrayDeque<>();
    private final byte[] firmwareVersion;
    private int modemConfiguration = 0;
    private boolean repeatAfterAck;
    private long nakRepeats;
    private volatile long configurationWrites; // read by a bench thread
    private boolean silent;

    public St7580Emulator(Random random, byte[] firmwareVersion) {
        this.random = random;
        this.firmwareVersion = firmwareVersion.clone();
    }

    /** Queues one received PLC frame for the host. */
    public void indicate(DataIndication indication, LinkFault fault) {
        LocalFrame frame = indication.toFrame();
        byte[] bytes = frame.encode();
        switch (fault) {
            case CHECKSUM -> {
                bytes[bytes.length - 1] ^= 0x5A;
                out.writeBytes(bytes);
                awaitingAck.add(frame);
            }
            case NOISE_BEFORE -> {
                byte[] noise = new byte[1 + random.nextInt(12)];
                for (int i = 0; i < noise.length; i++) {
                    int b;
                    do {
                        b = random.nextInt(256);
                    } while (LocalFrameReader.startsSomething(b));
                    noise[i] = (byte) b;
                }
                out.writeBytes(noise);
                out.writeBytes(bytes);
                awaitingAck.add(frame);
            }
            case REPEAT_AFTER_ACK -> {
                out.writeBytes(bytes);
                awaitingAck.add(frame);
                repeatAfterAck = true;
            }
            case TRUNCATED -> out.write(bytes, 0, 1 + random.nextInt(bytes.length - 1));
            default -> send(frame);
        }
    }

    /** A silent modem (hung, unpowered, wrong baud rate) reads nothing and answers nothing. */
    public void silent(boolean silent) {
        this.silent = silent;
    }

    /** Bytes the host wrote to the modem: ACK/NAK for indications, or requests. */
    public void fromHost(byte[] bytes, long nanos) {
        if (silent) {
            return;
        }
        for (LinkEvent e : fromHost.feed(bytes, nanos)) {
            if (e instanceof LinkEvent.Ack) {
                LocalFrame acked = awaitingAck.poll();
                if (acked != null && repeatAfterAck) {
                    repeatAfterAck = false;
                    out.writeBytes(acked.asRepeat().encode());
                    awaitingAck.add(acked.asRepeat());
                }
            } else if (e instanceof LinkEvent.Nak) {
                LocalFrame nacked = awaitingAck.poll();
                if (nacked != null && !nacked.repeated()) {
                    // The modem repeats a NAKed frame once, with STX 0x03.
                    nakRepeats++;
                    out.writeBytes(nacked.asRepeat().encode());
                    awaitingAck.add(nacked.asRepeat());
                }
            } else if (e instanceof LinkEvent.Frame f) {
                out.write(St7580.ACK);
                answer(f.frame());
            } else if (e instanceof LinkEvent.BadChecksum) {
                out.write(St7580.NAK);
            }
        }
    }

    private void answer(LocalFrame request) {
        St7580.Command c = request.knownCommand();
        byte[] d = request.data();
        LocalFrame reply;
        if (c == St7580.Command.PING_REQUEST) {
            reply = new LocalFrame(false, St7580.Command.PING_CONFIRM.code(), d);
        } else if (c == St7580.Command.MIB_WRITE_REQUEST && d.length == 2 && d[0] == St7580.Mib.MODEM_CONFIGURATION) {
            modemConfiguration = d[1] & 0xFF;
            configurationWrites++;
            reply = LocalFrame.of(St7580.Command.MIB_WRITE_CONFIRM);
        } else if (c == St7580.Command.MIB_READ_REQUEST && d.length == 1 && d[0] == St7580.Mib.FIRMWARE_VERSION) {
            reply = LocalFrame.of(St7580.Command.MIB_READ_CONFIRM, firmwareVersion);
        } else if (c == St7580.Command.MIB_READ_REQUEST && d.length == 1 && d[0] == St7580.Mib.MODEM_CONFIGURATION) {
            reply = LocalFrame.of(St7580.Command.MIB_READ_CONFIRM, (byte) modemConfiguration);
        } else if (c == St7580.Command.MIB_WRITE_REQUEST || c == St7580.Command.MIB_READ_REQUEST) {
            reply = LocalFrame.of(c == St7580.Command.MIB_WRITE_REQUEST ? St7580.Command.MIB_WRITE_ERROR
                    : St7580.Command.MIB_READ_ERROR, (byte) 0x01);
        } else if (c == St7580.Command.RESET_REQUEST) {
            send(LocalFrame.of(St7580.Command.RESET_CONFIRM));
            reply = LocalFrame.of(St7580.Command.RESET_INDICATION);
        } else {
            reply = LocalFrame.of(St7580.Command.COMMAND_SYNTAX_ERROR, (byte) request.command());
        }
        send(reply);
    }

    /** A modem frame the host must acknowledge. */
    private void send(LocalFrame frame) {
        out.writeBytes(frame.encode());
        awaitingAck.add(frame);
    }

    /** The status message that answers T_REQ. */
    public void status(int status) {
        out.write(St7580.STATUS);
        out.write(status);
    }

    /** Noise on the line, outside any frame. */
    public void noise(byte[] bytes) {
        out.writeBytes(bytes);
    }

    /** What the modem has written since the last call. */
    public byte[] takeOutput() {
        byte[] b = out.toByteArray();
        out.reset();
        return b;
    }

    /** The modem configuration the host last wrote (0 until then). */
    public int modemConfiguration() {
        return modemConfiguration;
    }

    /** Times the host wrote the modem configuration. */
    public long configurationWrites() {
        return configurationWrites;
    }

    /** Frames repeated after a NAK. */
    public long nakRepeats() {
        return nakRepeats;
    }

    /** Gives up on frames the host never acknowledged (as the modem does after its ACK timeout). */
    public void forgetUnacknowledged() {
        awaitingAck.clear();
        repeatAfterAck = false;
    }

    /** The modem reset itself: a ResetIndication, and the configuration back to its default. */
    public void reset() {
        modemConfiguration = 0;
        send(LocalFrame.of(St7580.Command.RESET_INDICATION));
    }

    /** Indications sent and not yet acknowledged. */
    public List<LocalFrame> awaitingAck() {
        return List.copyOf(awaitingAck);
    }
}
