package it.c2du.core.profile;

/**
 * Which meter of the DU's pair sent a frame. The convergence layer's SSAP says it and selects
 * the security context (association) used to authenticate the frame.
 */
public enum MeterRole {
    /** Consumption and exchange meter (profile PM1, POD "IT001E..."). */
    M1(C2P1.Convergence.SSAP_M1),
    /** Production meter of a prosumer (profile PM2, POD "ITP0..."). */
    M2(C2P1.Convergence.SSAP_M2);

    /** values() copies its array at each call, and bySsap runs on every frame. */
    private static final MeterRole[] ALL = values();

    private final int ssap;

    MeterRole(int ssap) {
        this.ssap = ssap;
    }

    public int ssap() {
        return ssap;
    }

    /** The role whose SSAP this is, or null when no meter uses it. */
    public static MeterRole bySsap(int ssap) {
        for (MeterRole r : ALL) {
            if (r.ssap == ssap) {
                return r;
            }
        }
        return null;
    }

    /** Prefix of this role's configuration keys ("m1", "m2"). */
    public String configPrefix() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
