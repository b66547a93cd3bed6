package it.c2du.cli.fleet;

import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.crypto.OperationalKey;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.stack.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fleet of DUs made ready for installation from a list of PODs: each DU's configuration with a
 * fresh address and fresh operational keys, the portal's bulk association files, the installation
 * sheet and an inventory without keys.
 *
 * <p>The list is read and checked whole before anything is written, so a wrong row leaves no
 * half-made fleet behind.
 */
public final class FleetProvisioning {
    /**
     * The System Title the portal fills in for a DU's associations and does not let one change
     * (the same as the lab's, chain2-profile.md).
     */
    public static final String PORTAL_SYSTEM_TITLE = "4345434543454345";
    /** An address is DC and 10 hex digits; a prefix leaves at least 2 of them to draw. */
    public static final String DEFAULT_MAC_PREFIX = "DC";
    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("uuMMdd");

    /** The fleet's settings (the command's options). */
    public record Settings(String installationPrefix, LocalDate activationDate, String hardwareVersion,
            String softwareVersion, String macPrefix) {
        /** ID_INSTALLAZIONE: the distributor's 2 characters + the activation date YYMMDD. */
        public String installationId() {
            return installationPrefix + YYMMDD.format(activationDate);
        }
    }

    /** One row of the POD list: a DU and its meters' PODs (podM2 null without a production meter). */
    public record DuRow(int line, String name, String podM1, String podM2) {
    }

    /** A provisioned DU: its address, folder, and the keys' fingerprints (the keys stay in its files). */
    public record ProvisionedDu(DuRow row, String mac, Path folder, String fingerprintM1, String fingerprintM2,
            String bulkFile) {
    }

    /** What was written. */
    public record Result(List<ProvisionedDu> units, List<Path> bulkFiles, Path installationSheet, Path inventory) {
    }

    private FleetProvisioning() {
    }

