package it.c2du.cli.demo;

import it.c2du.core.config.DuConfig;
import it.c2du.core.config.LiveOutputs;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The live data out in {@code du demo}: the status page on the loopback address (a free port) and,
 * when Mosquitto is installed, MQTT with Home Assistant's discovery to a Mosquitto the demo starts
 * on a free loopback port and stops at the end -- so a newcomer sees both.
 */
final class DemoBroker implements AutoCloseable {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private final Process process;
    private final int port;

    private DemoBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** A Mosquitto on a free loopback port, or null when it is not installed or does not start. */
    static DemoBroker start(Path work) {
        if (!Files.isExecutable(MOSQUITTO)) {
            return null;
        }
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path conf = work.resolve("mosquitto.conf");
            Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
            Process p = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("mosquitto.log").toFile()).start();
            for (int i = 0; i < 100 && p.isAlive(); i++) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return new DemoBroker(p, port);
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            p.destroy();
            return null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The demo's configuration with the page on (127.0.0.1, a free port) and MQTT to this broker when there is one. */
    static DuConfig turnOn(DuConfig cfg, DemoBroker broker) {
        LiveOutputs.Broker b = broker == null ? null : new LiveOutputs.Broker(false, "127.0.0.1", broker.port, null, null,
                null, null, "c2du/" + cfg.duAddress(), LiveOutputs.DEFAULT_DISCOVERY_PREFIX, "du" + cfg.duAddress() + "-live");
        return cfg.withLiveOutputs(new LiveOutputs(b, new LiveOutputs.Http("127.0.0.1", 0)));
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
