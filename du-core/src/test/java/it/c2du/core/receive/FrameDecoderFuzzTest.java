package it.c2du.core.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import it.c2du.core.config.DuConfig;
import it.c2du.core.profile.C2P1;
import it.c2du.core.stack.MacLayer;
import it.c2du.core.testing.TestVectors;

/**
 * Any byte string into the receive stack yields a verdict, never an exception, and the verdict
 * is consistent. In the normal test run this is Jazzer's regression mode over the seed corpus
 * (every frame of the profile vectors, in FrameDecoderFuzzTestInputs/); to fuzz for real, one
 * method at a time: {@code JAZZER_FUZZ=1 mvn test -pl du-core -Dtest='FrameDecoderFuzzTest#upperLayersNeverThrow'}.
 */
class FrameDecoderFuzzTest {
    private static final ReceiveStack PIPELINE;
    private static final byte[] OWN;

    static {
        try {
            DuConfig cfg = TestVectors.config("vectors");
            PIPELINE = new ReceiveStack(cfg.duAddress(), cfg.associations(), cfg.newEngine());
            OWN = cfg.duAddress().toBytes();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void receiveNeverThrows(byte[] frame) {
        check(PIPELINE.inspect(frame));
        check(PIPELINE.receive(frame));
    }

    /**
     * The same with control, L, destination and FCS made good, so that the fuzzer's mutations
     * reach the layers above the MAC instead of dying on the checksum.
     */
    @FuzzTest(maxDuration = "60s")
    void upperLayersNeverThrow(byte[] data) {
        byte[] frame = data.clone();
        int payload = frame.length - C2P1.Mac.HEADER_SIZE - C2P1.Mac.FCS_SIZE;
        if (payload >= 0 && payload <= 255) {
            frame[C2P1.Mac.OFFSET_CONTROL] = (byte) C2P1.Mac.CONTROL_DATA;
            frame[C2P1.Mac.OFFSET_LENGTH] = (byte) payload;
            System.arraycopy(OWN, 0, frame, C2P1.Mac.OFFSET_DESTINATION, C2P1.Mac.ADDRESS_SIZE);
            MacLayer.refreshFcs(frame);
        }
        check(PIPELINE.inspect(frame));
        check(PIPELINE.receive(frame));
    }

    private static void check(Reception r) {
        assertNotNull(r.verdict());
        switch (r.verdict()) {
            case ACCEPTED -> {
                assertNull(r.rejection());
                assertNotNull(r.compactFrame());
                assertEquals(r.compactFrame().type().plaintextLength(), r.plaintext().length);
            }
            case REPETITION -> {
                assertNull(r.rejection());
                assertNotNull(r.plaintext());
            }
            case REJECTED -> {
                assertNotNull(r.rejection());
                assertNull(r.compactFrame());
            }
        }
    }
}
