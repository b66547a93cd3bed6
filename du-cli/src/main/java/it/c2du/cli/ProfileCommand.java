package it.c2du.cli;

import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.layout.Layout;
import it.c2du.core.layout.LayoutFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code du profile show}: the effective layout as a profile file to start from. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "The receive layout as data (profile-file.md).",
        subcommands = {ProfileCommand.Show.class})
final class ProfileCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Prints the effective profile as a profile file: --profile's, else the configuration's"
                    + " profile.file, else C2P-1. A bad file is an error naming the member's JSON path (exit 2)."})
    static final class Show implements Callable<Integer> {
        @Option(names = "--profile", paramLabel = "FILE", description = "A profile file to check and print.")
        Path profile;

        @Option(names = "--config", paramLabel = "FILE", description = "DU configuration whose profile.file to show.")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws ConfigException {
            Layout layout = profile != null ? LayoutFile.load(profile) : config != null ? DuConfig.load(config).layout() : Layout.c2p1();
            spec.commandLine().getOut().print(LayoutFile.write(layout));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
