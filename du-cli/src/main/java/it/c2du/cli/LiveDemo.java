package it.c2du.cli;

import it.c2du.core.config.DuConfig;
import it.c2du.core.encode.Fault;
import it.c2du.core.encode.MeterFrameEncoder;
import it.c2du.core.encode.SampleCompactFrames;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.receive.ReceivePipeline;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.Verdict;
import it.c2du.core.stack.CompactFrameCodec;
import it.c2du.core.stack.MacAddress;
import it.c2du.counters.DailyCounters;
import it.c2du.counters.DurableReceiver;
import it.c2du.counters.StateDirectory;
import it.c2du.plc.DataIndication;
import it.c2du.plc.EmulatedModem;
import it.c2du.plc.LinkCounters;
import it.c2du.plc.ModemEmulator;
import it.c2du.plc.ModemEvent;
import it.c2du.plc.ModemReceiver;
import it.c2du.plc.St7580;
import it.c2du.plc.serial.JSerialCommPorts;
import it.c2du.plc.serial.LoopbackSerialPair;
import it.c2du.plc.serial.PtyPair;
import it.c2du.plc.serial.RequestLine;
import it.c2du.plc.serial.SerialLink;
import it.c2du.plc.serial.SerialPorts;
import it.c2du.plc.serial.SerialSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The live {@code du demo}: the emulated ST7580 modem on one end of a socat pty pair, the live
 * receiver (the same code as {@code du run}) on the other, and meters sending half an hour of
 * M1 and M2 traffic across midnight on an accelerated clock, with a repetition, a frame for
 * another DU, a forged one, link faults and a modem reset. The screen shows each frame and the
 * counters as they arrive, the day closing at midnight, and the summary at the end.
 */
final class LiveDemo {
    static final OffsetDateTime START = OffsetDateTime.parse("2026-03-28T23:50:00+01:00");
    static final Duration LENGTH = Duration.ofMinutes(30);
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final String ROW = "%-8s  %-10s  %-13s  %-5s  %-4s  %5s  %-7s  %-6s  %-30s  %s%n";

    /** One thing the meters (or the modem) do at a moment of the demo clock. */
    private record Step(Instant at, DataIndication indication, ModemEmulator.LinkFault fault, boolean modemReset) {
    }

    private final DuConfig cfg;
    private final PrintWriter out;
    private final int speed;
    private final Path work;

    LiveDemo(DuConfig cfg, PrintWriter out, int speed, Path work) {
        this.cfg = cfg;
        this.out = out;
        this.speed = speed;
        this.work = work;
    }

