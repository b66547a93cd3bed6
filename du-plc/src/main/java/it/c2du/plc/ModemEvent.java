package it.c2du.plc;

import java.time.Instant;

/** What the modem delivered that the receiver acts on. */
public sealed interface ModemEvent {
    /** A received PLC frame, stamped with the time its last byte was read. */
    record Indication(Instant receivedAt, DataIndication indication) implements ModemEvent {
    }

    /** The modem reset itself (ResetIndication 0x3E): its configuration is back to defaults. */
    record ModemReset(Instant at) implements ModemEvent {
    }
}
