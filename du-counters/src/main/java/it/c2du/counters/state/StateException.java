package it.c2du.counters.state;

/**
 * A state directory that cannot be used: missing, locked by another process, damaged in both
 * copies, written by a newer version, or not writable. The message names the file and what is
 * wrong, and never contains a key.
 */
public final class StateException extends Exception {
    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}