    /**
     * Reads the POD list ({@code name,pod_m1,pod_m2}; an optional header of those words; blank
     * lines skipped) and checks it whole: every problem names its line. Empty errors = good rows.
     */
    public static List<DuRow> readPodList(String text, List<String> errors) {
        List<DuRow> rows = new ArrayList<>();
        Map<String, Integer> podLine = new HashMap<>();
        Map<String, Integer> nameLine = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            String raw = lines[i].strip();
            if (raw.isEmpty() || i == 0 && raw.replace(" ", "").equalsIgnoreCase("name,pod_m1,pod_m2")) {
                continue;
            }
            String[] f = raw.split(",", -1);
            for (int k = 0; k < f.length; k++) {
                f[k] = f[k].strip();
            }
            if (f.length < 2) {
                errors.add("line " + line + ": expected name,pod_m1,pod_m2 (pod_m2 empty without a production meter)");
                continue;
            }
            List<String> problems = new ArrayList<>();
            String name = f[0];
            PortalBulkFile.addIfNotNull(problems, PortalBulkFile.duNameProblem(name));
            String m1 = f[1];
            PortalBulkFile.addIfNotNull(problems, podProblem(m1, MeterRole.M1));
            String m2 = f.length > 2 && !f[2].isEmpty() ? f[2] : null;
            if (m2 != null) {
                PortalBulkFile.addIfNotNull(problems, podProblem(m2, MeterRole.M2));
            }
            long extraPods = f.length > 3 ? java.util.Arrays.stream(f, 3, f.length).filter(s -> !s.isEmpty()).count() : 0;
            if (extraPods > 0) {
                problems.add("more than one M2 POD for DU \"" + name + "\" (a DU has one M1 and at most one M2)");
            }
            Integer nameBefore = name.isEmpty() ? null : nameLine.putIfAbsent(name, line);
            if (nameBefore != null) {
                problems.add("DU \"" + name + "\" already on line " + nameBefore
                        + " (one row per DU: its M1 POD and at most one M2 POD)");
            }
            for (String pod : m2 == null ? List.of(m1) : List.of(m1, m2)) {
                Integer podBefore = pod.isEmpty() ? null : podLine.putIfAbsent(pod, line);
                if (podBefore != null) {
                    problems.add("POD " + pod + " already on line " + podBefore);
                }
            }
            problems.forEach(p -> errors.add("line " + line + ": " + p));
            if (problems.isEmpty()) {
                rows.add(new DuRow(line, name, m1, m2));
            }
        }
        if (rows.isEmpty() && errors.isEmpty()) {
            errors.add("no DU in the list");
        }
        return rows;
    }

    /** The portal's form, and the column the POD belongs in: a production POD is M2's, never M1's. */
    private static String podProblem(String pod, MeterRole role) {
        String form = PortalBulkFile.podProblem(pod);
        if (form != null) {
            return role + " " + form;
        }
        boolean production = PortalBulkFile.isProductionPod(pod);
        if (role == MeterRole.M1 && production) {
            return "M1 POD " + pod + " is a production POD (ITPO/ITP0...): it belongs in pod_m2";
        }
        if (role == MeterRole.M2 && !production) {
            return "M2 POD " + pod + " is not a production POD (the portal's M2 PODs begin ITPO or ITP0)";
        }
        return null;
    }

    /**
     * Writes the fleet into {@code out}, which must not exist (its parent must): one folder per DU
     * under {@code du/} named by its address, with {@code du.properties}; {@code portal/} with the
     * bulk association files; {@code installation-sheet.csv}; {@code inventory.csv}.
     */
    public static Result write(List<DuRow> rows, Settings settings, Path out, SecureRandom random)
            throws IOException {
        Files.createDirectory(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path units = Files.createDirectory(out.resolve("du"));
        Path portal = Files.createDirectory(out.resolve("portal"));
        Set<String> macs = new HashSet<>();
        List<ProvisionedDu> done = new ArrayList<>();
        List<List<PortalBulkFile.Row>> files = new ArrayList<>();
        List<PortalBulkFile.Row> current = new ArrayList<>();
        files.add(current);
        StringBuilder sheet = new StringBuilder("ID_INSTALLAZIONE,POD,DU,NOME_DU,CONTATORE\n");
        String installationId = settings.installationId();
        for (DuRow row : rows) {
            String mac = freshAddress(settings.macPrefix(), macs, random);
            byte[] keyM1 = freshKey(random);
            byte[] keyM2 = row.podM2() == null ? null : freshKey(random);
            Path folder = Files.createDirectory(units.resolve(mac));
            String properties = properties(row, settings, mac, keyM1, keyM2, installationId);
            checkLoads(properties, folder.resolve("du.properties"));
            writePrivate(folder.resolve("du.properties"), properties);

            int associations = keyM2 == null ? 1 : 2;
            if (current.size() + associations > PortalBulkFile.MAX_ASSOCIATIONS) {
                // A prosumer's two rows go into the same file: the portal matches them by MAC.
                current = new ArrayList<>();
                files.add(current);
            }
            current.add(new PortalBulkFile.Row(row.podM1(), row.name(), mac, settings.hardwareVersion(),
                    settings.softwareVersion(), Bytes.hex(keyM1)));
            sheet.append(String.join(",", installationId, row.podM1(), mac, row.name(), "M1")).append('\n');
            if (keyM2 != null) {
                current.add(new PortalBulkFile.Row(row.podM2(), row.name(), mac, settings.hardwareVersion(),
                        settings.softwareVersion(), Bytes.hex(keyM2)));
                sheet.append(String.join(",", installationId, row.podM2(), mac, row.name(), "M2")).append('\n');
            }
            done.add(new ProvisionedDu(row, mac, folder, fingerprint(keyM1), keyM2 == null ? null : fingerprint(keyM2),
                    bulkFileName(files.size())));
        }
        List<Path> bulkFiles = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = portal.resolve(bulkFileName(i + 1));
            writePrivate(f, PortalBulkFile.format(files.get(i)));
            bulkFiles.add(f);
        }
        Path sheetFile = Files.writeString(out.resolve("installation-sheet.csv"), sheet, StandardCharsets.UTF_8);
        StringBuilder inventory = new StringBuilder("name,mac,config,pod_m1,installation_id_m1,key_fingerprint_m1,"
                + "pod_m2,installation_id_m2,key_fingerprint_m2,bulk_file\n");
        for (ProvisionedDu u : done) {
            boolean m2 = u.row().podM2() != null;
            inventory.append(String.join(",", u.row().name(), u.mac(), out.relativize(u.folder().resolve("du.properties"))
                    .toString(), u.row().podM1(), installationId, u.fingerprintM1(), m2 ? u.row().podM2() : "",
                    m2 ? installationId : "", m2 ? u.fingerprintM2() : "", "portal/" + u.bulkFile())).append('\n');
        }
        Path inventoryFile = Files.writeString(out.resolve("inventory.csv"), inventory, StandardCharsets.UTF_8);
        return new Result(done, bulkFiles, sheetFile, inventoryFile);
    }

    private static String bulkFileName(int n) {
        return String.format("associations-%03d.csv", n);
    }

    private static String properties(DuRow row, Settings s, String mac, byte[] keyM1, byte[] keyM2, String id) {
        StringBuilder b = new StringBuilder();
        b.append("# DU \"").append(row.name()).append("\", made by du fleet provision (line ").append(row.line())
                .append(" of the POD list). It holds operational keys: keep it mode 0600.\n");
        b.append("du.mac = ").append(mac).append('\n');
        b.append("du.name = ").append(row.name()).append('\n');
        association(b, "m1", row.podM1(), keyM1, id);
        if (keyM2 != null) {
            association(b, "m2", row.podM2(), keyM2, id);
        }
        return b.toString();
    }

    private static void association(StringBuilder b, String prefix, String pod, byte[] key, String id) {
        b.append(prefix).append(".pod = ").append(pod).append('\n');
        b.append(prefix).append(".key = ").append(Bytes.hex(key)).append('\n');
        b.append(prefix).append(".system-title = ").append(PORTAL_SYSTEM_TITLE).append('\n');
        b.append(prefix).append(".installation-id = ").append(id).append('\n');
    }

    /** Each configuration is read back as du run reads it: one that would not start is never written. */
    private static void checkLoads(String properties, Path file) {
        try {
            DuConfig cfg = DuConfig.parse(properties, file.toString());
            for (Association a : cfg.associations()) {
                if (a.pod() == null) {
                    throw new IllegalStateException(file + ": " + a.role() + " without its POD");
                }
            }
        } catch (ConfigException e) {
            throw new IllegalStateException("a generated configuration does not load: " + e.getMessage(), e);
        }
    }

    /** A DU address unused in the fleet: the prefix, then random hex digits up to 12. */
    private static String freshAddress(String prefix, Set<String> used, SecureRandom random) {
        StringBuilder b = new StringBuilder(12);
        do {
            b.setLength(0);
            b.append(prefix);
            while (b.length() < 12) {
                b.append(Character.toUpperCase(Character.forDigit(random.nextInt(16), 16)));
            }
        } while (!used.add(b.toString()));
        return b.toString();
    }

    /** How many DUs a MAC prefix can address (16 to the power of the digits left to draw). */
    public static long addressesUnder(String prefix) {
        return 1L << (4 * (12 - prefix.length()));
    }

    private static byte[] freshKey(SecureRandom random) {
        byte[] key = new byte[16];
        random.nextBytes(key);
        return key;
    }

    private static String fingerprint(byte[] key) {
        return Bytes.hex(new OperationalKey(key).fingerprint());
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
