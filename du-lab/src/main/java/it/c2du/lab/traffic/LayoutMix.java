package it.c2du.lab.traffic;

import it.c2du.core.encode.Fault;
import it.c2du.core.encode.MeterFrameEncoder;


import it.c2du.core.config.DuConfig;
import it.c2du.core.layout.Layout;
import it.c2du.core.receive.Association;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.receive.Reception;
import it.c2du.core.stack.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The {@link TrafficMix} in another layout: each frame of the C2P-1 mix sent again in the
 * layout, with the same meter, frame counter, plaintext and expected verdict, so that
 * {@code du bench} measures a profile's pipeline on the same traffic as C2P-1's.
 */
public final class LayoutMix {
    private static final MacAddress METER = MacAddress.parseOrNull("E5A100000001");

    private LayoutMix() {
    }

    public static List<TrafficMix.Frame> transcode(List<TrafficMix.Frame> mix, DuConfig config, Layout layout) {
        ReceiveStack c2p1 = new ReceiveStack(config.duAddress(), config.associations(), config.newEngine());
        MeterFrameEncoder tx = new MeterFrameEncoder(config.duAddress(), METER, config.newEngine(), layout);
        Random random = new Random(7);
        byte[] filler = new byte[30];
        filler[0] = 1;
        List<TrafficMix.Frame> out = new ArrayList<>(mix.size());
        for (TrafficMix.Frame f : mix) {
            Reception r = c2p1.inspect(f.bytes());
            byte[] bytes;
            if (r.plaintext() != null) {
                // Authenticated: the same plaintext again; a repetition comes out byte for byte the same.
                bytes = tx.encode(config.association(r.meter()), r.frameCounter(), r.plaintext(), Fault.NONE, random);
            } else {
                Fault fault = null;
                for (Fault x : Fault.values()) {
                    if (x.expected() == f.reason() && MeterFrameEncoder.canApply(x, layout)) {
                        fault = x;
                        break;
                    }
                }
                if (fault == null) {
                    throw new IllegalArgumentException(f.reason() + " has no fault in layout " + layout.name());
                }
                Association a = r.meter() != null ? config.association(r.meter()) : config.associations().get(0);
                bytes = tx.encode(a, r.frameCounter() != null ? r.frameCounter() : 1, filler, fault, random);
            }
            out.add(new TrafficMix.Frame(f.time(), bytes, f.expect(), f.type(), f.reason()));
        }
        return out;
    }
}
