package it.c2du.cli.dev;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import org.slf4j.Marker;

/**
 * The stand-in's one line for a client that failed its TLS handshake, in place of the broker's
 * log: Moquette and Netty report such a client with a 40-line stack trace each, which says
 * nothing to an integrator whose DU has ssl:// on the plain port (or tcp:// on the TLS port).
 */
final class FailedHandshakeLog extends TurboFilter {
    private final Consumer<String> lines;
    /** The failures already told, by identity: two loggers report the same one. */
    private final Set<Throwable> told = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    FailedHandshakeLog(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || !level.isGreaterOrEqual(Level.WARN) || !fromTheBroker(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        Throwable thrown = t != null ? t
                : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last : null;
        if (thrown == null) {
            return FilterReply.NEUTRAL;
        }
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = why(thrown);
        if (why == null) {
            return FilterReply.NEUTRAL;
        }
        if (told.add(root)) {
            lines.accept("platform-sim: a client failed its TLS handshake: " + why);
        }
        return FilterReply.DENY;
    }

    private static boolean fromTheBroker(String logger) {
        return logger.startsWith("io.moquette") || logger.startsWith("io.netty");
    }

    /** What went wrong, in the integrator's words; null for anything but a failed handshake. */
    static String why(Throwable thrown) {
        for (Throwable c = thrown; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String name = c.getClass().getName();
            String message = c.getMessage() == null ? "" : c.getMessage();
            if (name.equals("io.netty.handler.ssl.NotSslRecordException")) {
                return "it spoke plain MQTT to the TLS port (tcp:// needs the plain port, --port)";
            }
            if (c instanceof javax.net.ssl.SSLException) {
                return message.lines().findFirst().orElse(name);
            }
            // A TLS record starts with 0x16 (handshake): to MQTT, a CONNECT (type 1) with flags 0110,
            // which Moquette's decoder refuses as "Illegal BIT 2 or 1 ... found 3".
            if (name.equals("io.netty.handler.codec.DecoderException")
                    && message.contains("fixed header of CONNECT message") && message.endsWith("found 3")) {
                return "it spoke TLS to the plain MQTT port (ssl:// needs the TLS port, --tls-port)";
            }
        }
        return null;
    }
}
