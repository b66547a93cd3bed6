package it.c2du.cli;

import it.c2du.cli.diagnose.DiagnoseCommand;
import it.c2du.cli.fleet.FleetCommand;
import it.c2du.cli.diagnose.ReportCommand;


import it.c2du.core.config.ConfigException;
import it.c2du.core.trace.TraceFormatException;
import it.c2du.counters.state.StateException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code du} command: the Chain 2 user device's receiver tools. */
@Command(name = "du", mixinStandardHelpOptions = true, versionProvider = DuCommand.Version.class,
        description = "Chain 2 user device (DU) receiver: decodes, replays and counts what an Italian 2G meter sends.",
        subcommands = {ReplayCommand.class, DecodeCommand.class, CountersCommand.class, ExportCommand.class,
                RunCommand.class, ConfigCommand.class, CaptureCommand.class, ModemCommand.class, LabCommand.class,
                PublishCommand.class, ProfileCommand.class, DiscoverCommand.class, FleetCommand.class, DiagnoseCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class})
public final class DuCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with the given streams; returns the exit status (for tests too). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof TraceFormatException || e instanceof BadArgumentException) {
                commandLine.getErr().println("du: " + e.getMessage());
                return ExitStatus.BAD_INPUT;
            }
            if (e instanceof StateException) {
                commandLine.getErr().println("du: " + e.getMessage());
                return ExitStatus.STATE;
            }
            commandLine.getErr().println("du: internal error: " + e);
            e.printStackTrace(commandLine.getErr());
            return 1;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    /** The du command with every subcommand this jar has. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DuCommand());
        addDeveloperCommands(cl);
        giveEveryCommandTheVersion(cl);
        return cl;
    }

    /**
     * Every command's help offers -V, --version (mixinStandardHelpOptions), but picocli does not
     * hand a command's version provider down to its subcommands: without this, {@code du run -V}
     * printed nothing.
     */
    private static void giveEveryCommandTheVersion(CommandLine cl) {
        cl.getCommandSpec().versionProvider(new Version());
        cl.getSubcommands().values().forEach(DuCommand::giveEveryCommandTheVersion);
    }

    /**
     * The developer's commands (it.c2du.cli.dev: the demo, the benchmarks, the lab plan runner, the
     * platform stand-in) are in the full jar only; the DU's jar, which the .deb installs, leaves
     * them and what they need (du-lab, the MQTT broker) out. Each is added when its class is there.
     */
    private static void addDeveloperCommands(CommandLine cl) {
        for (String[] c : DEVELOPER_COMMANDS) {
            Object command;
            try {
                command = Class.forName(c[1]).getDeclaredConstructor().newInstance();
            } catch (ClassNotFoundException | NoClassDefFoundError e) {
                continue; // the DU's jar
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make " + c[1], e);
            }
            CommandLine parent = c[0].isEmpty() ? cl : cl.getSubcommands().get(c[0]);
            parent.addSubcommand(command);
        }
    }

    /** Parent command ("" = du) and class of each developer's command, in the order help lists them. */
    private static final String[][] DEVELOPER_COMMANDS = {
            {"", "it.c2du.cli.dev.DemoCommand"},
            {"", "it.c2du.cli.dev.BenchCommand"},
            {"", "it.c2du.cli.dev.BenchCommitCommand"},
            {"", "it.c2du.cli.dev.PlatformSimCommand"},
            {"lab", "it.c2du.cli.dev.LabRunCommand"}};

    /** "du 0.1.0 (commit 96dbf56a1b), receive profile C2P-1": the build (BuildVersion) and the profile it implements. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"du " + BuildVersion.current() + ", receive profile C2P-1"};
        }
    }
}
