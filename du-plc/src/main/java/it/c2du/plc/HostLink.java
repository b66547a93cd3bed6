package it.c2du.plc;

/**
 * The host's side of the ST7580 handshake for what the modem sends: every complete frame is
 * answered ACK (good checksum) or NAK (bad), and a frame repeated with STX 0x03 whose content
 * equals the last one delivered is a link-level duplicate (the modem did not get our ACK): it
 * is acknowledged again and not delivered twice. Pure: the caller writes {@link Step#reply()}.
 */
public final class HostLink {
    private LocalFrame lastDelivered;
    private long delivered;
    private long duplicates;
    private long naks;

    /**
     * What to do about one event: bytes to send back, the frame to hand up (or null), and whether
     * it was a repeat of the frame already delivered.
     */
    public record Step(byte[] reply, LocalFrame deliver, boolean duplicate) {
        static final Step NOTHING = new Step(new byte[0], null, false);
    }

    public Step on(LinkEvent event) {
        if (event instanceof LinkEvent.Frame f) {
            LocalFrame frame = f.frame();
            if (frame.repeated() && lastDelivered != null && frame.sameContent(lastDelivered)) {
                duplicates++;
                return new Step(new byte[] {(byte) St7580.ACK}, null, true);
            }
            lastDelivered = frame;
            delivered++;
            return new Step(new byte[] {(byte) St7580.ACK}, frame, false);
        }
        if (event instanceof LinkEvent.BadChecksum) {
            naks++;
            return new Step(new byte[] {(byte) St7580.NAK}, null, false);
        }
        return Step.NOTHING;
    }

    public long delivered() {
        return delivered;
    }

    /** Repeats of a frame already delivered, dropped at the link. */
    public long duplicates() {
        return duplicates;
    }

    /** NAKs sent for frames with a bad checksum. */
    public long naks() {
        return naks;
    }
}
