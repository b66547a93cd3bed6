package it.c2du.core.profile;

/**
 * The five daily reception counters the distributor compares with the meter's own. Which CF
 * feeds which counter is declared in {@link CompactFrameType}.
 */
public enum ReceptionCounter {
    /** CF1, M1 quarter-hour. */
    C1,
    /** CF21, M1 instantaneous power. */
    C2,
    /** CF22 + CF25, M1 events. */
    C3,
    /** CF2, M2 quarter-hour. */
    C4,
    /** CF41, M2 instantaneous generated power. */
    C5
}
