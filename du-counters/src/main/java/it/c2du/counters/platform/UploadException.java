package it.c2du.counters.platform;

/** The platform cannot be reached, or the connection failed: the message says which and why, never the password. */
public final class UploadException extends Exception {
    public UploadException(String message) {
        super(message);
    }

    public UploadException(String message, Throwable cause) {
        super(message, cause);
    }
}
