package it.c2du.counters.state;

import it.c2du.core.profile.C2P1;
import it.c2du.core.receive.Association;
import it.c2du.core.receive.FrameCounterWindow;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A meter context's replay window as durable state keeps it, bound to the System Title and key
 * it was built under (chain2-profile.md: changing either starts a fresh window). The key is kept
 * only as {@link it.c2du.core.crypto.OperationalKey#fingerprint()}, never in clear.
 *
 * @param systemTitle    the association's System Title, 8 bytes
 * @param keyFingerprint the operational key's fingerprint, 8 bytes
 * @param highest        the highest valid frame counter, or -1
 * @param bitmap         the window's bitmap, {@code WINDOW / 64} words
 */
public record WindowState(byte[] systemTitle, byte[] keyFingerprint, long highest, long[] bitmap) {
    public static final int FINGERPRINT_SIZE = 8;

    public WindowState {
        if (systemTitle.length != C2P1.Security.SYSTEM_TITLE_SIZE || keyFingerprint.length != FINGERPRINT_SIZE) {
            throw new IllegalArgumentException("a window binding is an 8-byte System Title and an 8-byte key fingerprint");
        }
        // FrameCounterWindow.restore checks highest and the bitmap's size.
        FrameCounterWindow.restore(highest, bitmap);
        systemTitle = systemTitle.clone();
        keyFingerprint = keyFingerprint.clone();
        bitmap = bitmap.clone();
    }

    /** The state of {@code window}, bound to {@code association}'s System Title and key. */
    public static WindowState of(Association association, FrameCounterWindow window) {
        return new WindowState(association.systemTitle(), association.key().fingerprint(), window.highest(), window.bitmap());
    }

    /** Whether this window was built under {@code association}'s System Title and key. */
    public boolean boundTo(Association association) {
        return Arrays.equals(systemTitle, association.systemTitle())
                && MessageDigest.isEqual(keyFingerprint, association.key().fingerprint());
    }

    public FrameCounterWindow window() {
        return FrameCounterWindow.restore(highest, bitmap);
    }

    @Override
    public byte[] systemTitle() {
        return systemTitle.clone();
    }

    @Override
    public byte[] keyFingerprint() {
        return keyFingerprint.clone();
    }

    @Override
    public long[] bitmap() {
        return bitmap.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowState w && highest == w.highest && Arrays.equals(systemTitle, w.systemTitle)
                && Arrays.equals(keyFingerprint, w.keyFingerprint) && Arrays.equals(bitmap, w.bitmap);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(highest) * 31 + Arrays.hashCode(bitmap);
    }

    @Override
    public String toString() {
        return "WindowState[highest=" + highest + "]";
    }
}
