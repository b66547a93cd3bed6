package it.c2du.cli.bench;

import it.c2du.cli.DuCommand;
import it.c2du.lab.plan.LabRig;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way the developer's tools start {@code du} in a JVM of its own: the benchmarks (what
 * only a process shows: replay end to end, start-up, resident memory) and the lab plan (the
 * receiver under test, killed for a power cut). A child runs this jar when there is one, else
 * this class path (tests), with the JVM options asked for.
 */
public final class ChildJvm {
    /** The JVM options of packaging/default (DU_JAVA_OPTS), which docs/raspberry-pi.md recommends. */
    public static final List<String> PI_OPTIONS = List.of("-Xms8m", "-Xmx32m", "-XX:+UseSerialGC", "-Xss512k",
            "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=48m", "-XX:-UsePerfData");
    /**
     * The lab's receiver: small like a Pi's, with room for a test machine's class path, and quick to
     * start again after each power cut (C1 only, the JDK's CDS archive).
     */
    public static final List<String> LAB_OPTIONS = List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto");

    private ChildJvm() {
    }

    /** This JVM's -X / -XX options, which the benchmarks' children get too (e.g. intrinsics switched off). */
    public static List<String> ownOptions() {
        List<String> opts = new ArrayList<>();
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-XX:") || a.startsWith("-Xm") || a.startsWith("-Xss")) {
                opts.add(a);
            }
        }
        return opts;
    }

    /** {@code java [options] -jar <this jar>} or, from classes (tests), {@code java [options] -cp ... DuCommand}. */
    public static List<String> du(List<String> options) {
        Path jar = ownJar();
        if (jar == null) {
            return mainClass(options, DuCommand.class.getName());
        }
        List<String> c = java(options);
        c.addAll(List.of("-jar", jar.toString()));
        return c;
    }

    /**
     * The start-up archive as the .deb's launcher and ./du make it: {@code java [options]
     * -XX:DumpLoadedClassList=LIST -cp <this jar> it.c2du.cli.CdsTraining}, then {@code java
     * [options] -Xshare:dump -XX:SharedClassListFile=LIST -XX:SharedArchiveFile=ARCHIVE -cp <this
     * jar>}; null when this runs from classes directories (tests), which AppCDS does not archive.
     */
    public static List<List<String>> cdsTraining(List<String> options, Path archive) {
        Path jar = ownJar();
        if (jar == null) {
            return null;
        }
        Path list = Path.of(archive + ".classlist");
        List<String> train = java(options);
        train.addAll(List.of("-XX:DumpLoadedClassList=" + list, "-cp", jar.toString(), "it.c2du.cli.CdsTraining"));
        List<String> dump = java(options);
        dump.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + archive,
                "-Xlog:cds=off,cds+dynamic=off", "-cp", jar.toString()));
        return List.of(train, dump);
    }

    /** The options that use a start-up archive as the launcher and ./du give them (silent when it is stale). */
    public static List<String> withArchive(List<String> options, Path archive) {
        List<String> c = new ArrayList<>(options);
        c.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off,cds+dynamic=off"));
        return c;
    }

    /** {@code java [options] -cp <this class path> main}. */
    public static List<String> mainClass(List<String> options, String main) {
        List<String> c = java(options);
        c.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
        return c;
    }

    /**
     * The lab's receiver under test: {@code du run} through {@code main} (this build's DuCommand, or
     * one of the suite's deliberately broken receivers), {@code leadingArgs} before {@code run}.
     */
    public static LabRig.ReceiverLauncher labReceiver(String main, String... leadingArgs) {
        return (config, port, state, clockFile, frames) -> {
            List<String> c = mainClass(LAB_OPTIONS, main);
            c.addAll(List.of(leadingArgs));
            c.addAll(List.of("run", "--config", config.toString(), "--port", port, "--state", state.toString(),
                    "--clock-file", clockFile.toString(), "--frames", frames.toString()));
            return c;
        };
    }

    private static List<String> java(List<String> options) {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(options);
        return c;
    }

    private static Path ownJar() {
        try {
            Path p = Path.of(DuCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
