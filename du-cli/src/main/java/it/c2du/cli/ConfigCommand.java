package it.c2du.cli;

import it.c2du.cli.live.LiveReceiver;

import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.receive.Association;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code du config}: the DU configuration. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "The DU configuration: du config check reads it as du run does at start.",
        subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code du config check}: everything du run checks in the configuration at start, without
     * the modem or the state directory, so an administrator learns of a bad value before enabling
     * the service. The checks are DuConfig's own (every key, the password file, the CA file), so
     * the errors are the ones du run would stop with; keys and passwords are never printed.
     */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Checks a DU configuration as du run does at start: every key, the platform's password"
                    + " file and CA file; warns when the modem's serial port is not there.",
                    "",
                    "Exit status 0: good (warnings aside); 2: a bad value, named with its key and line."})
    static final class Check implements Callable<Integer> {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "DU configuration (properties).")
        Path config;

        @Option(names = "--port", paramLabel = "DEVICE", description = "The modem's serial port to look for (default:"
                + " $DU_PORT, which /etc/default/du sets for the service).")
        String port;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws ConfigException {
            DuConfig cfg = DuConfig.load(config);
            cfg.newEngine(); // du run makes it at start

            // profile.file is read and checked by DuConfig.load above, member by member (exit 2 naming
            // the member's path), as at du run's start.

            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s: good%n", config);
            out.printf("  DU %s%s%n", cfg.duAddress(), cfg.name() == null ? "" : " (" + cfg.name() + ")");
            for (Association a : cfg.associations()) {
                out.printf("  %s POD %s%n", a.role(), a.pod());
            }
            out.printf("  crypto engine %s, counters zone %s%n", cfg.engineDescription(), cfg.zone());
            out.printf("  upload: %s%n", cfg.platform() == null ? "none (no platform.broker)" : cfg.platform());

            for (String w : LiveReceiver.modemWarnings(cfg)) {
                spec.commandLine().getErr().printf("du: warning: %s%n", w);
            }
            String device = port != null ? port : System.getenv("DU_PORT");
            if (device != null && !device.isBlank() && !Files.exists(Path.of(device))) {
                // A warning only: the configuration is good, and a USB adapter may be plugged in later
                // (du run stops with exit status 4 while it is missing; the service starts it again).
                spec.commandLine().getErr().printf("du: warning: serial port %s: no such device (du run cannot start"
                        + " until it is there)%n", device);
            }
            return 0;
        }
    }
}
