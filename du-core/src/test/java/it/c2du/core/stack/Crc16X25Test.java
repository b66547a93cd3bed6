package it.c2du.core.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Crc16X25Test {
    @Test
    void checkValueOfTheCatalogue() {
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x906E, Crc16X25.compute(b, 0, b.length));
    }

    @Test
    void emptyInputIsInitXorOut() {
        assertEquals(0x0000, Crc16X25.compute(new byte[0], 0, 0));
    }

    @Test
    void honoursOffsetAndLength() {
        byte[] b = "xx123456789yy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x906E, Crc16X25.compute(b, 2, 9));
    }
}
