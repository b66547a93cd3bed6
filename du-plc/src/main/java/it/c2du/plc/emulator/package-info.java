/**
 * The modem's side of the ST7580 local link, apart from the host side in {@link it.c2du.plc}: what
 * tests, the demo and lab rigs put at the other end of the serial line instead of a real modem.
 *
 * <p>{@link it.c2du.plc.emulator.St7580Emulator} is the modem's state machine, bytes in and bytes
 * out with no I/O of its own; {@link it.c2du.plc.emulator.EmulatorOnLink} runs one on a
 * {@link it.c2du.plc.serial.SerialLink} with a reader thread and delivers indications one at a
 * time, each waiting for the host's ACK. Nothing on the host side depends on this package.
 */
package it.c2du.plc.emulator;
