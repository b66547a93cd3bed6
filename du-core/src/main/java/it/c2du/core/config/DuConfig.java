package it.c2du.core.config;

import it.c2du.core.crypto.GcmEngine;
import it.c2du.core.crypto.OperationalKey;
import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.stack.Bytes;
import it.c2du.core.stack.MacAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The DU configuration of interfaces.md: a properties file of {@code key = value} lines, with
 * {@code #} comments on their own line or after white space at the end of a line.
 */
public final class DuConfig {
    /** Keys this version knows; anything else is a typo worth stopping for. */
    static final Set<String> KNOWN_KEYS = Set.of("du.mac", "du.name",
            "m1.pod", "m1.key", "m1.system-title", "m1.installation-id",
            "m2.pod", "m2.key", "m2.system-title", "m2.installation-id",
            "counters.zone", "crypto.engine", "modem.t-req", "modem.baud", "modem.configuration");
    /** The UART output wired to the ST7580's T_REQ: rts, dtr, or none (a pty, or a modem without the line). */
    public static final List<String> REQUEST_LINES = List.of("rts", "dtr", "none");
    private static final Pattern INLINE_COMMENT = Pattern.compile("\\s+#.*$");
    private static final Pattern POD = Pattern.compile("[A-Za-z0-9]{14,15}");
    /** Allegato 5: 2 alphanumerics assigned by the distributor + the activation date YYMMDD. */
    private static final Pattern INSTALLATION_ID = Pattern.compile("[A-Za-z0-9]{2}([0-9]{2})([0-9]{2})([0-9]{2})");

    private final MacAddress duAddress;
    private final String name;
    private final Map<MeterRole, Association> associations;
    private final ZoneId zone;
    private final String engineName;
    private final Map<MeterRole, String> installationIds;
    private final Modem modem;

    /**
     * How the live receiver drives the PLC modem.
     *
     * @param requestLine   rts, dtr or none ({@code modem.t-req}, default rts)
     * @param baud          the UART speed ({@code modem.baud}, default 57600)
     * @param configuration the byte written to the modem configuration MIB object at start
     *                      ({@code modem.configuration}, default 0x11)
     */
    public record Modem(String requestLine, int baud, int configuration) {
        /** What a configuration without modem keys (or {@code du capture} without one) uses. */
        public static final Modem DEFAULTS = new Modem("rts", 57600, 0x11);
    }

    private DuConfig(MacAddress duAddress, String name, Map<MeterRole, Association> associations,
                     ZoneId zone, String engineName, Map<MeterRole, String> installationIds, Modem modem) {
        this.installationIds = installationIds;
        this.modem = modem;
        this.duAddress = duAddress;
        this.name = name;
        this.associations = associations;
        this.zone = zone;
        this.engineName = engineName;
    }

    public static DuConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such configuration file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses configuration text; {@code source} names it in error messages. */
    public static DuConfig parse(String text, String source) throws ConfigException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(where + ": expected \"key = value\"");
            }
            String key = line.substring(0, eq).strip();
            String value = INLINE_COMMENT.matcher(line.substring(eq + 1)).replaceFirst("").strip();
            if (key.chars().anyMatch(Character::isWhitespace)) {
                // Never echo it: "m1.key <32 hex digits> = ..." would put a key into the message.
                throw new ConfigException(where + ": expected \"key = value\" with one key name before \"=\"");
            }
            if (!KNOWN_KEYS.contains(key)) {
                throw new ConfigException(where + ": unknown key \"" + key + "\" (known: "
                        + String.join(", ", KNOWN_KEYS.stream().sorted().toList()) + ")");
            }
            if (values.containsKey(key)) {
                throw new ConfigException(where + ": " + key + " is already set on line " + lineOf.get(key));
            }
            values.put(key, value);
            lineOf.put(key, i + 1);
        }
        return new Reader(source, values, lineOf).read();
    }

    /** Reads and validates the values, naming the line of the first bad one. */
    private static final class Reader {
        private final String source;
        private final Map<String, String> values;
        private final Map<String, Integer> lineOf;

        Reader(String source, Map<String, String> values, Map<String, Integer> lineOf) {
            this.source = source;
            this.values = values;
            this.lineOf = lineOf;
        }

        DuConfig read() throws ConfigException {
            String macText = required("du.mac", "12 hex digits starting with DC");
            MacAddress mac = MacAddress.parseOrNull(macText);
            if (mac == null || mac.firstByte() != C2P1.Mac.DU_ADDRESS_FIRST_BYTE) {
                throw bad("du.mac", "expected 12 hex digits starting with DC, got \"" + macText + "\"");
            }
            Map<MeterRole, Association> associations = new EnumMap<>(MeterRole.class);
            Association m1 = association(MeterRole.M1, true);
            if (m1 != null) {
                associations.put(MeterRole.M1, m1);
            }
            Association m2 = association(MeterRole.M2, false);
            if (m2 != null) {
                associations.put(MeterRole.M2, m2);
            }
            ZoneId zone = ZoneId.of(C2P1.Counters.DEFAULT_ZONE);
            String zoneText = values.get("counters.zone");
            if (zoneText != null) {
                try {
                    zone = ZoneId.of(zoneText);
                } catch (DateTimeException e) {
                    throw bad("counters.zone", "expected a time-zone id such as Europe/Rome, got \"" + zoneText + "\"");
                }
            }
            String engine = values.getOrDefault("crypto.engine", GcmEngine.DEFAULT);
            if (!engine.equals("jdk") && !engine.equals("bc")) {
                throw bad("crypto.engine", "expected jdk or bc, got \"" + engine + "\"");
            }
            Map<MeterRole, String> installationIds = new EnumMap<>(MeterRole.class);
            for (MeterRole role : MeterRole.values()) {
                String id = installationId(role, associations.containsKey(role));
                if (id != null) {
                    installationIds.put(role, id);
                }
            }
            String name = values.get("du.name");
            return new DuConfig(mac, name == null || name.isEmpty() ? null : name, associations, zone, engine,
                    installationIds, modem());
        }

        private Modem modem() throws ConfigException {
            String line = values.getOrDefault("modem.t-req", Modem.DEFAULTS.requestLine()).toLowerCase(java.util.Locale.ROOT);
            if (!REQUEST_LINES.contains(line)) {
                throw bad("modem.t-req", "expected rts, dtr or none, got \"" + values.get("modem.t-req") + "\"");
            }
            int baud = Modem.DEFAULTS.baud();
            String baudText = values.get("modem.baud");
            if (baudText != null) {
                try {
                    baud = Integer.parseInt(baudText);
                } catch (NumberFormatException e) {
                    baud = -1;
                }
                if (baud < 1200 || baud > 921_600) {
                    throw bad("modem.baud", "expected a baud rate from 1200 to 921600, got \"" + baudText + "\"");
                }
            }
            int configuration = Modem.DEFAULTS.configuration();
            String confText = values.get("modem.configuration");
            if (confText != null) {
                String hex = confText.startsWith("0x") || confText.startsWith("0X") ? confText.substring(2) : null;
                try {
                    configuration = hex != null ? Integer.parseInt(hex, 16) : Integer.parseInt(confText);
                } catch (NumberFormatException e) {
                    configuration = -1;
                }
                if (configuration < 0 || configuration > 0xFF) {
                    throw bad("modem.configuration", "expected one byte, 0x00 to 0xFF, got \"" + confText + "\"");
                }
            }
            return new Modem(line, baud, configuration);
        }

        /** ID_INSTALLAZIONE: optional, but only for a meter the DU is associated with. */
        private String installationId(MeterRole role, boolean associated) throws ConfigException {
            String key = role.configPrefix() + ".installation-id";
            String id = values.get(key);
            if (id == null) {
                return null;
            }
            if (!associated) {
                throw bad(key, "set, but there is no " + role + " association (" + role.configPrefix()
                        + ".key and " + role.configPrefix() + ".system-title)");
            }
            java.util.regex.Matcher m = INSTALLATION_ID.matcher(id);
            if (!m.matches()) {
                throw bad(key, "expected 2 letters or digits and the activation date YYMMDD (e.g. XY171001), got \"" + id + "\"");
            }
            try {
                java.time.LocalDate.of(2000 + Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)));
            } catch (DateTimeException e) {
                throw bad(key, "the activation date in \"" + id + "\" is not a date (YYMMDD)");
            }
            return id;
        }

        /**
         * M1's key and System Title are required and its POD optional; M2's three keys are
         * optional together (a DU without a production meter).
         */
        private Association association(MeterRole role, boolean required) throws ConfigException {
            String p = role.configPrefix();
            String podKey = p + ".pod";
            String keyKey = p + ".key";
            String stKey = p + ".system-title";
            if (!required && !values.containsKey(podKey) && !values.containsKey(keyKey) && !values.containsKey(stKey)) {
                return null;
            }
            String what = required ? "" : " (the " + role + " keys " + podKey + ", " + keyKey + ", " + stKey
                    + " are set together or not at all)";
            String keyText = values.get(keyKey);
            if (keyText == null) {
                throw missing(keyKey, "32 hex digits" + what);
            }
            byte[] key = keyText.length() == 2 * C2P1.Security.KEY_SIZE ? Bytes.parseHexOrNull(keyText) : null;
            if (key == null) {
                // Never echo a key, not even a malformed one: it may be a real key with a typo.
                throw bad(keyKey, "expected 32 hex digits, got " + describeSecret(keyText));
            }
            String stText = values.get(stKey);
            if (stText == null) {
                throw missing(stKey, "16 hex digits" + what);
            }
            byte[] st = stText.length() == 2 * C2P1.Security.SYSTEM_TITLE_SIZE ? Bytes.parseHexOrNull(stText) : null;
            if (st == null) {
                throw bad(stKey, "expected 16 hex digits, got \"" + stText + "\"");
            }
            String pod = values.get(podKey);
            if (pod == null && !required) {
                throw missing(podKey, "14-15 letters and digits" + what);
            }
            if (pod != null && !POD.matcher(pod).matches()) {
                throw bad(podKey, "expected 14-15 letters and digits, got \"" + pod + "\"");
            }
            return new Association(role, st, new OperationalKey(key), pod);
        }

        private static String describeSecret(String text) {
            if (text.isEmpty()) {
                return "an empty value";
            }
            long nonHex = text.chars().filter(c -> !Bytes.isHexDigit(c)).count();
            return text.length() + " characters" + (nonHex > 0 ? ", " + nonHex + " of them not hex digits" : "");
        }

        private String required(String key, String expected) throws ConfigException {
            String v = values.get(key);
            if (v == null) {
                throw missing(key, expected);
            }
            return v;
        }

        private ConfigException missing(String key, String expected) {
            return new ConfigException(source + ": " + key + ": missing, expected " + expected);
        }

        private ConfigException bad(String key, String message) {
            return new ConfigException(source + " line " + lineOf.get(key) + ": " + key + ": " + message);
        }
    }

    public MacAddress duAddress() {
        return duAddress;
    }

    /** The DU's display name, or null. */
    public String name() {
        return name;
    }

    public List<Association> associations() {
        return new ArrayList<>(associations.values());
    }

    /** The association with a meter, or null when the DU has none. */
    public Association association(MeterRole role) {
        return associations.get(role);
    }

    /** The zone whose calendar days the daily counters follow. */
    public ZoneId zone() {
        return zone;
    }

    /** A fresh AES-GCM engine of the configured kind. */
    public GcmEngine newEngine() {
        return GcmEngine.named(engineName);
    }

    /** The meter's ID_INSTALLAZIONE for the collaborative platform, or null when not configured. */
    public String installationId(MeterRole role) {
        return installationIds.get(role);
    }

    /** How the live receiver drives the modem (defaults when the keys are absent). */
    public Modem modem() {
        return modem;
    }

    public String engineName() {
        return engineName;
    }
}
