package it.c2du.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of du's start-up archive (AppCDS, docs/performance.md): run as
 * {@code java -XX:DumpLoadedClassList=du.classlist -cp du.jar it.c2du.cli.CdsTraining}, it goes
 * through what the short commands load -- du decode (text and JSON), du replay into a state
 * directory, du counters (text and JSON), du config check, du run's help (its logging set-up) --
 * and the JVM lists those classes for {@code java -Xshare:dump -XX:SharedClassListFile=du.classlist
 * -XX:SharedArchiveFile=du.jsa -cp du.jar} (packaging/c2du, ./du).
 *
 * <p>It must be harmless wherever it runs: the .deb's postinst runs it as root at install time, on
 * a DU that may be counting. So it needs no modem, no network and no configuration of the DU's:
 * the demo DU's public test keys and four of its frames, in a temporary directory it deletes.
 * Exit status 0 when every command gave the expected status, else 1 with the reason (the archive
 * is then not installed).
 */
public final class CdsTraining {
    /** The demo DU (du-cli's demo/sample.properties): the distributor's public lab keys. */
    public static final String CONFIG = """
            du.mac          = DC1234567890
            du.name         = Demo DU
            m1.pod          = IT001E12345678
            m1.key          = BC000000001234567890000012345678
            m1.system-title = 4345434543454345
            m2.pod          = ITP0AE12345678
            m2.key          = 123456789012345678901234567890FF
            m2.system-title = 4345434543454345
            counters.zone   = Europe/Rome
            modem.t-req     = none
            """;

    /** The first frames of the demo trace: M1 and M2 frames, a repetition. */
    public static final String TRACE = """
            2024-03-30T22:00:30+01:00 1034DC1234567890E5A1000000010301C0040B3000001004FD6BF0C35F502B35E026B73261793026DF60AE84622E7207119F054B70F7DD81DAA470AD10A6D4169DDA56AF
            2024-03-30T22:01:20+01:00 1033DC1234567890E5A2000000020301C0040C30000023F0C0BD33A832A78AC7480658ABE5589E7230260E35AD79FCFCB5346BA887C3AB2DBDFB6AE7F652E8A1A1A186
            2024-03-30T22:07:00+01:00 1026DC1234567890E5A1000000010301C0040B3000001014D27DB694EB74C0E46465FBA5AA5AFC88ACA9E627183C6DDF935B0DF70F89
            2024-03-30T22:07:04+01:00 1026DC1234567890E5A1000000010301C0040B3000001014D27DB694EB74C0E46465FBA5AA5AFC88ACA9E627183C6DDF935B0DF70F89
            """;

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("du-cds-training");
        String problem;
        try {
            problem = train(dir);
        } finally {
            delete(dir);
        }
        if (problem != null) {
            System.err.println("du start-up archive training: " + problem);
            System.exit(1);
        }
    }

    /** Runs the commands in {@code dir}; null when each gave the status expected, else what went wrong. */
    static String train(Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("du.properties"), CONFIG, StandardCharsets.UTF_8);
        Path trace = Files.writeString(dir.resolve("demo.trace"), TRACE, StandardCharsets.UTF_8);
        String state = dir.resolve("state").toString();
        String frame = TRACE.lines().findFirst().orElseThrow().split(" ")[1];
        String cfg = config.toString();
        List<String[]> commands = List.of(
                new String[] {"decode", "--config", cfg, frame},
                new String[] {"decode", "--config", cfg, "--json", frame},
                new String[] {"replay", "--config", cfg, "--trace", trace.toString(), "--state", state},
                new String[] {"counters", "--state", state},
                new String[] {"counters", "--state", state, "--json"},
                new String[] {"config", "check", "--config", cfg},
                new String[] {"run", "--help"},
                new String[] {"--version"});
        for (String[] c : commands) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = DuCommand.execute(c, new PrintWriter(out), new PrintWriter(err));
            if (status != 0) {
                return "du " + String.join(" ", c) + " exited " + status + ": " + err.toString().strip();
            }
        }
        return null;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
