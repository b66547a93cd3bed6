package it.c2du.cli.text;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

/**
 * The interactive commands' log lines on the console, in the style of their other messages:
 * {@code du: warning: ...}, {@code du: error: ...} (and {@code du: info:} / {@code du: debug:}
 * when asked for), so that a person sees one kind of warning whichever part of the DU found it.
 * {@code du run}'s log (journald) keeps its timestamped lines ({@link RunCommand#logToStdout}).
 * Set up by {@link ConsoleLogConfigurator}.
 */
public final class ConsoleLogLayout extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder("du: ").append(word(event.getLevel())).append(": ")
                .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return line.toString();
    }

    static String word(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> "error";
            case Level.WARN_INT -> "warning";
            case Level.INFO_INT -> "info";
            default -> "debug";
        };
    }
}
