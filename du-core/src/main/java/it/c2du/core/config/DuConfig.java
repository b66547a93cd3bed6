package it.c2du.core.config;

import it.c2du.core.crypto.GcmEngine;
import it.c2du.core.crypto.OperationalKey;
import it.c2du.core.layout.Layout;
import it.c2du.core.layout.LayoutFile;
import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.stack.Bytes;
import it.c2du.core.stack.MacAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
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
    static final Set<String> KNOWN_KEYS = knownKeys("du.mac", "du.name",
            "m1.pod", "m1.key", "m1.system-title", "m1.installation-id",
            "m2.pod", "m2.key", "m2.system-title", "m2.installation-id",
            "counters.zone", "crypto.engine", "modem.t-req", "modem.baud", "modem.configuration",
            "modem.frequency", "modem.rx-modulation", "modem.fsk-bit-rate", "modem.fsk-deviation", "modem.fsk-preamble",
            "modem.fsk-unique-word", "modem.receive-layer", "modem.dl-crc", "modem.sniffer",
            "platform.broker", "platform.topic", "platform.username", "platform.password", "platform.password-file",
            "platform.client-id", "platform.ca-file", "profile.file");

    private static Set<String> knownKeys(String... keys) {
        Set<String> all = new java.util.HashSet<>(List.of(keys));
        all.addAll(LiveOutputs.KEYS);
        return Set.copyOf(all);
    }
    /** tcp:// or ssl://, a host name, IPv4 address or [IPv6] address, and an optional port. */
    static final Pattern BROKER_URL = Pattern.compile(
            "(?i)(tcp|ssl)://(?:\\[([0-9A-Fa-f:.]+)\\]|([A-Za-z0-9._-]+))(?::([0-9]+))?/?");
    /** The UART output wired to the ST7580's T_REQ: rts, dtr, or none (a pty, or a modem without the line). */
    public static final List<String> REQUEST_LINES = List.of("rts", "dtr", "none");
    private static final Pattern INLINE_COMMENT = Pattern.compile("\\s+#.*$");
    private static final Pattern POD = Pattern.compile("[A-Za-z0-9]{14,15}");
    /** With the upload configured, the POD must be one the platform takes. */
    private static final Pattern PLATFORM_POD = Pattern.compile(C2P1.Platform.POD_PATTERN);
    /** Allegato 5: 2 alphanumerics assigned by the distributor + the activation date YYMMDD. */
    private static final Pattern INSTALLATION_ID = Pattern.compile(C2P1.Platform.INSTALLATION_ID_PATTERN);

    private final MacAddress duAddress;
    private final String name;
    private final Map<MeterRole, Association> associations;
    private final ZoneId zone;
    private final String engineName;
    private final Map<MeterRole, String> installationIds;
    private final Modem modem;
    private final Platform platform;
    private final Layout layout;
    private final LiveOutputs liveOutputs;

    /**
     * How the live receiver drives the PLC modem, and what it tells the modem to listen for.
     *
     * <p>This record is the one home of the modem keys' defaults; du-plc
     * ({@code it.c2du.plc.ModemSetup}) owns their meaning on the wire (which MIB bits each value
     * sets). The direction is forced: du-core may not depend on du-plc, yet a bad value must be
     * reported with its key and line when the file is read, before any port is opened -- so the
     * values are parsed and checked here, in the words of the configuration file, and du-plc reads
     * them. The ST7580 facts behind each default are in docs/raspberry-pi.md ("first day with a
     * real meter").
     *
     * @param requestLine   rts, dtr or none ({@code modem.t-req}, default rts)
     * @param baud          the UART speed ({@code modem.baud}, default 57600)
     * @param frequency     Hz the modem listens on ({@code modem.frequency}, default 132500, the centre of
     *                      band C where Chain 2 transmits)
     * @param rxModulation  psk or fsk ({@code modem.rx-modulation}, default psk: the ST7580 then takes every
     *                      PSK variant by itself, while FSK needs four more settings that are not public)
     * @param fskBitRate    1200, 2400, 4800 or 9600 ({@code modem.fsk-bit-rate}); null keeps the modem's own
     * @param fskDeviation  0 or 1, bit 2 of the PHY configuration's FSK byte ({@code modem.fsk-deviation});
     *                      null keeps the modem's own
     * @param fskPreamble   0..3, bits 3-4 of that byte ({@code modem.fsk-preamble}); null keeps the modem's own
     * @param fskUniqueWord 16 bits ({@code modem.fsk-unique-word}); null keeps the modem's own
     * @param receiveLayer  phy or dl ({@code modem.receive-layer}, default phy: the modem passes up every
     *                      frame its PHY decodes, whatever the meter's framing)
     * @param dlCrc         crc8, crc16, crc32-le or crc32-be: the DL CRC when the layer is dl
     *                      ({@code modem.dl-crc}, default crc32-le, the modem's factory choice)
     * @param sniffer       DL frames with a bad CRC still come up ({@code modem.sniffer}, default false)
     * @param configuration the raw modem configuration byte ({@code modem.configuration}), or null: when
     *                      set it replaces what receive-layer, dl-crc and sniffer would make (for experts;
     *                      it cannot be set with them)
     */
    public record Modem(String requestLine, int baud, int frequency, String rxModulation, Integer fskBitRate,
                        Integer fskDeviation, Integer fskPreamble, Integer fskUniqueWord, String receiveLayer,
                        String dlCrc, boolean sniffer, Integer configuration) {
        /** What a configuration without modem keys (or {@code du capture} without one) uses. */
        public static final Modem DEFAULTS = new Modem("rts", 57600, 132_500, "psk", null, null, null, null, "phy",
                "crc32-le", false, null);
        public static final List<String> RX_MODULATIONS = List.of("psk", "fsk");
        public static final List<String> RECEIVE_LAYERS = List.of("phy", "dl");
        public static final List<String> DL_CRCS = List.of("crc8", "crc16", "crc32-le", "crc32-be");
        public static final List<Integer> FSK_BIT_RATES = List.of(1200, 2400, 4800, 9600);
        /**
         * The frequencies a DU may be told to listen on: CENELEC EN 50065-1's range, 3 to 148.5 kHz
         * (Italy's meters are on its band C; a value outside the range is a typo).
         */
        public static final int MIN_FREQUENCY = 3_000;
        public static final int MAX_FREQUENCY = 148_500;

        public Modem withRequestLine(String line) {
            return new Modem(line, baud, frequency, rxModulation, fskBitRate, fskDeviation, fskPreamble, fskUniqueWord,
                    receiveLayer, dlCrc, sniffer, configuration);
        }

        /** The same link, listening on another PHY setting and layer (what {@code du modem scan} tries). */
        public Modem listeningOn(int frequency, String rxModulation, Integer fskBitRate, String receiveLayer) {
            return new Modem(requestLine, baud, frequency, rxModulation, fskBitRate, fskDeviation, fskPreamble,
                    fskUniqueWord, receiveLayer, dlCrc, sniffer, null);
        }
    }

    /**
     * The upload of the daily counters to the collaborative platform (Allegato 5), over MQTT 3.1.1.
     * The password never prints: {@link #toString()} leaves it out. The client id defaults to "du"
     * + the DU's MAC.
     */
    public static final class Platform {
        private final boolean tls;
        private final String host;
        private final int port;
        private final String topic;
        private final String username;
        private final byte[] password;
        private final String passwordSource;
        private final String clientId;
        private final Path caFile;

        public Platform(boolean tls, String host, int port, String topic, String username, byte[] password,
                        String passwordSource, String clientId, Path caFile) {
            this.tls = tls;
            this.host = host;
            this.port = port;
            this.topic = topic;
            this.username = username;
            this.password = password == null ? null : password.clone();
            this.passwordSource = passwordSource;
            this.clientId = clientId;
            this.caFile = caFile;
        }

        public boolean tls() {
            return tls;
        }

        public String host() {
            return host;
        }

        public int port() {
            return port;
        }

        /** The broker as configured, e.g. {@code ssl://mqtt.example.it:8883}. */
        public String brokerUrl() {
            return (tls ? "ssl" : "tcp") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        /** The topic the messages go to; the return codes come on it + {@value C2P1.Platform#RETURN_CODE_SUFFIX}. */
        public String topic() {
            return topic;
        }

        public String returnCodeTopic() {
            return topic + C2P1.Platform.RETURN_CODE_SUFFIX;
        }

        /** The username, or null for an anonymous connection. */
        public String username() {
            return username;
        }

        /** The password's UTF-8 bytes, for the MQTT CONNECT only; null without one. */
        public byte[] password() {
            return password == null ? null : password.clone();
        }

        /** Where the password came from, for messages: "platform.password", the file, or null. */
        public String passwordSource() {
            return passwordSource;
        }

        public String clientId() {
            return clientId;
        }

        /** PEM certificates to trust, or null for the JVM's trust store. */
        public Path caFile() {
            return caFile;
        }

        @Override
        public String toString() {
            return brokerUrl() + " topic " + topic + " client " + clientId
                    + (username == null ? " anonymous" : " user " + username + (password == null ? "" : " (password from "
                    + passwordSource + ")")) + (caFile == null ? "" : " trusting " + caFile);
        }
    }

    private DuConfig(MacAddress duAddress, String name, Map<MeterRole, Association> associations,
                     ZoneId zone, String engineName, Map<MeterRole, String> installationIds, Modem modem,
                     Platform platform, Layout layout, LiveOutputs liveOutputs) {
        this.liveOutputs = liveOutputs;
        this.platform = platform;
        this.layout = layout;
        this.installationIds = installationIds;
        this.modem = modem;
        this.duAddress = duAddress;
        this.name = name;
        this.associations = associations;
        this.zone = zone;
        this.engineName = engineName;
    }

    public static DuConfig load(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such configuration file");
        } catch (AccessDeniedException e) {
            throw new ConfigException(file + ": cannot read: permission denied");
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new ConfigException(file + ": is a directory, not a configuration file");
            }
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        return parse(utf8Text(bytes, file.toString()), file.toString());
    }

    /** The file's text; a byte that is not UTF-8 is reported on its line, as the trace reader does. */
    private static String utf8Text(byte[] bytes, String source) throws ConfigException {
        int lineStart = 0;
        int line = 1;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes, lineStart, i - lineStart));
                } catch (CharacterCodingException e) {
                    throw new ConfigException(source + " line " + line + ": not UTF-8 text");
                }
                lineStart = i + 1;
                line++;
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
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
            // A password may hold " #": it is the whole rest of the line, never cut at a comment.
            String value = key.strip().equals("platform.password") ? line.substring(eq + 1).strip()
                    : INLINE_COMMENT.matcher(line.substring(eq + 1)).replaceFirst("").strip();
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
    private static final class Reader implements LiveOutputs.Keys {
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
            if (!engine.equals("auto") && !engine.equals("jdk") && !engine.equals("bc")) {
                throw bad("crypto.engine", "expected auto, jdk or bc, got \"" + engine + "\"");
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
                    installationIds, modem(), platform(mac, associations, installationIds), layout(),
                    LiveOutputs.read(this, mac));
        }

        @Override
        public String get(String key) {
            return values.get(key);
        }

        /**
         * {@code profile.file}: the layout the DU reads (profile-file.md), a path relative to the
         * configuration file's folder; C2P-1 when absent. A bad profile file names its member's path.
         */
        private Layout layout() throws ConfigException {
            String file = values.get("profile.file");
            if (file == null) {
                return Layout.c2p1();
            }
            if (file.isEmpty()) {
                throw bad("profile.file", "expected the path of a profile file, got an empty value");
            }
            Path folder = Path.of(source).toAbsolutePath().getParent();
            Path path = folder == null ? Path.of(file) : folder.resolve(file);
            if (!Files.isRegularFile(path)) {
                throw bad("profile.file", "no such profile file: " + path);
            }
            return LayoutFile.load(path);
        }

        /**
         * The upload, when {@code platform.broker} is set. Every associated meter then needs a POD of
         * the platform's form and an ID_INSTALLAZIONE: without them every day would come back KO.
         */
        private Platform platform(MacAddress mac, Map<MeterRole, Association> associations,
                                  Map<MeterRole, String> installationIds) throws ConfigException {
            String url = values.get("platform.broker");
            if (url == null) {
                for (String k : List.of("platform.topic", "platform.username", "platform.password",
                        "platform.password-file", "platform.client-id", "platform.ca-file")) {
                    if (values.containsKey(k)) {
                        throw bad(k, "set, but platform.broker is not (the upload needs the broker's URL,"
                                + " e.g. ssl://mqtt.example.it:8883)");
                    }
                }
                return null;
            }
            LiveOutputs.Endpoint at = endpoint("platform.broker", url);
            boolean tls = at.tls();
            String topic = values.get("platform.topic");
            if (topic == null) {
                throw missing("platform.topic", "the topic the platform assigned (e.g. /chain2), with platform.broker");
            }
            if (topic.isEmpty() || topic.contains("+") || topic.contains("#") || topic.startsWith("$")) {
                throw bad("platform.topic", "expected a topic name without wildcards (+, #) or a leading $, got \""
                        + topic + "\"");
            }
            String username = values.get("platform.username");
            if (username != null && username.isEmpty()) {
                throw bad("platform.username", "empty (leave it out for an anonymous connection)");
            }
            String passwordText = values.get("platform.password");
            String passwordFile = values.get("platform.password-file");
            if (passwordText != null && passwordFile != null) {
                throw bad("platform.password-file", "set together with platform.password: give one of them");
            }
            byte[] password = null;
            String passwordSource = null;
            if (passwordText != null || passwordFile != null) {
                String key = passwordText != null ? "platform.password" : "platform.password-file";
                if (username == null) {
                    throw bad(key, "set, but platform.username is not (MQTT sends a password only with a username)");
                }
                if (passwordText != null) {
                    passwordSource = "platform.password";
                    password = passwordText.getBytes(StandardCharsets.UTF_8);
                } else {
                    passwordSource = passwordFile;
                    password = password("platform.password-file", passwordFile);
                }
                if (password.length == 0) {
                    throw bad(key, passwordText != null ? "empty" : "the file " + passwordFile + " holds no password");
                }
            }
            String clientId = values.getOrDefault("platform.client-id", "du" + mac);
            if (clientId.isEmpty() || clientId.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))
                    || clientId.getBytes(StandardCharsets.UTF_8).length > 65_535) {
                throw bad("platform.client-id", "expected letters, digits and punctuation without spaces, got \""
                        + clientId + "\"");
            }
            Path caFile = caFile("platform.ca-file", "platform.broker", tls);
            for (Association a : associations.values()) {
                String p = a.role().configPrefix();
                if (a.pod() == null) {
                    throw missing(p + ".pod", "the " + a.role() + " POD: the platform's rows need it (platform.broker is set)");
                }
                if (!PLATFORM_POD.matcher(a.pod()).matches()) {
                    throw bad(p + ".pod", "the platform takes IT and 12 or 13 capital letters or digits (e.g."
                            + " IT001E12345678), got \"" + a.pod() + "\"");
                }
                if (!installationIds.containsKey(a.role())) {
                    throw missing(p + ".installation-id", "the " + a.role() + " ID_INSTALLAZIONE (2 letters or digits"
                            + " and the activation date YYMMDD, e.g. XY171001): the platform's rows need it"
                            + " (platform.broker is set)");
                }
            }
            return new Platform(tls, at.host(), at.port(), topic, username, password, passwordSource, clientId, caFile);
        }

        @Override
        public LiveOutputs.Endpoint endpoint(String key, String url) throws ConfigException {
            java.util.regex.Matcher u = BROKER_URL.matcher(url);
            if (!u.matches()) {
                throw bad(key, "expected tcp://HOST[:PORT] or ssl://HOST[:PORT] (TLS), got \"" + url + "\"");
            }
            boolean tls = u.group(1).equalsIgnoreCase("ssl");
            String host = u.group(2) != null ? u.group(2) : u.group(3);
            int port = tls ? C2P1.Platform.DEFAULT_TLS_PORT : C2P1.Platform.DEFAULT_TCP_PORT;
            if (u.group(4) != null) {
                port = u.group(4).length() > 5 ? 0 : Integer.parseInt(u.group(4));
                if (port < 1 || port > 65535) {
                    throw bad(key, "the port in \"" + url + "\" is not 1 to 65535");
                }
            }
            return new LiveOutputs.Endpoint(tls, host, port);
        }

        /**
         * Checks that the CA file holds X.509 certificates now, when the configuration is loaded:
         * otherwise every command would pass it and each connection would fail only at the connect.
         */
        @Override
        public Path caFile(String key, String brokerKey, boolean tls) throws ConfigException {
            String ca = values.get(key);
            if (ca == null) {
                return null;
            }
            if (!tls) {
                throw bad(key, "set, but " + brokerKey + " is tcp:// (certificates are for ssl://)");
            }
            Path caFile = Path.of(ca);
            if (!Files.isReadable(caFile)) {
                throw bad(key, "cannot read " + ca);
            }
            if (Files.isDirectory(caFile)) {
                throw bad(key, caFile + " is a directory, not a PEM certificate file");
            }
            try (java.io.InputStream in = Files.newInputStream(caFile)) {
                if (java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                    throw bad(key, caFile + ": no PEM certificate in it");
                }
            } catch (java.security.cert.CertificateException e) {
                throw bad(key, caFile + ": no PEM certificate in it (" + e.getMessage() + ")");
            } catch (IOException e) {
                throw bad(key, "cannot read " + caFile + ": " + e.getMessage());
            }
            return caFile;
        }

        /** The first line of the file, without its line end. Its content is never echoed. */
        @Override
        public byte[] password(String key, String file) throws ConfigException {
            try {
                String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                String line = end < 0 ? text : text.substring(0, end);
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                return line.getBytes(StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw bad(key, "no such file " + file);
            } catch (java.nio.charset.MalformedInputException e) {
                throw bad(key, "the file " + file + " is not UTF-8 text");
            } catch (IOException | java.nio.file.InvalidPathException e) {
                throw bad(key, "cannot read " + file + ": " + e.getMessage());
            }
        }

        private Modem modem() throws ConfigException {
            Modem d = Modem.DEFAULTS;
            String line = values.getOrDefault("modem.t-req", d.requestLine()).toLowerCase(java.util.Locale.ROOT);
            if (!REQUEST_LINES.contains(line)) {
                throw bad("modem.t-req", "expected rts, dtr or none, got \"" + values.get("modem.t-req") + "\"");
            }
            int baud = d.baud();
            String baudText = values.get("modem.baud");
            if (baudText != null) {
                baud = parseInt(baudText, 10);
                if (baud < 1200 || baud > 921_600) {
                    throw bad("modem.baud", "expected a baud rate from 1200 to 921600, got \"" + baudText + "\"");
                }
            }
            int frequency = d.frequency();
            String freqText = values.get("modem.frequency");
            if (freqText != null) {
                frequency = parseInt(freqText, 10);
                if (frequency < Modem.MIN_FREQUENCY || frequency > Modem.MAX_FREQUENCY) {
                    throw bad("modem.frequency", "expected a frequency in Hz from " + Modem.MIN_FREQUENCY + " to "
                            + Modem.MAX_FREQUENCY + " (e.g. 132500), got \"" + freqText + "\"");
                }
            }
            String modulation = oneOf("modem.rx-modulation", d.rxModulation(), Modem.RX_MODULATIONS);
            Integer bitRate = null;
            String rateText = values.get("modem.fsk-bit-rate");
            if (rateText != null) {
                bitRate = parseInt(rateText, 10);
                if (!Modem.FSK_BIT_RATES.contains(bitRate)) {
                    throw bad("modem.fsk-bit-rate", "expected 1200, 2400, 4800 or 9600, got \"" + rateText + "\"");
                }
            }
            Integer deviation = small("modem.fsk-deviation", 1);
            Integer preamble = small("modem.fsk-preamble", 3);
            Integer uniqueWord = null;
            String uwText = values.get("modem.fsk-unique-word");
            if (uwText != null) {
                uniqueWord = parseByteOrWord(uwText);
                if (uniqueWord < 0 || uniqueWord > 0xFFFF) {
                    throw bad("modem.fsk-unique-word", "expected 16 bits, 0x0000 to 0xFFFF, got \"" + uwText + "\"");
                }
            }
            String layer = oneOf("modem.receive-layer", d.receiveLayer(), Modem.RECEIVE_LAYERS);
            String crc = oneOf("modem.dl-crc", d.dlCrc(), Modem.DL_CRCS);
            String snifferText = values.get("modem.sniffer");
            boolean sniffer = d.sniffer();
            if (snifferText != null) {
                if (!snifferText.equalsIgnoreCase("true") && !snifferText.equalsIgnoreCase("false")) {
                    throw bad("modem.sniffer", "expected true or false, got \"" + snifferText + "\"");
                }
                sniffer = Boolean.parseBoolean(snifferText);
            }
            Integer configuration = null;
            String confText = values.get("modem.configuration");
            if (confText != null) {
                configuration = parseByteOrWord(confText);
                if (configuration < 0 || configuration > 0xFF) {
                    throw bad("modem.configuration", "expected one byte, 0x00 to 0xFF, got \"" + confText + "\"");
                }
                for (String k : List.of("modem.receive-layer", "modem.dl-crc", "modem.sniffer")) {
                    if (values.containsKey(k)) {
                        throw bad("modem.configuration", "the raw byte replaces " + k
                                + " (line " + lineOf.get(k) + "): set one or the other");
                    }
                }
            }
            return new Modem(line, baud, frequency, modulation, bitRate, deviation, preamble, uniqueWord, layer, crc,
                    sniffer, configuration);
        }

        private String oneOf(String key, String fallback, List<String> allowed) throws ConfigException {
            String v = values.getOrDefault(key, fallback).toLowerCase(java.util.Locale.ROOT);
            if (!allowed.contains(v)) {
                throw bad(key, "expected " + String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or "
                        + allowed.get(allowed.size() - 1) + ", got \"" + values.get(key) + "\"");
            }
            return v;
        }

        private Integer small(String key, int max) throws ConfigException {
            String text = values.get(key);
            if (text == null) {
                return null;
            }
            int v = parseInt(text, 10);
            if (v < 0 || v > max) {
                throw bad(key, "expected 0 to " + max + ", got \"" + text + "\"");
            }
            return v;
        }

        /** Decimal, or hexadecimal after 0x; -1 for anything else (the caller names the key). */
        private static int parseByteOrWord(String text) {
            boolean hex = text.startsWith("0x") || text.startsWith("0X");
            return parseInt(hex ? text.substring(2) : text, hex ? 16 : 10);
        }

        private static int parseInt(String text, int radix) {
            try {
                return Integer.parseInt(text, radix);
            } catch (NumberFormatException e) {
                return -1;
            }
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
            if (!id.equals(id.toUpperCase(java.util.Locale.ROOT))) {
                // Refused, not upper-cased: the platform keeps xy171001 and XY171001 as two
                // installations, and a DU must not move its days to the other one unasked.
                throw bad(key, "expected capital letters (the platform keeps \"" + id + "\" and \""
                        + id.toUpperCase(java.util.Locale.ROOT) + "\" as two installations): write \""
                        + id.toUpperCase(java.util.Locale.ROOT) + "\" as the distributor assigned it");
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

        @Override
        public ConfigException bad(String key, String message) {
            return new ConfigException(source + " line " + lineOf.get(key) + ": " + key + ": " + message);
        }
    }

    /** The same configuration reading another layout ({@code --profile} over {@code profile.file}). */
    public DuConfig withLayout(Layout other) {
        return new DuConfig(duAddress, name, associations, zone, engineName, installationIds, modem, platform, other,
                liveOutputs);
    }

    /** The layout the DU reads: {@code profile.file}'s, or C2P-1. */
    public Layout layout() {
        return layout;
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

    /** The configured {@code crypto.engine}: "auto" (the default), "jdk" or "bc". */
    public String engineName() {
        return engineName;
    }

    /**
     * The engine {@link #newEngine} makes and why, as du run's first log line says it: "jdk" or "bc"
     * when configured so, else {@code EngineChoice}'s pick for this JVM and CPU ("jdk (auto: C1 only ...)").
     */
    public String engineDescription() {
        return engineName.equals("auto") ? it.c2du.core.crypto.EngineChoice.forThisJvm().toString() : engineName + " (configured)";
    }

    /** MQTT to the user's own broker and the status page ({@code live.*}, {@code http.*}); each may be null. */
    public LiveOutputs liveOutputs() {
        return liveOutputs;
    }

    /** The same configuration with other live outputs (the demo turns them on). */
    public DuConfig withLiveOutputs(LiveOutputs other) {
        return new DuConfig(duAddress, name, associations, zone, engineName, installationIds, modem, platform, layout,
                other);
    }

    /** The upload to the collaborative platform, or null when {@code platform.broker} is not set. */
    public Platform platform() {
        return platform;
    }
}
