package it.c2du.bench;

import it.c2du.lab.traffic.TrafficMix;
import it.c2du.core.trace.TraceEvent;
import it.c2du.core.trace.TraceFormatException;
import it.c2du.core.trace.TraceReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The trace reader of {@code du replay}: one operation = one trace line of the mix read from
 * UTF-8 bytes, its time and hex frame parsed (what du replay's reading thread does for each line
 * of item 3's trace; since issue 20 du replay reads it once, on a second thread, into a reused
 * TraceLine).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TraceReaderBench {
    private byte[] trace;
    private TraceReader reader;

    @Setup
    public void setup() throws IOException {
        StringWriter w = new StringWriter();
        TrafficMix.writeTrace(w, Mix.SEED, Mix.FRAMES);
        trace = w.toString().getBytes(StandardCharsets.UTF_8);
        reader = new TraceReader(new ByteArrayInputStream(trace), "bench");
    }

    /** Reads the next event, starting over at the end. */
    @Benchmark
    public TraceEvent next() throws TraceFormatException {
        TraceEvent e = reader.next();
        if (e == null) {
            reader = new TraceReader(new ByteArrayInputStream(trace), "bench");
            e = reader.next();
        }
        return e;
    }
}
