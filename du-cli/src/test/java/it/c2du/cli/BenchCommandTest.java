package it.c2du.cli;

import it.c2du.cli.dev.BenchCommand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.lab.traffic.TrafficMix;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code du bench --quick}: every row of the table is there (a check that each measurement works, not a measurement). */
class BenchCommandTest {

    @Test
    @Timeout(120)
    void quickBenchPrintsEveryRow() {
        long start = System.nanoTime();
        CliRun run = CliRun.of("bench", "--quick");
        double secs = (System.nanoTime() - start) / 1e9;
        assertEquals(0, run.status(), run.err() + run.out());
        String out = run.out();
        for (String engine : BenchCommand.ENGINES) {
            assertRow(out, "1  AES-GCM open only, the mix's APDUs +" + engine + " +[\\d,]+ +[\\d.]+ +\\d+");
            assertRow(out, "2  pipeline: MAC -> CF, window, counters +" + engine + " +[\\d,]+ +[\\d.]+ +\\d+ +\\d\\.\\d\\d");
            assertRow(out, "3  du replay of the trace, end to end +" + engine + " +[\\d,]+ +[\\d.]+ +wall [\\d.]+ s for 20000 frames");
            // Issue 20: the counting path, and both engines in child JVMs without the intrinsics and with C1 only.
            assertRow(out, "2  pipeline, counting path \\(countFrame\\) +" + engine + " +[\\d,]+ +[\\d.]+ +\\d+ +\\d\\.\\d\\d");
            for (String variant : List.of("intrinsics off", "C1 only")) {
                assertRow(out, "1  AES-GCM open only, " + variant + " +" + engine + " +[\\d,]+ +[\\d.]+ +\\d+");
                assertRow(out, "2  counting path, " + variant + " +" + engine + " +[\\d,]+ +[\\d.]+ +\\d+");
            }
            assertRow(out, "4 +pipeline alloc. outside the cipher, " + engine + " +-?[\\d.]+ B/frame +<= 0.50 B/frame +(yes|NO) +counting path .*");
        }
        assertRow(out, "default engine: auto -> (jdk|bc) \\(auto: .+\\)");
        assertRow(out, "   \\(intrinsics off: .*-XX:-UseAESIntrinsics.*; auto picks jdk: AES/GHASH intrinsics switched off.*\\)");
        assertRow(out, "   \\(C1 only: .*-XX:TieredStopAtLevel=1.*; auto picks jdk: C1 only .*\\)");
        for (String where : List.of("this JVM", "intrinsics off", "C1 only")) {
            assertRow(out, "5 +auto picks the faster engine, " + where + " +[\\d.]+x +>= 1.00x +(yes|NO) +auto: (jdk|bc); rows 1 and 2, geometric mean: jdk .*");
        }
        assertRow(out, "3  floor: naive reader, JDK only +jdk +[\\d,]+ +[\\d.]+ +wall [\\d.]+ s for 20000 frames");
        // Target 1 of issue 20 closes the table with its goal beside the measured ratio.
        assertRow(out, "1 +du replay / naive reader +[\\d.]+x +<= 0\\.60x +(yes|NO) +du replay \\((jdk|bc)\\) [\\d.]+ s / naive reader [\\d.]+ s");
        // socat is installed by tools/ensure-socat for the serial tests; the row names it when it is missing.
        assertRow(out, "4  du run resident memory \\(Pi flags\\), 50 frames/s for 2 s: (VmRSS [\\d.]+ MiB, VmHWM [\\d.]+ MiB.*exit 143"
                + "|n/a \\(needs socat.*)");
        if (!out.contains("n/a (needs socat")) {
            assertRow(out, "4  hello-world resident memory \\(Pi flags\\), waiting: VmRSS [\\d.]+ MiB \\(RssAnon [\\d.]+, RssFile [\\d.]+\\)");
        }
        assertRow(out, "5  start-up, hello-world +median +\\d+ ms of 1 .*");
        assertRow(out, "5  start-up, du decode HEX, cold +median +\\d+ ms of 1 .*[\\d.]+x hello-world");
        assertRow(out, "5  start-up, du counters, cold +median +\\d+ ms of 1 .*[\\d.]+x hello-world");
        // from classes directories (this test) AppCDS has no jar to archive: the row says so
        assertRow(out, "5  start-up with the archive: n/a \\(run from classes directories.*");
        // the goals of issue 20 close the table, each with its ratio
        assertRow(out, "2 +du decode start / hello-world \\(cold\\) +[\\d.]+x +<= 3\\.00x +(yes|NO) +\\d+ ms / \\d+ ms");
        assertRow(out, "2 +du counters start / hello-world \\(cold\\) +[\\d.]+x +<= 3\\.00x +(yes|NO) +\\d+ ms / \\d+ ms");
        assertRow(out, "3 +du run RSS \\(Pi flags\\) / hello-world +([\\d.]+x +<= 1\\.25x +(yes|NO) +[\\d.]+ MiB / [\\d.]+ MiB|n/a .*)");
        assertTrue(out.contains("CF1 ") && out.contains("CF22 ") && out.contains("CF41 ") && out.contains("repetitions"), out);
        assertFalse(out.contains(TrafficMix.configText(null).lines().filter(l -> l.startsWith("m1.key")).findFirst().orElseThrow()
                .replaceAll(".*= *", "")), "no key in the output");
        System.out.printf("du bench --quick took %.1f s%n", secs);
    }

