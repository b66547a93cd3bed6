package it.c2du.cli;

/** A command-line argument that cannot be used; the message names it. The command exits with {@link ExitStatus#BAD_INPUT}. */
public final class BadArgumentException extends Exception {
    public BadArgumentException(String message) {
        super(message);
    }
}
