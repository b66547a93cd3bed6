package it.c2du.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.c2du.core.config.DuConfig;
import it.c2du.core.encode.Fault;
import it.c2du.core.encode.MeterFrameEncoder;
import it.c2du.core.encode.SampleCompactFrames;
import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.profile.ReceptionCounter;
import it.c2du.core.receive.Association;
import it.c2du.core.stack.Bytes;
import it.c2du.core.stack.CompactFrameCodec;
import it.c2du.core.stack.MacAddress;
import it.c2du.counters.CounterSnapshot;
import it.c2du.counters.state.ReceiverState;
import it.c2du.counters.state.StateDirectory;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety by test (issue: durable counters): a real child JVM ingests a trace with
 * {@code du replay --state} and is killed with SIGKILL at random moments, at least 50 times;
 * each time it is restarted on the same trace and state. The final state must equal an
 * independent model of the trace: every counted frame counted exactly once on its day, bit 15
 * on the days of the trace's power cuts and on the state's day at each kill, nowhere else.
 *
 * <p>Seeded: the seed is printed, and {@code -Dc2du.seed=N} replays the same trace and kill plan
 * (the moments still depend on the machine's timing).
 */
class CrashInjectionTest {
    private static final int KILLS = 50;
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final String CONFIG = String.join("\n",
            "du.mac          = DC00000000C7",
            "m1.pod          = IT001E00000007",
            "m1.key          = 00112233445566778899AABBCCDDEEFF",
            "m1.system-title = 4345434543454345",
            "m2.pod          = ITP0AE00000007",
            "m2.key          = FFEEDDCCBBAA99887766554433221100",
            "m2.system-title = 4D454C4D454C4D45",
            "");

    @TempDir
    Path work;

    /** The trace and what a receiver must make of it, per day. */
    private static final class Model {
        final TreeMap<LocalDate, int[]> counts = new TreeMap<>();
        final TreeSet<LocalDate> lossDays = new TreeSet<>();
        final List<Instant[]> cuts = new ArrayList<>();
        LocalDate firstDay;
        LocalDate lastDay;
        int counted;

        boolean heard(Instant t) {
            for (Instant[] c : cuts) {
                if (!t.isBefore(c[0]) && t.isBefore(c[1])) {
                    return false;
                }
            }
            return true;
        }

        int value(LocalDate d, int counter) {
            if (d.isBefore(firstDay)) {
                return 0;
            }
            int n = Math.min(counts.getOrDefault(d, new int[5])[counter], C2P1.Counters.MAX_COUNT);
            return lossDays.contains(d) ? n | C2P1.Counters.POWER_LOSS_BIT : n;
        }
    }

    private record Line(Instant time, String text) {
    }

    @Test
    void killedAtRandomMomentsTheCountersStayExact() throws Exception {
        long seed = Long.getLong("c2du.seed", System.nanoTime());
        System.out.println("CrashInjectionTest seed " + seed + " (replay with -Dc2du.seed=" + seed + ")");
        Random random = new Random(seed);
        Path config = work.resolve("du.properties");
        Files.writeString(config, CONFIG);
        Model model = new Model();
        Path trace = work.resolve("crash.trace");
        Files.writeString(trace, generate(DuConfig.parse(CONFIG, "crash config"), model, random));
        Path state = work.resolve("state");
        List<String> log = new ArrayList<>();
        String where = "seed " + seed;

        int kills = 0;
        int runs = 0;
        int step = Math.max(4, model.counted / (KILLS + 10));
        while (kills < KILLS) {
            runs++;
            if (runs > 4 * KILLS) {
                throw new AssertionError(where + ": only " + kills + " kills landed in " + runs + " runs\n" + String.join("\n", log));
            }
            int commitEvery = new int[] {1, 1, 1, 4, 50}[random.nextInt(5)];
            Process p = start(config, trace, state, commitEvery);
            boolean byTime = random.nextInt(6) == 0;
            int target = random.nextInt(2 * step + 1);
            long delayMs = random.nextInt(600);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                if (byTime) {
                    // Anywhere: JVM start, state open, the first commits, ingest.
                    Thread.sleep(delayMs);
                } else {
                    int accepted = 0;
                    String line;
                    while (accepted < target && (line = out.readLine()) != null) {
                        if (line.contains("\"verdict\": \"accepted\"")) {
                            accepted++;
                        }
                    }
                }
                boolean killed = p.isAlive();
                p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no clean end
                p.waitFor(30, TimeUnit.SECONDS);
                int status = p.exitValue();
                if (!killed) {
                    assertEquals(0, status, where + ": run " + runs + " ended by itself with status " + status + ": " + stderr(state));
                    log.add("run " + runs + ": finished before the kill");
                    continue;
                }
            }
            kills++;
            if (Files.exists(state.resolve(StateDirectory.STATE_FILE))) {
                StateDirectory.Loaded after = StateDirectory.read(state);
                assertTrue(after.warnings().isEmpty() || after.warnings().get(0).contains("unusable"), where + " " + after.warnings());
                CounterSnapshot c = after.state().counters();
                if (after.state().running() && c.day() != null) {
                    model.lossDays.add(c.day());
                }
                log.add("run " + runs + ": killed (" + (byTime ? delayMs + " ms" : "after " + target + " accepted")
                        + ", commit every " + commitEvery + "), state sequence " + after.sequence() + " day " + c.day()
                        + " clock " + c.clock() + (after.state().running() ? " running" : " clean")
                        + (after.warnings().isEmpty() ? "" : " [" + after.warnings() + "]"));
            } else {
                log.add("run " + runs + ": killed before the state file existed");
            }
        }

        // The last run goes to the end of the trace and ends cleanly.
        Process last = start(config, trace, state, 1 + random.nextInt(20));
        last.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertTrue(last.waitFor(120, TimeUnit.SECONDS), where + ": the last run did not finish");
        assertEquals(0, last.exitValue(), where + ": last run: " + stderr(state));

        String history = where + "\n" + String.join("\n", log);
        ReceiverState s = StateDirectory.read(state).state();
        CounterSnapshot c = s.counters();
        assertFalse(s.running(), history);
        assertEquals(model.firstDay, c.firstDay(), history);
        assertEquals(model.lastDay, c.day(), history);
        for (ReceptionCounter rc : ReceptionCounter.values()) {
            int k = rc.ordinal();
            assertEquals(model.value(model.lastDay, k), c.today()[k], history + "\ntoday " + model.lastDay + " " + rc);
            int[] expected = new int[C2P1.Counters.PROFILE_DAYS];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = model.value(model.lastDay.minusDays(i + 1L), k);
            }
            assertArrayEquals(expected, c.profile()[k], history + "\nprofile " + rc + ", expected loss days "
                    + model.lossDays + ", counts " + describe(model));
        }
        System.out.println("CrashInjectionTest: " + kills + " kills in " + runs + " runs, " + model.counted
                + " frames counted, loss days " + model.lossDays);
    }

    private Process start(Path config, Path trace, Path state, int commitEvery) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
                "-cp", System.getProperty("java.class.path"), DuCommand.class.getName(),
                "replay", "--config", config.toString(), "--trace", trace.toString(), "--state", state.toString(),
                "--json", "--frames", "--commit-every", Integer.toString(commitEvery));
        pb.redirectError(work.resolve("stderr.txt").toFile());
        return pb.start();
    }

    private String stderr(Path state) throws java.io.IOException {
        return Files.readString(work.resolve("stderr.txt"));
    }

    private static String describe(Model m) {
        StringBuilder sb = new StringBuilder();
        m.counts.forEach((d, v) -> sb.append(d).append(java.util.Arrays.toString(v)).append(' '));
        return sb.toString();
    }

    /**
     * Eight days of M1 and M2 traffic in Europe/Rome across the 25-hour day of 2024-10-27: CF1 and
     * CF2 every quarter hour, CF21/CF41 at random moments, a few CF22/CF25, repetitions, frames
     * for another DU or with a bad FCS or tag, a 40-minute power cut and one spanning a whole day.
     */
    private static String generate(DuConfig cfg, Model model, Random random) {
        Association m1 = cfg.association(MeterRole.M1);
        Association m2 = cfg.association(MeterRole.M2);
        MeterFrameEncoder fromM1 = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("E5A1000000C1"), cfg.newEngine());
        MeterFrameEncoder fromM2 = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("E5A2000000C2"), cfg.newEngine());
        LocalDate first = LocalDate.of(2024, 10, 24);
        int days = 8;
        model.cuts.add(new Instant[] {at(first.plusDays(1), 10, 0, 0), at(first.plusDays(1), 10, 40, 0)});
        model.cuts.add(new Instant[] {at(first.plusDays(3), 22, 0, 0), at(first.plusDays(5), 1, 0, 0)});

        // What each meter sends, in time order: the meter's frame counter follows its clock.
        record Sent(Instant time, CompactFrameType type) {
        }
        List<Sent> sent1 = new ArrayList<>();
        List<Sent> sent2 = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            LocalDate day = first.plusDays(d);
            ZonedDateTime t = day.atStartOfDay(ROME);
            while (t.toLocalDate().equals(day)) {
                sent1.add(new Sent(t.toInstant().plusSeconds(1 + random.nextInt(50)), CompactFrameType.CF1));
                sent2.add(new Sent(t.toInstant().plusSeconds(61 + random.nextInt(58)), CompactFrameType.CF2));
                t = t.plusMinutes(15);
            }
            for (int k = 0; k < 12 + random.nextInt(10); k++) {
                sent1.add(new Sent(randomTime(day, random), CompactFrameType.CF21));
                sent2.add(new Sent(randomTime(day, random), CompactFrameType.CF41));
            }
            for (int k = 0; k < random.nextInt(4); k++) {
                sent1.add(new Sent(randomTime(day, random), random.nextBoolean() ? CompactFrameType.CF22 : CompactFrameType.CF25));
            }
        }
        List<Line> lines = new ArrayList<>();
        long[] fc = {7000, 52000};
        for (List<Sent> sent : List.of(sent1, sent2)) {
            sent.sort(Comparator.comparing(Sent::time));
            boolean isM1 = sent == sent1;
            for (Sent s : sent) {
                Association a = isM1 ? m1 : m2;
                MeterFrameEncoder enc = isM1 ? fromM1 : fromM2;
                long counter = fc[isM1 ? 0 : 1]++;
                Map<String, Long> fields = SampleCompactFrames.random(s.type(), s.time().getEpochSecond(), random);
                int roll = random.nextInt(100);
                if (roll < 3) {
                    Fault f = new Fault[] {Fault.NOT_FOR_ME, Fault.MAC_FCS, Fault.AUTH_FAILED}[random.nextInt(3)];
                    lines.add(new Line(s.time(), Bytes.hex(enc.encode(a, counter, CompactFrameCodec.encode(s.type(), fields), f, random))));
                    continue;
                }
                byte[] frame = enc.encode(a, counter, s.type(), fields);
                lines.add(new Line(s.time(), Bytes.hex(frame)));
                if (roll < 15) {
                    for (int r = 1 + random.nextInt(3); r > 0; r--) {
                        lines.add(new Line(s.time().plusSeconds(2L * r + 1), Bytes.hex(frame)));
                    }
                }
                if (model.heard(s.time())) {
                    LocalDate d = LocalDate.ofInstant(s.time(), ROME);
                    model.counts.computeIfAbsent(d, x -> new int[5])[s.type().counter().ordinal()]++;
                    model.counted++;
                }
            }
        }
        for (Instant[] c : model.cuts) {
            lines.add(new Line(c[0], "POWER_OFF"));
            lines.add(new Line(c[1], "POWER_ON"));
            LocalDate off = LocalDate.ofInstant(c[0], ROME);
            LocalDate on = LocalDate.ofInstant(c[1], ROME);
            for (LocalDate d = off; !d.isAfter(on); d = d.plusDays(1)) {
                model.lossDays.add(d);
            }
        }
        lines.sort(Comparator.comparing(Line::time));
        model.firstDay = LocalDate.ofInstant(lines.get(0).time(), ROME);
        model.lastDay = LocalDate.ofInstant(lines.get(lines.size() - 1).time(), ROME);
        StringBuilder sb = new StringBuilder("# crash-injection trace\n");
        for (Line l : lines) {
            sb.append(OffsetDateTime.ofInstant(l.time(), ROME).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                    .append(' ').append(l.text()).append('\n');
        }
        return sb.toString();
    }

    private static Instant randomTime(LocalDate day, Random random) {
        // Seconds 1..59: never at the same instant as a power event (whole minutes).
        return day.atStartOfDay(ROME).plusMinutes(random.nextInt(23 * 60)).plusSeconds(1 + random.nextInt(59)).toInstant();
    }

    private static Instant at(LocalDate day, int h, int m, int s) {
        return day.atTime(h, m, s).atZone(ROME).toInstant();
    }
}
