package it.c2du.plc.testing;

import it.c2du.plc.ModemEvent;
import it.c2du.plc.ModemSupervisor;
import it.c2du.plc.ModemSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A receiver listener that keeps what it was told: frames, lost-link reasons, firmware at each start. */
public final class RecordingListener implements ModemSupervisor.Listener {
    public final List<byte[]> frames = Collections.synchronizedList(new ArrayList<>());
    public final List<String> lost = new CopyOnWriteArrayList<>();
    public final List<String> connected = new CopyOnWriteArrayList<>();

    @Override
    public void connected(String device, ModemSession.ModemInfo info) {
        connected.add(info.firmwareVersion());
    }

    @Override
    public void received(ModemEvent.Indication indication) {
        frames.add(indication.indication().macFrame());
    }

    @Override
    public void linkLost(String device, String reason, Duration retryIn) {
        lost.add(reason);
    }
}
