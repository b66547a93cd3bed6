package it.c2du.plc;

/**
 * What the host side of the local link saw and threw away, and why (as jMBus's listener reports
 * discarded bytes): the first place to look when a DU misses frames. Counts since the receiver
 * started; they survive reopening the port.
 */
public final class LinkCounters {
    long indications;
    long badChecksums;
    long linkDuplicates;
    long discardedBytes;
    long noiseRuns;
    long abandonedFrames;
    long shortIndications;
    long unexpectedFrames;
    long modemResets;
    long requestRetries;
    long reopens;
    long busyDelays;
    long statusAlarms;

    /** Data indications delivered up the stack. */
    public long indications() {
        return indications;
    }

    /** Frames with a bad checksum, answered NAK. */
    public long badChecksums() {
        return badChecksums;
    }

    /** STX 0x03 repeats of a frame already delivered (the modem missed our ACK). */
    public long linkDuplicates() {
        return linkDuplicates;
    }

    /** Every byte thrown away: noise, frames cut short, frames with a bad checksum. */
    public long discardedBytes() {
        return discardedBytes;
    }

    public long noiseRuns() {
        return noiseRuns;
    }

    /** Partial frames dropped by the inter-character timeout. */
    public long abandonedFrames() {
        return abandonedFrames;
    }

    /** Data indications too short for their 4 bytes of reception info. */
    public long shortIndications() {
        return shortIndications;
    }

    /** Good frames with a command the receiver does not expect at that moment. */
    public long unexpectedFrames() {
        return unexpectedFrames;
    }

    public long modemResets() {
        return modemResets;
    }

    /** Requests sent again because the modem did not answer in time. */
    public long requestRetries() {
        return requestRetries;
    }

    /** Requests delayed because the status byte said the modem was transmitting or receiving. */
    public long busyDelays() {
        return busyDelays;
    }

    /** Status bytes reporting over-current or a temperature of 100 C and more (each change is logged). */
    public long statusAlarms() {
        return statusAlarms;
    }

    /** Times the port was lost and opened again. */
    public long reopens() {
        return reopens;
    }

    @Override
    public String toString() {
        return "indications " + indications + ", bad checksum (NAK) " + badChecksums + ", link repeats " + linkDuplicates
                + ", noise runs " + noiseRuns + ", cut short " + abandonedFrames + ", discarded bytes " + discardedBytes
                + ", short " + shortIndications + ", unexpected " + unexpectedFrames + ", modem resets " + modemResets
                + ", reopens " + reopens;
    }
}
