package it.c2du.lab.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.lab.platform.PlatformRules.Accepted;
import it.c2du.lab.platform.PlatformRules.Rejected;
import it.c2du.lab.platform.PlatformRules.Rule;
import it.c2du.lab.platform.PlatformRules.Verdict;
import it.c2du.core.json.Json;
import it.c2du.core.profile.MeterRole;
import it.c2du.counters.platform.PlatformDay;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The platform's checks of {@code du platform-sim}: every rule, with its exact error text. */
class PlatformRulesTest {
    /** The platform's published M1 example (chain2-profile.md), a day with a power loss. */
    static final String M1 = "{\"TS\":1509408000000,\"C1_DU\":-32772,\"C2_DU\":-32769,\"C3_DU\":-32768,"
            + "\"POD\":\"IT001E12345678\",\"ID_INSTALLAZIONE\":\"XY171001\",\"DU\":\"DC0000000002\"}";
    static final String M2 = "{\"TS\":1509408000000,\"C4_DU\":96,\"C5_DU\":0,\"POD\":\"ITP0AE12345678\","
            + "\"ID_INSTALLAZIONE\":\"XY171001\",\"DU\":\"DC0000000002\"}";

    static Verdict check(String text) {
        return PlatformRules.check(text.getBytes(StandardCharsets.UTF_8));
    }

    static Accepted ok(String text) {
        Verdict v = check(text);
        if (v instanceof Rejected r) {
            throw new AssertionError("rejected in phase " + r.phase() + ": " + r.error() + ": " + text);
        }
        return (Accepted) v;
    }

    static void ko(int phase, String error, String text) {
        Verdict v = check(text);
        Rejected r = assertInstanceOf(Rejected.class, v, text);
        assertEquals(error, r.error(), text);
        assertEquals(phase, r.phase(), text);
        assertEquals(text, r.received());
    }

    /** The M1 example with one member replaced (or, with null, removed); order kept. */
    static String m1With(String member, Object value) {
        return with(M1, member, value);
    }

