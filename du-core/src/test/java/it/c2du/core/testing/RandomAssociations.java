package it.c2du.core.testing;

import it.c2du.core.crypto.OperationalKey;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import java.util.Random;

/** A meter's association with a random key and System Title, for seeded property tests. */
public final class RandomAssociations {
    private RandomAssociations() {
    }

    public static Association of(MeterRole role, Random random) {
        byte[] key = new byte[16];
        byte[] st = new byte[8];
        random.nextBytes(key);
        random.nextBytes(st);
        return new Association(role, st, new OperationalKey(key), null);
    }
}
