package it.c2du.cli.text;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * The commands' logging set-up, in code: diagnostics on stderr as "du: warning: ..." like the
 * commands' own messages ({@link ConsoleLogLayout}), at {@code DU_LOG_LEVEL} (a system property or
 * the environment; default warn). du run then sets its own log (RunCommand.logToStdout).
 *
 * <p>Why not a logback.xml, as before: logback read it with Joran and the JDK's XML parser, about
 * 550 classes (logback's model and actions, Xerces, SAX) loaded by every command that logs,
 * {@code du run} among them, for three settings: 2-3 MiB of the daemon's metaspace and resident
 * memory (docs/performance.md, "Memory of du run"). logback finds this class through
 * META-INF/services/ch.qos.logback.classic.spi.Configurator before it looks for XML.
 *
 * <p>A configuration given explicitly (-Dlogback.configurationFile) or the tests' logback-test.xml
 * still wins: this configurator then leaves the context to logback's own.
 */
public final class ConsoleLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (System.getProperty("logback.configurationFile") != null
                || ConsoleLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleLogLayout layout = new ConsoleLogLayout();
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(ctx);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(stderr);
        root.setLevel(Level.toLevel(level()));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** DU_LOG_LEVEL as logback.xml's {@code ${DU_LOG_LEVEL:-WARN}} read it: a system property, else the environment. */
    static String level() {
        String p = System.getProperty("DU_LOG_LEVEL");
        if (p == null) {
            p = System.getenv("DU_LOG_LEVEL");
        }
        return p == null || p.isEmpty() ? "WARN" : p;
    }
}
