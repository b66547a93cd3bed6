package it.c2du.lab.meter;

import it.c2du.plc.emulator.EmulatorOnLink;
import it.c2du.plc.emulator.St7580Emulator;
import java.io.IOException;

/**
 * The PLC line between the simulated meters and the DU's modem: each transmission reaches the
 * emulated ST7580 as a received frame, which the modem indicates to the host and waits for its
 * acknowledgement.
 */
public final class ModemFeed {
    private final EmulatorOnLink modem;

    /** A feed into {@code modem}, whose host end the DU's receiver reads. */
    public ModemFeed(EmulatorOnLink modem) {
        this.modem = modem;
    }

    /**
     * Delivers one transmission over a clean local link.
     *
     * @return true when the host acknowledged the indication within the modem's ACK timeout
     * @throws IOException when the serial link under the modem failed
     */
    public boolean deliver(MeterTransmission transmission) throws IOException {
        return deliver(transmission, St7580Emulator.LinkFault.NONE);
    }

    /**
     * Delivers one transmission with a fault on the local link (the meter's frame itself is intact).
     *
     * @return true when the host acknowledged everything the fault made the modem send
     */
    public boolean deliver(MeterTransmission transmission, St7580Emulator.LinkFault fault) throws IOException {
        return modem.indicate(transmission.indication(), fault);
    }
}
