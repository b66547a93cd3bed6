package it.c2du.core.trace;

import it.c2du.core.stack.Bytes;
import java.io.IOException;
import java.io.Writer;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** Writes trace lines (interfaces.md): for capture, simulators and generated test traces. */
public final class TraceWriter {
    private final Writer out;

    public TraceWriter(Writer out) {
        this.out = out;
    }

    public void comment(String text) throws IOException {
        for (String l : text.split("\n")) {
            out.write("# " + l + "\n");
        }
    }

    public void frame(OffsetDateTime time, byte[] frame) throws IOException {
        out.write(format(time) + " " + Bytes.hex(frame) + "\n");
    }

    public void powerOff(OffsetDateTime time) throws IOException {
        out.write(format(time) + " POWER_OFF\n");
    }

    public void powerOn(OffsetDateTime time) throws IOException {
        out.write(format(time) + " POWER_ON\n");
    }

    public void flush() throws IOException {
        out.flush();
    }

    private static String format(OffsetDateTime t) {
        return t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
