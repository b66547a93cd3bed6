package it.c2du.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchTargetsTest {
    @Test
    void saysForEachGoalWhetherItIsMet() {
        BenchTargets t = new BenchTargets();
        t.ratio("1", "du replay / naive reader", 0.58, BenchTargets.Better.LOWER, 0.6, "du replay 0.90 s / naive 1.55 s");
        t.ratio("3", "du run RSS / hello-world RSS", 1.57, BenchTargets.Better.LOWER, 1.25, "58 / 37 MiB");
        t.absolute("4", "pipeline allocation outside the cipher", 0, BenchTargets.Better.LOWER, 0, "B/frame", "JMH");
        t.notMeasured("5", "AppCDS", BenchTargets.Better.LOWER, 3, "x", "runs from classes directories");
        assertTrue(t.all().get(0).met());
        assertFalse(t.all().get(1).met());
        assertTrue(t.all().get(2).met());
        assertFalse(t.all().get(3).met());
        StringWriter s = new StringWriter();
        t.print(new PrintWriter(s));
        String[] lines = s.toString().strip().split("\n");
        assertEquals(6, lines.length, s.toString());
        assertTrue(lines[2].matches("1 +du replay / naive reader +0\\.58x +<= 0\\.60x +yes +du replay 0\\.90 s / naive 1\\.55 s"), lines[2]);
        assertTrue(lines[3].matches("3 +du run RSS / hello-world RSS +1\\.57x +<= 1\\.25x +NO +58 / 37 MiB"), lines[3]);
        assertTrue(lines[4].contains("0 B/frame") && lines[4].contains("<= 0 B/frame"), lines[4]);
        assertTrue(lines[5].matches("5 +AppCDS +n/a +<= 3\\.00x +- +runs from classes directories"), lines[5]);
    }
}
