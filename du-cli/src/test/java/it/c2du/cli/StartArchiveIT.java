package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up archive (AppCDS) as the .deb's launcher and ./du make and use it, with the real
 * jars and java (failsafe, after packaging): commands print exactly what they print without it,
 * nothing more, whether the archive is fresh, stale (a new jar) or cannot be made.
 */
class StartArchiveIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path PACKAGING = Path.of("..", "packaging").toAbsolutePath().normalize();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
    }

    private static Run run(List<String> cmd, Map<String, String> env, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DU_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), cmd.toString());
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** c2du with the built du.jar (a copy, so that it can be made stale), this java, the package's defaults. */
    private Run c2du(Path jar, Path archive, Map<String, String> more, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", PACKAGING.resolve("c2du").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new java.util.HashMap<>(Map.of("DU_JAR", jar.toString(), "DU_JAVA", JAVA,
                "DU_DEFAULTS", PACKAGING.resolve("default").toString(), "DU_ARCHIVE", archive.toString()));
        env.putAll(more);
        return run(cmd, env, tmp);
    }

    @Test
    void theLaunchersArchiveIsUsedAndAStaleOneChangesNoOutput() throws Exception {
        Path jar = Files.copy(TARGET.resolve("du.jar"), tmp.resolve("du.jar"));
        Path archive = tmp.resolve("du.jsa");
        Path cfg = Files.writeString(tmp.resolve("du.properties"), CdsTraining.CONFIG);
        String frame = CdsTraining.TRACE.lines().findFirst().orElseThrow().split(" ")[1];
        String[][] commands = {{"decode", "--config", cfg.toString(), frame}, {"counters", "--state", tmp.resolve("none").toString()},
                {"decode", "--config", cfg.toString(), "0x12"}, {"--version"}};
        List<Run> without = new ArrayList<>();
        for (String[] c : commands) {
            without.add(c2du(jar, tmp.resolve("missing.jsa"), Map.of(), c));
        }
        assertEquals(0, without.get(0).status(), without.get(0).err());
        assertTrue(without.get(0).out().contains("verdict   accepted"), without.get(0).out());
        assertEquals(3, without.get(1).status(), "no state directory: " + without.get(1));
        assertEquals(2, without.get(2).status(), "a frame that is not one: " + without.get(2));

        Run training = c2du(jar, archive, Map.of("DU_ARCHIVE_TRAINING", archive.toString()));
        assertEquals(new Run(0, "", ""), training, "the training is silent");
        assertFalse(Files.exists(Path.of(archive + ".classlist")), "the class list is removed");
        assertTrue(Files.size(archive) > 1_000_000, "an archive: " + Files.size(archive));

        Path classes = tmp.resolve("classes.log");
        Run used = c2du(jar, archive, Map.of("DU_JAVA_OPTS", "-Xshare:on -Xlog:class+load:file=" + classes), commands[0]);
        assertEquals(without.get(0), used, "with the archive");
        String log = Files.readString(classes);
        assertTrue(log.contains("it.c2du.cli.DecodeCommand source: shared objects file"), "decode's classes come from the archive");
        assertTrue(log.contains("picocli.CommandLine source: shared objects file"), "and picocli's (Java 5 bytecode)");
        assertFalse(log.contains("ch.qos.logback"), "du decode logs nothing: no logback");
        assertFalse(log.contains("it.c2du.cli.RunCommand"), "du decode builds no other command");
        for (int i = 0; i < commands.length; i++) {
            assertEquals(without.get(i), c2du(jar, archive, Map.of(), commands[i]), "fresh archive: " + String.join(" ", commands[i]));
        }
        // A new jar (an upgrade before postinst made the archive again): the JVM ignores the archive, silently.
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 2000));
        for (int i = 0; i < commands.length; i++) {
            assertEquals(without.get(i), c2du(jar, archive, Map.of(), commands[i]), "stale archive: " + String.join(" ", commands[i]));
        }
    }

    /** A checkout holding the ./du script and a built du-dev.jar, newer than any source (so ./du does not build). */
    private Path checkout() throws Exception {
        Path root = tmp.resolve("checkout");
        Files.createDirectories(root.resolve("du-cli/target"));
        Path du = Files.copy(PACKAGING.getParent().resolve("du"), root.resolve("du"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.setPosixFilePermissions(du, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(TARGET.resolve("du-dev.jar"), root.resolve("du-cli/target/du-dev.jar"));
        return root;
    }

    @Test
    void dotDuMakesItsArchiveQuietlyAndAgainForANewJar() throws Exception {
        Path root = checkout();
        Path archive = root.resolve("du-cli/target/du-dev.jsa");
        Map<String, String> path = Map.of("PATH", Path.of(JAVA).getParent() + ":/usr/bin:/bin");
        String version = "du " + BuildVersion.current() + ", receive profile C2P-1\n";
        assertEquals(new Run(0, version, ""), run(List.of("./du", "--version"), path, root), "first use: makes the archive");
        assertTrue(Files.isRegularFile(archive));
        long made = Files.getLastModifiedTime(archive).toMillis();
        assertEquals(new Run(0, version, ""), run(List.of("./du", "--version"), path, root), "with it");
        assertEquals(made, Files.getLastModifiedTime(archive).toMillis(), "an archive newer than the jar is kept");
        Path jar = root.resolve("du-cli/target/du-dev.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(made + 2000));
        assertEquals(new Run(0, version, ""), run(List.of("./du", "--version"), path, root), "a new jar");
        assertTrue(Files.getLastModifiedTime(archive).toMillis() > made, "made again for the new jar");
        try (var files = Files.list(root.resolve("du-cli/target"))) {
            assertEquals(List.of("du-dev.jar", "du-dev.jsa"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no temporary file left");
        }
    }

    @Test
    void dotDuRunsTheCommandWhenTheArchiveCannotBeMade() throws Exception {
        Path root = checkout();
        // A java that cannot write archives (e.g. a JDK without CDS): the command still runs, and says nothing of it.
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in -Xshare:dump) echo 'no CDS here' >&2; exit 1;; esac; done\n"
                + "exec " + JAVA + " \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> path = Map.of("PATH", bin + ":/usr/bin:/bin");
        String version = "du " + BuildVersion.current() + ", receive profile C2P-1\n";
        assertEquals(new Run(0, version, ""), run(List.of("./du", "--version"), path, root));
        assertFalse(Files.exists(root.resolve("du-cli/target/du-dev.jsa")));
        Run bad = run(List.of("./du", "counters", "--state", tmp.resolve("none").toString()), path, root);
        assertEquals(3, bad.status(), bad.toString());
        assertEquals("", bad.out());
        try (var files = Files.list(root.resolve("du-cli/target"))) {
            assertEquals(List.of("du-dev.jar"), files.map(f -> f.getFileName().toString()).toList(), "no temporary file left");
        }
    }
}
