package it.c2du.core.config;

import it.c2du.core.stack.MacAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The live data the DU gives its own user (not the distributor): MQTT to the user's broker
 * ({@code live.*}, Home Assistant's discovery included) and the status page with {@code /metrics}
 * ({@code http.*}). Both are off unless configured. The password never prints.
 *
 * @param broker the user's broker, or null
 * @param http   where the status page listens, or null
 */
public record LiveOutputs(Broker broker, Http http) {
    /** Neither: what a configuration without {@code live.*} and {@code http.*} keys gives. */
    public static final LiveOutputs NONE = new LiveOutputs(null, null);
    /** {@code http.listen = on} listens here: the Pi itself only. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:8080";
    public static final String DEFAULT_DISCOVERY_PREFIX = "homeassistant";
    static final List<String> KEYS = List.of("live.broker", "live.username", "live.password-file", "live.ca-file",
            "live.topic", "live.discovery-prefix", "live.client-id", "http.listen", "http.allow-remote");

    /**
     * The user's MQTT broker.
     *
     * @param topic           the base topic ({@code live.topic}, default {@code c2du/<du.mac>})
     * @param discoveryPrefix Home Assistant's discovery prefix, or null when discovery is off
     */
    public record Broker(boolean tls, String host, int port, String username, byte[] password, String passwordFile,
                         Path caFile, String topic, String discoveryPrefix, String clientId) {
        public String url() {
            return (tls ? "ssl" : "tcp") + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        /** The password's UTF-8 bytes, for the CONNECT only; null without one. */
        @Override
        public byte[] password() {
            return password == null ? null : password.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public String toString() {
            return url() + " topic " + topic + (discoveryPrefix == null ? ", no discovery" : ", discovery under "
                    + discoveryPrefix) + (username == null ? ", anonymous" : ", user " + username
                    + (password == null ? "" : " (password from " + passwordFile + ")"))
                    + (caFile == null ? "" : ", trusting " + caFile);
        }
    }

    /** Where the status page listens; {@code port} 0 takes a free one (the demo). */
    public record Http(String host, int port) {
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** What the configuration reader gives this class: values, and errors naming key and line. */
    interface Keys {
        String get(String key);

        ConfigException bad(String key, String message);

        byte[] password(String key, String file) throws ConfigException;

        /** {@code url} of the key {@code key}: tcp:// or ssl://, the port defaulting to 1883 or 8883. */
        Endpoint endpoint(String key, String url) throws ConfigException;

        /** The CA file of {@code key}, checked to hold PEM certificates; null when the key is not set. */
        Path caFile(String key, String brokerKey, boolean tls) throws ConfigException;
    }

    /** Where a broker is: the same reading for the platform's and the user's broker. */
    record Endpoint(boolean tls, String host, int port) {
    }

    static LiveOutputs read(Keys k, MacAddress mac) throws ConfigException {
        return new LiveOutputs(broker(k, mac), http(k));
    }

    private static Broker broker(Keys k, MacAddress mac) throws ConfigException {
        String url = k.get("live.broker");
        if (url == null) {
            for (String key : KEYS) {
                if (key.startsWith("live.") && k.get(key) != null) {
                    throw k.bad(key, "set, but live.broker is not (your broker's URL, e.g. tcp://homeassistant.local:1883)");
                }
            }
            return null;
        }
        Endpoint at = k.endpoint("live.broker", url);
        boolean tls = at.tls();
        String username = k.get("live.username");
        if (username != null && username.isEmpty()) {
            throw k.bad("live.username", "empty (leave it out for an anonymous connection)");
        }
        String passwordFile = k.get("live.password-file");
        byte[] password = null;
        if (passwordFile != null) {
            if (username == null) {
                throw k.bad("live.password-file", "set, but live.username is not (MQTT sends a password only with a username)");
            }
            password = k.password("live.password-file", passwordFile);
            if (password.length == 0) {
                throw k.bad("live.password-file", "the file " + passwordFile + " holds no password");
            }
        }
        Path caFile = k.caFile("live.ca-file", "live.broker", tls);
        String topic = k.get("live.topic");
        if (topic == null) {
            topic = "c2du/" + mac;
        } else if (topic.isEmpty() || topic.contains("+") || topic.contains("#") || topic.startsWith("$")
                || topic.endsWith("/")) {
            throw k.bad("live.topic", "expected a topic name without wildcards (+, #), a leading $ or a trailing /, got \""
                    + topic + "\"");
        }
        String prefix = k.get("live.discovery-prefix");
        if (prefix == null) {
            prefix = DEFAULT_DISCOVERY_PREFIX;
        } else if (prefix.contains("+") || prefix.contains("#") || prefix.startsWith("$") || prefix.endsWith("/")) {
            throw k.bad("live.discovery-prefix", "expected a topic prefix without wildcards (+, #), a leading $ or a"
                    + " trailing / (empty turns discovery off), got \"" + prefix + "\"");
        }
        // Not the platform's client id ("du" + MAC): the two connections would take each other's session over.
        String clientId = k.get("live.client-id");
        if (clientId == null) {
            clientId = "du" + mac + "-live";
        } else if (clientId.isEmpty() || clientId.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw k.bad("live.client-id", "expected letters, digits and punctuation without spaces, got \"" + clientId + "\"");
        }
        return new Broker(tls, at.host(), at.port(), username, password, passwordFile, caFile, topic,
                prefix.isEmpty() ? null : prefix, clientId);
    }

    private static Http http(Keys k) throws ConfigException {
        String listen = k.get("http.listen");
        String remote = k.get("http.allow-remote");
        boolean allowRemote = false;
        if (remote != null) {
            if (!remote.equals("true") && !remote.equals("false")) {
                throw k.bad("http.allow-remote", "expected true or false, got \"" + remote + "\"");
            }
            allowRemote = remote.equals("true");
        }
        if (listen == null || listen.equals("off")) {
            return null;
        }
        String text = listen.equals("on") ? DEFAULT_LISTEN : listen;
        String host;
        String portText;
        if (text.startsWith("[")) {
            int end = text.indexOf("]:");
            host = end < 0 ? null : text.substring(1, end);
            portText = end < 0 ? null : text.substring(end + 2);
        } else if (text.matches("[0-9]+")) {
            host = "127.0.0.1";
            portText = text;
        } else {
            int colon = text.lastIndexOf(':');
            host = colon <= 0 || text.indexOf(':') != colon ? null : text.substring(0, colon);
            portText = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host == null || portText == null || !portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) > 65535
                || !host.matches("[A-Za-z0-9._:-]+")) {
            throw k.bad("http.listen", "expected on, off, PORT or HOST:PORT (e.g. 127.0.0.1:8080), got \"" + listen + "\"");
        }
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
        if (!loopback && !allowRemote) {
            throw k.bad("http.listen", host + " is not the Pi's own loopback address: the page and /metrics would be"
                    + " open to the network; set http.allow-remote = true to mean it");
        }
        return new Http(host, Integer.parseInt(portText));
    }
}
