package it.c2du.cli;

import it.c2du.cli.layout.LayoutOption;

import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.discover.DiscoveryReport;
import it.c2du.core.discover.LayoutDiscovery;
import it.c2du.core.json.Json;
import it.c2du.core.layout.LayoutFile;
import it.c2du.core.trace.TraceEvent;
import it.c2du.core.trace.TraceFormatException;
import it.c2du.core.trace.TraceReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code du discover}: the layout of a real meter's frames, proved by their FCS and GCM tags. */
@Command(name = "discover", mixinStandardHelpOptions = true,
        description = {"Finds the layout (profile-file.md) that explains frames captured from a real meter (du capture),"
                + " with the DU's own address, keys and System Titles from the configuration.",
                "",
                "Prints a readable report first -- member by member the value found, how many frames agree, which do not"
                        + " and why -- then the profile file (to --out, or standard output). A layout is found only when at"
                        + " least 3 frames for the DU authenticate under it; otherwise it says what it could establish and"
                        + " what to check, and writes no profile. The CF field tables are the starting profile's (C2P-1 or"
                        + " --profile); only their byte order is judged, from the timestamps.",
                "",
                "Exit status 0 when a layout was found, 1 when none was, 2 for bad input."})
final class DiscoverCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "DU configuration (properties).")
    Path config;

    @Option(names = "--trace", required = true, paramLabel = "FILE", description = "Trace captured from the meter.")
    Path trace;

    @Option(names = "--profile", paramLabel = "START",
            description = "Starting profile: its CF tables are kept, and it settles ties (default: profile.file, else C2P-1).")
    Path profile;

    @Option(names = "--out", paramLabel = "PROFILE.json", description = "Write the profile found here (refuses no file: it is replaced).")
    Path out;

    @Option(names = "--json", description = "Print the report as one JSON object (with the profile as member \"profile\").")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ConfigException, TraceFormatException, BadArgumentException, IOException {
        DuConfig cfg = DuConfig.load(config);
        // Read once: a bad line throws here, before anything is printed.
        List<TraceEvent> events = new ArrayList<>();
        try (TraceReader reader = TraceReader.open(trace)) {
            for (TraceEvent e = reader.next(); e != null; e = reader.next()) {
                events.add(e);
            }
        }
        DiscoveryReport report = new LayoutDiscovery(cfg.duAddress(), cfg.associations(), cfg.newEngine(),
                LayoutOption.effective(cfg, profile)).discover(events);
        PrintWriter o = spec.commandLine().getOut();
        String file = report.found() ? LayoutFile.write(report.layout()) : null;
        if (json) {
            Map<String, Object> m = report.toJson();
            try {
                m.put("profile", file == null ? null : Json.parse(file));
            } catch (Json.JsonException e) {
                throw new IllegalStateException("the profile written does not parse", e);
            }
            o.println(Json.write(m));
        } else {
            o.print(report.toText());
        }
        if (file != null) {
            if (out != null) {
                Files.writeString(out, file, StandardCharsets.UTF_8);
                if (!json) {
                    o.println("\nProfile written to " + out);
                }
            } else if (!json) {
                o.println();
                o.print(file);
            }
        }
        o.flush();
        return report.found() ? 0 : 1;
    }
}
