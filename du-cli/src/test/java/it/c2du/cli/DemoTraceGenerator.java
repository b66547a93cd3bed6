package it.c2du.cli;

import it.c2du.cli.dev.DemoCommand;

import it.c2du.core.config.DuConfig;
import it.c2du.core.encode.Fault;
import it.c2du.core.encode.MeterFrameEncoder;
import it.c2du.core.encode.SampleCompactFrames;
import it.c2du.core.profile.CompactFrameType;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.stack.CompactFrameCodec;
import it.c2du.core.stack.MacAddress;
import it.c2du.core.trace.TraceWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Builds du demo's bundled trace with the meter-side encoder: the evening of 2024-03-30 into
 * the 23-hour day of 2024-03-31 (DST starts at 02:00), M1 and M2 traffic, repetitions, frames
 * for another DU, a corrupted and a forged frame, and a power cut. DemoTraceTest checks that the
 * bundled file is exactly this; regenerate with
 * {@code mvn -q -pl du-cli -am test-compile exec:java} or run {@link #main} from the IDE.
 */
public final class DemoTraceGenerator {
    private record Line(OffsetDateTime time, String text) {
    }

    public static String generate() throws Exception {
        String props = new String(DemoTraceGenerator.class.getClassLoader()
                .getResourceAsStream(DemoCommand.CONFIG).readAllBytes(), StandardCharsets.UTF_8);
        DuConfig cfg = DuConfig.parse(props, DemoCommand.CONFIG);
        Association m1 = cfg.association(MeterRole.M1);
        Association m2 = cfg.association(MeterRole.M2);
        MeterFrameEncoder fromM1 = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("E5A100000001"), cfg.newEngine());
        MeterFrameEncoder fromM2 = new MeterFrameEncoder(cfg.duAddress(), MacAddress.parseOrNull("E5A200000002"), cfg.newEngine());
        Random random = new Random(20240331);
        List<Line> lines = new ArrayList<>();
        long fc1 = 4100;
        long fc2 = 9200;
        OffsetDateTime start = OffsetDateTime.parse("2024-03-30T22:00:00+01:00");
        for (int q = 0; q < 16; q++) {
            OffsetDateTime t = start.plusMinutes(15L * q);
            lines.add(frame(t.plusSeconds(30), fromM1.encode(m1, fc1++, CompactFrameType.CF1,
                    SampleCompactFrames.random(CompactFrameType.CF1, t.toEpochSecond(), random))));
            if (q % 2 == 0) {
                lines.add(frame(t.plusSeconds(80), fromM2.encode(m2, fc2++, CompactFrameType.CF2,
                        SampleCompactFrames.random(CompactFrameType.CF2, t.toEpochSecond(), random))));
            }
        }
        OffsetDateTime t0 = OffsetDateTime.parse("2024-03-30T22:07:00+01:00");
        byte[] cf21 = fromM1.encode(m1, fc1++, CompactFrameType.CF21, SampleCompactFrames.random(CompactFrameType.CF21, t0.toEpochSecond(), random));
        lines.add(frame(t0, cf21));
        lines.add(frame(t0.plusSeconds(4), cf21)); // the meter repeats it
        OffsetDateTime t1 = OffsetDateTime.parse("2024-03-30T23:12:00+01:00");
        lines.add(frame(t1, fromM1.encode(m1, fc1++, CompactFrameType.CF22, SampleCompactFrames.random(CompactFrameType.CF22, t1.toEpochSecond(), random))));
        lines.add(frame(t1.plusSeconds(50), fromM1.encode(m1, fc1++, CompactFrameType.CF25, SampleCompactFrames.random(CompactFrameType.CF25, t1.toEpochSecond(), random))));
        OffsetDateTime t2 = OffsetDateTime.parse("2024-03-30T23:40:00+01:00");
        byte[] cf41 = fromM2.encode(m2, fc2++, CompactFrameType.CF41, SampleCompactFrames.random(CompactFrameType.CF41, t2.toEpochSecond(), random));
        lines.add(frame(t2, cf41));
        lines.add(frame(t2.plusSeconds(3), cf41));
        lines.add(frame(t2.plusSeconds(9), cf41));
        // A neighbour's DU, a burst of noise, a frame with a wrong tag.
        OffsetDateTime t3 = OffsetDateTime.parse("2024-03-31T00:05:00+01:00");
        byte[] cf1 = CompactFrameCodec.encode(CompactFrameType.CF1, SampleCompactFrames.random(CompactFrameType.CF1, t3.toEpochSecond(), random));
        lines.add(frame(t3, fromM1.encode(m1, 800, cf1, Fault.NOT_FOR_ME, random)));
        lines.add(frame(t3.plusSeconds(20), fromM1.encode(m1, fc1++, cf1, Fault.MAC_FCS, random)));
        lines.add(frame(t3.plusSeconds(40), fromM1.encode(m1, fc1++, cf1, Fault.AUTH_FAILED, random)));
        OffsetDateTime t4 = OffsetDateTime.parse("2024-03-31T01:25:00+01:00");
        lines.add(frame(t4, fromM1.encode(m1, fc1++, CompactFrameType.CF21, SampleCompactFrames.random(CompactFrameType.CF21, t4.toEpochSecond(), random))));
        // Power cut: the quarter-hour frames of 00:45 and 01:00 are not heard.
        lines.add(new Line(OffsetDateTime.parse("2024-03-31T00:40:00+01:00"), "POWER_OFF"));
        lines.add(new Line(OffsetDateTime.parse("2024-03-31T01:10:00+01:00"), "POWER_ON"));
        lines.sort(Comparator.comparing((Line l) -> l.time().toInstant()));

        StringWriter sw = new StringWriter();
        TraceWriter w = new TraceWriter(sw);
        w.comment("du demo: Demo DU DC1234567890 hears its M1 and M2 meters, 2024-03-30 22:00 to 2024-03-31 02:00\n"
                + "(Europe/Rome; DST starts at 02:00 on the 31st). Repetitions, a frame for another DU, a corrupted\n"
                + "frame, a forged one and a power cut from 00:40 to 01:10. Generated by DemoTraceGenerator.");
        w.flush();
        StringBuilder sb = new StringBuilder(sw.toString());
        for (Line l : lines) {
            sb.append(l.time().format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(' ').append(l.text()).append('\n');
        }
        return sb.toString();
    }

    private static Line frame(OffsetDateTime t, byte[] frame) {
        return new Line(t, it.c2du.core.stack.Bytes.hex(frame));
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "du-cli/src/main/resources/" + DemoCommand.TRACE);
        Files.writeString(out, generate(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }
}
