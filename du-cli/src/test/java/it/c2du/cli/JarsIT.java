package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The two jars the package phase makes (run by failsafe, after them): du.jar, which the .deb
 * puts on a DU, carries none of the developer's tools and nothing only they need; du-dev.jar,
 * which ./du runs in a checkout, carries everything.
 */
class JarsIT {
    private static final Path TARGET = Path.of("target");
    private static final List<String> DEVELOPER_ONLY = List.of("io/moquette/", "org/h2/", "it/c2du/lab/",
            "it/c2du/cli/dev/", "it/c2du/cli/demo/", "it/c2du/cli/bench/", "org/openjdk/jmh/");

    @Test
    void theDusJarHasNoBrokerNoLabAndNoDeveloperCommands() throws Exception {
        List<String> entries = entries(TARGET.resolve("du.jar"));
        for (String prefix : DEVELOPER_ONLY) {
            assertTrue(entries.stream().noneMatch(e -> e.startsWith(prefix)), "du.jar carries " + prefix);
        }
        assertTrue(entries.contains("it/c2du/cli/DuCommand.class"));
        assertTrue(entries.contains("it/c2du/plc/ModemSupervisor.class"), "the receiver's own classes are in");
        assertTrue(entries.stream().anyMatch(e -> e.startsWith("com/hivemq/")), "the platform upload's client is in");
        assertTrue(entries.contains("home/status.html") && entries.contains("it/c2du/cli/home/StatusServer.class"),
                "the status page is a DU feature: in du.jar");
    }

    @Test
    void theCopyrightFileNamesTheLicenseOfEveryLibraryInTheDusJar() throws Exception {
        // Files: patterns of packaging/copyright other than "*" (the receiver's own: it/c2du/, logback.xml).
        List<String> patterns = PackagingTest.copyrightParagraphs().stream().filter(p -> p.containsKey("Files"))
                .flatMap(p -> List.of(p.get("Files").split("\\s+")).stream()).filter(f -> !f.equals("*")).toList();
        // The receiver's own resources (the status page, the example layout...) are the project's, as its classes.
        List<String> ownResources;
        try (var dirs = Files.list(Path.of("src", "main", "resources"))) {
            ownResources = dirs.filter(Files::isDirectory).map(d -> d.getFileName() + "/").toList();
        }
        List<String> uncovered = entries(TARGET.resolve("du.jar")).stream()
                .filter(e -> !e.endsWith("/") && !e.startsWith("META-INF/") && !e.startsWith("it/c2du/") && e.contains("/"))
                .filter(e -> ownResources.stream().noneMatch(e::startsWith))
                .filter(e -> patterns.stream().noneMatch(f -> e.startsWith(f.substring(0, f.length() - 1))))
                .map(e -> e.substring(0, e.lastIndexOf('/') + 1)).distinct().toList();
        assertEquals(List.of(), uncovered, "du.jar carries libraries packaging/copyright does not name");
        for (String f : patterns) {
            assertTrue(f.endsWith("/*"), "a directory of du.jar: " + f);
            assertTrue(entries(TARGET.resolve("du.jar")).stream().anyMatch(e -> e.startsWith(f.substring(0, f.length() - 1))),
                    "packaging/copyright names " + f + ", which du.jar does not carry");
        }
    }

    @Test
    void theDevelopersJarHasEverything() throws Exception {
        List<String> entries = entries(TARGET.resolve("du-dev.jar"));
        for (String prefix : List.of("io/moquette/", "it/c2du/lab/", "it/c2du/cli/dev/", "it/c2du/cli/demo/",
                "home/status.html", "it/c2du/cli/home/")) {
            assertTrue(entries.stream().anyMatch(e -> e.startsWith(prefix)), "du-dev.jar lacks " + prefix);
        }
    }

