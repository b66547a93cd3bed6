package it.c2du.lab.meter;

import it.c2du.core.crypto.JdkGcmEngine;
import it.c2du.core.crypto.OperationalKey;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.receive.ReceiveStack;
import it.c2du.core.stack.MacAddress;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;

/** A DU as the lab configures it: its address, the two associations (keys from a seed), its receive stack. */
final class LabSetup {
    static final ZoneId ROME = ZoneId.of("Europe/Rome");
    static final MacAddress DU = MacAddress.parseOrNull("DC1234567890");
    static final MacAddress NEIGHBOUR = MacAddress.parseOrNull("DC0000000099");
    /** The test plan's System Title, 0x4345434543454345. */
    static final byte[] LAB_SYSTEM_TITLE = {0x43, 0x45, 0x43, 0x45, 0x43, 0x45, 0x43, 0x45};

    final Association m1;
    final Association m2;

    LabSetup(long seed) {
        Random r = new Random(seed);
        m1 = new Association(MeterRole.M1, LAB_SYSTEM_TITLE, key(r), "IT001E12345678");
        m2 = new Association(MeterRole.M2, LAB_SYSTEM_TITLE, key(r), "ITP012345678");
    }

    private static OperationalKey key(Random r) {
        byte[] k = new byte[16];
        r.nextBytes(k);
        return new OperationalKey(k);
    }

    MeterSimulator simulator(long seed) {
        return MeterSimulator.of(DU, m1, m2, new JdkGcmEngine(), ROME, seed);
    }

    ReceiveStack pipeline() {
        return new ReceiveStack(DU, List.of(m1, m2), new JdkGcmEngine());
    }
}
