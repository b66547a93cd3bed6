package it.c2du.cli;

import it.c2du.cli.dev.LabRunCommand;

import it.c2du.core.config.DuConfig;
import it.c2du.core.encode.MeterFrameEncoder;
import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.FrameCounterWindow;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Reception;
import it.c2du.core.stack.MacLayer;
import it.c2du.plc.DataIndication;
import it.c2du.plc.ModemEvent;
import it.c2du.plc.ModemSupervisor;
import it.c2du.plc.ModemSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The lab suite's negative controls: {@code du run} with one deliberate, plausible bug, started
 * by the lab bench in place of the real receiver to show that each test of the plan can fail.
 * Usage: {@code LabBrokenReceiver BREAKAGE run --config ... (du run's arguments)}.
 *
 * <p>Each bug is put in from outside the receiver's code: a configuration it misreads, a state it
 * does not keep, or frame bytes rewritten before the real stack sees them (re-sealed with the
 * association's key, so the stack decodes what the bug would have decoded).
 */
public final class LabBrokenReceiver {
    enum Breakage {
        /** Accepts frames whatever their destination MAC. */
        IGNORES_MAC,
        /** Has no repetition check: every authenticated frame counts. */
        COUNTS_REPETITIONS,
        /** Keeps its counters in RAM: a power cut loses them. */
        FORGETS_AT_POWER_CUT,
        /** Builds the IV from a wrong System Title: nothing authenticates. */
        WRONG_SYSTEM_TITLE,
        /** Closes days at UTC midnight instead of the meter's local midnight. */
        UTC_DAYS,
        /** Does not know CF25 (rejects it as an unknown compact frame). */
        IGNORES_CF25,
        /** Paired with M1 only: M2's frames have no key. */
        M1_ONLY,
        /** Reads MessagePosixTimestamp little-endian. */
        MISREADS_FIELDS
    }

    private LabBrokenReceiver() {
    }

    public static void main(String[] args) throws Exception {
        Breakage b = Breakage.valueOf(args[0]);
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(2, args.length)); // after "run"
        Path config = Path.of(rest.get(rest.indexOf("--config") + 1));
        Path state = Path.of(rest.get(rest.indexOf("--state") + 1));
        Path broken = config.resolveSibling("broken-" + b.name().toLowerCase() + ".properties");
        switch (b) {
            case WRONG_SYSTEM_TITLE -> rewrite(config, broken, lines -> lines.map(l -> l.startsWith("m1.system-title")
                    || l.startsWith("m2.system-title") ? l.replaceAll("=.*", "= 0000DC4C41420001") : l));
            case UTC_DAYS -> rewrite(config, broken, lines -> lines.map(l -> l.startsWith("counters.zone")
                    ? "counters.zone = UTC" : l));
            case M1_ONLY -> rewrite(config, broken, lines -> lines.filter(l -> !l.startsWith("m2.")));
            case FORGETS_AT_POWER_CUT -> {
                LabRunCommand.deleteTree(state);
                broken = config;
            }
            default -> broken = config;
        }
        rest.set(rest.indexOf("--config") + 1, broken.toString());
        DuConfig cfg = DuConfig.load(config);
        RunCommand run = new RunCommand((listener, pipeline) -> switch (b) {
            case IGNORES_MAC -> rewriting(listener, frame -> {
                byte[] f = frame.clone();
                if (f.length >= C2P1.Mac.HEADER_SIZE + C2P1.Mac.FCS_SIZE) {
                    System.arraycopy(cfg.duAddress().toBytes(), 0, f, C2P1.Mac.OFFSET_DESTINATION, 6);
                    MacLayer.refreshFcs(f);
                }
                return f;
            });
            case COUNTS_REPETITIONS -> new Forwarding(listener) {
                @Override
                public void received(ModemEvent.Indication ind) throws Exception {
                    for (MeterRole role : pipeline.associations().keySet()) {
                        pipeline.restoreWindow(role, new FrameCounterWindow());
                    }
                    super.received(ind);
                }
            };
            case IGNORES_CF25 -> resealing(listener, pipeline, cfg, plaintext -> {
                if ((plaintext[0] & 0xFF) == CompactFrameType.CF25.number()) {
                    plaintext[0] = (byte) 0xC8; // no such compact frame
                }
            });
            case MISREADS_FIELDS -> resealing(listener, pipeline, cfg, plaintext -> {
                for (int i = 0; i < 2; i++) {
                    byte t = plaintext[1 + i];
                    plaintext[1 + i] = plaintext[4 - i];
                    plaintext[4 - i] = t;
                }
            });
            default -> listener;
        });
        System.exit(new CommandLine(run).execute(rest.toArray(String[]::new)));
    }

    private static void rewrite(Path from, Path to, java.util.function.Function<Stream<String>, Stream<String>> edit)
            throws IOException {
        try (Stream<String> lines = Files.lines(from)) {
            String text = edit.apply(lines).collect(Collectors.joining("\n", "", "\n"));
            Files.deleteIfExists(to);
            // It holds the keys, as the original does.
            Files.createFile(to, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(to, text);
        }
    }

    private static ModemSupervisor.Listener rewriting(ModemSupervisor.Listener listener,
                                                    java.util.function.UnaryOperator<byte[]> frame) {
        return new Forwarding(listener) {
            @Override
            public void received(ModemEvent.Indication ind) throws Exception {
                DataIndication d = ind.indication();
                super.received(new ModemEvent.Indication(ind.receivedAt(), new DataIndication(d.command(), d.modulation(),
                        d.highChannel(), d.pga(), d.snr(), d.zeroCrossingDelay(), frame.apply(d.macFrame()))));
            }
        };
    }

    /** Decrypts each frame the DU would accept, changes its plaintext, seals it again with the same key and counter. */
    private static ModemSupervisor.Listener resealing(ModemSupervisor.Listener listener, ReceiveStack p, DuConfig cfg,
                                                    java.util.function.Consumer<byte[]> edit) {
        return rewriting(listener, frame -> {
            Reception r = p.inspect(frame);
            if (r.plaintext() == null) {
                return frame;
            }
            byte[] plaintext = r.plaintext().clone();
            edit.accept(plaintext);
            return new MeterFrameEncoder(cfg.duAddress(), r.mac().source(), cfg.newEngine())
                    .encode(cfg.association(r.meter()), r.frameCounter(), plaintext);
        });
    }

    /** Passes everything on; a breakage overrides what it changes. */
    private static class Forwarding implements ModemSupervisor.Listener {
        private final ModemSupervisor.Listener next;

        Forwarding(ModemSupervisor.Listener next) {
            this.next = next;
        }

        @Override
        public void connected(String device, ModemSession.ModemInfo info) {
            next.connected(device, info);
        }

        @Override
        public void received(ModemEvent.Indication ind) throws Exception {
            next.received(ind);
        }

        @Override
        public void linkLost(String device, String reason, Duration retryIn) {
            next.linkLost(device, reason, retryIn);
        }

        @Override
        public void tick(Instant now) throws Exception {
            next.tick(now);
        }
    }
}
