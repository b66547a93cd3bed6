package it.c2du.cli;

import it.c2du.core.config.ConfigException;
import it.c2du.core.trace.TraceFormatException;
import it.c2du.counters.state.StateException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code du} command: the Chain 2 user device's receiver tools. */
@Command(name = "du", mixinStandardHelpOptions = true, versionProvider = DuCommand.Version.class,
        description = "Chain 2 user device (DU) receiver: decodes, replays and counts what an Italian 2G meter sends.")
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

    /**
     * Runs the command with the given streams; returns the exit status (for tests too). Only the
     * subcommand named by {@code args[0]} is built (see {@link #commandLine(String[])}).
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(commandLine(args), args, out, err);
    }

    /** Runs {@code args} on the model {@code cl}: the one place the streams, error handling and exit status are set. */
    static int execute(CommandLine cl, String[] args, PrintWriter out, PrintWriter err) {
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

    /** The du command with every subcommand this jar has: what {@code du --help} lists. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DuCommand());
        for (String[] c : COMMANDS) {
            add(cl, c);
        }
        giveEveryCommandTheVersion(cl);
        return cl;
    }

    /**
     * The du command with only the subcommand {@code args[0]} names, when it names one; else (no
     * arguments, an option such as --help, {@code help}, a misspelt name that picocli answers with
     * the list of commands) the whole model of {@link #commandLine()}.
     *
     * <p>Why: picocli instantiates every subcommand it is given and reflects over all their options.
     * Building all thirty took about half of a cold {@code du decode} (docs/performance.md), and
     * instantiating RunCommand, PublishCommand ... ran their static loggers' initialisers, which
     * configured logback for commands that log nothing. Parsing, help and errors below {@code du
     * NAME} need only that command's subtree, and its usage still reads "du NAME" because the root
     * is there; {@code SubcommandModelTest} checks the output is the same as the full model's.
     */
    static CommandLine commandLine(String[] args) {
        String first = args.length == 0 ? "" : args[0];
        boolean named = false;
        for (String[] c : COMMANDS) {
            named |= c[0].isEmpty() && c[1].equals(first) && !first.equals("help");
        }
        if (!named) {
            return commandLine();
        }
        CommandLine cl = new CommandLine(new DuCommand());
        for (String[] c : COMMANDS) {
            if (c[0].isEmpty() ? c[1].equals(first) : c[0].equals(first)) {
                add(cl, c);
            }
        }
        if (cl.getSubcommands().isEmpty()) {
            return commandLine(); // a developer's command in the DU's jar: let picocli say it is unknown, as ever
        }
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
     * Adds command {@code c} of {@link #COMMANDS} under its parent. The developer's commands
     * (it.c2du.cli.dev: the demo, the benchmarks, the lab plan runner, the platform stand-in) are
     * in the full jar only; the DU's jar, which the .deb installs, leaves them and what they need
     * (du-lab, the MQTT broker) out: a command whose class is not there is skipped.
     */
    private static void add(CommandLine cl, String[] c) {
        Object command;
        try {
            command = Class.forName(c[2]).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            if (c[2].startsWith("it.c2du.cli.dev.")) {
                return; // the DU's jar
            }
            throw new IllegalStateException("cannot find " + c[2], e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make " + c[2], e);
        }
        CommandLine parent = c[0].isEmpty() ? cl : cl.getSubcommands().get(c[0]);
        parent.addSubcommand(c[1], command);
    }

    /**
     * Parent ("" = du), name and class of each command, in the order {@code du --help} lists them,
     * named rather than referred to so that a class is loaded only when its command is built
     * ({@code SubcommandModelTest} checks each name is its class's {@code @Command} name).
     */
    static final String[][] COMMANDS = {
            {"", "replay", "it.c2du.cli.ReplayCommand"},
            {"", "decode", "it.c2du.cli.DecodeCommand"},
            {"", "counters", "it.c2du.cli.CountersCommand"},
            {"", "export", "it.c2du.cli.ExportCommand"},
            {"", "run", "it.c2du.cli.RunCommand"},
            {"", "config", "it.c2du.cli.ConfigCommand"},
            {"", "capture", "it.c2du.cli.CaptureCommand"},
            {"", "modem", "it.c2du.cli.ModemCommand"},
            {"", "lab", "it.c2du.cli.LabCommand"},
            {"", "publish", "it.c2du.cli.PublishCommand"},
            {"", "profile", "it.c2du.cli.ProfileCommand"},
            {"", "discover", "it.c2du.cli.DiscoverCommand"},
            {"", "fleet", "it.c2du.cli.fleet.FleetCommand"},
            {"", "diagnose", "it.c2du.cli.diagnose.DiagnoseCommand"},
            {"", "report", "it.c2du.cli.diagnose.ReportCommand"},
            {"", "help", "picocli.CommandLine$HelpCommand"},
            {"", "demo", "it.c2du.cli.dev.DemoCommand"},
            {"", "bench", "it.c2du.cli.dev.BenchCommand"},
            {"", "bench-commit", "it.c2du.cli.dev.BenchCommitCommand"},
            {"", "platform-sim", "it.c2du.cli.dev.PlatformSimCommand"},
            {"lab", "run", "it.c2du.cli.dev.LabRunCommand"}};

    /** "du 0.1.0 (commit 96dbf56a1b), receive profile C2P-1": the build (BuildVersion) and the profile it implements. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"du " + BuildVersion.current() + ", receive profile C2P-1"};
        }
    }
}
