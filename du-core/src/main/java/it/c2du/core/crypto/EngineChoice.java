package it.c2du.core.crypto;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code crypto.engine = auto}: which AES-GCM engine is the faster on this JVM and CPU, and why.
 * With the re-initialising openers of before, BouncyCastle was about twice as fast wherever the
 * JDK had no AES intrinsic (C1 only, intrinsics off, a CPU without AES instructions such as a
 * Raspberry Pi 3/4's). Since both engines open with {@link LeanGcmOpener} they differ only in the
 * AES block function, and the JDK's measured at least as fast in every case on x86-64 (see
 * {@link #decide}; docs/performance.md, issue 20 target 5): auto picks jdk, and says which case.
 *
 * <p>The decision is a pure function of {@link Facts} (tested as data). The facts of the running
 * JVM come from its command line ({@code /proc/self/cmdline}, and the JDK_JAVA_OPTIONS /
 * JAVA_TOOL_OPTIONS the JVM also reads) and the CPU flags of {@code /proc/cpuinfo}: two small
 * reads through classes already loaded at start, where the HotSpotDiagnosticMXBean would load
 * about 300 classes of java.management -- and its intrinsic flags are diagnostic, unreadable
 * unless unlocked, anyway.
 *
 * @param engine "jdk" or "bc"
 * @param why    the reason in a few words, for du run's first log line and du bench's header
 */
public record EngineChoice(String engine, String why) {

    /**
     * What the decision needs to know. {@code cpuAes}: the CPU has AES and carry-less multiply
     * instructions (null: not known); {@code c2}: HotSpot's C2 compiles hot code (false with
     * TieredStopAtLevel below 4, or the interpreter only); the three flags: as the command line
     * left them (true unless switched off there).
     */
    public record Facts(Boolean cpuAes, boolean c2, boolean useAes, boolean aesIntrinsics, boolean ghashIntrinsics,
                        String arch) {
    }

    private static EngineChoice thisJvm;

    /**
     * The decision rule. Since both engines open with {@link LeanGcmOpener} they differ only in the
     * AES block function: the JDK's (HotSpot's AES intrinsic under C2 on a CPU with AES
     * instructions, else its table-driven Java) or BouncyCastle's {@code AESEngine} (Java, a
     * smaller table). Measured on x86-64 (docs/performance.md, issue 20): with the intrinsic the
     * JDK's is 1.5x faster; with the intrinsics off and under C1 only the two are within the noise,
     * the JDK's ahead in most runs. So the JDK's everywhere; the reason says which case this is, and
     * {@code du bench} on the machine itself (a Pi) says whether {@code bc} would be faster there.
     */
    public static EngineChoice decide(Facts f) {
        if (!f.c2()) {
            return new EngineChoice("jdk", "C1 only (TieredStopAtLevel < 4): no AES intrinsic, the JDK's Java AES"
                    + " as fast as BouncyCastle's");
        }
        if (!f.useAes() || !f.aesIntrinsics() || !f.ghashIntrinsics()) {
            return new EngineChoice("jdk", "AES/GHASH intrinsics switched off: the JDK's Java AES as fast as BouncyCastle's");
        }
        if (f.cpuAes() == null) {
            // No CPU flags to read (not Linux): x86-64 has had AES-NI since 2010; others are assumed without.
            boolean x86 = f.arch().equals("amd64") || f.arch().equals("x86_64");
            return x86 ? new EngineChoice("jdk", "x86-64, C2 with AES intrinsics assumed")
                    : new EngineChoice("jdk", "CPU AES instructions unknown on " + f.arch() + ": the JDK's AES either way");
        }
        return f.cpuAes() ? new EngineChoice("jdk", "C2 with the CPU's AES instructions")
                : new EngineChoice("jdk", "no AES instructions in this CPU: the JDK's Java AES as fast as BouncyCastle's");
    }

    /** The choice for the running JVM, worked out once. */
    public static synchronized EngineChoice forThisJvm() {
        if (thisJvm == null) {
            thisJvm = decide(thisJvmFacts());
        }
        return thisJvm;
    }

    /** The running JVM's facts (see the class comment for the sources). */
    public static Facts thisJvmFacts() {
        List<String> args = new ArrayList<>();
        args.addAll(split(System.getenv("JAVA_TOOL_OPTIONS")));
        args.addAll(split(System.getenv("JDK_JAVA_OPTIONS")));
        String cmdline = read("/proc/self/cmdline");
        if (cmdline != null) {
            args.addAll(jvmOptions(List.of(cmdline.split("\0"))));
        }
        String vmInfo = System.getProperty("java.vm.info", "");
        return facts(args, cpuAes(read("/proc/cpuinfo")), vmInfo.contains("interpreted mode"),
                System.getProperty("os.arch", "").toLowerCase(Locale.ROOT));
    }

    /** The facts from JVM options (later ones win, as in HotSpot), the CPU's AES and whether the JVM only interprets. */
    static Facts facts(List<String> jvmOptions, Boolean cpuAes, boolean interpretedOnly, String arch) {
        int stopAt = 4;
        boolean useAes = true;
        boolean aesIntrinsics = true;
        boolean ghash = true;
        boolean interpreter = interpretedOnly;
        for (String o : jvmOptions) {
            if (o.startsWith("-XX:TieredStopAtLevel=")) {
                try {
                    stopAt = Integer.parseInt(o.substring("-XX:TieredStopAtLevel=".length()).strip());
                } catch (NumberFormatException e) {
                    // the JVM would not have started with it
                }
            } else if (o.equals("-Xint")) {
                interpreter = true;
            } else if (o.equals("-XX:-UseAES") || o.equals("-XX:+UseAES")) {
                useAes = o.charAt(4) == '+';
            } else if (o.equals("-XX:-UseAESIntrinsics") || o.equals("-XX:+UseAESIntrinsics")) {
                aesIntrinsics = o.charAt(4) == '+';
            } else if (o.equals("-XX:-UseGHASHIntrinsics") || o.equals("-XX:+UseGHASHIntrinsics")) {
                ghash = o.charAt(4) == '+';
            }
        }
        // TieredStopAtLevel only limits tiered compilation; -XX:-TieredCompilation alone means C2 only.
        boolean tiered = !jvmOptions.contains("-XX:-TieredCompilation");
        boolean c2 = !interpreter && (!tiered || stopAt >= 4);
        return new Facts(cpuAes, c2, useAes, aesIntrinsics, ghash, arch);
    }

    /** Whether /proc/cpuinfo's flags (x86) or Features (ARM) hold both aes and a carry-less multiply; null without it. */
    static Boolean cpuAes(String cpuinfo) {
        if (cpuinfo == null) {
            return null;
        }
        // By hand, no regular expression, lambda or string concatenation (invokedynamic): this runs at
        // start-up (du decode), where java.util.regex and java.lang.invoke are hundreds of classes to load.
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            String key = colon < 0 ? "" : line.substring(0, colon).strip();
            if (key.equals("flags") || key.equals("Features")) {
                String flags = line.substring(colon + 1).replace('\t', ' ');
                return hasWord(flags, "aes") && (hasWord(flags, "pclmulqdq") || hasWord(flags, "pmull"));
            }
        }
        return null;
    }

    /** The JVM's own options of a java command line: those before the main class or -jar. */
    static List<String> jvmOptions(List<String> cmdline) {
        List<String> withValue = List.of("-cp", "-classpath", "--class-path", "-p", "--module-path", "--add-modules",
                "--add-opens", "--add-exports", "--add-reads", "--upgrade-module-path", "--limit-modules");
        List<String> out = new ArrayList<>();
        for (int i = 1; i < cmdline.size(); i++) {
            String a = cmdline.get(i);
            if (a.equals("-jar") || a.equals("-m") || a.equals("--module") || !a.startsWith("-")) {
                break;
            }
            if (withValue.contains(a)) {
                i++;
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /** Whether {@code word} is one of the space-separated words of {@code s} (no string concatenation: see cpuAes). */
    private static boolean hasWord(String s, String word) {
        for (int i = s.indexOf(word); i >= 0; i = s.indexOf(word, i + 1)) {
            int end = i + word.length();
            if ((i == 0 || s.charAt(i - 1) == ' ') && (end == s.length() || s.charAt(end) == ' ')) {
                return true;
            }
        }
        return false;
    }

    /** An environment variable's options, split at white space (by hand: see cpuAes). */
    private static List<String> split(String env) {
        List<String> out = new ArrayList<>();
        if (env != null) {
            for (String t : env.replace('\t', ' ').replace('\n', ' ').split(" ")) {
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    private static String read(String file) {
        try (FileInputStream in = new FileInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return null; // not Linux: decide without it
        }
    }

    @Override
    public String toString() {
        return engine + " (auto: " + why + ")";
    }
}
