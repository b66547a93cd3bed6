package it.c2du.core.profile;

/**
 * Profile C2P-1: every byte-level choice of the receive stack that the public documents leave
 * open and {@code shared/spec/chain2-profile.md} fixes, marked [profile] there. Aligning the
 * stack with the CEI text is an edit of these constants (and of {@link CompactFrameType}), not
 * of the layers' logic. docs/wire-format.md lists each one.
 */
public final class C2P1 {
    private C2P1() {
    }

    /** Layer 1, MAC frame: MC(1) L(1) DA(6) SA(6) payload(L) FCS(2, CRC-16/X-25, LSB first). */
    public static final class Mac {
        private Mac() {
        }

        public static final int OFFSET_CONTROL = 0;
        public static final int OFFSET_LENGTH = 1;
        public static final int OFFSET_DESTINATION = 2;
        public static final int OFFSET_SOURCE = 8;
        public static final int ADDRESS_SIZE = 6;
        public static final int HEADER_SIZE = 14;
        public static final int FCS_SIZE = 2;
        /** [profile] version 00, frame type 01 (data), low bits 0: the only control accepted. */
        public static final int CONTROL_DATA = 0x10;
        /** [profile] bounds of L, the MAC payload length. */
        public static final int MIN_PAYLOAD = 1;
        public static final int MAX_PAYLOAD = 240;
        /** Public: a DU communication address begins with 0xDC ("DC..." on the portal). */
        public static final int DU_ADDRESS_FIRST_BYTE = 0xDC;
    }

    /** Layer 2, LLC: control(1) service(1) payload. */
    public static final class Llc {
        private Llc() {
        }

        public static final int HEADER_SIZE = 2;
        /** [profile] UI, unacknowledged connectionless: the only discipline toward a DU. */
        public static final int CONTROL_UI = 0x03;
        /** [profile] user data for the DU application. */
        public static final int SERVICE_DU_DATA = 0x01;
    }

    /** Layer 3, convergence: segmentation control(1) DSAP(1) SSAP(1) APDU. */
    public static final class Convergence {
        private Convergence() {
        }

        public static final int HEADER_SIZE = 3;
        /** [profile] first and last segment, index 0: the only form accepted (no segmentation). */
        public static final int SEGMENTATION_UNSEGMENTED = 0xC0;
        /** Public: the DU's service access point. */
        public static final int DSAP_DU = 0x04;
        /** Public: SSAP of meter M1. */
        public static final int SSAP_M1 = 0x0B;
        /** Public: SSAP of meter M2. */
        public static final int SSAP_M2 = 0x0C;
    }

    /** Layer 4, application security: SC(1) FC(4, big-endian) ciphertext(N >= 1) tag(12). */
    public static final class Security {
        private Security() {
        }

        public static final int OFFSET_FRAME_COUNTER = 1;
        /** Public: the frame counter is carried in the header; [profile] 4 bytes, big-endian, unsigned. */
        public static final int FRAME_COUNTER_SIZE = 4;
        public static final int HEADER_SIZE = OFFSET_FRAME_COUNTER + FRAME_COUNTER_SIZE;
        /** [profile] 96-bit GCM tag. */
        public static final int TAG_SIZE = 12;
        public static final int MIN_CIPHERTEXT = 1;
        /** [profile] encrypted (bit 5), authenticated (bit 4), suite 0 = AES-GCM-128. */
        public static final int CONTROL_ENCRYPTED_AUTHENTICATED = 0x30;
        /** Public: System Title, the first 8 bytes of the IV. */
        public static final int SYSTEM_TITLE_SIZE = 8;
        /** Public: one 128-bit operational key. */
        public static final int KEY_SIZE = 16;
        /** Public: IV = System Title (8) || frame counter (4, big-endian). */
        public static final int IV_SIZE = SYSTEM_TITLE_SIZE + FRAME_COUNTER_SIZE;
        /** Lab System Title used by the distributor's integration test plan. */
        public static final String LAB_SYSTEM_TITLE = "4345434543454345";
    }

    /** Repetitions and replay: the per-context window of frame counters. */
    public static final class Replay {
        private Replay() {
        }

        /** [profile] counters in (h - WINDOW, h] are tracked; at or below h - WINDOW is stale. */
        public static final int WINDOW = 1024;
    }

    /** Daily counters and their profile. */
    public static final class Counters {
        private Counters() {
        }

        /** Public: bit 15 marks a day with a power loss or a stopped receiver. */
        public static final int POWER_LOSS_BIT = 0x8000;
        /** Bits 0-14 hold the count, saturating. */
        public static final int MAX_COUNT = 0x7FFF;
        /** Public: the profile keeps 60 closed days. */
        public static final int PROFILE_DAYS = 60;
        public static final String DEFAULT_ZONE = "Europe/Rome";
    }

    /** The collaborative platform's upload interface (Allegato 5). */
    public static final class Platform {
        private Platform() {
        }

        /** Public: the platform answers each message on the upload topic + this suffix. */
        public static final String RETURN_CODE_SUFFIX = "/rc";
        /**
         * [profile] The POD as the platform checks it: IT, then 12 or 13 capital letters or digits
         * (the published example IT001E12345678: distributor code 001, E for electricity, 8 digits).
         */
        public static final String POD_PATTERN = "IT[A-Z0-9]{12,13}";
        /** Public: ID_INSTALLAZIONE, 2 letters or digits assigned by the distributor + the activation date YYMMDD. */
        public static final String INSTALLATION_ID_PATTERN = "[A-Za-z0-9]{2}([0-9]{2})([0-9]{2})([0-9]{2})";
        /** MQTT's registered ports, used when the broker URL gives none. */
        public static final int DEFAULT_TCP_PORT = 1883;
        public static final int DEFAULT_TLS_PORT = 8883;
    }
}