    @SuppressWarnings("unchecked")
    static String with(String base, String member, Object value) {
        try {
            Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) Json.parse(base));
            if (value == null) {
                m.remove(member);
            } else {
                m.put(member, value);
            }
            return Json.writeCompact(m);
        } catch (Json.JsonException e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- accepted

    @Test
    void thePlatformsExampleIsAcceptedWithItsRow() {
        Accepted a = ok(M1);
        PlatformRules.Row row = a.row();
        assertEquals(MeterRole.M1, row.meter());
        assertEquals(LocalDate.of(2017, 10, 31), row.day());
        assertEquals(1509408000000L, row.ts());
        assertEquals(Map.of("C1_DU", -32772, "C2_DU", -32769, "C3_DU", -32768), row.counters());
        assertEquals(List.of("C1_DU", "C2_DU", "C3_DU"), List.copyOf(row.counters().keySet()));
        assertEquals("IT001E12345678", row.pod());
        assertEquals("XY171001", row.installationId());
        assertEquals("DC0000000002", row.du());
        assertEquals(new PlatformRules.Key("XY171001", "IT001E12345678", LocalDate.of(2017, 10, 31)), row.key());
        assertEquals("{\"RC\":\"OK\",\"data\":" + M1 + "}", a.returnCode());
    }

    @Test
    void anM2MessageIsAccepted() {
        Accepted a = ok(M2);
        assertEquals(MeterRole.M2, a.row().meter());
        assertEquals(Map.of("C4_DU", 96, "C5_DU", 0), a.row().counters());
        assertEquals("{\"RC\":\"OK\",\"data\":" + M2 + "}", a.returnCode());
    }

    @Test
    void whatPlatformDayBuildsIsAcceptedForEveryRawValueClass() {
        int[] raws = {0, 1, 93, 0x7FFF, 0x8000, 0x8001, 0x8004, 0xFFFF};
        for (int raw : raws) {
            PlatformDay m1 = new PlatformDay(MeterRole.M1, LocalDate.of(2024, 3, 31), new int[] {raw, raw, raw},
                    "IT001E12345678", "DC1234567890", "AB240301");
            Accepted a = ok(Json.writeCompact(m1.json()));
            assertEquals(PlatformDay.valueSent(raw), a.row().counters().get("C1_DU"), "raw " + raw);
            PlatformDay m2 = new PlatformDay(MeterRole.M2, LocalDate.of(2024, 10, 27), new int[] {raw, raw},
                    "ITP0AE123456789", "DC1234567890", "AB240301");
            assertEquals(LocalDate.of(2024, 10, 27), ok(Json.writeCompact(m2.json())).row().day());
        }
    }

    @Test
    void theCounterRangeIsExactlyWhatValueSentGives() {
        // Every value valueSent can give is accepted...
        for (int raw = 0; raw <= 0xFFFF; raw += 7) {
            ok(m1With("C2_DU", (long) PlatformDay.valueSent(raw)));
        }
        // ...and the edges of the two ranges, from both sides.
        for (long v : new long[] {0, 32767, -32768, -65535}) {
            ok(m1With("C1_DU", v));
        }
        for (long v : new long[] {32768, -1, -32767, -65536, 65535, Long.MAX_VALUE, Long.MIN_VALUE}) {
            ko(2, "C1_DU: expected 0 to 32767, or -65535 to -32768 for a day with a power loss, got " + v, m1With("C1_DU", v));
        }
        ko(2, "C5_DU: expected 0 to 32767, or -65535 to -32768 for a day with a power loss, got -100",
                with(M2, "C5_DU", -100L));
    }

    @Test
    void negativePowerLossValuesAreAccepted() {
        Accepted a = ok(with(M2, "C4_DU", -32768L));
        assertEquals(-32768, a.row().counters().get("C4_DU"));
        assertEquals(-65535, ok(m1With("C3_DU", -65535L)).row().counters().get("C3_DU"));
    }

    @Test
    void extraMembersAreIgnoredAndEchoedInTheReturnCode() {
        String text = "{\"TS\":1509408000000,\"VERSION\":\"du 0.1\",\"C1_DU\":1,\"C2_DU\":2,\"C3_DU\":3,"
                + "\"POD\":\"IT001E12345678\",\"ID_INSTALLAZIONE\":\"XY171001\",\"DU\":\"DC0000000002\","
                + "\"NOTE\":{\"a\":[1,2.5,null,true]}}";
        Accepted a = ok(text);
        assertEquals(Map.of("C1_DU", 1, "C2_DU", 2, "C3_DU", 3), a.row().counters());
        assertEquals("{\"RC\":\"OK\",\"data\":" + text + "}", a.returnCode());
        // Members in any order, with spaces, are the same message.
        Accepted spaced = ok(" {\"DU\" : \"dc00000000aB\", \"ID_INSTALLAZIONE\":\"xy171001\", \"POD\":\"IT001E123456789\","
                + " \"C3_DU\":0, \"C2_DU\":0, \"C1_DU\":0, \"TS\":0}\n");
        assertEquals(LocalDate.of(1970, 1, 1), spaced.row().day());
        assertEquals("dc00000000aB", spaced.row().du());
    }

    // ---------------------------------------------------------------- phase 1

    @Test
    void syntaxErrorsArePhase1WithTheTextReceived() {
        ko(1, "not JSON: unexpected end at character 1", "");
        ko(1, "not JSON: unexpected character 'h' at character 1", "hello");
        int comma = M1.indexOf(",\"POD\"");
        ko(1, "not JSON: expected ',' or '}' at character " + (comma + 2), M1.replace(",\"POD\"", " \"POD\""));
        ko(1, "not JSON: unexpected end at character " + M1.length(), M1.substring(0, M1.length() - 1));
        ko(1, "not JSON: unexpected text after the value at character " + (M1.length() + 1), M1 + M1);
        ko(1, "not JSON: expected a member name at character 2", "{TS:1509408000000}");
    }

    @Test
    void aJsonValueThatIsNotAnObjectIsPhase1() {
        ko(1, "not a JSON object: an array", "[" + M1 + "]");
        ko(1, "not a JSON object: \"hello\"", "\"hello\"");
        ko(1, "not a JSON object: 42", "42");
        ko(1, "not a JSON object: null", "null");
    }

    @Test
    void bytesThatAreNotUtf8ArePhase1() {
        byte[] b = M1.replace("XY171001", "XY17100?").getBytes(StandardCharsets.UTF_8);
        b[M1.indexOf("XY171001") + 7] = (byte) 0xC3; // a lead byte without its continuation
        Rejected r = assertInstanceOf(Rejected.class, PlatformRules.check(b));
        assertEquals(1, r.phase());
        assertEquals("not UTF-8 text", r.error());
        assertTrue(r.received().contains("XY17100\uFFFD"), r.received());
    }

    // ---------------------------------------------------------------- phase 2

    @Test
    void theMeterIsTheCountersPresent() {
        ko(2, "no counters: expected C1_DU, C2_DU, C3_DU (meter M1) or C4_DU, C5_DU (meter M2)", "{}");
        ko(2, "no counters: expected C1_DU, C2_DU, C3_DU (meter M1) or C4_DU, C5_DU (meter M2)",
                "{\"TS\":1509408000000,\"POD\":\"IT001E12345678\",\"ID_INSTALLAZIONE\":\"XY171001\",\"DU\":\"DC0000000002\"}");
        ko(2, "counters of both meters: C1_DU, C2_DU, C3_DU (meter M1) or C4_DU, C5_DU (meter M2), not both",
                m1With("C5_DU", 1L));
        ko(2, "missing member C2_DU", m1With("C2_DU", null));
        ko(2, "missing member C4_DU", with(M2, "C4_DU", null));
    }

    @Test
    void everyRequiredMemberMustBeThere() {
        for (String member : List.of("TS", "C1_DU", "C2_DU", "C3_DU", "POD", "ID_INSTALLAZIONE", "DU")) {
            if (!member.equals("C1_DU")) { // without C1_DU, C2_DU and C3_DU still say M1
                ko(2, "missing member " + member, m1With(member, null));
            }
        }
        ko(2, "missing member C1_DU", m1With("C1_DU", null));
        for (String member : List.of("TS", "C5_DU", "POD", "ID_INSTALLAZIONE", "DU")) {
            ko(2, "missing member " + member, with(M2, member, null));
        }
        assertEquals(List.of("TS", "C1_DU", "C2_DU", "C3_DU", "POD", "ID_INSTALLAZIONE", "DU"),
                PlatformRules.requiredMembers(MeterRole.M1));
        assertEquals(List.of("TS", "C4_DU", "C5_DU", "POD", "ID_INSTALLAZIONE", "DU"), PlatformRules.requiredMembers(MeterRole.M2));
    }

    @Test
    void theFirstBrokenRuleIsReportedInTheExamplesMemberOrder() {
        String twice = with(m1With("TS", null), "POD", "IT1");
        ko(2, "missing member TS", twice);
        ko(2, "POD: expected IT and 12 or 13 capital letters or digits (e.g. IT001E12345678), got \"IT1\"",
                with(m1With("DU", "X"), "POD", "IT1"));
    }

    @Test
    void typesOfTheMembers() {
        ko(2, "TS: expected an integer, got \"1509408000000\"", m1With("TS", "1509408000000"));
        ko(2, "TS: expected an integer, got 1.509408E12", M1.replace("1509408000000", "1509408000000.0"));
        ko(2, "TS: expected an integer, got 1.509408E12", M1.replace("1509408000000", "1.509408e12"));
        ko(2, "C1_DU: expected an integer, got 5.0", M1.replace("-32772", "5.0"));
        ko(2, "C1_DU: expected an integer, got -32772.5", M1.replace("-32772", "-32772.5"));
        ko(2, "C2_DU: expected an integer, got null", M1.replace("\"C2_DU\":-32769", "\"C2_DU\":null"));
        ko(2, "C3_DU: expected an integer, got true", m1With("C3_DU", true));
        ko(2, "C4_DU: expected an integer, got an array", with(M2, "C4_DU", List.of(1)));
        ko(2, "POD: expected a string, got 1", m1With("POD", 1L));
        ko(2, "ID_INSTALLAZIONE: expected a string, got an object", m1With("ID_INSTALLAZIONE", Map.of()));
        ko(2, "DU: expected a string, got null", M1.replace("\"DU\":\"DC0000000002\"", "\"DU\":null"));
    }

    @Test
    void tsIsADateAtMidnightUtcInMilliseconds() {
        ok(m1With("TS", 0L));
        ok(m1With("TS", 253402214400000L)); // 9999-12-31
        String text = "TS: expected a date at 00:00 UTC in POSIX milliseconds (a multiple of 86400000, 0 to 253402214400000), got ";
        for (long ts : new long[] {1509408000001L, 1509404400000L /* 00:00 in Rome, 23:00 UTC */, 1509408000L /* seconds */,
            -86400000L, 253402300800000L}) {
            ko(2, text + ts, m1With("TS", ts));
        }
        assertEquals(PlatformDay.timestampMillis(LocalDate.of(9999, 12, 31)), PlatformRules.MAX_TS);
    }

    @Test
    void podForm() {
        ok(m1With("POD", "IT001E12345678"));
        ok(m1With("POD", "IT001E123456789"));
        ok(with(M2, "POD", "ITP0AE12345678"));
        ok(with(M2, "POD", "ITPOAE12345678"));
        for (String pod : List.of("", "IT001E1234567", "IT001E1234567890", "it001E12345678", "IT001e12345678",
                "FR001E12345678", "IT001E1234567-", "IT001E 12345678", "POD")) {
            ko(2, "POD: expected IT and 12 or 13 capital letters or digits (e.g. IT001E12345678), got \"" + pod + "\"",
                    m1With("POD", pod));
        }
    }

    @Test
    void installationIdForm() {
        ok(m1With("ID_INSTALLAZIONE", "ab240229"));
        ok(m1With("ID_INSTALLAZIONE", "9Z991231"));
        for (String id : List.of("", "XY17100", "XY1710011", "X-171001", "XYZ71001", "XY17I001")) {
            ko(2, "ID_INSTALLAZIONE: expected 2 letters or digits and the activation date YYMMDD (e.g. XY171001), got \""
                    + id + "\"", m1With("ID_INSTALLAZIONE", id));
        }
        for (String id : List.of("XY171301", "XY230229", "XY171000", "XY170431")) {
            ko(2, "ID_INSTALLAZIONE: the activation date in \"" + id + "\" is not a date (YYMMDD)",
                    m1With("ID_INSTALLAZIONE", id));
        }
    }

    @Test
    void duForm() {
        ok(m1With("DU", "DC1234567890"));
        ok(m1With("DU", "dcABCDEFabcd"));
        for (String du : List.of("", "DC123456789", "DC12345678901", "AB1234567890", "DC12345G7890", "DC-234567890")) {
            ko(2, "DU: expected 12 hex digits starting with DC (e.g. DC0000000002), got \"" + du + "\"", m1With("DU", du));
        }
    }

    // ---------------------------------------------------------------- return codes and the rules' table

    @Test
    void koReturnCodeQuotesTheTextReceived() throws Exception {
        String bad = "{\"TS\":1,\n\"x\":\"\u00e8\"";
        Rejected r = assertInstanceOf(Rejected.class, check(bad));
        assertEquals("{\"RC\":\"KO\",\"data\":\"{\\\"TS\\\":1,\\n\\\"x\\\":\\\"\u00e8\\\"\",\"phase\":1,"
                + "\"error\":\"not JSON: unexpected end at character 17\"}", r.returnCode());
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) Json.parse(r.returnCode());
        assertEquals(bad, back.get("data"));
        assertEquals(1L, back.get("phase"));
        Rejected r2 = assertInstanceOf(Rejected.class, check(m1With("POD", "X")));
        @SuppressWarnings("unchecked")
        Map<String, Object> back2 = (Map<String, Object>) Json.parse(r2.returnCode());
        assertEquals(List.of("RC", "data", "phase", "error"), List.copyOf(back2.keySet()));
        assertEquals("KO", back2.get("RC"));
        assertEquals(m1With("POD", "X"), back2.get("data"));
        assertEquals(2L, back2.get("phase"));
    }

    @Test
    void eachRuleHasItsPhaseAndTheCountersAreThoseOfPlatformDay() {
        for (Rule r : Rule.values()) {
            assertEquals(r.name().equals("UTF8") || r.name().equals("SYNTAX") || r.name().equals("OBJECT") ? 1 : 2, r.phase(),
                    r.name());
        }
        assertEquals(List.of("C1_DU", "C2_DU", "C3_DU"), PlatformRules.counterNames(MeterRole.M1));
        assertEquals(List.of("C4_DU", "C5_DU"), PlatformRules.counterNames(MeterRole.M2));
        assertEquals(PlatformDay.csvHeader(MeterRole.M1), "TS," + String.join(",", PlatformRules.counterNames(MeterRole.M1))
                + ",POD,DU,ID_INSTALLAZIONE");
    }

    @Test
    void nothingThrowsWhateverTheBytes() throws Exception {
        java.util.Random rnd = new java.util.Random(6);
        byte[] base = M1.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 5000; i++) {
            byte[] b = base.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips; k++) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            Verdict v = PlatformRules.check(b);
            Json.parse(v.returnCode()); // always a JSON return code
        }
        byte[] deep = "[".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        assertEquals(1, assertInstanceOf(Rejected.class, PlatformRules.check(deep)).phase());
    }
}
