package it.c2du.lab.plan;

import it.c2du.core.config.ConfigException;
import it.c2du.core.config.DuConfig;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.stack.Bytes;
import it.c2du.core.stack.MacAddress;
import it.c2du.lab.meter.MeterSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the lab plan's selected tests on each sample: a DU of its own (MAC, keys, state), the
 * counting tests and F.2 on one receiver run, the F.4 tests on another that starts from an empty
 * profile. A rig failure (the receiver does not start, answer or journal) makes the tests it
 * stopped Negative with the reason: at the lab a DU that does not answer fails.
 */
public final class LabRun {
    /** The lab's System Title, "CECECECE": both meters use it. */
    static final String LAB_SYSTEM_TITLE = "4345434543454345";
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** Who the report is about. */
    public record Identity(String reportNumber, String duName, String model, String hwVersion, String swVersion) {
    }

    private final List<LabPlan.TestCase> tests;
    private final int samples;
    private final Path work;
    private final LabRig.ReceiverLauncher launcher;
    private final ZoneId zone;
    private final LocalDate firstDay;
    private final long seed;
    private final PrintWriter progress;
    private final List<String> notes = new ArrayList<>();

    /**
     * @param firstDay the simulated day the counting tests run on; F.4 runs on it and the two after
     * @param seed     the meters' traffic (the keys are random each run)
     */
    public LabRun(List<LabPlan.TestCase> tests, int samples, Path work, LabRig.ReceiverLauncher launcher, ZoneId zone,
           LocalDate firstDay, long seed, PrintWriter progress) {
        this.tests = tests;
        this.samples = samples;
        this.work = work;
        this.launcher = launcher;
        this.zone = zone;
        this.firstDay = firstDay;
        this.seed = seed;
        this.progress = progress;
    }

    public LabReport run(Identity id) throws IOException, InterruptedException {
        ZonedDateTime start = ZonedDateTime.now(zone);
        Map<String, List<LabReport.Result>> results = new LinkedHashMap<>();
        tests.forEach(t -> results.put(t.id(), new ArrayList<>()));
        List<LabReport.Sample> sampleInfo = new ArrayList<>();
        for (int n = 1; n <= samples; n++) {
            Map<String, LabReport.Result> r = runSample(n, sampleInfo);
            for (LabPlan.TestCase t : tests) {
                results.get(t.id()).add(r.get(t.id()));
            }
        }
        List<LabReport.Test> rows = new ArrayList<>();
        for (LabPlan.TestCase t : tests) {
            rows.add(new LabReport.Test(t.id(), t.title(), t.expected(), results.get(t.id())));
        }
        notes.add(0, "Bench: simulated meters M1 and M2 -> emulated ST7580 modem -> socat pty pair -> the receiver under"
                + " test (its own process, du run) -> its state directory. Counters and profiles read from its committed"
                + " state directory (as du counters reads them), frames with the receiver's journal (du run --frames). Simulated clock; a power cut kills the"
                + " receiver process (SIGKILL) and starts it again on the same state directory.");
        notes.add(1, "Counts are compared on bits 0-14; bit 15 (power loss) is shown as \"bit 15 + count\". Profile"
                + " elements are numbered from 1 as the plan does (element 1 = day -1 = the profile's index 0).");
        notes.add(2, "Meter traffic seed " + seed + "; keys are random for each sample and stay in the work directory.");
        return new LabReport(id.reportNumber(), id.duName(), id.model(), id.hwVersion(), id.swVersion(), start,
                ZonedDateTime.now(zone), LAB_SYSTEM_TITLE, sampleInfo, rows, notes);
    }

