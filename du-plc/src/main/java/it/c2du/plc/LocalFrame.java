package it.c2du.plc;

import java.util.Arrays;

/**
 * One ST7580 local frame: STX, LEN, CMD, DATA, CHK (16-bit sum of LEN, CMD and DATA, least
 * significant byte first).
 *
 * @param repeated true when sent with STX 0x03, again after a NAK
 * @param command  the command code, 0..255
 * @param data     0..255 bytes
 */
public record LocalFrame(boolean repeated, int command, byte[] data) {
    public LocalFrame {
        if (command < 0 || command > 0xFF || data.length > St7580.MAX_DATA) {
            throw new IllegalArgumentException("command " + command + ", " + data.length + " data bytes");
        }
        data = data.clone();
    }

    public static LocalFrame of(St7580.Command command, byte... data) {
        return new LocalFrame(false, command.code(), data);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The command, or null for a code the DU does not use. */
    public St7580.Command knownCommand() {
        return St7580.Command.byCode(command);
    }

    /** The same frame as sent again after a NAK (STX 0x03). */
    public LocalFrame asRepeat() {
        return new LocalFrame(true, command, data);
    }

    /** Checksum over LEN, CMD and DATA. */
    public int checksum() {
        return checksum(data.length, command, data, 0, data.length);
    }

    static int checksum(int len, int cmd, byte[] buf, int from, int count) {
        int sum = len + cmd;
        for (int i = 0; i < count; i++) {
            sum += buf[from + i] & 0xFF;
        }
        return sum & 0xFFFF;
    }

    public byte[] encode() {
        byte[] b = new byte[St7580.HEADER_SIZE + data.length + St7580.CHECKSUM_SIZE];
        b[0] = (byte) (repeated ? St7580.STX_REPEAT : St7580.STX_FIRST);
        b[1] = (byte) data.length;
        b[2] = (byte) command;
        System.arraycopy(data, 0, b, St7580.HEADER_SIZE, data.length);
        int chk = checksum();
        b[b.length - 2] = (byte) chk;
        b[b.length - 1] = (byte) (chk >>> 8);
        return b;
    }

    /** Same command and data, whichever STX: a repeat of this frame. */
    public boolean sameContent(LocalFrame o) {
        return command == o.command && Arrays.equals(data, o.data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalFrame f && repeated == f.repeated && sameContent(f);
    }

    @Override
    public int hashCode() {
        return command * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        St7580.Command c = knownCommand();
        return "LocalFrame[" + (c == null ? String.format("0x%02X", command) : c.name()) + (repeated ? ", repeat" : "")
                + ", " + data.length + " bytes]";
    }
}
