/**
 * Layer 0: the ST7580 PLC modem's host interface (chain2-profile.md, ST manual UM0932).
 *
 * <pre>
 *  serial bytes from the modem (UART 57600 8N1)
 *        |
 *  LocalFrameReader   STX/LEN/CMD/DATA/CHK framing, Netty's rule   noise, inter-character
 *        |            (not enough bytes: consume nothing)          timeout, bad checksum
 *        v  LinkEvent
 *  HostLink           ACK good frames, NAK bad ones; drop a        duplicate after a lost ACK
 *        |            STX 0x03 repeat of the last frame
 *        v  LocalFrame
 *  DataIndication     PHY 0x26 / DL 0x52: 4 bytes reception info
 *        |            (modulation, SNR, zero-crossing delay)
 *        v  Layer-1 MAC frame
 *  it.c2du.core.receive.ReceivePipeline
 * </pre>
 *
 * {@link it.c2du.plc.ModemEmulator} is the modem's side of the same link, for tests, the demo and
 * lab benches. Still to come (serial issue): the serial seam over jSerialComm, T_REQ requests
 * at start (ping, modem configuration, firmware version), {@code du run} and {@code du capture}.
 */
package it.c2du.plc;
