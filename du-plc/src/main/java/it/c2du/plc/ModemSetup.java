package it.c2du.plc;

import it.c2du.core.config.DuConfig;

/**
 * What the DU writes into the modem at start, from the {@code modem.*} keys: the modem
 * configuration byte (MIB 0x00) and the fields of the PHY configuration (MIB 0x01) the DU
 * imposes -- the frequency it listens on, the high channel alone, PSK or FSK and, for FSK, the
 * settings the configuration names. Every other PHY byte (TX gain, zero-crossing delay, the low
 * channel...) is written back as the modem had it.
 *
 * <p>The keys' defaults live in du-core's {@link DuConfig.Modem#DEFAULTS} (see why there); this
 * class is where they become bits.
 */
public record ModemSetup(int modemConfiguration, int frequency, boolean psk, Integer fskBitRate, Integer fskDeviation,
                         Integer fskPreamble, Integer fskUniqueWord) {
    /** What a DU without modem keys writes. */
    public static final ModemSetup DEFAULT = of(DuConfig.Modem.DEFAULTS);

    public static ModemSetup of(DuConfig.Modem m) {
        int configuration;
        if (m.configuration() != null) {
            configuration = m.configuration();
        } else {
            ModemConfiguration.Layer layer = m.receiveLayer().equals("dl") ? ModemConfiguration.Layer.DL
                    : ModemConfiguration.Layer.PHY;
            configuration = new ModemConfiguration(layer, m.sniffer(), ModemConfiguration.DlCrc.byKey(m.dlCrc()), false, 0)
                    .encode();
        }
        return new ModemSetup(configuration, m.frequency(), !m.rxModulation().equals("fsk"), m.fskBitRate(),
                m.fskDeviation(), m.fskPreamble(), m.fskUniqueWord());
    }

    /** The PHY configuration to write, given the one the modem holds. */
    public PhyConfiguration applyTo(PhyConfiguration held) {
        PhyConfiguration p = held.withHighFrequency(frequency).withHighChannelOnly(psk);
        return psk ? p : p.withFsk(fskBitRate, fskDeviation, fskPreamble, fskUniqueWord);
    }

    /** The setting in the words of the configuration file, e.g. {@code phy, 132500 Hz, psk}. */
    public String describe() {
        ModemConfiguration c = ModemConfiguration.decode(modemConfiguration);
        String layer = c.layer() == ModemConfiguration.Layer.PHY ? "phy" : c.layer() == ModemConfiguration.Layer.DL
                ? "dl" : c.layer().name().toLowerCase(java.util.Locale.ROOT);
        return layer + ", " + frequency + " Hz, " + (psk ? "psk" : "fsk" + (fskBitRate == null ? "" : " " + fskBitRate
                + " bps"));
    }
}
