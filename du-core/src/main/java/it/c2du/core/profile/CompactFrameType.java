package it.c2du.core.profile;

import java.util.List;

/**
 * [profile] The compact frames of C2P-1, Layer 5: CF number, sender, counter, and fields in
 * wire order (big-endian, unsigned). The plaintext is the CF number byte then these fields.
 * This table is the only place that knows a CF's layout: decoder, encoder, docs and tests all
 * read it.
 */
public enum CompactFrameType {
    CF1(1, MeterRole.M1, ReceptionCounter.C1,
            f("MessagePosixTimestamp", 4), f("MeasurePosixTimestamp", 4), f("TariffCode", 1),
            f("TotalActEnergy", 4), f("CurrQuartActEnergy", 4), f("PrevQuartActEnergy", 4),
            f("QuartAveragePower", 4), f("InstantPower", 4)),
    CF2(2, MeterRole.M2, ReceptionCounter.C4,
            f("MessagePosixTimestamp", 4), f("MeasurePosixTimestamp", 4),
            f("TotalProdActEnergy", 4), f("CurrQuartProdActEnergy", 4),
            f("PrevQuartProdActEnergy", 4), f("QuartAverageProdPower", 4),
            f("InstantProdPower", 4)),
    CF21(21, MeterRole.M1, ReceptionCounter.C2,
            f("MessagePosixTimestamp", 4), f("EventType", 1), f("EventPosixTimestamp", 4),
            f("EventsCounter", 2), f("InstantPower", 4)),
    CF22(22, MeterRole.M1, ReceptionCounter.C3,
            f("MessagePosixTimestamp", 4), f("EventType", 1), f("EventPosixTimestamp", 4),
            f("EventsCounter", 2), f("InstantPower", 4), f("AvailablePower", 4),
            f("SwitchOffSeconds", 2)),
    CF25(25, MeterRole.M1, ReceptionCounter.C3,
            f("MessagePosixTimestamp", 4), f("EventType", 1), f("EventPosixTimestamp", 4),
            f("EventsCounter", 2), f("ThresholdEnergy", 4), f("TotalActEnergy", 4)),
    CF41(41, MeterRole.M2, ReceptionCounter.C5,
            f("MessagePosixTimestamp", 4), f("EventType", 1), f("EventPosixTimestamp", 4),
            f("EventsCounter", 2), f("InstantProdPower", 4));

    /** One field of a compact frame: its name as published decoders show it, and its size. */
    public record Field(String name, int size) {
        /** Largest value the field can carry. */
        public long max() {
            return (1L << (8 * size)) - 1;
        }
    }

    private final int number;
    private final MeterRole sender;
    private final ReceptionCounter counter;
    private final List<Field> fields;
    private final int plaintextLength;

    CompactFrameType(int number, MeterRole sender, ReceptionCounter counter, Field... fields) {
        this.number = number;
        this.sender = sender;
        this.counter = counter;
        this.fields = List.of(fields);
        int n = 1;
        for (Field f : fields) {
            n += f.size();
        }
        this.plaintextLength = n;
    }

    private static Field f(String name, int size) {
        return new Field(name, size);
    }

    public int number() {
        return number;
    }

    /** The meter that sends this CF in monitoring; counting goes by CF number, not by sender. */
    public MeterRole sender() {
        return sender;
    }

    public ReceptionCounter counter() {
        return counter;
    }

    public List<Field> fields() {
        return fields;
    }

    /** CF number byte plus the fields: the exact length a plaintext must have. */
    public int plaintextLength() {
        return plaintextLength;
    }

    /** The type with this CF number, or null when the profile defines none. */
    public static CompactFrameType byNumber(int number) {
        for (CompactFrameType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        return null;
    }
}
