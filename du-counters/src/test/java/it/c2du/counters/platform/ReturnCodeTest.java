package it.c2du.counters.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.json.Json;
import it.c2du.core.profile.MeterRole;
import it.c2du.counters.platform.PlatformDay;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reading the platform's return codes and matching each to the message it answers, by content. */
class ReturnCodeTest {
    private static final UploadMessage DAY = UploadMessage.of(new PlatformDay(MeterRole.M1, LocalDate.of(2017, 10, 31),
            new int[] {0x8004, 0x8001, 0x8000}, "IT001E12345678", "DC0000000002", "XY171001"));
    private static final UploadMessage NEXT = UploadMessage.of(new PlatformDay(MeterRole.M1, LocalDate.of(2017, 11, 1),
            new int[] {0x8004, 0x8001, 0x8000}, "IT001E12345678", "DC0000000002", "XY171001"));

    private static ReturnCode parse(String text) {
        return ReturnCode.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void thePublishedExampleIsTheMessage() {
        assertEquals("{\"TS\":1509408000000,\"C1_DU\":-32772,\"C2_DU\":-32769,\"C3_DU\":-32768,\"POD\":\"IT001E12345678\","
                + "\"ID_INSTALLAZIONE\":\"XY171001\",\"DU\":\"DC0000000002\"}", DAY.payload());
    }

    @Test
    void okCarriesTheJsonSent() {
        ReturnCode rc = parse("{\"RC\":\"OK\",\"data\":" + DAY.payload() + "}");
        assertInstanceOf(ReturnCode.Ok.class, rc);
        assertTrue(rc.answers(DAY));
        assertFalse(rc.answers(NEXT));
    }

    @Test
    void theOrderOfMembersAndSpacesDoNotMatter() {
        String reordered = "{ \"DU\" : \"DC0000000002\", \"TS\": 1509408000000, \"C3_DU\": -32768, \"C2_DU\": -32769,"
                + " \"C1_DU\": -32772, \"ID_INSTALLAZIONE\": \"XY171001\", \"POD\": \"IT001E12345678\" }";
        assertTrue(parse("{\"data\":" + reordered + ",\"RC\":\"OK\"}").answers(DAY));
        // ... but a value does.
        assertFalse(parse("{\"RC\":\"OK\",\"data\":" + DAY.payload().replace("-32772", "-32773") + "}").answers(DAY));
    }

    @Test
    void koCarriesTheJsonReceivedAsAString() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("RC", "KO");
        m.put("data", DAY.payload());
        m.put("phase", 2L);
        m.put("error", "POD: unknown");
        ReturnCode rc = parse(Json.writeCompact(m));
        ReturnCode.Ko ko = assertInstanceOf(ReturnCode.Ko.class, rc);
        assertEquals(2, ko.phase());
        assertEquals("POD: unknown", ko.error());
        assertTrue(rc.answers(DAY));
        assertFalse(rc.answers(NEXT));
        // A phase 1 KO quotes text that is not JSON: matched only by being exactly the text sent.
        assertFalse(parse("{\"RC\":\"KO\",\"data\":\"{\\\"TS\\\":\",\"phase\":1,\"error\":\"not JSON\"}").answers(DAY));
    }

    @Test
    void eitherFormOfDataIsTakenForEitherCode() {
        m("OK", Json.writeCompact(DAY.payload()));
        assertTrue(parse("{\"RC\":\"OK\",\"data\":" + Json.writeCompact(DAY.payload()) + "}").answers(DAY));
        assertTrue(parse("{\"RC\":\"KO\",\"data\":" + DAY.payload() + ",\"phase\":\"2\",\"error\":\"x\"}").answers(DAY));
        assertEquals(2, ((ReturnCode.Ko) parse("{\"RC\":\"KO\",\"data\":" + DAY.payload() + ",\"phase\":\"2\"}")).phase());
        assertEquals(0, ((ReturnCode.Ko) parse("{\"RC\":\"KO\",\"data\":\"x\",\"phase\":7,\"error\":\"x\"}")).phase());
    }

    private static void m(String rc, String data) {
        Class<?> expected = rc.equals("OK") ? ReturnCode.Ok.class : ReturnCode.Ko.class;
        assertEquals(expected, parse("{\"RC\":\"" + rc + "\",\"data\":" + data + "}").getClass());
    }

    @Test
    void whatIsNotAReturnCodeSaysWhy() {
        assertEquals("not UTF-8 text", ((ReturnCode.Unreadable) ReturnCode.parse(new byte[] {(byte) 0xC3, 0x28})).reason());
        assertTrue(((ReturnCode.Unreadable) parse("{\"RC\":")).reason().startsWith("not JSON"));
        assertEquals("not a JSON object", ((ReturnCode.Unreadable) parse("[1]")).reason());
        assertEquals("no \"data\" member", ((ReturnCode.Unreadable) parse("{\"RC\":\"OK\"}")).reason());
        assertTrue(((ReturnCode.Unreadable) parse("{\"RC\":\"MAYBE\",\"data\":1}")).reason().contains("\"MAYBE\""));
        assertTrue(((ReturnCode.Unreadable) parse("{\"data\":1}")).reason().contains("missing"));
        assertFalse(parse("{\"RC\":\"MAYBE\",\"data\":" + DAY.payload() + "}").answers(DAY));
    }

    /** Whatever arrives on the topic, parse gives a result and answers a boolean: no exception. */
    @Test
    void arbitraryBytesNeverThrow() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        byte[] base = ("{\"RC\":\"OK\",\"data\":" + DAY.payload() + "}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 5_000; i++) {
            byte[] b = base.clone();
            for (int k = r.nextInt(4); k >= 0; k--) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            byte[] cut = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
            try {
                ReturnCode.parse(cut).answers(DAY);
                ReturnCode rc = ReturnCode.parse(b);
                if (rc.answers(DAY)) {
                    assertFalse(rc instanceof ReturnCode.Unreadable, "seed " + seed);
                }
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ", input " + new String(b, StandardCharsets.ISO_8859_1), e);
            }
        }
    }
}
