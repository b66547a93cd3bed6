package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code du --version}, and {@code -V} of every command (each one's help offers it), print the
 * version and commit the build was made from: a report or a log must say which build made it.
 */
class VersionTest {
    private static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath().getParent();

    /** The commit of this checkout, as the build took it; "unknown" outside a git checkout. */
    private static String checkoutCommit() throws Exception {
        try {
            Process p = new ProcessBuilder("git", "-C", ROOT.toString(), "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            return p.exitValue() == 0 ? out : "unknown";
        } catch (java.io.IOException noGit) {
            return "unknown";
        }
    }

    private static String pomVersion() throws Exception {
        Matcher m = Pattern.compile("<artifactId>du-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(m.find(), "the parent pom's version");
        return m.group(1);
    }

    @Test
    void duVersionNamesTheBuildsVersionAndCommit() throws Exception {
        CliRun v = CliRun.of("--version");
        assertEquals(0, v.status(), v.err());
        String commit = checkoutCommit();
        BuildVersion build = BuildVersion.current();
        assertEquals(pomVersion(), build.version());
        assertTrue(commit.equals("unknown") ? build.commit().equals("unknown")
                : build.commit().length() >= 7 && commit.startsWith(build.commit()), build + " vs HEAD " + commit);
        assertEquals("du " + build.version() + " (commit " + build.commit() + "), receive profile C2P-1\n", v.out());
    }

    @Test
    void everyCommandsVersionOptionPrintsTheVersion() {
        String expected = CliRun.of("--version").out();
        List<List<String>> paths = new ArrayList<>();
        commands(DuCommand.commandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() > 10, paths.toString());
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("-V");
            CliRun v = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, v.status(), args + ": " + v.err());
            assertEquals(expected, v.out(), String.join(" ", args));
        }
    }

    /** The name path of each command under {@code cl} that offers --version. */
    private static void commands(CommandLine cl, List<String> path, List<List<String>> out) {
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            if (e.getValue().getCommandSpec().findOption("--version") != null) {
                out.add(p);
            }
            commands(e.getValue(), p, out);
        }
    }
}
