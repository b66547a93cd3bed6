package it.c2du.lab.meter;

import it.c2du.core.crypto.GcmEngine;
import it.c2du.core.encode.Fault;
import it.c2du.core.encode.MeterFrameEncoder;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.stack.CompactFrameCodec;
import it.c2du.core.stack.MacAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

/**
 * One meter of the DU's pair (M1 or M2) as the DU hears it: its security context (operational
 * key and System Title), its own MAC address, the DU it is paired with, and its frame counter.
 * Every new frame consumes the next frame counter, as a meter does; a repetition sends the same
 * bytes again. Not thread-safe.
 */
public final class SimulatedMeter {
    private static final long MAX_FRAME_COUNTER = 0xFFFFFFFFL;

    private final Association association;
    private final MacAddress address;
    private final MacAddress du;
    private final GcmEngine engine;
    private final MeterFrameEncoder encoder;
    private long nextFrameCounter;

    /**
     * @param association      the meter's role, System Title and key (the DU's copy of them)
     * @param address          the meter's own MAC address, the frames' source
     * @param du               the DU's MAC address, the frames' destination
     * @param nextFrameCounter the frame counter of the meter's next frame
     */
    public SimulatedMeter(Association association, MacAddress address, MacAddress du, GcmEngine engine,
                          long nextFrameCounter) {
        this.association = association;
        this.address = address;
        this.du = du;
        this.engine = engine;
        this.encoder = new MeterFrameEncoder(du, address, engine);
        nextFrameCounter(nextFrameCounter);
    }

    /** M1 or M2: the meter's SSAP and the compact frames it sends. */
    public MeterRole role() {
        return association.role();
    }

    /** The security context the meter encrypts with. */
    public Association association() {
        return association;
    }

    /** The meter's own MAC address. */
    public MacAddress address() {
        return address;
    }

    /** The MAC address of the DU the meter is paired with. */
    public MacAddress du() {
        return du;
    }

    /** The frame counter the next new frame will carry. */
    public long nextFrameCounter() {
        return nextFrameCounter;
    }

    /** Chooses the frame counter of the next new frame (0..2^32-1); later frames count on from it. */
    public void nextFrameCounter(long frameCounter) {
        if (frameCounter < 0 || frameCounter > MAX_FRAME_COUNTER) {
            throw new IllegalArgumentException("frame counter " + frameCounter + " does not fit 4 bytes");
        }
        this.nextFrameCounter = frameCounter;
    }

    /**
     * Sends a compact frame to the DU with the next frame counter.
     *
     * @throws IllegalArgumentException when this meter's role does not send {@code type}, or the
     *                                  fields are not exactly the type's, each fitting its size
     */
    public MeterTransmission send(Instant at, CompactFrameType type, Map<String, Long> fields) {
        return transmit(encoder, du, at, type, fields, Fault.NONE, null);
    }

    /**
     * Sends a compact frame to another DU (a neighbour's, heard through the shared wiring), with
     * the next frame counter: the DU must drop it as not for it.
     */
    public MeterTransmission sendTo(MacAddress otherDu, Instant at, CompactFrameType type, Map<String, Long> fields) {
        return transmit(new MeterFrameEncoder(otherDu, address, engine), otherDu, at, type, fields, Fault.NONE, null);
    }

    /**
     * Sends a compact frame to the DU with the next frame counter and one {@link Fault} in it (a
     * meter gone wrong, noise on the line, a forger): {@code random} picks the wrong value or bit.
     * The transmission's plaintext is the one the meter meant. A frame cut to nothing would not be
     * heard at all, so such a cut is made again elsewhere.
     */
    public MeterTransmission sendWithFault(Instant at, CompactFrameType type, Map<String, Long> fields, Fault fault,
                                           Random random) {
        return transmit(encoder, du, at, type, fields, fault, random);
    }

    /** The same bytes as {@code original} sent again at {@code at}: a meter repetition, no new frame counter. */
    public MeterTransmission repeat(MeterTransmission original, Instant at) {
        if (original.meter() != role()) {
            throw new IllegalArgumentException(role() + " cannot repeat a frame of " + original.meter());
        }
        return new MeterTransmission(at, original.meter(), original.type(), original.frameCounter(), original.fields(),
                original.plaintext(), original.macFrame(), original.destination(), true);
    }

    private MeterTransmission transmit(MeterFrameEncoder with, MacAddress destination, Instant at,
                                       CompactFrameType type, Map<String, Long> fields, Fault fault, Random random) {
        if (type.sender() != role()) {
            throw new IllegalArgumentException(type + " is sent by " + type.sender() + ", not by " + role());
        }
        long frameCounter = nextFrameCounter;
        byte[] plaintext = CompactFrameCodec.encode(type, fields);
        byte[] frame;
        if (fault == Fault.NONE) {
            frame = with.encode(association, frameCounter, plaintext);
        } else {
            do {
                frame = with.encode(association, frameCounter, plaintext, fault, random);
            } while (frame.length == 0);
        }
        // Consumed only once the frame exists: a rejected test frame leaves the counter alone.
        nextFrameCounter = frameCounter + 1;
        return new MeterTransmission(at, role(), type, frameCounter, fields, plaintext, frame, destination, false);
    }

    @Override
    public String toString() {
        return "SimulatedMeter[" + role() + " " + address + " -> " + du + ", next fc " + nextFrameCounter + "]";
    }
}
