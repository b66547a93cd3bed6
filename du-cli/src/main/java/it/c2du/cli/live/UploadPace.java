package it.c2du.cli.live;

import it.c2du.cli.mqtt.MqttPlatformConnector;
import it.c2du.core.config.DuConfig;
import it.c2du.core.retry.Backoff;
import it.c2du.counters.platform.PlatformUploader;
import it.c2du.counters.platform.UploadLedger;
import it.c2du.counters.platform.UploadLoop;
import it.c2du.counters.platform.UploadMessage;
import it.c2du.counters.state.StateDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How the live receiver's upload to the collaborative platform paces itself, when the
 * configuration has {@code platform.broker} (tests shorten it).
 *
 * @param stepTimeout   for each MQTT step: connect, subscribe, one publish
 * @param answerTimeout for the return codes, after the last publish
 * @param poll          how often the loop looks for days to send without a midnight
 */
public record UploadPace(Duration stepTimeout, Duration answerTimeout, Backoff backoff, Duration poll) {
    /**
     * Waits between failed rounds of 30 s doubling up to 30 min, each +-20 %. Here, not in
     * UploadLoop: picocli makes every command's object at start, and touching UploadLoop would
     * start the logging for a du decode that logs nothing.
     */
    public static final UploadPace DEFAULT = new UploadPace(Duration.ofSeconds(30), Duration.ofSeconds(60),
            new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(30), 0.2), Duration.ofSeconds(60));

    /** The loop for {@code cfg}'s platform, counting from {@code state}'s committed counters. */
    UploadLoop loop(DuConfig cfg, Path state) {
        UploadLedger ledger = UploadLedger.in(state);
        PlatformUploader uploader = new PlatformUploader(new MqttPlatformConnector(cfg.platform(), stepTimeout),
                ledger, Clock.systemUTC(), answerTimeout);
        return new UploadLoop(() -> UploadMessage.closedDays(cfg, StateDirectory.read(state).state().counters()),
                ledger, uploader, backoff, poll);
    }
}
