package it.c2du.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and git commit this du was built from, which Maven writes into version.properties
 * at build time (du-cli/pom.xml): shown by {@code du --version}, on the lab result sheet and in
 * {@code du run}'s first log line, so a report or a log says which build made it.
 *
 * @param version the Maven version, "unknown" when the classes were not built by Maven
 * @param commit the abbreviated commit, "unknown" for a build outside a git checkout
 */
public record BuildVersion(String version, String commit) {
    private static final String UNKNOWN = "unknown";
    private static final BuildVersion THIS = read();

    /** This jar's (or class directory's) build. */
    public static BuildVersion current() {
        return THIS;
    }

    /** "0.1.0 (commit 96dbf56a1b)", "0.1.0 (commit unknown)". */
    @Override
    public String toString() {
        return version + " (commit " + commit + ")";
    }

    private static BuildVersion read() {
        Properties p = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read du's version.properties", e);
        }
        return new BuildVersion(filled(p.getProperty("version")), filled(p.getProperty("commit")));
    }

    /** A value Maven did not fill in (no such property when the build ran) is unknown. */
    private static String filled(String value) {
        return value == null || value.isBlank() || value.contains("${") ? UNKNOWN : value.trim();
    }
}
