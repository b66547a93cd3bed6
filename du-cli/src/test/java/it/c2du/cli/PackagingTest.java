package it.c2du.cli;

import it.c2du.cli.bench.ChildJvm;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The Raspberry Pi packaging (packaging/ at the repository root, the jdeb mapping in du-cli's pom)
 * holds together: the unit starts the launcher the package installs, with options {@code du run}
 * has, as the user the maintainer scripts create, on the state directory they keep and purge; the
 * hardening leaves the serial devices and the JIT alone; the launcher runs the installed jar with
 * the JVM options of /etc/default/du, and this JVM accepts them. When the build has made the .deb
 * from the current sources, its contents are exactly the mapping.
 */
class PackagingTest {
    private static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .toAbsolutePath();
    private static final Path ROOT = MODULE.getParent();
    private static final Path PACKAGING = ROOT.resolve("packaging");

    /** What the package installs, from the pom: installed path -> mapping. */
    record Entry(Path src, String path, String mode, boolean conffile) {
    }

    @TempDir
    Path tmp;

    // ---- the pom's jdeb mapping ----------------------------------------------------------------

    static Map<String, Entry> mapping() throws Exception {
        Element jdeb = plugin("jdeb");
        Map<String, Entry> out = new TreeMap<>();
        NodeList data = jdeb.getElementsByTagName("data");
        for (int i = 0; i < data.getLength(); i++) {
            Element d = (Element) data.item(i);
            Path src = Path.of(resolve(text(d, "src")));
            Element mapper = (Element) d.getElementsByTagName("mapper").item(0);
            String dst = Optional.ofNullable(text(d, "dst")).orElse(src.getFileName().toString());
            String path = text(mapper, "prefix") + "/" + dst;
            Entry e = new Entry(src, path, Optional.ofNullable(text(mapper, "filemode")).orElse("644"),
                    "true".equals(text(d, "conffile")));
            assertTrue(out.put(path, e) == null, "installed twice: " + path);
        }
        return out;
    }

    private static Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(MODULE.resolve("pom.xml").toFile());
    }

    private static List<Element> plugins() throws Exception {
        Element build = (Element) pom().getDocumentElement().getElementsByTagName("build").item(0);
        Element plugins = (Element) build.getElementsByTagName("plugins").item(0);
        List<Element> out = new ArrayList<>();
        for (Node n = plugins.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("plugin")) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element plugin(String artifactId) throws Exception {
        return plugins().stream().filter(p -> artifactId.equals(text(p, "artifactId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + artifactId + " plugin in du-cli/pom.xml"));
    }

    private static String text(Element e, String tag) {
        NodeList l = e.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }

    private static String resolve(String s) {
        return s.replace("${project.basedir}", MODULE.toString())
                .replace("${project.build.directory}", MODULE.resolve("target").toString());
    }

    @Test
    void theDebInstallsTheJarLauncherUnitSettingsAndDocsAndMarksEtcAsConffiles() throws Exception {
        Map<String, Entry> m = mapping();
        for (String p : List.of("/usr/share/c2du/du.jar", "/usr/bin/c2du", "/lib/systemd/system/du.service",
                "/etc/default/du", "/etc/du/du.properties.example", "/usr/share/c2du/examples/99-du-modem.rules",
                "/usr/share/doc/c2du/raspberry-pi.md", "/usr/share/doc/c2du/platform.md",
                "/usr/share/doc/c2du/performance.md")) {
            assertTrue(m.containsKey(p), p + " is not in the jdeb mapping: " + m.keySet());
        }
        // /usr/bin/du is coreutils' disk usage: dpkg would refuse to overwrite it.
        assertFalse(m.containsKey("/usr/bin/du"), "the launcher must not be /usr/bin/du");
        assertEquals("755", m.get("/usr/bin/c2du").mode(), "the launcher is executable");
        assertEquals(MODULE.resolve("target/du.jar"), m.get("/usr/share/c2du/du.jar").src(), "the shaded jar goes in");
        for (Entry e : m.values()) {
            assertEquals(e.path().startsWith("/etc/"), e.conffile(), e.path() + ": files in /etc, and only they, are conffiles");
            if (!e.src().startsWith(MODULE.resolve("target"))) {
                assertTrue(Files.isRegularFile(e.src()), "mapped source missing: " + e.src());
            }
        }
    }

    @Test
    void theDebInstallsTheManPageCompletionCopyrightChangelogAndDocsWhereDebianLooksForThem() throws Exception {
        Map<String, Entry> m = mapping();
        Map<String, Path> expected = new LinkedHashMap<>();
        expected.put("/usr/share/man/man1/c2du.1.gz", InstalledCommandDocsTest.MAN_GZ);
        expected.put("/usr/share/bash-completion/completions/c2du", InstalledCommandDocsTest.COMPLETION);
        expected.put("/usr/share/doc/c2du/copyright", PACKAGING.resolve("copyright"));
        expected.put("/usr/share/doc/c2du/changelog.Debian.gz", PACKAGING.resolve("changelog.Debian.gz"));
        for (String doc : List.of("README.md", "raspberry-pi.md", "operations.md", "platform.md", "performance.md")) {
            expected.put("/usr/share/doc/c2du/" + doc, doc.equals("README.md") ? ROOT.resolve(doc) : ROOT.resolve("docs").resolve(doc));
        }
        expected.forEach((path, src) -> {
            assertTrue(m.containsKey(path), path + " is not in the jdeb mapping: " + m.keySet());
            assertEquals(src.normalize(), m.get(path).src().normalize(), path);
            assertEquals("644", m.get(path).mode(), path);
        });
    }

    @Test
    void theCopyrightFileIsMachineReadableAndGivesEveryLicenseItNames() throws Exception {
        List<Map<String, String>> paragraphs = copyrightParagraphs();
        assertEquals("https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/", paragraphs.get(0).get("Format"));
        assertEquals("c2du", paragraphs.get(0).get("Upstream-Name"));
        Set<String> given = new TreeSet<>();
        Set<String> named = new TreeSet<>();
        boolean everything = false;
        for (Map<String, String> p : paragraphs.subList(1, paragraphs.size())) {
            String license = p.get("License");
            assertNotNull(license, "a paragraph without License: " + p);
            String shortName = license.lines().findFirst().orElseThrow().trim();
            if (p.containsKey("Files")) {
                assertNotNull(p.get("Copyright"), "Files: " + p.get("Files") + " without Copyright");
                everything |= p.get("Files").equals("*");
                // A license with its text in the Files paragraph needs no paragraph of its own.
                if (license.lines().count() == 1) {
                    named.addAll(List.of(shortName.split(" (or|and) ")));
                }
            } else {
                assertTrue(license.lines().count() > 1, "License: " + shortName + " without its text");
                given.add(shortName);
            }
        }
        assertTrue(everything, "Files: * (the receiver's own) comes first");
        assertEquals(named, given, "each license named, and only they, has its paragraph");
        for (String text : given) {
            String body = paragraphs.stream().filter(p -> p.containsKey("License") && !p.containsKey("Files") && text.equals(p.get("License").lines().findFirst().get().trim()))
                    .findFirst().orElseThrow().get("License");
            Matcher common = Pattern.compile("/usr/share/common-licenses/([A-Za-z0-9+-]+(\\.[0-9]+)?)").matcher(body);
            if (common.find()) {
                assertEquals(text.replace("+", ""), common.group(1), "the common-licenses file of " + text);
            }
        }
        // Which libraries du.jar really carries is JarsIT's to check: it needs the jar.
    }

    /** packaging/copyright's paragraphs (blank-line separated): field -> value, continuation lines joined by \n. */
    static List<Map<String, String>> copyrightParagraphs() throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        for (String para : Files.readString(PACKAGING.resolve("copyright")).split("\n\n")) {
            Map<String, String> fields = new LinkedHashMap<>();
            String key = null;
            for (String l : para.split("\n")) {
                if (l.startsWith(" ") && key != null) {
                    fields.put(key, fields.get(key) + "\n" + l.substring(1));
                } else {
                    assertTrue(l.matches("[A-Za-z-]+: ?.*"), "not a field: " + l);
                    key = l.substring(0, l.indexOf(':'));
                    assertTrue(fields.put(key, l.substring(l.indexOf(':') + 1).trim()) == null, "twice: " + key);
                }
            }
            out.add(fields);
        }
        return out;
    }

    @Test
    void theCompressedChangelogIsTheChangelogAndNamesThePackagesVersion() throws Exception {
        String changelog = Files.readString(PACKAGING.resolve("changelog"));
        Path gz = PACKAGING.resolve("changelog.Debian.gz");
        assertEquals(changelog, new String(InstalledCommandDocsTest.gunzip(Files.readAllBytes(gz)), StandardCharsets.UTF_8),
                gz + " is not packaging/changelog: gzip -9nc packaging/changelog > " + gz);
        InstalledCommandDocsTest.assertReproducibleGzip(gz);
        Matcher head = Pattern.compile("c2du \\(([^)]+)\\) [a-z-]+; urgency=(low|medium|high|emergency|critical)\n").matcher(changelog);
        assertTrue(head.lookingAt(), "dpkg-parsechangelog's first line: " + changelog.lines().findFirst().orElse(""));
        // jdeb's Debian form of the Maven version: 0.1.0-SNAPSHOT -> 0.1.0~snapshot.
        String version = ((Element) pom().getDocumentElement().getElementsByTagName("parent").item(0))
                .getElementsByTagName("version").item(0).getTextContent().trim();
        assertEquals(version.replace('-', '~').toLowerCase(java.util.Locale.ROOT), head.group(1),
                "the newest changelog entry is the version being packaged");
        String trailer = changelog.lines().filter(l -> l.startsWith(" -- ")).findFirst().orElse("");
        assertTrue(trailer.matches(" -- [^<]+ <[^>]+>  [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}"),
                "the entry's trailer: ' -- name <email>  RFC 5322 date': " + trailer);
    }

    @Test
    void jdebRunsInThePackagePhaseAfterTheShadePluginMadeTheJar() throws Exception {
        List<String> order = plugins().stream().map(p -> text(p, "artifactId")).toList();
        assertTrue(order.indexOf("maven-shade-plugin") >= 0 && order.indexOf("maven-shade-plugin") < order.indexOf("jdeb"),
                "jdeb must be declared after the shade plugin (same phase: declaration order): " + order);
        assertEquals("package", text(plugin("maven-shade-plugin"), "phase"));
        Element jdeb = plugin("jdeb");
        assertEquals("package", text(jdeb, "phase"));
        assertEquals(PACKAGING.resolve("deb"), Path.of(resolve(text(jdeb, "controlDir"))).normalize());
        assertTrue(text(jdeb, "deb").endsWith("/c2du_[[version]]_all.deb"), text(jdeb, "deb"));
    }

    // ---- the control files ---------------------------------------------------------------------

    @Test
    void controlFileNamesThePackageAndDependsOnJava17() throws Exception {
        Map<String, String> c = controlFields(Files.readString(PACKAGING.resolve("deb/control")));
        assertEquals("c2du", c.get("Package"));
        assertEquals("[[version]]", c.get("Version"), "jdeb puts in the Debian form of the Maven version");
        assertEquals("all", c.get("Architecture"));
        assertTrue(c.get("Depends").matches("(^|.*[ ,|])openjdk-17-jre-headless([ ,|].*|$)"), c.get("Depends"));
        assertTrue(c.get("Depends").contains("adduser"), "postinst uses adduser: " + c.get("Depends"));
        assertNotNull(c.get("Maintainer"));
        assertNotNull(c.get("Description"));
    }

    @Test
    void maintainerScriptsAreValidShAndHaveNothingJdebWouldReplace() throws Exception {
        for (String s : List.of("postinst", "prerm", "postrm")) {
            Path script = PACKAGING.resolve("deb").resolve(s);
            String text = Files.readString(script);
            assertTrue(text.startsWith("#!/bin/sh\n"), s);
            // jdeb replaces [[name]] in maintainer scripts: a shell test written [[ ... ]] would break.
            assertFalse(text.contains("[["), s + " contains [[");
            assertTrue(Files.isExecutable(script), s + " must be executable in the repository");
            Process p = new ProcessBuilder("sh", "-n", script.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), s + ": " + out);
        }
    }

    @Test
    void postinstCreatesTheUnitsUserAndPostrmDeletesTheStateOnlyOnPurge() throws Exception {
        Map<String, String> unit = unitSettings();
        String postinst = Files.readString(PACKAGING.resolve("deb/postinst"));
        String user = unit.get("User");
        assertTrue(postinst.matches("(?s).*adduser --system[^\n]* " + user + "\n.*"), "postinst creates user " + user);
        assertTrue(postinst.contains("adduser --quiet " + user + " dialout"), "postinst adds " + user + " to dialout");
        // (The message it prints tells the administrator to; as commands, the script runs neither.
        // An upgrade restarts a receiver that runs or is enabled: `deb-systemd-invoke restart`.)
        assertFalse(Pattern.compile("(?m)^\\s*(systemctl|deb-systemd-invoke|deb-systemd-helper)\\s+(enable|start)\\b")
                .matcher(postinst).find(), "the service is not enabled or started before it is configured");

        String postrm = Files.readString(PACKAGING.resolve("deb/postrm"));
        String state = "/var/lib/" + unit.get("StateDirectory");
        assertFalse(caseArm(postrm, "remove").contains(state), "remove keeps " + state);
        assertTrue(caseArm(postrm, "purge").contains("rm -rf \"$DPKG_ROOT" + state + "\"\n"), "purge deletes " + state);
    }

    @Test
    void purgeDeletesWhatTheDocsHadTheAdministratorPutInEtcAndSaysWhatItLeaves() throws Exception {
        // What docs/raspberry-pi.md and docs/platform.md tell the administrator to create.
        String docs = Files.readString(ROOT.resolve("docs/raspberry-pi.md")) + Files.readString(ROOT.resolve("docs/platform.md"));
        List<String> told = List.of("/etc/du/du.properties", "/etc/du/platform.password", "/etc/du/platform-ca.pem");
        for (String f : told) {
            assertTrue(docs.contains(f), "the docs no longer name " + f);
        }
        assertTrue(docs.contains("systemctl edit du"), "the docs' drop-in");
        // The script on a root of its own (dpkg's DPKG_ROOT), after dpkg removed the conffiles.
        Path root = tmp.resolve("root");
        List<String> made = new ArrayList<>(told);
        made.addAll(List.of("/etc/systemd/system/du.service.d/override.conf", "/var/lib/du/state/counters",
                "/etc/systemd/system/multi-user.target.wants/du.service", "/etc/udev/rules.d/99-du-modem.rules",
                "/etc/du/notes.txt"));
        for (String f : made) {
            Path p = root.resolve(f.substring(1));
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x");
        }
        ProcessBuilder pb = new ProcessBuilder("sh", PACKAGING.resolve("deb/postrm").toString(), "purge").redirectErrorStream(true);
        pb.environment().put("DPKG_ROOT", root.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        for (String gone : List.of("/etc/du/du.properties", "/etc/du/platform.password", "/etc/du/platform-ca.pem",
                "/etc/systemd/system/du.service.d", "/var/lib/du", "/etc/systemd/system/multi-user.target.wants/du.service")) {
            assertFalse(Files.exists(root.resolve(gone.substring(1))), "purge leaves " + gone + "\n" + out);
        }
        assertTrue(out.contains("left /etc/du: files the package's docs did not ask for: notes.txt"), out);
        assertTrue(out.contains("left /etc/udev/rules.d/99-du-modem.rules"), out);
        assertTrue(Files.exists(root.resolve("etc/udev/rules.d/99-du-modem.rules")), "udev's rules are the administrator's");

        // Nothing left behind: /etc/du goes too, and nothing is said about it.
        Files.delete(root.resolve("etc/du/notes.txt"));
        Process again = pb.start();
        String out2 = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(again.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, again.exitValue(), out2);
        assertFalse(Files.exists(root.resolve("etc/du")), out2);
        assertFalse(out2.contains("left /etc/du"), out2);
    }

    /** The body of one arm of the script's {@code case "$1" in}. */
    private static String caseArm(String script, String arm) {
        Matcher m = Pattern.compile("(?ms)^" + Pattern.quote(arm) + "(\\|[a-z-]+)*\\)\\n(.*?)^ *;;").matcher(script);
        assertTrue(m.find(), "no " + arm + ") arm");
        return m.group(2);
    }

    // ---- the unit ------------------------------------------------------------------------------

    /** The unit's settings (the last of each key wins, as in systemd) and all values of repeated keys. */
    private static Map<String, String> unitSettings() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] kv : unitLines()) {
            out.put(kv[0], kv[1]);
        }
        return out;
    }

    private static List<String[]> unitLines() throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(PACKAGING.resolve("du.service"))) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || l.startsWith("[")) {
                continue;
            }
            int eq = l.indexOf('=');
            assertTrue(eq > 0, "not a setting: " + line);
            out.add(new String[] {l.substring(0, eq).trim(), l.substring(eq + 1).trim()});
        }
        return out;
    }

    private static List<String> all(String key) throws IOException {
        return unitLines().stream().filter(kv -> kv[0].equals(key)).map(kv -> kv[1]).toList();
    }

    @Test
    void unitStartsTheInstalledLauncherWithOptionsDuRunHas() throws Exception {
        Map<String, String> u = unitSettings();
        List<String> exec = List.of(u.get("ExecStart").split("\\s+"));
        assertTrue(mapping().containsKey(exec.get(0)), "ExecStart runs " + exec.get(0) + ", which the .deb does not install");
        assertEquals("run", exec.get(1));
        CliRun help = CliRun.of("run", "--help");
        assertEquals(0, help.status(), help.err());
        for (String arg : exec.subList(2, exec.size())) {
            if (arg.startsWith("--")) {
                assertTrue(help.out().contains(arg), "du run has no " + arg + ":\n" + help.out());
            }
        }
        // Every ${VAR} it uses is given: by the unit, /etc/default/du, or systemd (StateDirectory=).
        Set<String> given = new TreeSet<>(envFile().keySet());
        all("Environment").forEach(v -> given.add(v.substring(0, v.indexOf('='))));
        if (u.containsKey("StateDirectory")) {
            given.add("STATE_DIRECTORY");
        }
        Matcher vars = Pattern.compile("\\$\\{(\\w+)}").matcher(u.get("ExecStart"));
        while (vars.find()) {
            assertTrue(given.contains(vars.group(1)), "${" + vars.group(1) + "} is set nowhere: " + given);
        }
        assertTrue(all("EnvironmentFile").stream().anyMatch(f -> f.replaceFirst("^-", "").equals("/etc/default/du")));
        assertTrue(mapping().containsKey("/etc/default/du"));
        assertTrue(u.get("ExecStart").contains("--state ${STATE_DIRECTORY}") || u.get("ExecStart").contains("--state /var/lib/du"),
                "the state goes to the StateDirectory: " + u.get("ExecStart"));
        assertEquals("du", u.get("StateDirectory"));
    }

    @Test
    void unitRunsAsDuInDialoutRestartsAndCountsSigtermAsSuccess() throws Exception {
        Map<String, String> u = unitSettings();
        assertEquals("du", u.get("User"));
        assertTrue(List.of(u.get("SupplementaryGroups").split("\\s+")).contains("dialout"));
        assertEquals("always", u.get("Restart"));
        assertTrue(List.of(u.get("SuccessExitStatus").split("\\s+")).contains("143"),
                "du run exits 143 after SIGTERM once it saved: " + u.get("SuccessExitStatus"));
        assertTrue(u.get("After").contains("time-sync.target"), "no RTC on a Pi: start after the clock is set");
    }

    @Test
    void hardeningLeavesTheSerialDevicesAndTheJitAlone() throws Exception {
        Map<String, String> u = unitSettings();
        assertEquals("strict", u.get("ProtectSystem"));
        assertEquals("yes", u.get("NoNewPrivileges"));
        // A private /dev has no ttyAMA0, ttyUSB0 or du-modem.
        assertFalse(isTrue(u.get("PrivateDevices")), "PrivateDevices hides the serial ports");
        // The JIT writes code it then runs.
        assertFalse(isTrue(u.get("MemoryDenyWriteExecute")), "MemoryDenyWriteExecute stops the JVM's JIT");
        if ("closed".equals(u.get("DevicePolicy")) || "strict".equals(u.get("DevicePolicy"))) {
            List<String> allowed = all("DeviceAllow");
            for (String dev : List.of("char-ttyAMA", "char-ttyS", "char-ttyUSB", "char-ttyACM")) {
                assertTrue(allowed.contains(dev + " rw"), "DevicePolicy=" + u.get("DevicePolicy") + " without DeviceAllow="
                        + dev + " rw: " + allowed);
            }
        }
        List<String> families = List.of(u.getOrDefault("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX").split("\\s+"));
        assertTrue(families.containsAll(List.of("AF_INET", "AF_INET6", "AF_UNIX")), "the MQTT upload needs the network");
    }

    private static boolean isTrue(String v) {
        return v != null && List.of("yes", "true", "on", "1").contains(v.toLowerCase());
    }

    // ---- /etc/default/du, the launcher, the udev rule --------------------------------------------

    /** /etc/default/du: read by systemd (EnvironmentFile=) and by sh (the launcher): KEY=value lines only. */
    private static Map<String, String> envFile() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Pattern line = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"[^\"$`\\\\]*\"|[^\\s\"'$`\\\\]*)");
        for (String l : Files.readAllLines(PACKAGING.resolve("default"))) {
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            Matcher m = line.matcher(l);
            assertTrue(m.matches(), "a line both sh and systemd read alike: KEY=word or KEY=\"words\": " + l);
            out.put(m.group(1), m.group(2).replaceAll("^\"|\"$", ""));
        }
        return out;
    }

    @Test
    void defaultJavaOptionsAreSmallSerialAndAcceptedByThisJvm() throws Exception {
        Map<String, String> env = envFile();
        String opts = env.get("DU_JAVA_OPTS");
        assertNotNull(opts, "/etc/default/du sets DU_JAVA_OPTS");
        List<String> o = List.of(opts.trim().split("\\s+"));
        assertTrue(o.contains("-XX:+UseSerialGC"), opts);
        assertTrue(o.stream().anyMatch(x -> x.matches("-Xmx\\d+m")), "a heap limit in MiB: " + opts);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(o);
        cmd.add("-version");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "java " + opts + " -version:\n" + out);
        for (String k : List.of("DU_CONFIG", "DU_PORT", "DU_LOG_LEVEL")) {
            assertTrue(env.containsKey(k), "/etc/default/du sets " + k);
        }
    }

    @Test
    void theExampleConfigurationIsValidAndPicksTheEngineMeasuredFasterOnAPi() throws Exception {
        // docs/performance.md: since both engines open with LeanGcmOpener, auto (jdk) is as fast as bc without AES instructions.
        assertEquals("auto", it.c2du.core.config.DuConfig.load(PACKAGING.resolve("du.properties.example")).engineName());
    }

    @Test
    void duBenchMeasuresDuRunWithThePackagesJavaOptions() throws Exception {
        assertEquals(List.of(envFile().get("DU_JAVA_OPTS").trim().split("\\s+")), ChildJvm.PI_OPTIONS,
                "du bench's resident-memory row must use /etc/default/du's options");
    }

    /** Runs the launcher with a stand-in java that prints its arguments, one a line. */
    private List<String> launch(Map<String, String> env, String... args) throws Exception {
        Path fakeJava = tmp.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> cmd = new ArrayList<>(List.of("sh", PACKAGING.resolve("c2du").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("DU_JAVA_OPTS");
        pb.environment().remove("DU_JAR");
        pb.environment().put("DU_JAVA", fakeJava.toString());
        pb.environment().put("DU_DEFAULTS", PACKAGING.resolve("default").toString());
        pb.environment().remove("DU_ARCHIVE_TRAINING");
        pb.environment().put("DU_ARCHIVE", tmp.resolve("no-archive.jsa").toString()); // not this machine's /var/cache/c2du
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    @Test
    void launcherRunsTheInstalledJarWithTheJavaOptionsOfEtcDefaultDu() throws Exception {
        List<String> opts = List.of(envFile().get("DU_JAVA_OPTS").trim().split("\\s+"));
        List<String> expected = new ArrayList<>(opts);
        expected.addAll(List.of("-jar", "/usr/share/c2du/du.jar", "counters", "--state", "/var/lib/du dir"));
        assertEquals(expected, launch(Map.of(), "counters", "--state", "/var/lib/du dir"));
        assertTrue(mapping().containsKey("/usr/share/c2du/du.jar"), "the launcher's jar is the one the .deb installs");
        assertTrue(Files.readString(PACKAGING.resolve("c2du")).contains("${DU_DEFAULTS:-/etc/default/du}"));

        // The service's environment (EnvironmentFile=) wins; set but empty means no options.
        assertEquals(List.of("-Xmx20m", "-Xss256k", "-jar", "/usr/share/c2du/du.jar", "--version"),
                launch(Map.of("DU_JAVA_OPTS", "-Xmx20m -Xss256k"), "--version"));
        assertEquals(List.of("-jar", "/usr/share/c2du/du.jar", "--version"), launch(Map.of("DU_JAVA_OPTS", ""), "--version"));
    }

    @Test
    void launcherGivesTheStartUpArchiveToEveryCommandButRunAndTrainsItOnRequest() throws Exception {
        Path archive = Files.writeString(tmp.resolve("du.jsa"), "archive");
        List<String> opts = List.of(envFile().get("DU_JAVA_OPTS").trim().split("\\s+"));
        List<String> expected = new ArrayList<>(opts);
        expected.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off,cds+dynamic=off",
                "-jar", "/usr/share/c2du/du.jar", "counters", "--state", "/var/lib/du"));
        assertEquals(expected, launch(Map.of("DU_ARCHIVE", archive.toString()), "counters", "--state", "/var/lib/du"));
        // du run, the daemon, never: a damaged archive must not stop the receiver (and it saves it
        // 1.5 MiB at most, docs/performance.md)
        List<String> run = new ArrayList<>(opts);
        run.addAll(List.of("-jar", "/usr/share/c2du/du.jar", "run", "--config", "c"));
        assertEquals(run, launch(Map.of("DU_ARCHIVE", archive.toString()), "run", "--config", "c"));
        // no archive: as before
        List<String> none = new ArrayList<>(opts);
        none.addAll(List.of("-jar", "/usr/share/c2du/du.jar", "--version"));
        assertEquals(none, launch(Map.of("DU_ARCHIVE", tmp.resolve("missing.jsa").toString()), "--version"));
        // the training run of postinst, with the service's options: the classes it loads, then a static archive of them
        List<String> training = new ArrayList<>(opts);
        training.addAll(List.of("-XX:DumpLoadedClassList=/var/cache/c2du/du.jsa.new.classlist",
                "-cp", "/usr/share/c2du/du.jar", CdsTraining.class.getName()));
        training.addAll(opts);
        training.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=/var/cache/c2du/du.jsa.new.classlist",
                "-XX:SharedArchiveFile=/var/cache/c2du/du.jsa.new", "-Xlog:cds=off,cds+dynamic=off", "-cp", "/usr/share/c2du/du.jar"));
        assertEquals(training, launch(Map.of("DU_ARCHIVE_TRAINING", "/var/cache/c2du/du.jsa.new")));
    }

    @Test
    void postinstMakesTheArchiveOnConfigureAndJdkChangesAndPostrmRemovesIt() throws Exception {
        String postinst = Files.readString(PACKAGING.resolve("deb/postinst"));
        assertTrue(caseArm(postinst, "configure").contains("make_start_archive || true"), "configure makes the archive");
        assertTrue(caseArm(postinst, "triggered").contains("make_start_archive || true"), "a JDK change makes it again");
        assertEquals("interest-noawait /usr/lib/jvm\n", Files.readString(PACKAGING.resolve("deb/triggers")));
        assertTrue(postinst.contains("DU_ARCHIVE_TRAINING=\"$archive.new\" /usr/bin/c2du"), "trained by the launcher");
        assertTrue(postinst.contains("-Xshare:on\" DU_ARCHIVE=\"$archive.new\""), "checked before it is used");

        Path root = tmp.resolve("root");
        for (String arm : List.of("remove", "purge")) {
            Path cache = Files.createDirectories(root.resolve("var/cache/c2du"));
            Files.writeString(cache.resolve("du.jsa"), "x");
            ProcessBuilder pb = new ProcessBuilder("sh", PACKAGING.resolve("deb/postrm").toString(), arm).redirectErrorStream(true);
            pb.environment().put("DPKG_ROOT", root.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertFalse(Files.exists(cache), arm + " leaves " + cache);
        }
    }

    @Test
    void udevExampleMakesTheDefaultPortName() throws Exception {
        String port = envFile().get("DU_PORT");
        assertTrue(port.startsWith("/dev/"), port);
        String name = port.substring("/dev/".length());
        List<String> rules = Files.readAllLines(PACKAGING.resolve("99-du-modem.rules")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertFalse(rules.isEmpty());
        for (String r : rules) {
            assertTrue(r.contains("SUBSYSTEM==\"tty\"") && r.contains("SYMLINK+=\"" + name + "\"")
                    && r.contains("GROUP=\"dialout\""), r);
        }
        assertEquals(List.of("DU_PORT=" + port), all("Environment").stream().filter(v -> v.startsWith("DU_PORT=")).toList(),
                "the unit's default port is /etc/default/du's");
    }

    // ---- the built package ---------------------------------------------------------------------

    @Test
    void aDebBuiltFromTheseSourcesHoldsExactlyTheMapping() throws Exception {
        Map<String, Entry> m = mapping();
        // The package phase comes after the tests: a .deb is there only from an earlier build. Look
        // at it only when it is newer than everything it is made of, else it may rightly differ.
        Optional<Path> deb;
        try (Stream<Path> s = Files.list(MODULE.resolve("target")).filter(p -> p.getFileName().toString().endsWith(".deb"))) {
            deb = s.max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()));
        } catch (IOException noTarget) {
            deb = Optional.empty();
        }
        long newestSource = MODULE.resolve("pom.xml").toFile().lastModified();
        try (Stream<Path> s = Files.walk(PACKAGING)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                newestSource = Math.max(newestSource, p.toFile().lastModified());
            }
        }
        for (Entry e : m.values()) {
            newestSource = Math.max(newestSource, e.src().toFile().lastModified());
        }
        // Either way, the reader below is checked on a package made here.
        Path made = tmp.resolve("made.deb");
        writeAr(made, Map.of("debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII),
                "control.tar.gz", tarGz(Map.of("./control", "Package: c2du\nVersion: 1~x\n")),
                "data.tar.gz", tarGz(Map.of("./usr/bin/c2du", "#!/bin/sh\n"))));
        assertEquals(Set.of("/usr/bin/c2du"), debFiles(made).keySet());
        if (deb.isPresent() && deb.get().toFile().lastModified() >= newestSource) {
            Map<String, String> files = debFiles(deb.get());
            assertEquals(m.keySet(), files.keySet(), deb.get() + " holds other files than the pom maps");
            for (Entry e : m.values()) {
                assertEquals(e.mode(), files.get(e.path()), "mode of " + e.path() + " in " + deb.get());
            }
            Map<String, String> control = controlFields(new String(arMember(deb.get(), "control.tar.gz", "./control"),
                    StandardCharsets.UTF_8));
            assertEquals("c2du_" + control.get("Version") + "_all.deb", deb.get().getFileName().toString());
            assertTrue(control.get("Version").matches("[0-9][A-Za-z0-9.+~]*"), "a Debian version: " + control.get("Version"));
            String conffiles = new String(arMember(deb.get(), "control.tar.gz", "./conffiles"), StandardCharsets.UTF_8);
            assertEquals(m.values().stream().filter(Entry::conffile).map(Entry::path).collect(Collectors.toSet()),
                    Set.copyOf(conffiles.lines().toList()));
        }
    }

    private static Map<String, String> controlFields(String control) {
        Map<String, String> out = new LinkedHashMap<>();
        String key = null;
        for (String l : control.split("\n")) {
            if (l.startsWith(" ") && key != null) {
                out.put(key, out.get(key) + "\n" + l);
            } else if (l.contains(":")) {
                key = l.substring(0, l.indexOf(':'));
                out.put(key, l.substring(l.indexOf(':') + 1).trim());
            }
        }
        return out;
    }

    /** The regular files of a .deb's data.tar.gz: path (without the leading dot) -> mode. */
    private static Map<String, String> debFiles(Path deb) throws IOException {
        Map<String, String> out = new TreeMap<>();
        tar(arMember(deb, "data.tar.gz", null), (name, mode, type, body) -> {
            if (type == '0' || type == 0) {
                out.put(name.replaceFirst("^\\./", "/"), mode);
            }
        });
        return out;
    }

    private interface TarVisitor {
        void entry(String name, String mode, int type, byte[] body);
    }

    /** One member of the ar archive, gunzipped; with {@code file}, that file inside its tar. */
    private static byte[] arMember(Path ar, String member, String file) throws IOException {
        byte[] a = Files.readAllBytes(ar);
        assertEquals("!<arch>\n", new String(a, 0, 8, StandardCharsets.US_ASCII), ar + " is not an ar archive");
        int pos = 8;
        while (pos + 60 <= a.length) {
            String name = new String(a, pos, 16, StandardCharsets.US_ASCII).trim().replaceFirst("/$", "");
            int size = Integer.parseInt(new String(a, pos + 48, 10, StandardCharsets.US_ASCII).trim());
            if (name.equals(member)) {
                byte[] tar;
                try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(a, pos + 60, size))) {
                    tar = in.readAllBytes();
                }
                if (file == null) {
                    return tar;
                }
                byte[][] found = new byte[1][];
                tar(tar, (n, mode, type, body) -> {
                    if (n.equals(file)) {
                        found[0] = body;
                    }
                });
                assertNotNull(found[0], file + " not in " + member + " of " + ar);
                return found[0];
            }
            pos += 60 + size + (size % 2);
        }
        throw new AssertionError(member + " not in " + ar);
    }

    private static void tar(byte[] t, TarVisitor v) {
        int pos = 0;
        String longName = null;
        while (pos + 512 <= t.length && t[pos] != 0) {
            String name = cString(t, pos, 100);
            String mode = cString(t, pos + 100, 8).trim().replaceFirst("^0+(?=.)", "");
            int size = Integer.parseInt(cString(t, pos + 124, 12).trim(), 8);
            int type = t[pos + 156];
            String prefix = cString(t, pos + 345, 155);
            byte[] body = java.util.Arrays.copyOfRange(t, pos + 512, pos + 512 + size);
            if (type == 'L') {
                longName = cString(body, 0, body.length);
            } else {
                String full = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                longName = null;
                v.entry(full, mode, type, body);
            }
            pos += 512 + ((size + 511) / 512) * 512;
        }
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    // Writers for the reader's own check: a minimal ustar + gzip, and ar.
    private static byte[] tarGz(Map<String, String> files) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (Map.Entry<String, String> f : files.entrySet()) {
            byte[] body = f.getValue().getBytes(StandardCharsets.UTF_8);
            byte[] h = new byte[512];
            put(h, 0, f.getKey());
            put(h, 100, "0000755");
            put(h, 124, String.format("%011o", body.length));
            h[156] = '0';
            put(h, 257, "ustar");
            tar.write(h);
            tar.write(body);
            tar.write(new byte[(512 - body.length % 512) % 512]);
        }
        tar.write(new byte[1024]);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(tar.toByteArray());
        }
        return gz.toByteArray();
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    private static void writeAr(Path file, Map<String, byte[]> members) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("!<arch>\n".getBytes(StandardCharsets.US_ASCII));
        for (String name : List.of("debian-binary", "control.tar.gz", "data.tar.gz")) {
            byte[] body = members.get(name);
            out.write(String.format("%-16s%-12s%-6s%-6s%-8s%-10s`\n", name, "0", "0", "0", "100644", body.length)
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            if (body.length % 2 == 1) {
                out.write('\n');
            }
        }
        Files.write(file, out.toByteArray());
    }
}
