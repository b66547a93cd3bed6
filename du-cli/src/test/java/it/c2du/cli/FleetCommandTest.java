package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.cli.fleet.PortalBulkFile;
import it.c2du.core.config.DuConfig;
import it.c2du.core.crypto.OperationalKey;
import it.c2du.core.encode.MeterFrameEncoder;
import it.c2du.core.encode.SampleCompactFrames;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Reception;
import it.c2du.core.stack.Bytes;
import it.c2du.core.stack.MacAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code du fleet provision} and {@code du fleet check}: a fleet provisioned from a POD list is
 * one the portal takes and whose DUs each decode their meters' frames; wrong rows are refused by
 * line; keys stay in the configurations and the bulk files.
 */
class FleetCommandTest {
    private static final MacAddress METER = MacAddress.parseOrNull("A1B2C3D4E5F6");

    @TempDir
    Path dir;

    /** A POD list of {@code dus} DUs, the first {@code prosumers} of them with a production meter, in a random order. */
    private static String podList(int dus, int prosumers, Random random) {
        List<String> rows = new ArrayList<>();
        Set<String> pods = new HashSet<>();
        for (int i = 0; i < dus; i++) {
            String m1 = unique(pods, "IT001E", random);
            String m2 = i < prosumers ? unique(pods, "ITP0AE", random) : "";
            rows.add("Cabinet " + i + "," + m1 + "," + m2);
        }
        java.util.Collections.shuffle(rows, random);
        return "name,pod_m1,pod_m2\n" + String.join("\n", rows) + "\n";
    }

    private static String unique(Set<String> used, String prefix, Random random) {
        String pod;
        do {
            pod = prefix + String.format("%08d", random.nextInt(100_000_000));
        } while (!used.add(pod));
        return pod;
    }

    private CliRun provision(Path pods, Path out, String... more) {
        // The fleet's usual options, each replaced by the same option in more.
        Map<String, String> options = new java.util.LinkedHashMap<>(Map.of("--installation-prefix", "XY", "--date",
                "241001", "--hw-version", "HW1.2", "--sw-version", "0.3.0"));
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("fleet", "provision", "--pods", pods.toString(), "--out",
                out.toString()));
        options.forEach((k, v) -> args.addAll(List.of(k, v)));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static List<String[]> csvRows(Path file) throws IOException {
        return Files.readAllLines(file).stream().skip(1).map(l -> l.split(",", -1)).collect(Collectors.toList());
    }

    @Test
    void twoHundredFiftyDusThirtyProsumersMakeThreeBulkFilesThePortalTakesAndEveryDuDecodesItsFrames() throws Exception {
        long seed = System.nanoTime();
        System.out.println("FleetCommandTest seed " + seed);
        Random random = new Random(seed);
        Path pods = Files.writeString(dir.resolve("pods.csv"), podList(250, 30, random));
        Path out = dir.resolve("fleet");
        CliRun run = provision(pods, out);
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("250 DUs (30 with a production meter), 280 associations, installation ID"
                + " XY241001\n"), run.out());

