package it.c2du.core.stack;

/** A Layer-4 APDU whose header is well formed; not yet authenticated. */
public record SecuredApdu(int securityControl, long frameCounter, byte[] ciphertext, byte[] tag) {
}
