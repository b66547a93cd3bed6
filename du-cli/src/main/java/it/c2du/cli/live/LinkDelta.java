package it.c2du.cli.live;

import it.c2du.plc.LinkCounters;

/**
 * What the serial link did between two readings of its {@link LinkCounters}: the minute log
 * and the demo's screen both say it, from the same subtraction.
 *
 * @param naks       frames with a bad checksum (NAKed, the modem sent them again)
 * @param repeats    repeats after a lost ACK, dropped as link duplicates
 * @param noiseBytes bytes discarded between frames
 * @param noiseRuns  runs of such bytes
 * @param cutShort   frames abandoned part-way (inter-character timeout)
 */
public record LinkDelta(long naks, long repeats, long noiseBytes, long noiseRuns, long cutShort) {
    public static final LinkDelta ZERO = new LinkDelta(0, 0, 0, 0, 0);

    /** The totals so far, as a delta from zero; null counters (no link yet) read as zero. */
    public static LinkDelta totals(LinkCounters c) {
        return c == null ? ZERO : new LinkDelta(c.badChecksums(), c.linkDuplicates(), c.discardedBytes(), c.noiseRuns(),
                c.abandonedFrames());
    }

    /** What happened since {@code earlier} (both totals). */
    public LinkDelta since(LinkDelta earlier) {
        return new LinkDelta(naks - earlier.naks, repeats - earlier.repeats, noiseBytes - earlier.noiseBytes,
                noiseRuns - earlier.noiseRuns, cutShort - earlier.cutShort);
    }
}
