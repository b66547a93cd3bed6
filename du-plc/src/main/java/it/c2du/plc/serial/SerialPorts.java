package it.c2du.plc.serial;

import java.io.IOException;
import java.util.List;

/** Opens serial links by device name, and lists the ports that exist (for a clear error). */
public interface SerialPorts {
    /**
     * Opens {@code device}.
     *
     * @throws java.nio.file.NoSuchFileException when no such device exists
     * @throws IOException                        when it exists and cannot be opened (permission, in use)
     */
    SerialLink open(String device, SerialSettings settings) throws IOException;

    /** The serial devices present now, by path. */
    List<String> available();
}
