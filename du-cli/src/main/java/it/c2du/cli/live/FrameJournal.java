package it.c2du.cli.live;

import it.c2du.cli.BadArgumentException;


import it.c2du.core.json.Json;
import it.c2du.core.receive.FrameObject;
import it.c2du.core.receive.Reception;
import it.c2du.core.receive.Verdict;
import it.c2du.counters.DailyCounters;
import it.c2du.plc.DataIndication;
import it.c2du.plc.ModemEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * {@code du run --frames FILE}: every frame the modem delivered, one JSON object per line, written
 * once the frame is counted and committed -- the tool the lab asks for to check the messages
 * received on the Chain 2 interface. The object is {@code du replay}'s frame object
 * (interfaces.md) with {@code line} its line in this file (it continues across restarts, the file
 * is appended to), plus the reception info and the counter it went into.
 */
public final class FrameJournal implements FrameObserver, AutoCloseable {
    /** Seconds always shown, as in a trace: 2026-11-23T00:31:00+01:00. */
    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private final Path file;
    private final BufferedWriter out;
    private int line;

    private FrameJournal(Path file, BufferedWriter out, int line) {
        this.file = file;
        this.out = out;
        this.line = line;
    }

    public static FrameJournal open(Path file) throws BadArgumentException {
        try {
            int lines = 0;
            boolean torn = false;
            if (Files.exists(file)) {
                try (var s = Files.lines(file, StandardCharsets.UTF_8)) {
                    lines = (int) s.count();
                }
                torn = endsWithoutNewline(file);
            }
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            if (torn) {
                // A power cut in the middle of a line: end it, so the next object starts a line of its own.
                out.newLine();
                out.flush();
                LiveReceiver.LOG.warn("--frames {}: its last line was cut short (a power cut while writing); it stays"
                        + " as line {}, not a JSON object", file, lines);
            }
            return new FrameJournal(file, out, lines);
        } catch (IOException | UncheckedIOException e) {
            throw new BadArgumentException("--frames " + file + ": cannot append to it (" + e.getMessage() + ")");
        }
    }

    private static boolean endsWithoutNewline(Path file) throws IOException {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
            if (f.length() == 0) {
                return false;
            }
            f.seek(f.length() - 1);
            return f.read() != '\n';
        }
    }

    @Override
    public void frame(ModemEvent.Indication ind, Reception r, DailyCounters counters) {
        if (r == null) {
            return;
        }
        DataIndication d = ind.indication();
        Map<String, Object> m = FrameObject.of(line + 1, ZonedDateTime.ofInstant(ind.receivedAt(), counters.zone())
                .format(TIME), r);
        if (r.verdict() == Verdict.ACCEPTED) {
            var counter = r.compactFrame().counter();
            m.put("counter", counter == null ? null : counter.name());
            m.put("value", counter == null ? null : counters.today(counter));
        } else {
            m.put("counter", null);
            m.put("value", null);
        }
        m.put("modulation", d.modulationName());
        m.put("snr", d.snrDb());
        try {
            out.write(Json.write(m));
            out.newLine();
            out.flush();
            line++;
        } catch (IOException e) {
            // The counting is what matters and it is committed: the journal is for people; say so, go on.
            LiveReceiver.LOG.warn("--frames {}: cannot write line {}: {}", file, line + 1, e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            LiveReceiver.LOG.warn("--frames {}: {}", file, e.getMessage());
        }
    }
}
