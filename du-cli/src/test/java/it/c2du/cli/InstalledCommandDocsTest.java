package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The completion script and man page in packaging/, which the .deb installs, are what
 * InstalledCommandDocs makes from du.jar's command model now: a command or option added, renamed
 * or described anew fails here until they are regenerated.
 */
class InstalledCommandDocsTest {
    private static final Path PACKAGING = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath().getParent().resolve("packaging");
    static final Path COMPLETION = PACKAGING.resolve("c2du.bash-completion");
    static final Path MAN = PACKAGING.resolve("c2du.1");
    static final Path MAN_GZ = PACKAGING.resolve("c2du.1.gz");
    /** Set (-Dc2du.regenerate=true) to write the files instead of comparing them. */
    private static final boolean REGENERATE = Boolean.getBoolean("c2du.regenerate");
    private static final String HOW = "regenerate them: mvn -B -q -pl du-cli -am test -Dtest=InstalledCommandDocsTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dc2du.regenerate=true, and commit packaging/";

    @Test
    void theCompletionScriptAndManPageInPackagingAreGeneratedFromTheInstalledCommands() throws Exception {
        String completion = InstalledCommandDocs.bashCompletion();
        String man = InstalledCommandDocs.manPage();
        if (REGENERATE) {
            Files.writeString(COMPLETION, completion);
            Files.writeString(MAN, man);
            Files.write(MAN_GZ, gzip9(man.getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals(completion, Files.readString(COMPLETION), COMPLETION + " is stale: " + HOW);
        assertEquals(man, Files.readString(MAN), MAN + " is stale: " + HOW);
        assertEquals(man, new String(gunzip(Files.readAllBytes(MAN_GZ)), StandardCharsets.UTF_8), MAN_GZ + " is not " + MAN + ": " + HOW);
        assertReproducibleGzip(MAN_GZ);
    }

    @Test
    void theInstalledCommandsAreDuJarsWithoutTheDevelopersAndCalledC2du() {
        CommandLine cl = InstalledCommandDocs.installedCommandLine();
        assertEquals("c2du", cl.getCommandName());
        Set<String> all = new TreeSet<>();
        names(cl, "", all);
        // The DU's commands, as JarsIT finds them in du.jar's help.
        assertTrue(all.containsAll(List.of("run", "counters", "config", "config check", "capture", "modem", "publish", "lab")), all.toString());
        for (String dev : List.of("demo", "bench", "bench-commit", "platform-sim", "lab run")) {
            assertFalse(all.contains(dev), dev + " is a developer's command, not in du.jar: " + all);
        }
        // The full command line, which the tests' class path has, is left as it was.
        assertTrue(DuCommand.commandLine().getSubcommands().containsKey("demo"));
    }

    private static void names(CommandLine cl, String prefix, Set<String> out) {
        cl.getSubcommands().forEach((name, sub) -> {
            out.add(prefix + name);
            names(sub, prefix + name + " ", out);
        });
    }

    @Test
    void bashCompletesTheInstalledCommandsAndTheirOptions() throws Exception {
        assertEquals(List.of("run"), complete("c2du", "ru"));
        assertEquals(List.of("check"), complete("c2du", "config", "ch"));
        assertTrue(complete("c2du", "run", "--").containsAll(List.of("--config", "--port", "--state")),
                complete("c2du", "run", "--").toString());
        assertEquals(List.of(), complete("c2du", "dem"), "no developer's command on the Pi");
    }

    /** What bash offers for the last word, with the packaged script loaded as bash-completion would. */
    private static List<String> complete(String... words) throws Exception {
        String script = "source \"$1\"\n"
                + "COMP_WORDS=(" + String.join(" ", words) + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"\nCOMP_POINT=${#COMP_LINE}\n"
                + "_complete_c2du c2du \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", script, "bash", COMPLETION.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).sorted().distinct().toList();
    }

    @Test
    void theManPageIsRoffWithEveryInstalledCommandAndTheCommandsOptions() throws Exception {
        String man = Files.readString(MAN);
        assertTrue(man.contains("\n.TH C2DU 1 "), "a section 1 man page");
        for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "EXIT STATUS", "FILES", "SEE ALSO")) {
            assertTrue(man.contains("\n.SH " + section + "\n"), section);
        }
        assertTrue(man.contains(".SH NAME\nc2du \\- "), "whatis(1) reads NAME as 'name \\- description'");
        for (String command : List.of("c2du run", "c2du counters", "c2du config check", "c2du publish")) {
            assertTrue(man.contains("\n.SS \"" + InstalledCommandDocs.text(command) + "\"\n"), command);
        }
        assertTrue(man.contains("\\fB\\-\\-state\\fR=\\fI"), "du run's --state and its value");
        assertFalse(man.contains("platform\\-sim") || man.contains("\"c2du demo\""), "no developer's command");
        assertFalse(man.contains("clock\\-file"), "hidden options stay hidden");
        for (String line : man.split("\n")) {
            assertFalse(line.startsWith("'") || (line.startsWith(".") && !line.matches("\\.(\\\\\"|TH|SH|SS|TP|PP|B|RI|nf|fi|br)( .*)?")),
                    "text read as a roff request: " + line);
        }
    }

    static byte[] gzip9(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // gzip -9n: best compression (what Debian expects of man pages and changelogs); Java writes
        // neither a file name nor a time into the header, so it is reproducible like -n.
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** No file name (FNAME flag) and no time in the header: the same input makes the same package. */
    static void assertReproducibleGzip(Path gz) throws IOException {
        byte[] b = Files.readAllBytes(gz);
        assertEquals(0x1f, b[0] & 0xff, gz + " is not gzip");
        assertEquals(0x8b, b[1] & 0xff, gz + " is not gzip");
        assertEquals(0, b[3] & 0x08, gz + " names its source file (gzip -n leaves it out)");
        assertEquals(0, (b[4] | b[5] | b[6] | b[7]) & 0xff, gz + " carries a time (gzip -n leaves it out)");
    }
}
