package it.c2du.plc;

/** What the host side of the local link made of the bytes the modem sent. */
public sealed interface LinkEvent {
    /** A complete frame with a good checksum: the host answers ACK. */
    record Frame(LocalFrame frame) implements LinkEvent {
    }

    /** A complete frame with a bad checksum: the host answers NAK, the modem sends it again. */
    record BadChecksum(int command, int length) implements LinkEvent {
    }

    /** The modem acknowledged the host's last frame. */
    record Ack() implements LinkEvent {
    }

    /** The modem rejected the host's last frame: send it again with STX 0x03. */
    record Nak() implements LinkEvent {
    }

    /** The status message that answers T_REQ. */
    record Status(int status) implements LinkEvent {
    }

    /** Bytes thrown away and why: noise between frames, a frame cut short by the inter-character timeout. */
    record Discarded(int bytes, Cause cause, String reason) implements LinkEvent {
        public enum Cause { NOISE, CUT_SHORT }
    }
}
