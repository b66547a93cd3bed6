package it.c2du.cli.fleet;

import it.c2du.cli.BadArgumentException;
import it.c2du.cli.ExitStatus;

import it.c2du.cli.fleet.FleetProvisioning;
import it.c2du.cli.fleet.PortalBulkFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code du fleet}: the asset provider's tools for DUs installed by the hundred (docs/fleet.md). */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "An asset provider's fleet of DUs: provision their configurations and the portal's bulk"
                + " association files; check a bulk file before uploading it.",
        subcommands = {FleetCommand.Provision.class, FleetCommand.Check.class})
public final class FleetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code du fleet provision}: a POD list in, every DU's configuration and the portal's files out. */
    @Command(name = "provision", mixinStandardHelpOptions = true,
            description = {"Makes a fleet of DUs from a list of PODs (name,pod_m1,pod_m2 per line; pod_m2 empty"
                    + " without a production meter): each DU's du.properties (mode 0600; a fresh address, a fresh"
                    + " operational key per association), the portal's bulk association files (at most 100"
                    + " associations each; they carry the keys, mode 0600), the installation sheet and an"
                    + " inventory without keys.",
                    "",
                    "Exit status 0: written; 2: a wrong row (each named with its line) or argument, or OUT exists."})
    static final class Provision implements Callable<Integer> {
        @Option(names = "--pods", required = true, paramLabel = "FILE.csv", description = "The POD list: name,pod_m1,pod_m2.")
        Path pods;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The fleet's folder, made here;"
                + " it must not exist.")
        Path out;

        @Option(names = "--installation-prefix", required = true, paramLabel = "XY", description = "The 2 letters or"
                + " digits the distributor assigned: ID_INSTALLAZIONE = XY + the activation date.")
        String installationPrefix;

        @Option(names = "--date", paramLabel = "YYMMDD", description = "The activation date in ID_INSTALLAZIONE"
                + " (default: today in Europe/Rome).")
        String date;

        @Option(names = "--hw-version", required = true, paramLabel = "V", description = "The DUs' hardware version,"
                + " as the portal's template asks.")
        String hardwareVersion;

        @Option(names = "--sw-version", required = true, paramLabel = "V", description = "The DUs' software version.")
        String softwareVersion;

        @Option(names = "--mac-prefix", paramLabel = "DC...", defaultValue = FleetProvisioning.DEFAULT_MAC_PREFIX,
                description = "The addresses' first hex digits; the rest up to 12 are drawn at random, unique in the"
                        + " fleet (default: ${DEFAULT-VALUE}, the portal's only fixed part).")
        String macPrefix;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws BadArgumentException, IOException {
            FleetProvisioning.Settings settings = settings();
            if (Files.exists(out)) {
                throw new BadArgumentException("--out " + out + ": already exists (du fleet provision makes a new"
                        + " folder, so no fleet's keys are ever overwritten or mixed)");
            }
            Path parent = out.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new BadArgumentException("--out " + out + ": its folder " + parent + " does not exist");
            }
            List<String> errors = new ArrayList<>();
            List<FleetProvisioning.DuRow> rows = FleetProvisioning.readPodList(readUtf8(pods, "--pods"), errors);
            PrintWriter err = spec.commandLine().getErr();
            if (!errors.isEmpty()) {
                errors.forEach(e -> err.println("du: " + pods + " " + e));
                err.println("du: " + pods + ": " + errors.size() + " error" + (errors.size() == 1 ? "" : "s")
                        + "; nothing written");
                return ExitStatus.BAD_INPUT;
            }
            if (rows.size() > FleetProvisioning.addressesUnder(macPrefix) / 2) {
                throw new BadArgumentException("--mac-prefix " + macPrefix + ": leaves room for "
                        + FleetProvisioning.addressesUnder(macPrefix) + " addresses, too few to draw " + rows.size()
                        + " unique ones at random");
            }
            FleetProvisioning.Result r = FleetProvisioning.write(rows, settings, out, new SecureRandom());
            long prosumers = rows.stream().filter(d -> d.podM2() != null).count();
            PrintWriter o = spec.commandLine().getOut();
            o.printf("%d DUs (%d with a production meter), %d associations, installation ID %s%n", rows.size(),
                    prosumers, rows.size() + prosumers, settings.installationId());
            o.printf("  %s/du/<MAC>/du.properties   each DU's configuration (mode 0600: it holds its keys)%n", out);
            for (Path f : r.bulkFiles()) {
                o.printf("  %s   the portal's bulk association file (mode 0600: it holds the keys)%n", f);
            }
            o.printf("  %s   Allegato 6, part two%n", r.installationSheet());
            o.printf("  %s   names, addresses, PODs, key fingerprints%n", r.inventory());
            return 0;
        }

        private FleetProvisioning.Settings settings() throws BadArgumentException {
            if (!installationPrefix.matches("[A-Za-z0-9]{2}")) {
                throw new BadArgumentException("--installation-prefix: expected the 2 letters or digits the distributor"
                        + " assigned, got \"" + installationPrefix + "\"");
            }
            LocalDate activation;
            if (date == null) {
                activation = LocalDate.now(ZoneId.of("Europe/Rome"));
            } else {
                try {
                    activation = LocalDate.parse(date, DateTimeFormatter.ofPattern("uuMMdd")
                            .withResolverStyle(ResolverStyle.STRICT));
                } catch (DateTimeException e) {
                    throw new BadArgumentException("--date: expected the activation date as YYMMDD (e.g. 241001), got \""
                            + date + "\"");
                }
            }
            for (String[] v : new String[][] {{"--hw-version", hardwareVersion}, {"--sw-version", softwareVersion}}) {
                if (!v[1].matches("[A-Za-z0-9._\\-]{1,32}")) {
                    throw new BadArgumentException(v[0] + ": letters, digits, '.', '_', '-', at most 32 characters, got \""
                            + v[1] + "\"");
                }
            }
            String prefix = macPrefix.toUpperCase();
            if (!prefix.matches("DC[0-9A-F]{0,8}")) {
                throw new BadArgumentException("--mac-prefix: expected DC and at most 8 more hex digits (the portal's"
                        + " addresses are DC and 10 hex digits), got \"" + macPrefix + "\"");
            }
            macPrefix = prefix;
            return new FleetProvisioning.Settings(installationPrefix, activation, hardwareVersion, softwareVersion, prefix);
        }
    }

    /** {@code du fleet check}: the portal's rules on a bulk association file, before it is uploaded. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Checks a bulk association file as the portal does before it is uploaded: at most 100"
                    + " associations, each field's form, a MAC twice other than a prosumer's M1 and M2 rows, a POD"
                    + " twice. Every error is named with its line; keys are never shown.",
                    "",
                    "Exit status 0: the portal takes it; 2: errors."})
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE.csv", description = "The bulk association file.")
        Path file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws BadArgumentException {
            String text = readUtf8(file, "FILE.csv");
            List<String> errors = PortalBulkFile.check(text);
            if (!errors.isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                errors.forEach(e -> err.println("du: " + file + " " + e));
                err.println("du: " + file + ": " + errors.size() + " error" + (errors.size() == 1 ? "" : "s")
                        + "; the portal would reject the file");
                return ExitStatus.BAD_INPUT;
            }
            spec.commandLine().getOut().printf("%s: good, %d associations%n", file, PortalBulkFile.associations(text));
            return 0;
        }
    }

    private static String readUtf8(Path file, String what) throws BadArgumentException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new BadArgumentException(what + " " + file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new BadArgumentException(what + " " + file + ": cannot read it (" + e.getMessage() + ")");
        }
    }
}
