package it.c2du.core.stack;

import it.c2du.core.profile.MeterRole;

/** A Layer-3 convergence PDU that passed the convergence checks; the SSAP names the meter. */
public record ConvergencePdu(int segmentation, int dsap, int ssap, MeterRole meter, byte[] apdu) {
}