        List<Path> bulk;
        try (Stream<Path> s = Files.list(out.resolve("portal"))) {
            bulk = s.sorted().collect(Collectors.toList());
        }
        assertEquals(3, bulk.size(), "seed " + seed);
        Map<String, String> fileOfMac = new HashMap<>();
        Map<String, String> keyOfPod = new HashMap<>();
        int associations = 0;
        for (Path f : bulk) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
            CliRun check = CliRun.of("fleet", "check", f.toString());
            assertEquals(0, check.status(), check.err());
            List<String[]> rows = csvRows(f);
            assertTrue(rows.size() <= PortalBulkFile.MAX_ASSOCIATIONS, f + ": " + rows.size());
            associations += rows.size();
            for (String[] r : rows) {
                String before = fileOfMac.put(r[2], f.getFileName().toString());
                assertTrue(before == null || before.equals(f.getFileName().toString()),
                        "prosumer " + r[2] + " split between " + before + " and " + f + ", seed " + seed);
                assertEquals(List.of("HW1.2", "0.3.0"), List.of(r[3], r[4]));
                keyOfPod.put(r[0], r[5]);
            }
        }
        assertEquals(280, associations);
        assertEquals(250, fileOfMac.size(), "one MAC per DU, unique in the fleet");

        Set<String> keys = new HashSet<>();
        List<Path> configs;
        try (Stream<Path> s = Files.list(out.resolve("du"))) {
            configs = s.map(d -> d.resolve("du.properties")).sorted().collect(Collectors.toList());
        }
        assertEquals(250, configs.size());
        Random frames = new Random(seed);
        for (Path config : configs) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
            CliRun check = CliRun.of("config", "check", "--config", config.toString());
            assertEquals(0, check.status(), check.err());
            DuConfig cfg = DuConfig.load(config);
            assertEquals(config.getParent().getFileName().toString(), cfg.duAddress().toString());
            ReceiveStack receiver = new ReceiveStack(cfg.duAddress(), cfg.associations(), cfg.newEngine());
            MeterFrameEncoder meter = new MeterFrameEncoder(cfg.duAddress(), METER, cfg.newEngine());
            for (Association a : cfg.associations()) {
                assertEquals("4345434543454345", Bytes.hex(a.systemTitle()));
                assertEquals("XY241001", cfg.installationId(a.role()));
                String key = keyOf(config, a.role());
                assertTrue(keys.add(key), "a fresh key per association");
                assertEquals(key, keyOfPod.get(a.pod()), "the portal gets the key the DU holds, " + a.pod());
                CompactFrameType type = a.role() == MeterRole.M1 ? CompactFrameType.CF1 : CompactFrameType.CF2;
                byte[] frame = meter.encode(a, 1 + frames.nextInt(1000), type,
                        SampleCompactFrames.random(type, 1_727_740_800L, frames));
                Reception r = receiver.receive(frame);
                assertTrue(r.accepted(), config + " " + a.role() + ": " + r);
            }
        }
        assertEquals(280, keys.size());

        // The installation sheet: one row per DU and POD, ID_INSTALLAZIONE = XY + 241001.
        List<String[]> sheet = csvRows(out.resolve("installation-sheet.csv"));
        assertEquals(280, sheet.size());
        assertTrue(sheet.stream().allMatch(r -> r[0].equals("XY241001") && keyOfPod.containsKey(r[1])));

        // The inventory: the keys' fingerprints, which match the DU's keys, never a key.
        List<String[]> inventory = csvRows(out.resolve("inventory.csv"));
        assertEquals(250, inventory.size());
        for (String[] r : inventory) {
            DuConfig cfg = DuConfig.load(out.resolve(r[2]));
            assertEquals(r[1], cfg.duAddress().toString());
            assertEquals(Bytes.hex(cfg.association(MeterRole.M1).key().fingerprint()), r[5]);
            Association m2 = cfg.association(MeterRole.M2);
            assertEquals(m2 == null ? "" : Bytes.hex(m2.key().fingerprint()), r[8]);
        }

        // No key outside the configurations and the bulk files: not the inventory, the sheet, the output.
        List<Path> others;
        try (Stream<Path> s = Files.walk(out)) {
            others = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("du.properties"))
                    .filter(p -> !p.getParent().getFileName().toString().equals("portal")).collect(Collectors.toList());
        }
        assertEquals(2, others.size(), others.toString());
        StringBuilder everythingElse = new StringBuilder(run.out()).append(run.err());
        for (Path p : others) {
            everythingElse.append(Files.readString(p));
        }
        String upper = everythingElse.toString().toUpperCase();
        for (String key : keys) {
            assertFalse(upper.contains(key), "a key outside the configurations and bulk files");
        }
    }

    private static String keyOf(Path config, MeterRole role) throws IOException {
        String prefix = role.configPrefix() + ".key = ";
        return Files.readAllLines(config).stream().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> l.substring(prefix.length()).toUpperCase()).orElseThrow();
    }

    @Test
    void prosumerPairsAreNeverSplitAndFilesAreFullOtherwise() throws Exception {
        long seed = System.nanoTime();
        System.out.println("FleetCommandTest batching seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 4; round++) {
            int dus = 1 + random.nextInt(260);
            int prosumers = random.nextInt(dus + 1);
            Path pods = Files.writeString(dir.resolve("pods" + round + ".csv"), podList(dus, prosumers, random));
            Path out = dir.resolve("fleet" + round);
            CliRun run = provision(pods, out);
            assertEquals(0, run.status(), run.err());
            List<Path> bulk;
            try (Stream<Path> s = Files.list(out.resolve("portal"))) {
                bulk = s.sorted().collect(Collectors.toList());
            }
            Map<String, Integer> macFile = new HashMap<>();
            int total = 0;
            for (int i = 0; i < bulk.size(); i++) {
                List<String[]> rows = csvRows(bulk.get(i));
                assertTrue(rows.size() <= 100 && !rows.isEmpty(), "seed " + seed);
                // A file is closed only when the next DU's rows would not fit.
                if (i < bulk.size() - 1) {
                    assertTrue(rows.size() >= 99, "file " + i + " closed at " + rows.size() + ", seed " + seed);
                }
                for (String[] r : rows) {
                    Integer before = macFile.put(r[2], i);
                    assertTrue(before == null || before == i, "a pair split, seed " + seed);
                }
                total += rows.size();
                assertEquals(0, CliRun.of("fleet", "check", bulk.get(i).toString()).status());
            }
            assertEquals(dus + prosumers, total, "seed " + seed);
        }
    }

    @Test
    void wrongRowsAreRefusedEachNamedWithItsLineAndNothingIsWritten() throws IOException {
        Path pods = Files.writeString(dir.resolve("pods.csv"), "name,pod_m1,pod_m2\n"
                + "North,IT001E00000001,\n"
                + "South,IT001E0000002,\n"                       // 13 characters
                + "East,IT001E00000001,\n"                       // the POD of line 2
                + "West,IT001E00000004,ITP0AE00000004,ITP0AE00000005\n"
                + "Roof,ITP0AE00000006,\n"                       // a production POD as M1
                + "North,IT001E00000007,\n"                      // a DU twice
                + "Shed,IT001E00000008,it001e00000009\n");       // not the portal's form (lower case)
        Path out = dir.resolve("fleet");
        CliRun run = provision(pods, out);
        assertEquals(ExitStatus.BAD_INPUT, run.status());
        String err = run.err();
        assertTrue(err.contains(pods + " line 3: M1 POD \"IT001E0000002\": the portal takes IT and 12 or 13"), err);
        assertTrue(err.contains(pods + " line 4: POD IT001E00000001 already on line 2"), err);
        assertTrue(err.contains(pods + " line 5: more than one M2 POD for DU \"West\""), err);
        assertTrue(err.contains(pods + " line 6: M1 POD ITP0AE00000006 is a production POD"), err);
        assertTrue(err.contains(pods + " line 7: DU \"North\" already on line 2"), err);
        assertTrue(err.contains(pods + " line 8: M2 POD \"it001e00000009\""), err);
        assertTrue(err.endsWith("6 errors; nothing written\n"), err);
        assertFalse(Files.exists(out));
        assertEquals("", run.out());
    }

    @Test
    void anExistingOutputFolderAndBadArgumentsAreRefused() throws IOException {
        Path pods = Files.writeString(dir.resolve("pods.csv"), "A,IT001E00000001,\n");
        Path out = Files.createDirectory(dir.resolve("fleet"));
        CliRun existing = provision(pods, out);
        assertEquals(ExitStatus.BAD_INPUT, existing.status());
        assertTrue(existing.err().contains("--out " + out + ": already exists"), existing.err());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(0, s.count());
        }
        Path fresh = dir.resolve("fresh");
        assertTrue(provision(pods, fresh, "--date", "240231").err().contains("--date: expected the activation date"));
        assertTrue(provision(pods, fresh, "--mac-prefix", "AB12").err().contains("--mac-prefix: expected DC"));
        assertTrue(provision(pods, fresh, "--installation-prefix", "XYZ").err().contains("--installation-prefix"));
        assertFalse(Files.exists(fresh));
        CliRun prefixed = provision(pods, fresh, "--mac-prefix", "dc00a1");
        assertEquals(0, prefixed.status(), prefixed.err());
        try (Stream<Path> s = Files.list(fresh.resolve("du"))) {
            assertTrue(s.allMatch(d -> d.getFileName().toString().startsWith("DC00A1")));
        }
    }

    private static final String HEAD = PortalBulkFile.HEADER + "\n";
    private static final String KEY1 = "00112233445566778899AABBCCDDEEFF";
    private static final String KEY2 = "F0E1D2C3B4A5968778695A4B3C2D1E0F";

    @Test
    void fleetCheckNamesEveryBrokenRuleByLineAndNeverShowsAKey() throws IOException {
        Path good = Files.writeString(dir.resolve("good.csv"), HEAD
                + "IT001E00000001,Flat 1,DC0000000001,HW1,1.0," + KEY1 + "\n"
                + "ITP0AE00000001,Flat 1,DC0000000001,HW1,1.0," + KEY2 + "\n"       // a prosumer's pair
                + "IT001E00000002,Flat 2,DC0000000002,HW1,1.0," + KEY2 + "\n");
        CliRun ok = CliRun.of("fleet", "check", good.toString());
        assertEquals(0, ok.status(), ok.err());
        assertEquals(good + ": good, 3 associations\n", ok.out());

        String badKey = KEY1.substring(0, 31) + "G";
        Path bad = Files.writeString(dir.resolve("bad.csv"), HEAD
                + "IT001E00000001,Flat 1,DC0000000001,HW1,1.0," + KEY1 + "\n"
                + "IT001E00000002,Flat 2,DC0000000001,HW1,1.0," + KEY2 + "\n"       // MAC of line 2, not a pair
                + "IT001E00000001,Flat 3,DC0000000003,HW1,1.0," + KEY2 + "\n"       // POD of line 2
                + "IT001E0000004,Flat 4,AB0000000004,HW1,1.0," + badKey + "\n"      // POD, MAC and key wrong
                + "IT001E00000005,Flat 5,DC0000000005,HW1\n");                       // fields missing
        CliRun check = CliRun.of("fleet", "check", bad.toString());
        assertEquals(ExitStatus.BAD_INPUT, check.status());
        String err = check.err();
        assertTrue(err.contains(bad + " line 3: DU MAC DC0000000001 already on line 2"), err);
        assertTrue(err.contains(bad + " line 4: POD IT001E00000001 already on line 2"), err);
        assertTrue(err.contains(bad + " line 5: POD \"IT001E0000004\""), err);
        assertTrue(err.contains(bad + " line 5: DU MAC \"AB0000000004\": expected 12 hex digits starting with DC"), err);
        assertTrue(err.contains(bad + " line 5: operational key: expected 32 hex digits"), err);
        assertTrue(err.contains(bad + " line 6: expected 6 fields"), err);
        assertTrue(err.endsWith("6 errors; the portal would reject the file\n"), err);
        for (String k : List.of(KEY1, KEY2, badKey, badKey.substring(4, 28))) {
            assertFalse(err.contains(k), "a key in the output");
        }

        // 101 rows are one too many, whatever each row holds.
        StringBuilder many = new StringBuilder(HEAD);
        for (int i = 1; i <= 101; i++) {
            many.append(String.format("IT001E%08d,DU %d,DC%010X,HW1,1.0,%s%n", i, i, i, KEY1));
        }
        CliRun tooMany = CliRun.of("fleet", "check", Files.writeString(dir.resolve("many.csv"), many).toString());
        assertEquals(ExitStatus.BAD_INPUT, tooMany.status());
        assertTrue(tooMany.err().contains("101 associations: the portal takes at most 100 per file"), tooMany.err());
    }
}
