package it.c2du.plc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The host side's framing of the byte stream from the modem: bytes in (with their arrival
 * time), {@link LinkEvent}s out. A plain accumulator on Netty's rule: when the bytes buffered do
 * not yet make a whole frame, nothing is consumed and the reader waits for more.
 *
 * <ul>
 *   <li>At a frame boundary: STX (0x02 / 0x03) starts a local frame; ACK, NAK and the status
 *       message (0x3F + status byte) stand alone; any other byte is noise, discarded up to the
 *       next byte that can start something (one {@link LinkEvent.Discarded} per run).</li>
 *   <li>A frame is complete at STX + LEN + CMD + DATA + CHK; a bad checksum discards exactly those
 *       bytes ({@link LinkEvent.BadChecksum}: the host answers NAK and the modem repeats it).</li>
 *   <li>Inter-character timeout: a partial frame whose next byte comes more than 10 ms after the
 *       previous one, or that {@link #poll} finds stale, is abandoned, and reading resynchronises
 *       on what follows.</li>
 * </ul>
 *
 * Not thread-safe: one reading thread.
 */
public final class LocalFrameReader {
    private byte[] buf = new byte[512];
    private int length;
    private long lastByteNanos;
    private long discardedBytes;

    /**
     * Takes bytes that arrived at {@code nanos} (a monotonic clock, {@link System#nanoTime()})
     * and returns every event they complete.
     */
    public List<LinkEvent> feed(byte[] bytes, int from, int count, long nanos) {
        List<LinkEvent> events = new ArrayList<>();
        if (count > 0 && length > 0 && nanos - lastByteNanos > St7580.INTER_CHARACTER_TIMEOUT_NANOS) {
            abandon(events);
        }
        ensure(length + count);
        System.arraycopy(bytes, from, buf, length, count);
        length += count;
        if (count > 0) {
            lastByteNanos = nanos;
        }
        drain(events);
        return events;
    }

    public List<LinkEvent> feed(byte[] bytes, long nanos) {
        return feed(bytes, 0, bytes.length, nanos);
    }

    /** Abandons a partial frame whose bytes stopped arriving more than 10 ms before {@code nanos}. */
    public List<LinkEvent> poll(long nanos) {
        List<LinkEvent> events = new ArrayList<>();
        if (length > 0 && nanos - lastByteNanos > St7580.INTER_CHARACTER_TIMEOUT_NANOS) {
            abandon(events);
        }
        return events;
    }

    /** Bytes buffered, waiting for the rest of a frame. */
    public int pending() {
        return length;
    }

    /** All bytes discarded so far (noise, abandoned frames, frames with a bad checksum). */
    public long discardedBytes() {
        return discardedBytes;
    }

    private void abandon(List<LinkEvent> events) {
        // Everything buffered is the one partial frame (drain consumes whatever it can): drop it all.
        discard(length, LinkEvent.Discarded.Cause.CUT_SHORT,
                "inter-character timeout: frame cut short after " + length + " bytes", events);
    }

    private void drain(List<LinkEvent> events) {
        while (length > 0) {
            int b = buf[0] & 0xFF;
            if (b == St7580.ACK) {
                consume(1);
                events.add(new LinkEvent.Ack());
            } else if (b == St7580.NAK) {
                consume(1);
                events.add(new LinkEvent.Nak());
            } else if (b == St7580.STATUS) {
                if (length < 2) {
                    return;
                }
                events.add(new LinkEvent.Status(buf[1] & 0xFF));
                consume(2);
            } else if (b == St7580.STX_FIRST || b == St7580.STX_REPEAT) {
                if (length < St7580.HEADER_SIZE) {
                    return;
                }
                int len = buf[1] & 0xFF;
                int total = St7580.HEADER_SIZE + len + St7580.CHECKSUM_SIZE;
                if (length < total) {
                    return;
                }
                int cmd = buf[2] & 0xFF;
                int chk = (buf[total - 2] & 0xFF) | (buf[total - 1] & 0xFF) << 8;
                if (chk == LocalFrame.checksum(len, cmd, buf, St7580.HEADER_SIZE, len)) {
                    byte[] data = Arrays.copyOfRange(buf, St7580.HEADER_SIZE, St7580.HEADER_SIZE + len);
                    events.add(new LinkEvent.Frame(new LocalFrame(b == St7580.STX_REPEAT, cmd, data)));
                    consume(total);
                } else {
                    discardedBytes += total;
                    consume(total);
                    events.add(new LinkEvent.BadChecksum(cmd, len));
                }
            } else {
                discard(noiseRun(), LinkEvent.Discarded.Cause.NOISE, "noise", events);
            }
        }
    }

    /** True for a byte that can begin something at a frame boundary: anything else there is noise. */
    public static boolean startsSomething(int b) {
        return b == St7580.STX_FIRST || b == St7580.STX_REPEAT || b == St7580.ACK || b == St7580.NAK || b == St7580.STATUS;
    }

    private int noiseRun() {
        int n = 1;
        while (n < length && !startsSomething(buf[n] & 0xFF)) {
            n++;
        }
        return n;
    }

    private void discard(int n, LinkEvent.Discarded.Cause cause, String reason, List<LinkEvent> events) {
        discardedBytes += n;
        consume(n);
        events.add(new LinkEvent.Discarded(n, cause, reason));
    }

    private void consume(int n) {
        System.arraycopy(buf, n, buf, 0, length - n);
        length -= n;
    }

    private void ensure(int capacity) {
        if (capacity > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(capacity, 2 * buf.length));
        }
    }
}
