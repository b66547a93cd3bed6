package it.c2du.counters.platform;

import it.c2du.core.config.DuConfig;
import java.util.Optional;

/**
 * Where a receiver uploads its state's days: the broker and the topic. {@code du run} announces
 * it in the state directory's lock file ({@link it.c2du.counters.state.StateDirectory#announce}),
 * since {@code du publish} must leave the sending to a receiver that uploads (one client id, one
 * session), and must not leave it to one that does not: those days would never go.
 */
public record UploadTarget(String broker, String topic) {
    private static final String PREFIX = "uploads to ";
    private static final String TOPIC = " topic ";

    public static UploadTarget of(DuConfig.Platform platform) {
        return new UploadTarget(platform.brokerUrl(), platform.topic());
    }

    /** The holder's announcement: "uploads to tcp://host:1883 topic /chain2". */
    public String announcement() {
        return PREFIX + broker + TOPIC + topic;
    }

    /** The target a holder announced; empty when it announced none (it does not upload). */
    public static Optional<UploadTarget> announced(String announcement) {
        if (announcement == null || !announcement.startsWith(PREFIX)) {
            return Optional.empty();
        }
        // A broker's URL has no spaces: the first " topic " ends it, whatever the topic holds.
        int at = announcement.indexOf(TOPIC, PREFIX.length());
        if (at < 0) {
            return Optional.empty();
        }
        return Optional.of(new UploadTarget(announcement.substring(PREFIX.length(), at),
                announcement.substring(at + TOPIC.length())));
    }

    @Override
    public String toString() {
        return broker + TOPIC + topic;
    }
}
