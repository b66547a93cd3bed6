package it.c2du.core.stack;

/** A Layer-2 LLC PDU that passed the LLC checks. */
public record LlcPdu(int control, int service, byte[] payload) {
}
