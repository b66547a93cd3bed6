package it.c2du.cli.demo;

import it.c2du.cli.text.ReceptionTable;

import it.c2du.cli.live.FrameObserver;
import it.c2du.lab.meter.DemoSchedule;
import it.c2du.cli.live.LinkDelta;
import it.c2du.cli.live.LiveReceiver;
import it.c2du.cli.text.CounterText;
import it.c2du.cli.text.SummaryText;

import it.c2du.core.config.DuConfig;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.Verdict;
import it.c2du.counters.DailyCounters;
import it.c2du.counters.DurableReceiver;
import it.c2du.counters.state.StateDirectory;
import it.c2du.plc.DataIndication;
import it.c2du.plc.emulator.EmulatorOnLink;
import it.c2du.plc.LinkCounters;
import it.c2du.plc.emulator.St7580Emulator;
import it.c2du.plc.ModemEvent;
import it.c2du.plc.ModemSetup;
import it.c2du.plc.ModemSetup;
import it.c2du.plc.ModemSupervisor;
import it.c2du.plc.St7580;
import it.c2du.plc.serial.JSerialCommPorts;
import it.c2du.plc.serial.LoopbackSerialPair;
import it.c2du.plc.serial.PtyPair;
import it.c2du.plc.serial.RequestLine;
import it.c2du.plc.serial.SerialLink;
import it.c2du.plc.serial.SerialPorts;
import it.c2du.plc.serial.SerialSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The live {@code du demo}: the emulated ST7580 modem on one end of a socat pty pair, the live
 * receiver (the same code as {@code du run}) on the other, and meters sending half an hour of
 * M1 and M2 traffic across midnight on an accelerated clock, with a repetition, a frame for
 * another DU, a forged one, link faults and a modem reset. The screen shows each frame and the
 * counters as they arrive, the day closing at midnight, and the summary at the end.
 */
public final class LiveDemo {
    public static final OffsetDateTime START = OffsetDateTime.parse("2026-03-28T23:50:00+01:00");
    public static final Duration LENGTH = Duration.ofMinutes(30);
    private static final String ROW = "%-14s  %-10s  %-13s  %-5s  %-4s  %5s  %-7s  %-6s  %-30s  %s%n";

    private final DuConfig cfg;
    private final PrintWriter out;
    private final int speed;
    private final Path work;

    public LiveDemo(DuConfig cfg, PrintWriter out, int speed, Path work) {
        this.cfg = cfg;
        this.out = out;
        this.speed = speed;
        this.work = work;
    }

    public int run() throws Exception {
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
        EmulatorOnLink modem = new EmulatorOnLink(modemEnd, new St7580Emulator(new Random(1), new byte[] {1, 4, 0, 17}),
                Duration.ofSeconds(3));
        Display display = new Display(zone);
        ModemSupervisor.Options options = ModemSupervisor.Options.defaults(settings, ModemSetup.DEFAULT)
                .withTickInterval(Duration.ofMillis(50));
        DemoBroker broker = DemoBroker.start(work);
        LiveReceiver.Setup setup = new LiveReceiver.Setup(DemoBroker.turnOn(cfg, broker), ports, device, options, clock, display,
                LiveReceiver.Interposer.NONE, null);
        try (StateDirectory dir = StateDirectory.open(work.resolve("state"))) {
            LiveReceiver receiver = new LiveReceiver(setup, dir, "du demo");
            display.link = receiver::link;
            receiver.connect();
            clock.start();
            receiver.startCounting();
            if (receiver.home() != null && receiver.home().url() != null) {
                out.printf("  Status page: %s  (/metrics for Prometheus)%n", receiver.home().url());
                out.printf("  Home Assistant: %s%n%n", broker == null
                        ? "no MQTT (Mosquitto is not installed: tools/ensure-mosquitto installs it)"
                        : "MQTT discovery and state on " + broker.url() + ", topic c2du/" + cfg.duAddress());
                out.flush();
            }
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
            for (DemoSchedule.Step s : DemoSchedule.of(cfg, START, LENGTH)) {
                Thread.sleep(clock.realMillisUntil(s.at()));
                if (s.modemReset()) {
                    synchronized (out) {
                        out.printf("%-14s  (the modem resets itself; the receiver configures it again)%n", time(s.at(), zone));
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
            receiver.durable().advanceTo(START.plus(LENGTH).toInstant());
            if (receiver.home() != null && receiver.home().url() != null && System.console() != null) {
                // On a terminal the page stays up to be looked at; a script's demo ends at once.
                out.printf("%nThe meters are done. The status page stays at %s until you press Enter.%n",
                        receiver.home().url());
                out.flush();
                System.console().readLine();
            }
            DurableReceiver durable = receiver.finish();
            out.println();
            new SummaryText(out).print(cfg, "live demo, " + (pty != null ? "socat pty pair" : "in-memory link"),
                    durable.tally(), durable.counters());
            out.printf("%nLink (ST7580 local frames): %s%n", receiver.link());
        } finally {
            if (broker != null) {
                broker.close();
            }
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
        return it.c2du.cli.text.LocalTimes.time(t, zone);
    }

    /** What the screen shows as frames arrive. */
    private final class Display implements FrameObserver {
        private final ZoneId zone;
        java.util.function.Supplier<LinkCounters> link;
        private LinkDelta shown = LinkDelta.ZERO;

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
                        d.snrDb() == null ? "n/a" : d.snrDb() + " dB", linkNote(), CounterText.today(counters));
                out.flush();
            }
        }

        /** What the link did since the last row: NAK and repeat, noise, a repeat dropped, a frame cut short. */
        private String linkNote() {
            LinkDelta now = LinkDelta.totals(link.get());
            LinkDelta d = now.since(shown);
            shown = now;
            List<String> notes = new ArrayList<>();
            if (d.naks() > 0) {
                notes.add("bad checksum: NAK, resent");
            }
            if (d.repeats() > 0) {
                notes.add("repeat after ACK dropped");
            }
            if (d.cutShort() > 0) {
                notes.add(d.cutShort() + " frame cut short before");
            }
            if (d.noiseRuns() > 0) {
                notes.add("noise discarded");
            }
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
}
