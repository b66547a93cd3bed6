package it.c2du.cli;

import java.nio.file.Path;

/** {@code du counters --json} for the tests of other packages. */
public final class CliRunAccess {
    private CliRunAccess() {
    }

    public static String countersJson(Path state) {
        CliRun r = CliRun.of("counters", "--state", state.toString(), "--json");
        if (r.status() != 0) {
            throw new AssertionError("du counters: " + r.err());
        }
        return r.out();
    }
}
