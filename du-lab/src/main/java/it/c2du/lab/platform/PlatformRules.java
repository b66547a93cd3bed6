package it.c2du.lab.platform;


import static it.c2du.core.profile.C2P1.Counters.MAX_COUNT;
import static it.c2du.core.profile.C2P1.Counters.POWER_LOSS_BIT;

import it.c2du.core.json.Json;
import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.counters.platform.PlatformDay;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collaborative platform's checks on one uploaded message, as {@code du platform-sim} plays
 * them (Allegato 5, chain2-profile.md "Export to the collaborative platform"): phase 1 is the
 * syntax (UTF-8 text holding one JSON object), phase 2 the content (the members of an M1 or M2
 * message, their types and forms, the counters in the range {@link PlatformDay#valueSent} gives).
 * Members other than those are allowed and ignored.
 *
 * <p>A pure function: every input, however broken, gives a {@link Verdict}; nothing is thrown.
 * Each rule and its error text is one constant of {@link Rule}; the members and their checks are
 * the table {@code MEMBERS}. The first rule broken is the one reported, checked in this order:
 * UTF-8, JSON, object; which meter (the counters present); then member by member in the order of
 * the platform's example (TS, counters, POD, ID_INSTALLAZIONE, DU), each for presence, type, form.
 */
public final class PlatformRules {
    private PlatformRules() {
    }

    /** One rule of the platform, with the phase that reports it and its error text ({@link String#format} form). */
    public enum Rule {
        /** Phase 1: the payload is not valid UTF-8. */
        UTF8(1, "not UTF-8 text"),
        /** Phase 1: not JSON; %s = what the parser says, with the character position. */
        SYNTAX(1, "not JSON: %s"),
        /** Phase 1: JSON, but not an object; %s = what it is. */
        OBJECT(1, "not a JSON object: %s"),
        /** Phase 2: neither meter's counters. */
        NO_COUNTERS(2, "no counters: expected C1_DU, C2_DU, C3_DU (meter M1) or C4_DU, C5_DU (meter M2)"),
        /** Phase 2: counters of both meters: which row it is would be ambiguous. */
        BOTH_METERS(2, "counters of both meters: C1_DU, C2_DU, C3_DU (meter M1) or C4_DU, C5_DU (meter M2), not both"),
        /** Phase 2: a required member is absent; %s = its name. */
        MISSING(2, "missing member %s"),
        /** Phase 2: a member that must be an integer is not; %s = name, value. */
        NOT_INTEGER(2, "%s: expected an integer, got %s"),
        /** Phase 2: a member that must be a string is not; %s = name, value. */
        NOT_STRING(2, "%s: expected a string, got %s"),
        /** Phase 2: TS is not a date at 00:00 UTC in POSIX milliseconds; %s = value. */
        TS(2, "TS: expected a date at 00:00 UTC in POSIX milliseconds (a multiple of 86400000, 0 to 253402214400000),"
                + " got %s"),
        /** Phase 2: a counter outside the values {@link PlatformDay#valueSent} can give; %s = name, value. */
        COUNTER(2, "%s: expected 0 to 32767, or -65535 to -32768 for a day with a power loss, got %s"),
        /** Phase 2: the POD's form; %s = value. */
        POD(2, "POD: expected IT and 12 or 13 capital letters or digits (e.g. IT001E12345678), got \"%s\""),
        /** Phase 2: ID_INSTALLAZIONE's form; %s = value. */
        ID_INSTALLAZIONE(2, "ID_INSTALLAZIONE: expected 2 letters or digits and the activation date YYMMDD"
                + " (e.g. XY171001), got \"%s\""),
        /** Phase 2: ID_INSTALLAZIONE's activation date is not a date; %s = value. */
        ID_INSTALLAZIONE_DATE(2, "ID_INSTALLAZIONE: the activation date in \"%s\" is not a date (YYMMDD)"),
        /** Phase 2: the DU's communication MAC; %s = value. */
        DU(2, "DU: expected 12 hex digits starting with DC (e.g. DC0000000002), got \"%s\"");

        private final int phase;
        private final String text;

        Rule(int phase, String text) {
            this.phase = phase;
            this.text = text;
        }

        public int phase() {
            return phase;
        }

        /** The error text, with {@code %s} where the details go. */
        public String text() {
            return text;
        }

        /** The error text with its details filled in. */
        public String error(Object... details) {
            return String.format(Locale.ROOT, text, details);
        }
    }

    /** The day of TS: POSIX milliseconds of 00:00 UTC ({@link PlatformDay#timestampMillis}). */
    public static final long DAY_MILLIS = 86_400_000L;
    /** TS of 9999-12-31, the last day {@link LocalDate} and four-digit years reach. */
    static final long MAX_TS = PlatformDay.timestampMillis(LocalDate.of(9999, 12, 31));
    /** As DuConfig checks {@code mN.pod} when the upload is configured. */
    private static final Pattern POD = Pattern.compile(C2P1.Platform.POD_PATTERN);
    /** As DuConfig checks {@code mN.installation-id}: 2 letters or digits and YYMMDD. */
    private static final Pattern INSTALLATION_ID = Pattern.compile(C2P1.Platform.INSTALLATION_ID_PATTERN);
    private static final Pattern DU_MAC = Pattern.compile("[Dd][Cc][0-9A-Fa-f]{10}");

    private enum Type { INTEGER, STRING }

    /** A member's check after its type: null when the value is good, else the error. */
    private interface Form {
        String check(String name, Object value);
    }

    /** One required member: its name, JSON type and form. */
    private record Member(String name, Type type, Form form) {
    }

    /** The members of an M1 or M2 message, in the order of the platform's example (and of the checks). */
    private static final Map<MeterRole, List<Member>> MEMBERS = new java.util.EnumMap<>(MeterRole.class);

    static {
        for (MeterRole meter : MeterRole.values()) {
            List<Member> m = new ArrayList<>();
            m.add(new Member("TS", Type.INTEGER, (n, v) -> {
                long ts = (Long) v;
                return ts >= 0 && ts <= MAX_TS && ts % DAY_MILLIS == 0 ? null : Rule.TS.error(v);
            }));
            for (String counter : counterNames(meter)) {
                m.add(new Member(counter, Type.INTEGER, (n, v) -> {
                    long c = (Long) v;
                    boolean counted = c >= 0 && c <= MAX_COUNT;
                    boolean powerLoss = c <= -POWER_LOSS_BIT && c >= -(POWER_LOSS_BIT + MAX_COUNT);
                    return counted || powerLoss ? null : Rule.COUNTER.error(n, v);
                }));
            }
            m.add(new Member("POD", Type.STRING, (n, v) -> POD.matcher((String) v).matches() ? null : Rule.POD.error(v)));
            m.add(new Member("ID_INSTALLAZIONE", Type.STRING, (n, v) -> installationId((String) v)));
            m.add(new Member("DU", Type.STRING, (n, v) -> DU_MAC.matcher((String) v).matches() ? null : Rule.DU.error(v)));
            MEMBERS.put(meter, List.copyOf(m));
        }
    }

    private static String installationId(String id) {
        Matcher m = INSTALLATION_ID.matcher(id);
        if (!m.matches()) {
            return Rule.ID_INSTALLAZIONE.error(id);
        }
        try {
            LocalDate.of(2000 + Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            return null;
        } catch (DateTimeException e) {
            return Rule.ID_INSTALLAZIONE_DATE.error(id);
        }
    }

    /** The counter members of a meter's messages: C1_DU, C2_DU, C3_DU for M1; C4_DU, C5_DU for M2. */
    public static List<String> counterNames(MeterRole meter) {
        List<String> names = new ArrayList<>();
        for (ReceptionCounter c : PlatformDay.countersOf(meter)) {
            names.add(c.name() + "_DU");
        }
        return names;
    }

    /** The names of the members a meter's messages must carry, in the example's order. */
    public static List<String> requiredMembers(MeterRole meter) {
        return MEMBERS.get(meter).stream().map(Member::name).toList();
    }

    /** What the platform makes of one message. */
    public sealed interface Verdict permits Accepted, Rejected {
        /** The payload as text (malformed UTF-8 replaced), as the KO return code quotes it. */
        String received();

        /** The return code the platform publishes on the topic + "/rc", compact JSON. */
        String returnCode();
    }

    /** Phase 1 and 2 passed: the row the platform keeps; {@code json} is the message as parsed. */
    public record Accepted(Row row, Map<String, Object> json, String received) implements Verdict {
        public Accepted {
            json = Collections.unmodifiableMap(new LinkedHashMap<>(json));
        }

        /** {@code {"RC":"OK","data":<the json sent>}}. */
        @Override
        public String returnCode() {
            Map<String, Object> rc = new LinkedHashMap<>();
            rc.put("RC", "OK");
            rc.put("data", json);
            return Json.writeCompact(rc);
        }
    }

    /** Refused in {@code phase} (1 syntax, 2 content) for {@code error}. */
    public record Rejected(int phase, String error, String received) implements Verdict {
        /** {@code {"RC":"KO","data":"<the json received, as a string>","phase":1|2,"error":"..."}}. */
        @Override
        public String returnCode() {
            Map<String, Object> rc = new LinkedHashMap<>();
            rc.put("RC", "KO");
            rc.put("data", received);
            rc.put("phase", phase);
            rc.put("error", error);
            return Json.writeCompact(rc);
        }
    }

    /** Where a row goes: the platform keeps one per (ID_INSTALLAZIONE, POD, day), the last sent. */
    public record Key(String installationId, String pod, LocalDate day) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = installationId.compareTo(o.installationId);
            if (c == 0) {
                c = pod.compareTo(o.pod);
            }
            return c != 0 ? c : day.compareTo(o.day);
        }
    }

    /**
     * One accepted day of one meter: {@code counters} maps C1_DU.. (M1) or C4_DU, C5_DU (M2) to the
     * values sent, in that order.
     */
    public record Row(MeterRole meter, LocalDate day, long ts, Map<String, Integer> counters, String pod,
                      String installationId, String du) {
        public Row {
            counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        }

        public Key key() {
            return new Key(installationId, pod, day);
        }
    }

    /** Checks one message as the platform would. Never throws. */
    public static Verdict check(byte[] payload) {
        String received = new String(payload, StandardCharsets.UTF_8);
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload));
        } catch (CharacterCodingException e) {
            return reject(Rule.UTF8, received);
        }
        Object value;
        try {
            value = Json.parse(received);
        } catch (Json.JsonException e) {
            return reject(Rule.SYNTAX, received, e.getMessage());
        } catch (RuntimeException e) {
            // Not expected from the parser; a simulator must still answer rather than die.
            return reject(Rule.SYNTAX, received, String.valueOf(e.getMessage()));
        }
        if (!(value instanceof Map<?, ?> map)) {
            return reject(Rule.OBJECT, received, describe(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> message = (Map<String, Object>) map;
        boolean m1 = counterNames(MeterRole.M1).stream().anyMatch(message::containsKey);
        boolean m2 = counterNames(MeterRole.M2).stream().anyMatch(message::containsKey);
        if (m1 && m2) {
            return reject(Rule.BOTH_METERS, received);
        }
        if (!m1 && !m2) {
            return reject(Rule.NO_COUNTERS, received);
        }
        MeterRole meter = m1 ? MeterRole.M1 : MeterRole.M2;
        for (Member member : MEMBERS.get(meter)) {
            String name = member.name();
            if (!message.containsKey(name)) {
                return reject(Rule.MISSING, received, name);
            }
            Object v = message.get(name);
            if (member.type() == Type.INTEGER && !(v instanceof Long)) {
                return reject(Rule.NOT_INTEGER, received, name, describe(v));
            }
            if (member.type() == Type.STRING && !(v instanceof String)) {
                return reject(Rule.NOT_STRING, received, name, describe(v));
            }
            String error = member.form().check(name, v);
            if (error != null) {
                return new Rejected(2, error, received);
            }
        }
        Map<String, Integer> counters = new LinkedHashMap<>();
        for (String c : counterNames(meter)) {
            counters.put(c, ((Long) message.get(c)).intValue());
        }
        long ts = (Long) message.get("TS");
        Row row = new Row(meter, LocalDate.ofEpochDay(ts / DAY_MILLIS), ts, counters, (String) message.get("POD"),
                (String) message.get("ID_INSTALLAZIONE"), (String) message.get("DU"));
        return new Accepted(row, message, received);
    }

    private static Rejected reject(Rule rule, String received, Object... details) {
        return new Rejected(rule.phase(), rule.error(details), received);
    }

    /** A JSON value as an error message shows it: scalars as JSON, containers by kind. */
    public static String describe(Object v) {
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        if (v instanceof List<?>) {
            return "an array";
        }
        if (v instanceof Double d) {
            return d.toString(); // 5.0, not the 5 Json writes: the point is that it is not an integer
        }
        return Json.writeCompact(v);
    }
}
