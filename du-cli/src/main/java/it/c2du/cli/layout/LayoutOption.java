package it.c2du.cli.layout;

import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.layout.Layout;
import it.c2du.core.layout.LayoutFile;
import java.nio.file.Path;

/** {@code --profile FILE}: a profile file that overrides the configuration's {@code profile.file} (profile-file.md). */
public final class LayoutOption {
    private LayoutOption() {
    }

    /** The configuration reading {@code --profile}'s layout when it is given. */
    public static DuConfig apply(DuConfig cfg, Path profile) throws ConfigException {
        return profile == null ? cfg : cfg.withLayout(LayoutFile.load(profile));
    }

    /** The layout a command reads: {@code --profile}'s, else the configuration's (C2P-1 by default). */
    public static Layout effective(DuConfig cfg, Path profile) throws ConfigException {
        return profile != null ? LayoutFile.load(profile) : cfg.layout();
    }
}
