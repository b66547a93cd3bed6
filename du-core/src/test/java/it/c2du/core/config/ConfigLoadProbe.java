package it.c2du.core.config;

import java.nio.file.Path;

/**
 * Loads one configuration file and prints the error, if any: the child process of
 * {@link UnreadableConfigTest}, run as another user because root reads any file.
 */
public final class ConfigLoadProbe {
    private ConfigLoadProbe() {
    }

    public static void main(String[] args) {
        try {
            DuConfig.load(Path.of(args[0]));
            System.out.println("loaded");
        } catch (ConfigException e) {
            System.out.println(e.getMessage());
        }
    }
}