    private Map<String, LabReport.Result> runSample(int n, List<LabReport.Sample> info)
            throws IOException, InterruptedException {
        Path dir = work.resolve("sample-" + n);
        Files.createDirectories(dir);
        MacAddress du = MacAddress.parseOrNull(String.format("DC4C4142%04X", n));
        MacAddress other = MacAddress.parseOrNull(String.format("DC4C4142%04X", 0xFF00 + n));
        Path config = writeConfig(dir, du, n);
        DuConfig cfg;
        try {
            cfg = DuConfig.load(config);
        } catch (ConfigException e) {
            throw new IllegalStateException("the lab's own configuration is wrong: " + e.getMessage(), e);
        }
        progress.printf("Sample %d of %d: DU %s, work directory %s%n", n, samples, du, dir);
        progress.flush();
        Map<String, LabReport.Result> out = new LinkedHashMap<>();
        List<String> periods = new ArrayList<>();

        List<LabPlan.TestCase> counting = tests.stream().filter(t -> t.session() != LabPlan.Session.PROFILE).toList();
        if (!counting.isEmpty()) {
            Instant t0 = firstDay.atStartOfDay(zone).plusMinutes(30).toInstant();
            MeterSimulator meters = simulator(cfg, n);
            try (LabRig rig = new LabRig(dir.resolve("counting"), config, launcher, t0)) {
                LabSample s = new LabSample(rig, meters, du, other, zone);
                String failure = start(rig);
                for (LabPlan.TestCase t : counting) {
                    LabReport.Result r;
                    if (failure != null) {
                        r = new LabReport.Result(false, "not run: " + failure);
                    } else {
                        try {
                            r = t.check().run(s);
                        } catch (LabRig.LabException e) {
                            failure = e.getMessage();
                            r = new LabReport.Result(false, "not completed: " + failure);
                        }
                    }
                    out.put(t.id(), r);
                    report(n, t, r);
                }
                periods.add(period(t0, rig.now()));
            }
        }
        List<LabPlan.TestCase> profile = tests.stream().filter(t -> t.session() == LabPlan.Session.PROFILE).toList();
        if (!profile.isEmpty()) {
            Instant dayMinus2 = firstDay.atStartOfDay(zone).toInstant();
            Instant t0 = dayMinus2.minus(Duration.ofMinutes(5));
            MeterSimulator meters = simulator(cfg, n);
            try (LabRig rig = new LabRig(dir.resolve("profile"), config, launcher, t0)) {
                LabSample s = new LabSample(rig, meters, du, other, zone);
                String failure = start(rig);
                LabChecks.ProfileRun run = null;
                if (failure == null) {
                    try {
                        run = LabChecks.profileRun(s, dayMinus2);
                    } catch (LabRig.LabException e) {
                        failure = e.getMessage();
                    }
                }
                for (LabPlan.TestCase t : profile) {
                    LabReport.Result r = run != null ? LabChecks.judgeProfile(t, run)
                            : new LabReport.Result(false, "not completed: " + failure);
                    out.put(t.id(), r);
                    report(n, t, r);
                }
                periods.add(period(t0, rig.now()));
            }
        }
        info.add(new LabReport.Sample(n, du.toString(), String.join("; ", periods)));
        return out;
    }

    private String start(LabRig rig) throws IOException {
        try {
            rig.start();
            return null;
        } catch (LabRig.LabException e) {
            return e.getMessage();
        }
    }

    private MeterSimulator simulator(DuConfig cfg, int sample) {
        return MeterSimulator.of(cfg.duAddress(), cfg.association(MeterRole.M1), cfg.association(MeterRole.M2),
                cfg.newEngine(), zone, seed + sample);
    }

    private void report(int sample, LabPlan.TestCase t, LabReport.Result r) {
        progress.printf("  sample %d  %-8s %s%n", sample, t.id(), r.positive() ? "Positive" : "Negative");
        if (!r.positive()) {
            for (String line : r.measured().split("\n")) {
                progress.printf("                    %s%n", line);
            }
        }
        progress.flush();
    }

    private String period(Instant from, Instant to) {
        return ZonedDateTime.ofInstant(from, zone).format(MINUTE) + " – " + ZonedDateTime.ofInstant(to, zone).format(MINUTE)
                + " " + zone + " (simulated)";
    }

    /** The sample's configuration: its own MAC and fresh random keys; the file is readable by its owner only. */
    private Path writeConfig(Path dir, MacAddress du, int n) throws IOException {
        SecureRandom random = new SecureRandom();
        byte[] k1 = new byte[16];
        byte[] k2 = new byte[16];
        random.nextBytes(k1);
        random.nextBytes(k2);
        String text = "# du lab run, sample " + n + ": generated; the keys are random for this run\n"
                + "du.mac = " + du + "\n"
                + "du.name = Lab sample " + n + "\n"
                + "m1.pod = IT001E" + String.format("%08d", 10_000_000 + n) + "\n"
                + "m1.key = " + Bytes.hex(k1) + "\n"
                + "m1.system-title = " + LAB_SYSTEM_TITLE + "\n"
                + "m2.pod = IT001E" + String.format("%08d", 20_000_000 + n) + "\n"
                + "m2.key = " + Bytes.hex(k2) + "\n"
                + "m2.system-title = " + LAB_SYSTEM_TITLE + "\n"
                + "counters.zone = " + zone.getId() + "\n"
                + "modem.t-req = none\n";
        Path config = dir.resolve("du.properties");
        Files.deleteIfExists(config);
        try {
            Files.createFile(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(config);
        }
        Files.writeString(config, text, StandardCharsets.UTF_8);
        return config;
    }
}
