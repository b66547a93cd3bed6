package it.c2du.counters.state;

import it.c2du.counters.CounterSnapshot;

import it.c2du.core.profile.MeterRole;
import it.c2du.core.stack.MacAddress;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

/**
 * Everything the state directory keeps: the daily counters and profiles, the replay windows of
 * the meter contexts, and whether a receiver was running on it (set at start, cleared at a clean
 * end: found set at the next start, the previous run was interrupted).
 *
 * @param zone     the zone whose days the counters follow; it cannot change under a state
 * @param running  true while a receiver works on the state
 * @param counters the daily counters
 * @param windows  the replay window of each meter context that has one
 * @param duAddress the DU address (du.mac) the frames were counted for; null in a state saved
 *                 before the state file recorded it (format version 1)
 */
public record ReceiverState(ZoneId zone, boolean running, CounterSnapshot counters, Map<MeterRole, WindowState> windows,
                            MacAddress duAddress) {
    /** A state whose DU address is not known. */
    public ReceiverState(ZoneId zone, boolean running, CounterSnapshot counters, Map<MeterRole, WindowState> windows) {
        this(zone, running, counters, windows, null);
    }

    public ReceiverState {
        EnumMap<MeterRole, WindowState> copy = new EnumMap<>(MeterRole.class);
        copy.putAll(windows);
        windows = java.util.Collections.unmodifiableMap(copy);
    }

    /** The same state with the running flag set to {@code r}. */
    public ReceiverState withRunning(boolean r) {
        return new ReceiverState(zone, r, counters, windows, duAddress);
    }
}
