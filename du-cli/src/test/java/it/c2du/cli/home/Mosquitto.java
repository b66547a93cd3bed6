package it.c2du.cli.home;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real Mosquitto broker as the user's own, a child process on a loopback port, no persistence. */
final class Mosquitto implements AutoCloseable {
    static final Path PROGRAM = Path.of("/usr/sbin/mosquitto");
    final int port;
    private final Path config;
    private final Path log;
    private Process process;

    Mosquitto(Path dir) throws IOException, InterruptedException {
        ProjectTool.ensure("mosquitto", PROGRAM);
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        config = dir.resolve("mosquitto.conf");
        log = dir.resolve("mosquitto.log");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        start();
    }

    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(PROGRAM.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("mosquitto ended at start: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
        throw new IOException("mosquitto does not listen on " + port + " after 10 s: " + Files.readString(log));
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
