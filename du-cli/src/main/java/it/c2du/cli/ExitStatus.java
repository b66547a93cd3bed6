package it.c2du.cli;

/**
 * The du command's exit statuses beyond 0 (done) and 1 (an internal error), one meaning each,
 * the same for every command (docs/operations.md). {@code du publish} adds 1 for a KO, and a
 * command stopped by SIGTERM ends with 143, as any JVM.
 */
public final class ExitStatus {
    /** Bad input: a configuration value, a trace line, a profile file, an argument. */
    public static final int BAD_INPUT = 2;
    /** The state directory cannot be used: locked, damaged in both copies, newer, unwritable. */
    public static final int STATE = 3;
    /** The modem's serial port cannot be opened or the modem does not answer at start. */
    public static final int DEVICE = 4;
    /** du publish: days are still to send (the broker cannot be reached, or return codes did not come). */
    public static final int UNSENT = 5;

    private ExitStatus() {
    }
}
