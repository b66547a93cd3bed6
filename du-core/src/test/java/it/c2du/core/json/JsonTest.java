package it.c2du.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.json.Json.JsonException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void nestedValuesRoundTrip() throws JsonException {
        List<Object> list = new ArrayList<>(Arrays.asList(1L, null, "x", true, false, List.of(), Map.of(),
                List.of(List.of(List.of(-7L)))));
        Map<String, Object> v = map(
                "quote\"d", "a \"quoted\" word",
                "back\\slash", "C:\\dir\\file",
                "controls", "line\nfeed\rreturn\ttab\bback\fform\u0000nul\u0001\u001f",
                "slash", "a/b</script>",
                "unicode", "perch\u00e9 \u20ac \ud83d\ude00 \u2028",
                "empty", "",
                "zero", 0L,
                "neg", -1L,
                "max", Long.MAX_VALUE,
                "min", Long.MIN_VALUE,
                "null", null,
                "t", true,
                "f", false,
                "list", list,
                "nested", map("a", map("b", map("c", List.of(map("d", "e"))))),
                "", "empty key");
        String text = Json.write(v);
        assertTrue(!text.contains("\n") && !text.contains("\r"), "one line: " + text);
        Object back = Json.parse(text);
        assertEquals(v, back);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) back;
        assertEquals(List.copyOf(v.keySet()), List.copyOf(m.keySet()), "member order is kept");
        assertTrue(m.containsKey("null"));
        assertNull(m.get("null"));
        assertEquals(text, Json.write(back), "writing again gives the same text");
    }

    @Test
    void writeLooksLikeTheInterfacesExamples() {
        assertEquals("{\"a\": 1, \"b\": [true, null, \"x\"], \"c\": {}}",
                Json.write(map("a", 1L, "b", Arrays.asList(true, null, "x"), "c", Map.of())));
        assertEquals("[]", Json.write(List.of()));
        assertEquals("null", Json.write(null));
        assertEquals("[1, 2, 32768]", Json.write(new int[] {1, 2, 32768}));
        assertEquals("7", Json.write(7));
        assertEquals("1.5", Json.write(1.5));
        assertEquals("3", Json.write(3.0));
    }

    @Test
    void writeEscapesWhatMustBeEscaped() {
        assertEquals("\"\\\"\\\\\\n\\r\\t\"", Json.write("\"\\\n\r\t"));
        assertEquals("\"\\u0001\\u001f\\u0000\"", Json.write("\u0001\u001f\u0000"));
        assertEquals("\"\\u0008\\u000c\"", Json.write("\b\f"));
        assertEquals("\"\u00e9\"", Json.write("\u00e9"));
    }

    @Test
    void writeRejectsWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of('c')));
    }

    @Test
    void parsesOrdinaryJson() throws JsonException {
        Object v = Json.parse(" \n\t{ \"a\" : [ 1 , -2.5 , 3e2 , \"\\u00e9\\/\\\"\" ] ,\"b\":{\"c\":null},\"d\":true} \r\n");
        assertEquals(map("a", List.of(1L, -2.5, 300.0, "\u00e9/\""), "b", map("c", null), "d", true), v);
        assertEquals(42L, Json.parse("42"));
        assertEquals("s", Json.parse("\"s\""));
        assertNull(Json.parse("null"));
        assertEquals(Boolean.FALSE, Json.parse("false"));
        assertEquals(List.of(), Json.parse("[]"));
        assertEquals(Map.of(), Json.parse("{ }"));
        assertEquals("\ud83d\ude00", Json.parse("\"\\ud83d\\ude00\""));
        assertEquals(map("k", 2L), Json.parse("{\"k\": 1, \"k\": 2}"), "last duplicate wins");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "{", "}", "[", "]", "[1,", "[1,]", "[,]", "[,1]", "[1 2]", "[1;2]",
        "{\"a\":1,}", "{,}", "{\"a\" 1}", "{\"a\":}", "{a:1}", "{'a':1}", "{\"a\":1 \"b\":2}", "{1:2}",
        "\"abc", "\"\\", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\uZZZZ\"",
        "tru", "nul", "fals", "truex", "nullnull", "True", "NULL",
        "-", "--1", "1.2.3", "1e", "1e+", "+", "e5", ".", "1-2", "NaN", "Infinity", "0x10",
        "99999999999999999999",
        "{\"a\":1}}", "[1]]", "[1]x", "1 2", "\"a\" \"b\"", "'a'", "@", "{\"a\":[1,{\"b\":]}}",
        "[\"unterminated]", "{\"a\":\"b}",
    })
    void malformedInputsThrowJsonException(String text) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text), text);
        assertTrue(e.getMessage().contains("character"), "says where: " + e.getMessage());
    }

    @Test
    void errorSaysWhere() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("[1, 2, x]"));
        assertTrue(e.getMessage().contains("character 8"), e.getMessage());
    }

    // ---------------------------------------------------------------- random round trip

    private static String randomString(Random rnd) {
        int n = rnd.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(10);
            if (k < 5) {
                sb.append((char) rnd.nextInt(0x80)); // every ASCII char, controls included
            } else if (k < 7) {
                sb.append("\"\\/\n\r\t\b\f".charAt(rnd.nextInt(8)));
            } else if (k < 9) {
                sb.append((char) (0xA0 + rnd.nextInt(0xD7FF - 0xA0)));
            } else {
                sb.appendCodePoint(0x10000 + rnd.nextInt(0x10000));
            }
        }
        return sb.toString();
    }

    private static Object randomValue(Random rnd, int depth) {
        int k = rnd.nextInt(depth <= 0 ? 5 : 7);
        switch (k) {
            case 0:
                return null;
            case 1:
                return rnd.nextBoolean();
            case 2:
                return switch (rnd.nextInt(3)) {
                    case 0 -> (long) rnd.nextInt(100) - 50;
                    case 1 -> rnd.nextLong();
                    default -> (long) rnd.nextInt(65536);
                };
            case 3:
            case 4:
                return randomString(rnd);
            case 5: {
                List<Object> l = new ArrayList<>();
                int n = rnd.nextInt(5);
                for (int i = 0; i < n; i++) {
                    l.add(randomValue(rnd, depth - 1));
                }
                return l;
            }
            default: {
                Map<String, Object> m = new LinkedHashMap<>();
                int n = rnd.nextInt(5);
                for (int i = 0; i < n; i++) {
                    m.put(randomString(rnd), randomValue(rnd, depth - 1));
                }
                return m;
            }
        }
    }

    @Test
    void randomValuesRoundTrip() {
        long base = Long.getLong("c2du.seed", 0x150AL);
        for (int i = 0; i < 2000; i++) {
            long seed = base + i;
            Object v = randomValue(new Random(seed), 4);
            String text = Json.write(v);
            Object back;
            try {
                back = Json.parse(text);
            } catch (JsonException e) {
                throw new AssertionError("seed=" + seed + " cannot parse its own output " + text + ": " + e.getMessage(), e);
            }
            assertEquals(v, back, "seed=" + seed + " text " + text);
            assertEquals(text, Json.write(back), "seed=" + seed);
        }
    }

    @Test
    void randomTruncationsNeverEscapeAsAnotherException() {
        long base = Long.getLong("c2du.seed", 0x150AL);
        for (int i = 0; i < 500; i++) {
            long seed = base + i;
            Random rnd = new Random(seed);
            Object v = randomValue(rnd, 3);
            if (!(v instanceof Map) && !(v instanceof List)) {
                continue;
            }
            String text = Json.write(v);
            String cut = text.substring(0, rnd.nextInt(text.length()));
            try {
                Json.parse(cut);
                // A prefix of a container is never a whole value.
                throw new AssertionError("seed=" + seed + " parsed the truncated text " + cut);
            } catch (JsonException expected) {
                // good
            } catch (RuntimeException e) {
                throw new AssertionError("seed=" + seed + " " + e + " for " + cut, e);
            }
        }
    }
}
