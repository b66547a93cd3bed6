package it.c2du.cli;

import it.c2du.cli.dev.DemoCommand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTraceTest {
    @Test
    void bundledTraceIsWhatTheGeneratorMakes() throws Exception {
        String bundled = new String(getClass().getClassLoader().getResourceAsStream(DemoCommand.TRACE).readAllBytes(),
                StandardCharsets.UTF_8);
        assertEquals(DemoTraceGenerator.generate(), bundled,
                "regenerate du-cli/src/main/resources/demo/sample.trace with DemoTraceGenerator.main");
    }

    @Test
    void demoShowsReceivedDroppedAndCounters() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = DuCommand.execute(new String[] {"demo", "--replay"}, new PrintWriter(out), new PrintWriter(err));
        String text = out.toString();
        assertEquals(0, status, err.toString());
        assertTrue(text.contains("not-for-me"), text);
        assertTrue(text.contains("mac-fcs"), text);
        assertTrue(text.contains("auth-failed"), text);
        assertTrue(text.contains("repetition"), text);
        assertTrue(text.contains("Counters of 2024-03-31 (today)"), text);
        assertTrue(text.contains("2024-03-30"), text + "\nyesterday in the profile");
    }
}
