package it.c2du.plc;

/** The modem did not answer a request, or refused it: the message names the device, the request and what to check. */
public final class ModemException extends Exception {
    public ModemException(String message) {
        super(message);
    }
}
