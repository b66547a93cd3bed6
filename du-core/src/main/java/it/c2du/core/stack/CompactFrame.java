package it.c2du.core.stack;

import it.c2du.core.profile.CompactFrameType;
import java.util.Map;

/** A decoded compact frame: its type and every field of its table, in table order. */
public record CompactFrame(CompactFrameType type, Map<String, Long> fields) {
}
