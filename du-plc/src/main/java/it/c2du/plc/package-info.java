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
 *  it.c2du.core.receive.ReceiveStack
 * </pre>
 *
 * {@link it.c2du.plc.ModemSession} runs this over one open {@link it.c2du.plc.serial.SerialLink}
 * and sends the start-up requests with the T_REQ handshake (ping, modem configuration, firmware
 * version); {@link it.c2du.plc.ModemSupervisor} is the loop that reopens a lost port and
 * reconfigures a reset modem. {@link it.c2du.plc.emulator.St7580Emulator} is the modem's side of the same
 * link, and {@link it.c2du.plc.emulator.EmulatorOnLink} runs it on a serial link, for tests, the demo and
 * lab benches.
 */
package it.c2du.plc;
