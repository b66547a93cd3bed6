package it.c2du.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** crypto.engine = auto: the decision rule, fed the JVM's options and the CPU's flags as data. */
class EngineChoiceTest {
    private static final Boolean AES = true;

    private static String pick(List<String> options, Boolean cpuAes, String arch) {
        return EngineChoice.decide(EngineChoice.facts(options, cpuAes, false, arch)).engine();
    }

    @Test
    void jdkOnlyWithC2AndTheAesIntrinsicsOnACpuThatHasThem() {
        assertEquals("jdk", pick(List.of(), AES, "amd64"));
        assertEquals("jdk", pick(List.of("-Xmx1g", "-XX:+UseSerialGC"), AES, "aarch64"));
        assertEquals("jdk", pick(List.of("-XX:-TieredCompilation"), AES, "amd64"), "C2 only is still C2");
        assertEquals("jdk", pick(List.of("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4"), AES, "amd64"), "the last one wins");
    }

    /**
     * Both engines open with LeanGcmOpener and differ only in AES: without the intrinsic (C1 only,
     * intrinsics off, no AES instructions) the JDK's Java AES measured as fast as BouncyCastle's
     * (docs/performance.md), so jdk everywhere; the reason names the case.
     */
    @Test
    void jdkUnderC1OnlyWithTheIntrinsicsOffOrWithoutAesInstructionsAndTheReasonSaysWhich() {
        List<String> pi = List.of("-Xms8m", "-Xmx32m", "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1",
                "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=48m", "-XX:-UsePerfData");
        EngineChoice c = EngineChoice.decide(EngineChoice.facts(pi, AES, false, "amd64"));
        assertEquals("jdk", c.engine());
        assertTrue(c.why().startsWith("C1 only"), c.why());
        assertTrue(why(List.of("-XX:TieredStopAtLevel=3"), AES, "amd64").startsWith("C1 only"));
        assertTrue(why(List.of("-Xint"), AES, "amd64").startsWith("C1 only"));
        assertTrue(EngineChoice.decide(EngineChoice.facts(List.of(), AES, true, "amd64")).why().startsWith("C1 only"),
                "java.vm.info: interpreted mode");
        String off = "-XX:+UnlockDiagnosticVMOptions";
        assertTrue(why(List.of(off, "-XX:-UseAESIntrinsics"), AES, "amd64").startsWith("AES/GHASH intrinsics switched off"));
        assertTrue(why(List.of(off, "-XX:-UseGHASHIntrinsics"), AES, "amd64").startsWith("AES/GHASH intrinsics switched off"));
        assertTrue(why(List.of("-XX:-UseAES"), AES, "amd64").startsWith("AES/GHASH intrinsics switched off"));
        assertEquals("C2 with the CPU's AES instructions", why(List.of("-XX:-UseAES", "-XX:+UseAES"), AES, "amd64"));
        assertTrue(why(List.of(), false, "aarch64").startsWith("no AES instructions in this CPU"), "a Raspberry Pi 3/4");
        assertTrue(why(List.of(), null, "aarch64").startsWith("CPU AES instructions unknown on aarch64"));
        assertEquals("x86-64, C2 with AES intrinsics assumed", why(List.of(), null, "amd64"));
        for (Boolean cpu : new Boolean[] {true, false, null}) {
            for (List<String> opts : List.of(pi, List.<String>of(), List.of(off, "-XX:-UseAESIntrinsics"))) {
                assertEquals("jdk", pick(opts, cpu, "aarch64"), opts + " " + cpu);
            }
        }
    }

    private static String why(List<String> options, Boolean cpuAes, String arch) {
        return EngineChoice.decide(EngineChoice.facts(options, cpuAes, false, arch)).why();
    }

    @Test
    void theCpuFlagsOfProcCpuinfo() {
        assertEquals(true, EngineChoice.cpuAes("processor\t: 0\nflags\t\t: fpu sse2 pclmulqdq ssse3 aes avx\n"));
        assertEquals(false, EngineChoice.cpuAes("processor\t: 0\nflags\t\t: fpu sse2 ssse3 avx\n"));
        // Raspberry Pi 4 (Cortex-A72 without the crypto extensions), and an ARMv8 core with them.
        assertEquals(false, EngineChoice.cpuAes("processor\t: 0\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\n"));
        assertEquals(true, EngineChoice.cpuAes("Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid\n"));
        assertNull(EngineChoice.cpuAes(null));
        assertNull(EngineChoice.cpuAes("processor\t: 0\n"));
    }

    @Test
    void onlyTheJvmsOwnOptionsCount() {
        assertEquals(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1"),
                EngineChoice.jvmOptions(List.of("java", "-Xmx32m", "-cp", "a.jar", "-XX:TieredStopAtLevel=1", "-jar", "du.jar",
                        "run", "-XX:-UseAES")));
        assertEquals(List.of("-Xint"), EngineChoice.jvmOptions(List.of("/usr/bin/java", "-Xint", "it.c2du.cli.DuCommand", "-Xcomp")));
    }

    @Test
    void thisJvmIsDecidedOnceAndSaysWhy() {
        EngineChoice c = EngineChoice.forThisJvm();
        assertTrue(c.engine().equals("jdk") || c.engine().equals("bc"), c.toString());
        assertTrue(c.toString().startsWith(c.engine() + " (auto: "), c.toString());
        assertEquals(c, EngineChoice.forThisJvm());
        assertEquals("auto", GcmEngine.DEFAULT);
        assertEquals(c.engine(), GcmEngine.named("auto").name());
    }
}
