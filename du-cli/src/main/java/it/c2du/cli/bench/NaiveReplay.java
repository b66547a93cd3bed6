package it.c2du.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Properties;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The floor of {@code du bench}'s row 3 (issue 20, target 1): the simplest correct program that
 * reads a trace line by line, parses the hex and authenticates and decrypts each APDU with the
 * JDK's AES-GCM -- no replay windows, no counters, no layers. {@code du replay} is measured against
 * it, so it uses the JDK only, on purpose: {@code BufferedReader.readLine}, {@code String.split},
 * {@code HexFormat}, {@code javax.crypto}, written as anyone would write it first.
 *
 * <p>It finds the APDU at C2P-1's fixed offsets (chain2-profile.md: MAC header 14 bytes, LLC 2,
 * convergence 3) and checks what a correct receiver must check before it may call a frame
 * authentic -- length, FCS, MAC control, destination, LLC, convergence and security control --
 * so that its count can be checked against du replay's (accepted + repetitions + the rejections
 * that come after the tag: replay-stale, cf-unknown, cf-length). Frames between POWER_OFF and
 * POWER_ON are not heard, as in du replay. Times are not parsed: nothing here needs them.
 *
 * <p>{@code java -cp du-dev.jar it.c2du.cli.bench.NaiveReplay CONFIG TRACE} prints one line:
 * {@code naive replay: F frames, A authenticated}.
 */
public final class NaiveReplay {
    private static final HexFormat HEX = HexFormat.of();
    /** C2P-1's offsets: the SSAP, and the APDU after MAC (14), LLC (2) and convergence (3) headers. */
    private static final int SSAP = 18;
    private static final int APDU = 19;
    private static final int TAG_BYTES = 12;

    private final byte[] duAddress;
    /** Indexed by SSAP - 0x0B: M1, M2; null when the configuration has no such association. */
    private final Association[] associations = new Association[2];

    /** One meter's association: its key, System Title and a cipher of its own. */
    private record Association(SecretKeySpec key, byte[] aad, byte[] systemTitle, Cipher cipher) {
    }

    private NaiveReplay(Properties config) throws GeneralSecurityException {
        duAddress = HEX.parseHex(config.getProperty("du.mac").strip());
        for (int m = 0; m < 2; m++) {
            String key = config.getProperty("m" + (m + 1) + ".key");
            String title = config.getProperty("m" + (m + 1) + ".system-title");
            if (key != null && title != null) {
                byte[] k = HEX.parseHex(key.strip());
                byte[] aad = new byte[1 + k.length];
                aad[0] = 0x30;
                System.arraycopy(k, 0, aad, 1, k.length);
                associations[m] = new Association(new SecretKeySpec(k, "AES"), aad, HEX.parseHex(title.strip()),
                        Cipher.getInstance("AES/GCM/NoPadding"));
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: NaiveReplay CONFIG TRACE");
            System.exit(2);
        }
        Properties config = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            config.load(r);
        }
        NaiveReplay naive = new NaiveReplay(config);
        long frames = 0;
        long authenticated = 0;
        boolean powered = true;
        int lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\\s+");
                if (fields.length != 2) {
                    throw new IOException(args[1] + ":" + lineNumber + ": expected a time and one event");
                }
                switch (fields[1]) {
                    case "POWER_OFF" -> powered = false;
                    case "POWER_ON" -> powered = true;
                    default -> {
                        byte[] frame = HEX.parseHex(fields[1]);
                        frames++;
                        if (powered && naive.authentic(frame)) {
                            authenticated++;
                        }
                    }
                }
            }
        }
        System.out.println("naive replay: " + frames + " frames, " + authenticated + " authenticated");
    }

    /** Whether the frame is addressed to this DU, intact and authenticated by its meter's key. */
    private boolean authentic(byte[] f) throws GeneralSecurityException {
        if (f.length < 16) {
            return false;
        }
        int payload = f[1] & 0xFF;
        if (payload < 1 || payload > 240 || f.length != 16 + payload) {
            return false;
        }
        int fcs = (f[14 + payload] & 0xFF) | (f[15 + payload] & 0xFF) << 8;
        if (crc16x25(f, 14 + payload) != fcs || f[0] != 0x10) {
            return false;
        }
        for (int i = 0; i < duAddress.length; i++) {
            if (f[2 + i] != duAddress[i]) {
                return false;
            }
        }
        int apduLength = payload - (APDU - 14);
        if (apduLength < 1 + 4 + 1 + TAG_BYTES || f[14] != 0x03 || f[15] != 0x01 || f[16] != (byte) 0xC0 || f[17] != 0x04
                || f[SSAP] != 0x0B && f[SSAP] != 0x0C || f[APDU] != 0x30) {
            return false;
        }
        Association a = associations[f[SSAP] - 0x0B];
        if (a == null) {
            return false;
        }
        byte[] iv = new byte[12];
        System.arraycopy(a.systemTitle(), 0, iv, 0, 8);
        System.arraycopy(f, APDU + 1, iv, 8, 4);
        a.cipher().init(Cipher.DECRYPT_MODE, a.key(), new GCMParameterSpec(TAG_BYTES * 8, iv));
        a.cipher().updateAAD(a.aad());
        try {
            a.cipher().doFinal(f, APDU + 5, apduLength - 5);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        }
    }

    /** CRC-16/X-25 of f[0, n), bit by bit: the profile's definition, as a first program writes it. */
    private static int crc16x25(byte[] f, int n) {
        int crc = 0xFFFF;
        for (int i = 0; i < n; i++) {
            crc ^= f[i] & 0xFF;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 1) != 0 ? crc >>> 1 ^ 0x8408 : crc >>> 1;
            }
        }
        return crc ^ 0xFFFF;
    }
}