    @Test
    void theAutoTargetIsMetOnlyWhenAutoPickedTheFasterEngine() {
        it.c2du.cli.bench.BenchTargets t = new it.c2du.cli.bench.BenchTargets();
        it.c2du.cli.bench.EngineRows.target(t, "a", new it.c2du.core.crypto.EngineChoice("bc", "why"), 100, 100, 200, 200);
        it.c2du.cli.bench.EngineRows.target(t, "b", new it.c2du.core.crypto.EngineChoice("jdk", "why"), 100, 100, 200, 200);
        it.c2du.cli.bench.EngineRows.target(t, "c", new it.c2du.core.crypto.EngineChoice("jdk", "why"), 400, 225, 200, 200);
        assertEquals(List.of(1.0, 0.5, 1.0), t.all().stream().map(it.c2du.cli.bench.BenchTargets.Target::measured).toList());
        assertEquals(List.of(true, false, true), t.all().stream().map(it.c2du.cli.bench.BenchTargets.Target::met).toList());
    }

    @Test
    void badArgumentsExit2WithAMessage() {
        for (List<String> args : List.of(List.of("--frames", "0"), List.of("--seconds", "-1"), List.of("--mix", "5"),
                List.of("--runs", "0"), List.of("--rate", "0"))) {
            String[] a = java.util.stream.Stream.concat(java.util.stream.Stream.of("bench", "--quick"), args.stream())
                    .toArray(String[]::new);
            CliRun run = CliRun.of(a);
            assertEquals(2, run.status(), args + ": " + run.err());
            assertTrue(run.err().contains("du: expected --frames >= 1"), args + ": " + run.err());
            assertEquals("", run.out(), args + ": nothing measured");
        }
        CliRun unknown = CliRun.of("bench", "--frams", "10");
        assertEquals(2, unknown.status(), unknown.err());
        assertTrue(unknown.err().contains("--frams"), unknown.err());
    }

    @Test
    void benchCommitCreatesTheMissingFoldersOfDirAndSaysWhyWhenItCannot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        // Missing parents, reached through a symbolic link and "..": created, as mkdir -p would.
        java.nio.file.Path real = java.nio.file.Files.createDirectories(tmp.resolve("real"));
        java.nio.file.Files.createSymbolicLink(tmp.resolve("link"), real);
        java.nio.file.Path dir = tmp.resolve("link").resolve("a").resolve("..").resolve("b").resolve("c");
        CliRun made = CliRun.of("bench-commit", "--dir", dir.toString(), "--commits", "2", "--warmup", "0");
        assertEquals(0, made.status(), made.err());
        assertTrue(java.nio.file.Files.isDirectory(real.resolve("b").resolve("c")), "the missing folders are made");
        try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(real.resolve("b").resolve("c"))) {
            assertEquals(0, left.count(), "the scratch directory is removed");
        }

        // A link to a folder that is not there (a card not mounted): not made behind the link's back.
        java.nio.file.Files.createSymbolicLink(tmp.resolve("card"), tmp.resolve("unmounted"));
        CliRun dangling = CliRun.of("bench-commit", "--dir", tmp.resolve("card").resolve("x").toString(), "--commits", "2");
        assertEquals(ExitStatus.BAD_INPUT, dangling.status(), dangling.err());
        assertEquals("du: --dir " + tmp.resolve("card").resolve("x") + ": " + tmp.resolve("card") + " is a symbolic link to "
                + tmp.resolve("unmounted") + ", which does not exist (not mounted?)\n", dangling.err());
        assertFalse(java.nio.file.Files.exists(tmp.resolve("unmounted")));

        java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("notes.txt"), "x");
        CliRun underAFile = CliRun.of("bench-commit", "--dir", file.resolve("x").toString(), "--commits", "2");
        assertEquals(ExitStatus.BAD_INPUT, underAFile.status(), underAFile.err());
        assertEquals("du: --dir " + file.resolve("x") + ": " + file + " is a file, not a folder\n", underAFile.err());
    }

    private static void assertRow(String out, String regex) {
        assertTrue(Pattern.compile("^" + regex + "$", Pattern.MULTILINE).matcher(out).find(), "no row /" + regex + "/ in:\n" + out);
    }
}
