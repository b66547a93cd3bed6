package it.c2du.core.stack;

import it.c2du.core.profile.MeterRole;
import java.util.Arrays;

/**
 * A Layer-3 convergence PDU that passed the convergence checks; the SSAP names the meter. Its
 * APDU is {@code buffer[apduOffset, apduOffset + apduLength)}, shared, not copied.
 */
// segmentation is -1 when the profile has no segmentation field.
public record ConvergencePdu(int segmentation, int dsap, int ssap, MeterRole meter, byte[] buffer, int apduOffset,
                             int apduLength) {

    /** A copy of the secured APDU. */
    public byte[] apdu() {
        return Arrays.copyOfRange(buffer, apduOffset, apduOffset + apduLength);
    }
}
