package it.c2du.counters.platform;

import it.c2du.core.config.DuConfig;
import it.c2du.core.json.Json;
import it.c2du.core.receive.Association;
import it.c2du.counters.CounterSnapshot;
import it.c2du.counters.platform.PlatformDay;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One upload: a meter's closed day as the JSON text the platform receives (Allegato 5, compact,
 * members in the order of the published example).
 *
 * @param payload the exact text published; the return code's {@code data} is matched against it
 */
public record UploadMessage(MeterDay key, String payload) {
    public static UploadMessage of(PlatformDay day) {
        return new UploadMessage(new MeterDay(day.meter(), day.day()), Json.writeCompact(day.json()));
    }

    public byte[] bytes() {
        return payload.getBytes(StandardCharsets.UTF_8);
    }

    /** The payload as parsed JSON, for comparing with a return code's data. */
    Map<?, ?> parsed() {
        try {
            return (Map<?, ?>) Json.parse(payload);
        } catch (Json.JsonException e) {
            throw new IllegalStateException("an upload payload is always JSON", e);
        }
    }

    /**
     * Every closed day in {@code counters} for every meter the DU is associated with, oldest first,
     * with the POD, ID_INSTALLAZIONE and DU the configuration gives (it has them all when the upload
     * is configured: {@link DuConfig#platform()}).
     */
    public static List<UploadMessage> closedDays(DuConfig cfg, CounterSnapshot counters) {
        List<UploadMessage> all = new ArrayList<>();
        for (Association a : cfg.associations()) {
            for (PlatformDay d : PlatformDay.closedDays(counters, a.role(), a.pod(), cfg.duAddress().toString(),
                    cfg.installationId(a.role()))) {
                all.add(of(d));
            }
        }
        all.sort((x, y) -> x.key().compareTo(y.key()));
        return Collections.unmodifiableList(all);
    }
}
