package it.c2du.counters.platform;

import it.c2du.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A message of the platform's return-code topic (topic + "/rc"), as Allegato 5 gives it:
 * {@code {"RC":"OK","data":<the json sent>}} or
 * {@code {"RC":"KO","data":"<the json received, as a string>","phase":1|2,"error":"..."}}.
 *
 * <p>MQTT 3.1.1 has no correlation id: a return code says which message it answers only by
 * carrying it back in {@code data}, so {@link #answers} compares contents. {@code data} is taken
 * in either form (an object, or a string holding the text), whatever the RC.
 */
public sealed interface ReturnCode permits ReturnCode.Ok, ReturnCode.Ko, ReturnCode.Unreadable {
    /** The platform stored the row. */
    record Ok(Object data) implements ReturnCode {
    }

    /** The platform refused the message: phase 1 syntax, phase 2 content. */
    record Ko(Object data, int phase, String error) implements ReturnCode {
    }

    /** Not a return code: why. Expected input (another client may publish anything there), not an error. */
    record Unreadable(String reason) implements ReturnCode {
    }

    /** Reads one message of the return-code topic; never throws. */
    static ReturnCode parse(byte[] message) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message)).toString();
        } catch (CharacterCodingException e) {
            return new Unreadable("not UTF-8 text");
        }
        Object json;
        try {
            json = Json.parse(text);
        } catch (Json.JsonException e) {
            return new Unreadable("not JSON: " + e.getMessage());
        }
        if (!(json instanceof Map<?, ?> m)) {
            return new Unreadable("not a JSON object");
        }
        if (!m.containsKey("data")) {
            return new Unreadable("no \"data\" member");
        }
        Object rc = m.get("RC");
        if ("OK".equals(rc)) {
            return new Ok(m.get("data"));
        }
        if ("KO".equals(rc)) {
            Object phase = m.get("phase");
            int p = phase instanceof Long l && (l == 1 || l == 2) ? l.intValue()
                    : phase instanceof String s && (s.equals("1") || s.equals("2")) ? Integer.parseInt(s) : 0;
            Object error = m.get("error");
            return new Ko(m.get("data"), p, error == null ? "(no error given)" : String.valueOf(error));
        }
        return new Unreadable("\"RC\" is " + (rc == null ? "missing" : Json.writeCompact(rc)) + ", expected \"OK\" or \"KO\"");
    }

    /** Whether this return code answers {@code message}: its data is that message (as text or as JSON). */
    default boolean answers(UploadMessage message) {
        Object data = this instanceof Ok ok ? ok.data() : this instanceof Ko ko ? ko.data() : null;
        if (data instanceof String s && s.equals(message.payload())) {
            return true;
        }
        Object json = json(data);
        return json instanceof Map<?, ?> && json.equals(message.parsed());
    }

    /**
     * Whether this return code is about {@code message}'s row, its values aside: the same TS, POD,
     * ID_INSTALLAZIONE and meter. A KO is taken this way too (a platform may quote what it
     * received trimmed or rewritten); an OK is not, since it would acknowledge values never seen.
     */
    default boolean sameRow(UploadMessage message) {
        Object data = this instanceof Ok ok ? ok.data() : this instanceof Ko ko ? ko.data() : null;
        if (!(json(data) instanceof Map<?, ?> theirs)) {
            return false;
        }
        Map<?, ?> mine = message.parsed();
        for (String member : new String[] {"TS", "POD", "ID_INSTALLAZIONE"}) {
            if (!java.util.Objects.equals(mine.get(member), theirs.get(member))) {
                return false;
            }
        }
        String counter = message.key().meter() == it.c2du.core.profile.MeterRole.M1 ? "C1_DU" : "C4_DU";
        return theirs.containsKey(counter);
    }

    /** Data as JSON: an object as it is, a string parsed (null when it is not JSON). */
    private static Object json(Object data) {
        if (data instanceof String s) {
            try {
                return Json.parse(s);
            } catch (Json.JsonException e) {
                return null;
            }
        }
        return data;
    }
}