    @Test
    void theDusJarRunsItsCommandsAndListsNoDeveloperCommand() throws Exception {
        String help = run(TARGET.resolve("du.jar"), "--help");
        for (String c : List.of("replay", "decode", "counters", "export", "run", "config", "capture", "lab", "publish", "fleet", "diagnose", "report")) {
            assertTrue(help.contains("\n  " + c + " "), "du.jar lists " + c + ":\n" + help);
        }
        for (String c : List.of("demo", "bench", "bench-commit", "platform-sim")) {
            assertFalse(help.contains("\n  " + c + " "), "du.jar lists " + c + ":\n" + help);
        }
        assertFalse(run(TARGET.resolve("du.jar"), "lab", "--help").contains("\n  run "), "du lab run is a developer's command");
        String dev = run(TARGET.resolve("du-dev.jar"), "--help");
        for (String c : List.of("demo", "bench", "platform-sim")) {
            assertTrue(dev.contains("\n  " + c + " "), "du-dev.jar lists " + c + ":\n" + dev);
        }
        assertTrue(run(TARGET.resolve("du-dev.jar"), "lab", "--help").contains("\n  run "));
    }

    @Test
    void theDusJarReplaysTheVectorsWithEitherEngine(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path vectors = Path.of("..", "testvectors");
        String expected = Files.readString(vectors.resolve("vectors.summary.json"));
        for (String engine : List.of("jdk", "bc")) {
            Path cfg = dir.resolve(engine + ".properties");
            Files.writeString(cfg, Files.readString(vectors.resolve("vectors.properties")) + "\ncrypto.engine = " + engine + "\n");
            String out = run(TARGET.resolve("du.jar"), "replay", "--config", cfg.toString(), "--trace",
                    vectors.resolve("vectors.trace").toString(), "--json");
            assertEquals(it.c2du.core.json.Json.parse(expected), it.c2du.core.json.Json.parse(out),
                    engine + ": the summary of the vectors");
        }
    }

    @Test
    void bothJarsSayTheBuildsVersionAndCommitInTheManifestAndInVersion() throws Exception {
        BuildVersion build = BuildVersion.current();
        for (String name : List.of("du.jar", "du-dev.jar")) {
            try (JarFile j = new JarFile(TARGET.resolve(name).toFile())) {
                java.util.jar.Attributes main = j.getManifest().getMainAttributes();
                assertEquals(build.version(), main.getValue("Implementation-Version"), name);
                assertEquals(build.commit(), main.getValue("Build-Commit"), name);
            }
            assertEquals("du " + build + ", receive profile C2P-1\n", run(TARGET.resolve(name), "--version"), name);
            assertEquals("du " + build + ", receive profile C2P-1\n", run(TARGET.resolve(name), "run", "-V"), name);
        }
    }

    @Test
    void theDusJarLogsToStderrInTheCommandsStyleWithoutXml(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // ConsoleLogConfigurator (not logback.xml): warn and above, "du: warning: ...", DU_LOG_LEVEL lowers it
        Path source = Files.writeString(dir.resolve("Logs.java"), "public class Logs { public static void main(String[] a) {"
                + " org.slf4j.Logger l = org.slf4j.LoggerFactory.getLogger(\"it.c2du.x\");"
                + " l.debug(\"d\"); l.info(\"i {}\", 1); l.warn(\"w {}\", 2); l.error(\"e\"); } }");
        for (String level : new String[] {null, "info"}) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xlog:class+load:file=" + dir.resolve("classes.log"), "-cp", TARGET.resolve("du.jar").toString(), source.toString());
            pb.environment().remove("DU_LOG_LEVEL");
            if (level != null) {
                pb.environment().put("DU_LOG_LEVEL", level);
            }
            pb.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
            assertEquals(0, pb.start().waitFor());
            assertEquals("", Files.readString(dir.resolve("out")));
            assertEquals((level == null ? "" : "du: info: i 1\n") + "du: warning: w 2\ndu: error: e\n", Files.readString(dir.resolve("err")));
            String classes = Files.readString(dir.resolve("classes.log"));
            assertTrue(classes.contains("it.c2du.cli.text.ConsoleLogConfigurator"), "configured in code");
            assertFalse(classes.contains("ch.qos.logback.classic.joran") || classes.contains("org.xml.sax"), "no XML read");
        }
    }

    private static List<String> entries(Path jar) throws Exception {
        assertTrue(Files.isRegularFile(jar), jar + " is made by the package phase");
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream().map(java.util.zip.ZipEntry::getName).collect(Collectors.toList());
        }
    }

    private static String run(Path jar, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = r.lines().collect(Collectors.joining("\n", "", "\n"));
        }
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