    int run() throws Exception {
        ZoneId zone = cfg.zone();
        quietLogs();
        AcceleratedClock clock = new AcceleratedClock(START.toInstant(), speed);
        SerialSettings settings = new SerialSettings(St7580.BAUD, RequestLine.NONE);
        PtyPair pty = null;
        SerialPorts ports;
        String device;
        SerialLink modemEnd;
        if (PtyPair.socatAvailable()) {
            pty = PtyPair.start(work);
            ports = new JSerialCommPorts();
            device = pty.hostEnd().toString();
            modemEnd = ports.open(pty.modemEnd().toString(), settings);
            out.printf("du demo: the live receiver. The emulated ST7580 modem and the receiver talk over a socat pty pair%n"
                    + "  (receiver on %s, modem on %s), %s.%n", device, pty.modemEnd(), settings);
        } else {
            LoopbackSerialPair pair = new LoopbackSerialPair("in-memory link", 5);
            device = "in-memory link";
            ports = new SerialPorts() {
                @Override
                public SerialLink open(String name, SerialSettings s) {
                    return pair.hostEnd();
                }

                @Override
                public List<String> available() {
                    return List.of(device);
                }
            };
            modemEnd = pair.modemEnd();
            out.printf("du demo: the live receiver. socat is not installed (tools/ensure-socat installs it), so the"
                    + " emulated%n  ST7580 modem and the receiver are joined in memory instead of over a pty pair.%n");
        }
        out.printf("  The meters' clock runs %dx: %d minutes from %s in %.0f s. DU %s%s, days in %s.%n%n", speed,
                LENGTH.toMinutes(), START.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                LENGTH.toMillis() / 1000.0 / speed, cfg.duAddress(), cfg.name() == null ? "" : " (" + cfg.name() + ")",
                zone);
        out.flush();
        EmulatedModem modem = new EmulatedModem(modemEnd, new ModemEmulator(new Random(1), new byte[] {1, 4, 0, 17}),
                Duration.ofSeconds(3));
        ReceivePipeline pipeline = new ReceivePipeline(cfg.duAddress(), cfg.associations(), cfg.newEngine());
        Display display = new Display(zone);
        LiveCounting counting = new LiveCounting(display);
        ModemReceiver receiver = new ModemReceiver(ports, device, ModemReceiver.Options.defaults(settings,
                St7580.Mib.DEFAULT_MODEM_CONFIGURATION).withTickInterval(Duration.ofMillis(50)), clock, counting);
        counting.linkCounters(receiver::counters);
        display.link = receiver::counters;
        try (StateDirectory dir = StateDirectory.open(work.resolve("state"))) {
            receiver.connect();
            clock.start();
            DurableReceiver durable = DurableReceiver.startLive(dir, zone, pipeline, clock.instant());
            counting.countInto(durable);
            out.printf(ROW, "time", "verdict", "reason", "meter", "cf", "fc", "counted", "SNR", "link", "today");
            List<Throwable> failures = new ArrayList<>();
            Thread rx = new Thread(() -> {
                try {
                    receiver.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "demo-receiver");
            rx.start();
            for (Step s : schedule()) {
                Thread.sleep(clock.realMillisUntil(s.at()));
                if (s.modemReset()) {
                    synchronized (out) {
                        out.printf("%-8s  (the modem resets itself; the receiver configures it again)%n", time(s.at(), zone));
                        out.flush();
                    }
                    modem.reset();
                } else {
                    modem.indicate(s.indication(), s.fault());
                }
            }
            Thread.sleep(clock.realMillisUntil(START.plus(LENGTH).toInstant()));
            Thread.sleep(200); // the last frame's row
            receiver.stop();
            rx.join(5000);
            modem.close();
            if (!failures.isEmpty()) {
                throw new IllegalStateException("the receiver failed", failures.get(0));
            }
            durable.advanceTo(START.plus(LENGTH).toInstant());
            durable.finish();
            out.println();
            new SummaryText(out).print(cfg, "live demo, " + (pty != null ? "socat pty pair" : "in-memory link"),
                    durable.receiver().tally(), durable.counters());
            out.printf("%nLink (ST7580 local frames): %s%n", receiver.counters());
        } finally {
            if (pty != null) {
                pty.close();
            }
        }
        return 0;
    }

    /** The screen is the demo's output: link warnings (a modem reset) are shown as rows, not log lines. */
    private static void quietLogs() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    private static String time(Instant t, ZoneId zone) {
        return HMS.format(t.atZone(zone));
    }

    /** What the screen shows as frames arrive. */
    private final class Display implements LiveCounting.Display {
        private final ZoneId zone;
        java.util.function.Supplier<LinkCounters> link;
        private long naks;
        private long repeats;
        private long noise;
        private long cutShort;

        Display(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public void frame(ModemEvent.Indication ind, Reception r, DailyCounters counters) {
            String counted = r.verdict() == Verdict.ACCEPTED ? ReceptionTable.counted(r) : "-";
            DataIndication d = ind.indication();
            synchronized (out) {
                out.printf(ROW, time(ind.receivedAt(), zone), r.verdict().wireName(),
                        r.rejection() == null ? "" : r.rejection().reason().wireName(),
                        r.meter() == null ? "" : r.meter().name(), r.cfNumber() == null ? "" : "CF" + r.cfNumber(),
                        r.frameCounter() == null ? "" : r.frameCounter().toString(), counted,
                        d.snrDb() == null ? "n/a" : d.snrDb() + " dB", linkNote(), LiveCounting.today(counters));
                out.flush();
            }
        }

        /** What the link did since the last row: NAK and repeat, noise, a repeat dropped, a frame cut short. */
        private String linkNote() {
            LinkCounters c = link.get();
            List<String> notes = new ArrayList<>();
            if (c.badChecksums() > naks) {
                notes.add("bad checksum: NAK, resent");
            }
            if (c.linkDuplicates() > repeats) {
                notes.add("repeat after ACK dropped");
            }
            if (c.abandonedFrames() > cutShort) {
                notes.add((c.abandonedFrames() - cutShort) + " frame cut short before");
            }
            if (c.noiseRuns() > noise) {
                notes.add("noise discarded");
            }
            naks = c.badChecksums();
            repeats = c.linkDuplicates();
            noise = c.noiseRuns();
            cutShort = c.abandonedFrames();
            return String.join("; ", notes);
        }

        @Override
        public void dayClosed(LocalDate day, DailyCounters counters) {
            synchronized (out) {
                out.printf("--------  midnight: %s closed into the profile; today is %s (bit 15 on the first day: the"
                        + " receiver started then)%n", day, counters.day());
                out.flush();
            }
        }

        @Override
        public void link(String message) {
            synchronized (out) {
                out.printf("          %s%n", message);
                out.flush();
            }
        }
    }

    /** The meters' half hour: quarter-hour CF1/CF2, CF21/CF41 every two minutes, events and faults. */
    private List<Step> schedule() {
        Association m1 = cfg.association(MeterRole.M1);
        Association m2 = cfg.association(MeterRole.M2);
        MeterFrameEncoder fromM1 = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("E5A100000001"),
                cfg.newEngine());
        MeterFrameEncoder fromM2 = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("E5A200000002"),
                cfg.newEngine());
        MeterFrameEncoder toNeighbour = new MeterFrameEncoder(MacAddress.parseOrNull("DC0000000099"),
                MacAddress.parseOrNull("E5A100000001"), cfg.newEngine());
        Random random = new Random(20260328);
        List<Step> steps = new ArrayList<>();
        long[] fc = {5000, 8000};
        OffsetDateTime end = START.plus(LENGTH);
        for (OffsetDateTime t = START; t.isBefore(end); t = t.plusMinutes(1)) {
            int minute = t.getMinute();
            OffsetDateTime at = t.plusSeconds(5);
            if (minute % 2 == 0) {
                byte[] cf21 = fromM1.encode(m1, fc[0]++, CompactFrameType.CF21,
                        SampleCompactFrames.random(CompactFrameType.CF21, at.toEpochSecond(), random));
                ModemEmulator.LinkFault fault = minute == 52 ? ModemEmulator.LinkFault.CHECKSUM
                        : minute == 56 ? ModemEmulator.LinkFault.NOISE_BEFORE : ModemEmulator.LinkFault.NONE;
                steps.add(new Step(at.toInstant(), indication(cf21, random), fault, false));
                if (minute == 54) {
                    steps.add(step(at.plusSeconds(4), cf21, random)); // the meter sends it again
                }
            } else {
                byte[] cf41 = fromM2.encode(m2, fc[1]++, CompactFrameType.CF41,
                        SampleCompactFrames.random(CompactFrameType.CF41, at.toEpochSecond(), random));
                ModemEmulator.LinkFault fault = minute == 1 ? ModemEmulator.LinkFault.REPEAT_AFTER_ACK
                        : minute == 11 ? ModemEmulator.LinkFault.TRUNCATED : ModemEmulator.LinkFault.NONE;
                steps.add(new Step(at.plusSeconds(5).toInstant(), indication(cf41, random), fault, false));
            }
            if (minute % 15 == 0) {
                steps.add(step(t.plusSeconds(20), fromM1.encode(m1, fc[0]++, CompactFrameType.CF1,
                        SampleCompactFrames.random(CompactFrameType.CF1, t.toEpochSecond(), random)), random));
                steps.add(step(t.plusSeconds(40), fromM2.encode(m2, fc[1]++, CompactFrameType.CF2,
                        SampleCompactFrames.random(CompactFrameType.CF2, t.toEpochSecond(), random)), random));
            }
            if (minute == 55) {
                steps.add(step(t.plusSeconds(30), fromM1.encode(m1, fc[0]++, CompactFrameType.CF22,
                        SampleCompactFrames.random(CompactFrameType.CF22, t.toEpochSecond(), random)), random));
            }
            if (minute == 7) {
                steps.add(step(t.plusSeconds(30), fromM1.encode(m1, fc[0]++, CompactFrameType.CF25,
                        SampleCompactFrames.random(CompactFrameType.CF25, t.toEpochSecond(), random)), random));
            }
            if (minute == 57) {
                steps.add(step(t.plusSeconds(45), toNeighbour.encode(m1, 77, CompactFrameType.CF21,
                        SampleCompactFrames.random(CompactFrameType.CF21, t.toEpochSecond(), random)), random));
            }
            if (minute == 3) {
                steps.add(step(t.plusSeconds(45), fromM2.encode(m2, fc[1]++, CompactFrameCodec.encode(CompactFrameType.CF41,
                        SampleCompactFrames.random(CompactFrameType.CF41, t.toEpochSecond(), random)), Fault.AUTH_FAILED,
                        random), random));
            }
            if (minute == 9) {
                steps.add(new Step(t.plusSeconds(50).toInstant(), null, null, true));
            }
        }
        steps.sort(Comparator.comparing(Step::at));
        return steps;
    }

    private static Step step(OffsetDateTime at, byte[] mac, Random random) {
        return new Step(at.toInstant(), indication(mac, random), ModemEmulator.LinkFault.NONE, false);
    }

    private static DataIndication indication(byte[] mac, Random random) {
        return new DataIndication(St7580.Command.DL_DATA_INDICATION, 1, false, 5, 8 + random.nextInt(12), 0, mac);
    }
}
