package it.c2du.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The bash completion script and the man page of the command the .deb installs: du.jar's commands
 * (the DU's, not the developer's of it.c2du.cli.dev), typed as the launcher {@code c2du}. The files
 * are kept in packaging/ (the .deb is built without running Java of ours at package time);
 * InstalledCommandDocsTest regenerates them from the command model and fails when they differ.
 */
final class InstalledCommandDocs {
    /** What the user types on the Pi (packaging/c2du, /usr/bin/c2du): /usr/bin/du is coreutils'. */
    static final String COMMAND = "c2du";
    /** The package of the developer's commands, which du.jar leaves out (du-cli/pom.xml, DuCommand). */
    static final String DEVELOPER_PACKAGE = "it.c2du.cli.dev";

    private InstalledCommandDocs() {
    }

    /**
     * du.jar's command line, named c2du. The tests' class path has the developer's commands too:
     * they are taken out again, so the result does not depend on where it is generated.
     */
    static CommandLine installedCommandLine() {
        CommandLine cl = DuCommand.commandLine();
        cl.setCommandName(COMMAND);
        removeDeveloperCommands(cl);
        return cl;
    }

    private static void removeDeveloperCommands(CommandLine cl) {
        for (String name : List.copyOf(cl.getSubcommands().keySet())) {
            CommandLine sub = cl.getSubcommands().get(name);
            if (sub == null) {
                continue; // an alias of one already removed
            }
            if (sub.getCommandSpec().userObject().getClass().getPackageName().equals(DEVELOPER_PACKAGE)) {
                cl.getCommandSpec().removeSubcommand(name);
            } else {
                removeDeveloperCommands(sub);
            }
        }
    }

    /** The bash completion script (picocli's AutoComplete), for /usr/share/bash-completion/completions/c2du. */
    static String bashCompletion() {
        return AutoComplete.bash(COMMAND, installedCommandLine());
    }

    /** The man page c2du(1), in roff (man(7) macros): every command with its arguments and options. */
    static String manPage() {
        CommandLine cl = installedCommandLine();
        CommandSpec root = cl.getCommandSpec();
        StringBuilder m = new StringBuilder();
        m.append(".\\\" Generated from du's command model by du-cli's InstalledCommandDocs; do not edit.\n");
        m.append(".TH C2DU 1 \"\" \"c2du\" \"User Commands\"\n");
        m.append(".SH NAME\n").append(COMMAND).append(" \\- ").append(text(String.join(" ", root.usageMessage().description())))
                .append('\n');
        m.append(".SH SYNOPSIS\n");
        m.append(".B ").append(COMMAND).append("\n.RI [ OPTIONS ] \" \" COMMAND \" \" [ ARGUMENTS ]\n");
        m.append(".SH DESCRIPTION\n");
        m.append("The \\fBdu\\fR command of the Chain 2 DU receiver, as the \\fBc2du\\fR package installs it: ")
                .append("it is called \\fBc2du\\fR because \\fI/usr/bin/du\\fR is the disk usage command of coreutils. ")
                .append("The \\fBdu\\fR systemd service runs \\fBc2du run\\fR.\n");
        m.append(".PP\nThe JVM options are those of \\fBDU_JAVA_OPTS\\fR, from the environment or ")
                .append("\\fI/etc/default/du\\fR.\n");
        m.append(".SH OPTIONS\n");
        options(m, root);
        m.append(".SH COMMANDS\n");
        for (CommandLine sub : cl.getSubcommands().values()) {
            command(m, sub.getCommandSpec());
        }
        m.append(".SH EXIT STATUS\n");
        exit(m, "0", "success");
        exit(m, "1", "an internal error");
        exit(m, String.valueOf(ExitStatus.BAD_INPUT), "bad input: a configuration value, a trace line, an argument");
        exit(m, String.valueOf(ExitStatus.STATE), "the state directory cannot be used: locked, damaged in both copies, newer, unwritable");
        exit(m, String.valueOf(ExitStatus.DEVICE), "the modem's serial port cannot be opened, or the modem does not answer at start");
        exit(m, String.valueOf(ExitStatus.UNSENT), "(publish) days are still to send");
        m.append(".SH FILES\n");
        file(m, "/etc/default/du", "the service's settings (DU_CONFIG, DU_PORT, DU_JAVA_OPTS, ...), read by systemd and by c2du");
        file(m, "/etc/du/du.properties", "the receiver's configuration; an example is /etc/du/du.properties.example");
        file(m, "/var/lib/du", "the service's state: the counters and their profiles");
        file(m, "/usr/share/c2du/du.jar", "the program");
        file(m, "/var/cache/c2du/du.jsa", "the start-up archive (AppCDS) for the installed du.jar and java, made by the"
                + " package's installation and after each JDK update; c2du uses it for every command but run");
        m.append(".SH SEE ALSO\n");
        m.append("\\fI/usr/share/doc/c2du/raspberry-pi.md\\fR (installation and operation on the Pi), ")
                .append("\\fI/usr/share/doc/c2du/operations.md\\fR, \\fI/usr/share/doc/c2du/platform.md\\fR, ")
                .append("\\fBsystemctl\\fR(1), \\fBjournalctl\\fR(1)\n");
        return m.toString();
    }

    private static void command(StringBuilder m, CommandSpec spec) {
        if (spec.usageMessage().hidden()) {
            return;
        }
        m.append(".SS \"").append(text(spec.qualifiedName())).append("\"\n");
        String synopsis = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .synopsis(0).strip();
        m.append(".nf\n").append(text(synopsis)).append("\n.fi\n");
        m.append(".PP\n").append(text(String.join(" ", spec.usageMessage().description()))).append('\n');
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                m.append(".TP\n\\fI").append(text(p.paramLabel())).append("\\fR\n")
                        .append(text(String.join(" ", p.description()))).append('\n');
            }
        }
        options(m, spec);
        for (CommandLine sub : spec.subcommands().values()) {
            if (sub.getCommandSpec().parent() == spec && sub.getCommandName().equals(sub.getCommandSpec().name())) {
                command(m, sub.getCommandSpec());
            }
        }
    }

    private static void options(StringBuilder m, CommandSpec spec) {
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            for (String n : o.names()) {
                names.add("\\fB" + text(n) + "\\fR");
            }
            m.append(".TP\n").append(String.join(", ", names));
            if (o.arity().max() > 0) {
                m.append("=\\fI").append(text(o.paramLabel())).append("\\fR");
            }
            m.append('\n').append(text(String.join(" ", o.description()))).append('\n');
        }
    }

    private static void exit(StringBuilder m, String status, String meaning) {
        m.append(".TP\n\\fB").append(status).append("\\fR\n").append(text(meaning)).append('\n');
    }

    private static void file(StringBuilder m, String path, String what) {
        m.append(".TP\n\\fI").append(text(path)).append("\\fR\n").append(text(what)).append('\n');
    }

    /**
     * Plain text as roff: a backslash is roff's escape, '-' is a hyphen unless written \-, and a
     * line starting with '.' or '\'' would be read as a request. picocli's %n is a line break.
     */
    static String text(String s) {
        String t = s.replace("%n", "\n").replace("%%", "%")
                .replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : t.split("\n", -1)) {
            String l = line.strip();
            if (l.startsWith(".") || l.startsWith("'")) {
                l = "\\&" + l;
            }
            if (out.length() > 0) {
                out.append("\n.br\n");
            }
            out.append(l);
        }
        return out.toString();
    }
}
