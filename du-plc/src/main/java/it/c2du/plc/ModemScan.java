package it.c2du.plc;

import it.c2du.core.config.DuConfig;
import it.c2du.plc.serial.SerialLink;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code du modem scan}: listens in turn on each candidate setting -- receive layer PHY and DL,
 * PSK and FSK at each bit rate, on each frequency -- and counts what the modem passes up. For
 * the lab day with a real meter whose PHY is not public. Nothing here is counted as traffic.
 */
public final class ModemScan {
    private ModemScan() {
    }

    /**
     * What one setting heard.
     *
     * @param modulations indications by modulation name
     * @param forDu       indications whose payload is a MAC frame addressed to the DU (DA = du.mac)
     */
    public record Result(DuConfig.Modem setting, int indications, Map<String, Integer> modulations, Integer minSnr,
                         Integer maxSnr, int forDu) {
        /** The setting as configuration lines. */
        public List<String> configurationLines() {
            List<String> lines = new ArrayList<>();
            lines.add("modem.frequency = " + setting.frequency());
            lines.add("modem.rx-modulation = " + setting.rxModulation());
            if (setting.fskBitRate() != null) {
                lines.add("modem.fsk-bit-rate = " + setting.fskBitRate());
            }
            lines.add("modem.receive-layer = " + setting.receiveLayer());
            return lines;
        }

        public String label() {
            return setting.receiveLayer() + ", " + setting.frequency() + " Hz, " + setting.rxModulation()
                    + (setting.fskBitRate() == null ? "" : " " + setting.fskBitRate() + " bps");
        }
    }

    /** Receive layer PHY and DL; PSK, and FSK at each bit rate; on each frequency: 10 a frequency. */
    public static List<DuConfig.Modem> candidates(DuConfig.Modem base, List<Integer> frequencies) {
        List<DuConfig.Modem> out = new ArrayList<>();
        for (int f : frequencies) {
            for (String layer : DuConfig.Modem.RECEIVE_LAYERS) {
                out.add(base.listeningOn(f, "psk", null, layer));
                for (int rate : DuConfig.Modem.FSK_BIT_RATES) {
                    out.add(base.listeningOn(f, "fsk", rate, layer));
                }
            }
        }
        return out;
    }

    /** Called as each setting finishes, so a long scan shows progress. */
    public interface Progress {
        void done(Result result);
    }

    /**
     * Listens on each candidate for {@code each}, over one session on an open link.
     *
     * @param duAddress the DU's 6-byte MAC address, to count the frames meant for it
     */
    public static List<Result> run(ModemSession session, List<DuConfig.Modem> candidates, Duration each,
                                   byte[] duAddress, Progress progress) throws IOException, ModemException {
        List<Result> results = new ArrayList<>();
        for (DuConfig.Modem setting : candidates) {
            session.start(ModemSetup.of(setting));
            session.poll(); // what came before the new setting took effect belongs to the previous one
            int n = 0;
            int forDu = 0;
            Integer min = null;
            Integer max = null;
            Map<String, Integer> modulations = new TreeMap<>();
            long end = System.nanoTime() + each.toNanos();
            while (System.nanoTime() - end < 0) {
                for (ModemEvent e : session.poll()) {
                    if (e instanceof ModemEvent.Indication i) {
                        DataIndication d = i.indication();
                        n++;
                        modulations.merge(d.modulationName(), 1, Integer::sum);
                        Integer snr = d.snrDb();
                        if (snr != null) {
                            min = min == null ? snr : Math.min(min, snr);
                            max = max == null ? snr : Math.max(max, snr);
                        }
                        if (addressedTo(d.macFrame(), duAddress)) {
                            forDu++;
                        }
                    }
                }
            }
            Result r = new Result(setting, n, modulations, min, max, forDu);
            results.add(r);
            progress.done(r);
        }
        return results;
    }

    /** A MAC frame's DA (bytes 2-7, chain2-profile.md layer 1) is the DU's address. */
    static boolean addressedTo(byte[] mac, byte[] duAddress) {
        return mac.length >= 8 && Arrays.equals(mac, 2, 8, duAddress, 0, 6);
    }

    /** The setting that heard most frames for the DU, then most frames; null when none heard anything. */
    public static Result best(List<Result> results) {
        return results.stream().filter(r -> r.indications() > 0)
                .max(Comparator.comparingInt(Result::forDu).thenComparingInt(Result::indications)).orElse(null);
    }

    /** A session for scanning: its own host link and counters, the system clock. */
    public static ModemSession session(SerialLink link, it.c2du.plc.serial.RequestLine line) {
        return new ModemSession(link, line, ModemSession.Timing.defaults(), Clock.systemUTC(), new HostLink(),
                new LinkCounters());
    }
}
