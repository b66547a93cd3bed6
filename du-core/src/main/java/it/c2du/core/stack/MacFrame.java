package it.c2du.core.stack;

/** A Layer-1 MAC frame that passed every MAC check. */
public record MacFrame(int control, int length, MacAddress destination, MacAddress source,
                       byte[] payload, int fcs) {
}
