/**
 * Simulated Chain 2 meters for lab test plans, the demo and tests: an M1 consumption meter and
 * an M2 production meter that send what real ones would, encrypted with the DU's associations,
 * to the DU's MAC address.
 *
 * <pre>
 *  HouseholdLoad, PhotovoltaicPlant   what the meters measure: seeded, deterministic physics
 *        |                            (power, energy registers, tariff band, events)
 *  MeterSimulator                     which frames when: CF1/CF2 every quarter hour, CF21/CF41
 *        |                            at 300 W steps, CF22 above available power, CF25 per 3 kWh;
 *        |                            fields for any frame at any instant
 *  SimulatedMeter                     one meter: association, MAC address, frame counter;
 *        |                            send, send to another DU, repeat
 *        v  MeterTransmission         the frame's fields and bytes, and its data indication
 *  ModemFeed                          through the emulated ST7580 to the host
 * </pre>
 *
 * Everything random is drawn from {@link java.util.Random} seeded by the simulator's seed and
 * the day or instant concerned, so a test plan replays identically and any day can be simulated
 * on its own.
 */
package it.c2du.lab.meter;
