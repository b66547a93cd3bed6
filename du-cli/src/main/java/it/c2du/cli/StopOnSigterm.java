package it.c2du.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM (or Ctrl-C) for a long-running command: a shutdown hook asks the command to stop,
 * then holds the JVM until {@link #close()} says the command has saved what it had (at most
 * {@code grace}), so a stop never cuts a commit or a trace line short.
 */
final class StopOnSigterm implements AutoCloseable {
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    StopOnSigterm(String name, Runnable stop, long graceSeconds) {
        hook = new Thread(() -> {
            stop.run();
            try {
                finished.await(graceSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The command has finished: the JVM may end. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the latch is down
        }
    }
}
