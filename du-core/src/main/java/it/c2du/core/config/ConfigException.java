package it.c2du.core.config;

/**
 * A configuration that cannot be used. The message names the file, line or key and what is
 * expected; it never contains a key's value.
 */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
