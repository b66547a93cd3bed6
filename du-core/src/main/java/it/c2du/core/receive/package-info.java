/**
 * The DU's receive stack for profile C2P-1. Each layer is a pure function from its PDU to the
 * next layer's PDU or a typed {@link it.c2du.core.stack.Rejection}; the pipeline chains them and
 * owns the only state, the frame-counter windows.
 *
 * <pre>
 *  modem (du-plc) / trace line                                  dropped here as
 *        |  Layer-1 MAC frame bytes
 *        v
 *  +--------------------------+
 *  | MacLayer                 |  length, FCS (CRC-16/X-25),   truncated, mac-length, mac-fcs,
 *  |                          |  control 0x10, DA = own DC..  mac-control, not-for-me
 *  +--------------------------+
 *        |  LLC PDU
 *  +--------------------------+
 *  | LlcLayer                 |  UI 0x03, service 0x01        truncated, llc-control, llc-service
 *  +--------------------------+
 *        |  convergence PDU
 *  +--------------------------+
 *  | ConvergenceLayer         |  0xC0, DSAP 0x04,             truncated, segmented, dsap, ssap
 *  |                          |  SSAP 0x0B M1 / 0x0C M2
 *  +--------------------------+
 *        |  secured APDU + meter role
 *  +--------------------------+
 *  | SecurityLayer + GcmEngine|  SC 0x30, association of the  truncated, security-control,
 *  |                          |  role, AES-GCM-128 tag        no-key, auth-failed
 *  +--------------------------+
 *        |  authenticated plaintext, frame counter
 *  +--------------------------+
 *  | FrameCounterWindow       |  per association, 1024 wide   repetition (verdict), replay-stale
 *  +--------------------------+
 *        |  (counter consumed)
 *  +--------------------------+
 *  | CompactFrameCodec        |  CF table                     cf-unknown, cf-length
 *  +--------------------------+
 *        |  Reception ACCEPTED + CompactFrame
 *        v
 *  du-counters: DailyCounters (C1..C5 by CF number)
 * </pre>
 */
package it.c2du.core.receive;
