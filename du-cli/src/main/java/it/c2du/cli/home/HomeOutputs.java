package it.c2du.cli.home;

import it.c2du.cli.BuildVersion;
import it.c2du.core.config.DuConfig;
import it.c2du.core.config.LiveOutputs;
import it.c2du.counters.platform.UploadException;
import it.c2du.plc.LinkCounters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The live data out of one live receiver, as its configuration asks ({@code live.*},
 * {@code http.*}): the {@link LiveSnapshot} that watches the frames, the MQTT publisher and the
 * status page. The live receiver makes it, starts it before counting and closes it at the end.
 */
public final class HomeOutputs implements AutoCloseable {
    private final DuConfig cfg;
    private final LiveSnapshot snapshot;
    private HomeAssistantMqtt mqtt;
    private StatusServer http;

    private HomeOutputs(DuConfig cfg) {
        this.cfg = cfg;
        this.snapshot = new LiveSnapshot(cfg.zone());
    }

    /** The outputs the configuration turns on, or null when it turns on none. */
    public static HomeOutputs of(DuConfig cfg) {
        LiveOutputs o = cfg.liveOutputs();
        return o == null || (o.broker() == null && o.http() == null) ? null : new HomeOutputs(cfg);
    }

    /** What watches the frames (on the receiving thread; memory only). */
    public LiveSnapshot snapshot() {
        return snapshot;
    }

    /**
     * Loads the values kept from the last run, connects to the broker (in the background: a broker
     * that is away does not hold the receiver up) and opens the page's listener.
     *
     * @throws IOException when the page's address cannot be listened on (taken, not this host's)
     */
    public void start(Path stateDir, Supplier<LinkCounters> link, Logger log) throws IOException, UploadException {
        KeptValues.read(stateDir, w -> log.warn("{}", w)).forEach(snapshot::restore);
        // The same words as du --version and du run's first log line.
        String version = BuildVersion.current().toString();
        if (cfg.liveOutputs().broker() != null) {
            mqtt = new HomeAssistantMqtt(cfg, snapshot, stateDir, version);
            mqtt.start();
            log.info("live data to {}", cfg.liveOutputs().broker());
        }
        if (cfg.liveOutputs().http() != null) {
            try {
                http = new StatusServer(cfg, snapshot, stateDir, link, () -> mqtt != null && mqtt.connected(), version);
            } catch (IOException e) {
                throw new IOException("http.listen " + cfg.liveOutputs().http() + ": cannot listen there ("
                        + e.getMessage() + ")", e);
            }
            log.info("status page on {} (metrics on {}metrics)", http.url(), http.url());
        }
    }

    /** The page's address, or null without one. */
    public String url() {
        return http == null ? null : http.url();
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
    }
}
