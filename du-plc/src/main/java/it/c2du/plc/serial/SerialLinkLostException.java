package it.c2du.plc.serial;

import java.io.IOException;

/** The port went away under an open link: an unplugged adapter, a closed pty. Reopen it. */
public final class SerialLinkLostException extends IOException {
    public SerialLinkLostException(String message) {
        super(message);
    }
}
