/**
 * The DU's receive stack. Each layer is a pure function from its PDU and its section of the
 * {@link it.c2du.core.layout.Layout} (C2P-1 by default, or a profile file's: docs/layout.md) to
 * the next layer's PDU or a typed {@link it.c2du.core.stack.Rejection}; the pipeline chains them
 * and owns the only state, the frame-counter windows. The values below are C2P-1's; a profile
 * moves the fields and changes the values in brackets.
 *
 * <pre>
 *  modem (du-plc) / trace line                                  dropped here as
 *        |  Layer-1 MAC frame bytes
 *        v
 *  +--------------------------+
 *  | MacLayer     Layout.Mac  |  length, FCS [CRC-16/X-25],   truncated, mac-length, mac-fcs,
 *  |                          |  control [0x10], DA = own DC  mac-control, not-for-me
 *  +--------------------------+
 *        |  LLC PDU
 *  +--------------------------+
 *  | LlcLayer     Layout.llc  |  [03 01]: byte 0, then later  truncated, llc-control, llc-service
 *  +--------------------------+
 *        |  convergence PDU
 *  +--------------------------+
 *  | ConvergenceLayer         |  [0xC0], DSAP 0x04,           truncated, segmented, dsap, ssap
 *  |                          |  SSAP 0x0B M1 / 0x0C M2
 *  +--------------------------+
 *        |  secured APDU + meter role
 *  +--------------------------+
 *  | SecurityLayer + GcmEngine|  SC [0x30], FC [big], AAD     truncated, security-control,
 *  |                          |  [SC||key], tag [12] bytes    no-key, auth-failed
 *  +--------------------------+
 *        |  authenticated plaintext, frame counter
 *  +--------------------------+
 *  | FrameCounterWindow       |  per association, 1024 wide   repetition (verdict), replay-stale
 *  +--------------------------+
 *        |  (counter consumed)
 *  +--------------------------+
 *  | CompactFrameCodec        |  CF table, order [big]        cf-unknown, cf-length
 *  +--------------------------+
 *        |  Reception ACCEPTED + CompactFrame
 *        v
 *  du-counters: DailyCounters (C1..C5 by CF number; a CF with counter null counts nowhere)
 * </pre>
 */
package it.c2du.core.receive;
