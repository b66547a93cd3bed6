package it.c2du.core.receive;

import it.c2du.core.crypto.OperationalKey;
import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.MeterRole;
import java.util.Arrays;

/**
 * The DU's association with one meter: its role, System Title and operational key (and the POD,
 * for export). One security context; changing the System Title or key starts a fresh replay
 * window.
 */
public record Association(MeterRole role, byte[] systemTitle, OperationalKey key, String pod) {

    public Association {
        if (systemTitle.length != C2P1.Security.SYSTEM_TITLE_SIZE) {
            throw new IllegalArgumentException("a System Title is 8 bytes, got " + systemTitle.length);
        }
        systemTitle = systemTitle.clone();
    }

    @Override
    public byte[] systemTitle() {
        return systemTitle.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Association a && role == a.role && Arrays.equals(systemTitle, a.systemTitle)
                && key.equals(a.key) && java.util.Objects.equals(pod, a.pod);
    }

    @Override
    public int hashCode() {
        return role.hashCode() * 31 + Arrays.hashCode(systemTitle);
    }

    @Override
    public String toString() {
        return "Association[" + role + ", systemTitle=" + it.c2du.core.stack.Bytes.hex(systemTitle)
                + ", key=redacted, pod=" + pod + "]";
    }
}
