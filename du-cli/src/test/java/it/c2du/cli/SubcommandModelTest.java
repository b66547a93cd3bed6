package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * du builds only the subcommand its first argument names (start-up, docs/performance.md): every
 * command must still print the same help, errors and version, with the same exit status, as with
 * the model of all commands.
 */
class SubcommandModelTest {

    /** Runs {@code args} on a model: status, stdout, stderr. */
    private static CliRun run(CommandLine model, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = DuCommand.execute(model, args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new CliRun(status, out.toString(), err.toString());
    }

    @Test
    void everyCommandAnswersHelpErrorsAndVersionAsTheFullModelDoes() {
        List<List<String>> cases = new ArrayList<>();
        // du itself: the list of commands, its errors and a misspelt command (picocli suggests names from the full list)
        for (List<String> a : List.of(List.<String>of(), List.of("--help"), List.of("-h"), List.of("--version"), List.of("help"),
                List.of("help", "decode"), List.of("help", "modem", "scan"), List.of("decod"), List.of("--bogus"),
                List.of("decode", "--config"), List.of("decode", "--config", "/nonexistent/du.properties", "00"),
                List.of("counters", "--state", "/nonexistent/state"), List.of("replay", "--config"))) {
            cases.add(a);
        }
        List<CommandSpec> commands = new ArrayList<>();
        walk(DuCommand.commandLine(), commands);
        assertTrue(commands.size() > 25, "the commands: " + commands.size());
        for (CommandSpec c : commands) {
            List<String> path = path(c);
            for (String extra : List.of("--help", "-h", "-V", "--bogus-option", "stray-argument")) {
                List<String> a = new ArrayList<>(path);
                a.add(extra);
                cases.add(a);
            }
            // With no arguments a command either reports what is missing (exit 2), lists its own
            // subcommands, or runs: only the first two are safe to run here (no demo, bench, lab plan).
            if (!c.subcommands().isEmpty() || c.requiredArgs().stream().anyMatch(x -> !x.isOption() || x.required())) {
                cases.add(path);
            }
        }
        int compared = 0;
        for (List<String> a : cases) {
            CliRun full = run(DuCommand.commandLine(), a);
            CliRun slim = run(DuCommand.commandLine(a.toArray(String[]::new)), a);
            assertEquals(full, slim, "du " + String.join(" ", a));
            compared++;
        }
        assertTrue(compared > 150, "compared " + compared);
    }

    @Test
    void aNamedCommandBuildsOnlyItsOwnSubtree() {
        CommandLine decode = DuCommand.commandLine(new String[] {"decode", "--help"});
        assertEquals(List.of("decode"), List.copyOf(decode.getSubcommands().keySet()));
        CommandLine lab = DuCommand.commandLine(new String[] {"lab", "run"});
        assertEquals(List.of("lab"), List.copyOf(lab.getSubcommands().keySet()));
        assertEquals(DuCommand.commandLine().getSubcommands().get("lab").getSubcommands().keySet(),
                lab.getSubcommands().get("lab").getSubcommands().keySet(), "du lab keeps its developer's subcommand");
        // help, options and unknown names need the list of every command
        int all = DuCommand.commandLine().getSubcommands().size();
        for (String[] a : new String[][] {{}, {"help", "decode"}, {"--help"}, {"decod"}, {"-V"}}) {
            assertEquals(all, DuCommand.commandLine(a).getSubcommands().size(), String.join(" ", a));
        }
        assertNotEquals(1, all);
    }

    @Test
    void theTableNamesEachClassByItsCommandName() throws Exception {
        Map<String, CommandLine> top = DuCommand.commandLine().getSubcommands();
        for (String[] c : DuCommand.COMMANDS) {
            Class<?> k = Class.forName(c[2]);
            CommandLine.Command annotation = k.getAnnotation(CommandLine.Command.class);
            assertEquals(c[1], annotation.name(), c[2]);
            CommandLine built = c[0].isEmpty() ? top.get(c[1]) : top.get(c[0]).getSubcommands().get(c[1]);
            assertSame(k, built.getCommand().getClass(), String.join(" ", c));
        }
        assertEquals(DuCommand.COMMANDS.length - 1, top.size(), "every top-level command of the table is built, once");
        assertFalse(top.containsKey(""));
    }

    private static void walk(CommandLine cl, List<CommandSpec> out) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help")) {
                out.add(sub.getCommandSpec());
            }
            walk(sub, out);
        }
    }

    private static List<String> path(CommandSpec c) {
        List<String> p = new ArrayList<>();
        for (CommandSpec s = c; s.parent() != null; s = s.parent()) {
            p.add(0, s.name());
        }
        return p;
    }
}
