package it.c2du.cli.live;

import it.c2du.plc.serial.JSerialCommPorts;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM (or Ctrl-C) for a long-running command on a serial port: a shutdown hook asks the
 * command to stop, then holds the JVM until {@link #close()} says the command has saved what it
 * had (at most {@code grace}), so a stop never cuts a commit or a trace line short. The hook runs
 * before jSerialComm closes its ports at shutdown, so the port stays usable until the command is
 * done with it.
 */
public final class StopOnSigterm implements AutoCloseable {
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean done;

    public StopOnSigterm(String name, Runnable stop, long graceSeconds) {
        Thread hook = new Thread(() -> {
            if (done) {
                return; // the command finished before the JVM began to shut down
            }
            stop.run();
            try {
                finished.await(graceSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown");
        JSerialCommPorts.runAtShutdownBeforePortsClose(hook);
    }

    /** The command has finished: the JVM may end. */
    @Override
    public void close() {
        done = true;
        finished.countDown();
    }
}
