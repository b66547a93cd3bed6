package it.c2du.core.discover;

import it.c2du.core.crypto.GcmEngine;
import it.c2du.core.discover.DiscoveryReport.Disagreement;
import it.c2du.core.discover.DiscoveryReport.Member;
import it.c2du.core.layout.CompactFrameFormat;
import it.c2du.core.layout.CompactFrameTable;
import it.c2du.core.layout.FcsCrc;
import it.c2du.core.layout.Layout;
import it.c2du.core.layout.Layout.ConvergenceField;
import it.c2du.core.layout.Layout.MacField;
import it.c2du.core.profile.C2P1;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.receive.Association;
import it.c2du.core.stack.Bytes;
import it.c2du.core.stack.MacAddress;
import it.c2du.core.stack.SecurityLayer;
import it.c2du.core.trace.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the layout of the family (profile-file.md) that explains frames captured from a real
 * meter, with the DU's own address, keys and System Titles. The search is factored layer by
 * layer, never every combination on every frame:
 *
 * <ol>
 *   <li>FCS: each CRC and byte order on each frame's tail (no header needed);</li>
 *   <li>MAC header: where the DU's address sits (as written or reversed) and which length field
 *       agrees with the frame's size, over the frames whose FCS verifies;</li>
 *   <li>security: where the APDU starts, tag size, frame-counter order and AAD, by the GCM tag,
 *       trying every candidate only until one has authenticated enough frames, then that one;</li>
 *   <li>convergence and LLC: DSAP and SSAP found by their public values in the bytes before the
 *       APDU, and the one rule of profile-file.md for the segmentation field;</li>
 *   <li>compact frames: the byte order whose timestamps lie near the trace's times.</li>
 * </ol>
 *
 * Frames for other DUs, repetitions and damaged frames are outvoted, and listed as disagreeing.
 * A pure function of its inputs: no output, no keys in the report.
 */
public final class LayoutDiscovery {
    /** A layout is found only when this many distinct frames for the DU authenticate under it. */
    public static final int MIN_AUTHENTICATED = 3;
    /** A CF timestamp within this many seconds of the line's time reads as a time. */
    private static final long TIMESTAMP_SLACK = 2 * 86_400;
    private static final int[] TAG_SIZES = {12, 16, 8};
    /** Frames for the DU tried under every security reading before concluding that none authenticates. */
    private static final int GIVE_UP_AFTER = 60;

    private final MacAddress du;
    private final List<Association> associations;
    private final GcmEngine engine;
    private final Layout start;

    /**
     * @param start the starting profile: its CF tables are kept, and it settles the one reading the
     *              frames leave open (segmentation before DSAP) and ties between equal readings
     */
    public LayoutDiscovery(MacAddress du, List<Association> associations, GcmEngine engine, Layout start) {
        this.du = du;
        this.associations = List.copyOf(associations);
        this.engine = engine;
        this.start = start;
    }

    /** Discovers the layout of the frame events of a trace (power events are ignored). */
    public DiscoveryReport discover(List<TraceEvent> events) {
        List<TraceEvent> frames = events.stream().filter(e -> e.kind() == TraceEvent.Kind.FRAME).toList();
        return new Run(frames).run();
    }

    /** One discovery: its working state. */
    private final class Run {
        final List<TraceEvent> frames;
        final List<Member> members = new ArrayList<>();
        final List<String> established = new ArrayList<>();
        final List<String> toCheck = new ArrayList<>();
        final Map<Integer, Integer> unknownCfs = new HashMap<>();
        int securityTried = -1;

        Run(List<TraceEvent> frames) {
            this.frames = frames;
        }

        DiscoveryReport run() {
            // 1. FCS
            FcsCrc bestCrc = null;
            boolean bestBig = false;
            int bestCount = 0;
            for (FcsCrc crc : FcsCrc.values()) {
                for (boolean big : new boolean[] {false, true}) {
                    int n = 0;
                    for (TraceEvent e : frames) {
                        n += fcsOk(e.frame(), crc, big) ? 1 : 0;
                    }
                    if (n > bestCount || (n == bestCount && n > 0 && crc == start.mac().crc() && big == start.mac().fcsBigEndian())) {
                        bestCrc = crc;
                        bestBig = big;
                        bestCount = n;
                    }
                }
            }
            if (bestCrc == null) {
                toCheck.add("no CRC of the family verifies on any of the " + frames.size() + " frames: check the modem settings"
                        + " (does it deliver whole MAC frames, FCS included?) and that the trace holds frames");
                return refuse();
            }
            List<TraceEvent> fcsGood = new ArrayList<>();
            List<Disagreement> fcsBad = new ArrayList<>();
            for (TraceEvent e : frames) {
                if (fcsOk(e.frame(), bestCrc, bestBig)) {
                    fcsGood.add(e);
                } else {
                    fcsBad.add(new Disagreement(e.line(), "the FCS does not verify (a damaged or cut frame)"));
                }
            }
            Map<String, Object> fcsValue = new LinkedHashMap<>();
            fcsValue.put("crc", bestCrc.fileName());
            fcsValue.put("order", bestBig ? "big" : "little");
            member("mac.fcs", fcsValue, fcsGood.size(), frames.size(), fcsBad, null);
            established.add("FCS: " + bestCrc.fileName() + ", " + (bestBig ? "big" : "little") + "-endian, verifies on "
                    + fcsGood.size() + " of " + frames.size() + " frames");
            int fcsSize = bestCrc.size();

            // 2. MAC header
            MacCandidate mac = macHeader(fcsGood, bestCrc, bestBig);
            if (mac == null) {
                toCheck.add("du.mac: the DU's address " + du + " is in no frame whose FCS verifies, neither as written nor"
                        + " last byte first; check the DU address, and that the meter sends to this DU");
                return refuse();
            }
            Layout.Mac macLayout = mac.layout;
            List<TraceEvent> forDu = new ArrayList<>();
            List<Disagreement> notMac = new ArrayList<>();
            Map<Integer, Integer> controls = new HashMap<>();
            for (TraceEvent e : fcsGood) {
                String why = mac.mismatch(e.frame());
                if (why == null) {
                    forDu.add(e);
                    controls.merge(e.frame()[macLayout.offset(MacField.CONTROL)] & 0xFF, 1, Integer::sum);
                } else {
                    notMac.add(new Disagreement(e.line(), why));
                }
            }
            int control = majority(controls);
            macLayout = new Layout.Mac(macLayout.header(), control, macLayout.lengthSize(), macLayout.lengthBigEndian(),
                    macLayout.lengthCounts(), macLayout.addressReversed(), bestCrc, bestBig);
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("header", macLayout.header().stream().map(MacField::fileName).toList());
            Map<String, Object> length = new LinkedHashMap<>();
            length.put("size", macLayout.lengthSize());
            length.put("order", macLayout.lengthBigEndian() ? "big" : "little");
            length.put("counts", macLayout.lengthCounts().fileName());
            header.put("length", length);
            header.put("address-order", macLayout.addressReversed() ? "reversed" : "as-written");
            member("mac.header, mac.length, mac.address-order", header, forDu.size(), fcsGood.size(), notMac,
                    "the DU's address at bytes " + macLayout.offset(MacField.DESTINATION) + ".."
                            + (macLayout.offset(MacField.DESTINATION) + 5) + (macLayout.addressReversed() ? ", last byte first" : ""));
            List<Disagreement> badControl = new ArrayList<>();
            for (TraceEvent e : forDu) {
                int c = e.frame()[macLayout.offset(MacField.CONTROL)] & 0xFF;
                if (c != control) {
                    badControl.add(new Disagreement(e.line(), String.format("control 0x%02X", c)));
                }
            }
            member("mac.control", hex(control), forDu.size() - badControl.size(), forDu.size(), badControl, null);
            established.add("MAC header " + header + ": the DU's address is in " + forDu.size() + " frames");

            // 3. Security, by the GCM tag
            int headerSize = macLayout.headerSize();
            SecurityCandidate sec = security(forDu, headerSize, fcsSize);
            if (sec == null) {
                toCheck.add("no frame for the DU authenticates under any layout of the family ("
                        + (securityTried >= 0 ? securityTried : forDu.size()) + " of " + forDu.size() + " tried): check the operational keys (m1.key, m2.key) and System Titles (m1.system-title,"
                        + " m2.system-title) against the distributor's portal, and that the modem delivers frames unchanged");
                return refuse();
            }
            Map<String, Object> secValue = new LinkedHashMap<>();
            secValue.put("fc-order", sec.fcBig ? "big" : "little");
            secValue.put("tag-size", sec.tag);
            secValue.put("aad", sec.aad.fileName());
            List<Authenticated> auth = new ArrayList<>();
            List<Disagreement> notAuth = new ArrayList<>();
            for (TraceEvent e : forDu) {
                Authenticated a = sec.open(e, headerSize, fcsSize);
                if (a != null) {
                    auth.add(a);
                } else {
                    notAuth.add(new Disagreement(e.line(), "does not authenticate (damaged after the FCS was made, or another key)"));
                }
            }
            Set<Long> distinct = new HashSet<>();
            auth.forEach(a -> distinct.add(a.identity()));
            member("security.fc-order, security.tag-size, security.aad", secValue, auth.size(), forDu.size(), notAuth,
                    "APDU at payload byte " + sec.apduOffset + "; " + distinct.size() + " distinct frames authenticate");
            if (distinct.size() < MIN_AUTHENTICATED) {
                established.add("only " + distinct.size() + " distinct frames authenticate (" + MIN_AUTHENTICATED + " needed)");
                toCheck.add("capture more frames from the meter (a few hours of traffic)");
                return refuse();
            }
            Map<Integer, Integer> scs = new HashMap<>();
            auth.forEach(a -> scs.merge(a.payload[a.apduOffset] & 0xFF, 1, Integer::sum));
            int sc = majority(scs);
            List<Disagreement> badSc = new ArrayList<>();
            auth.stream().filter(a -> (a.payload[a.apduOffset] & 0xFF) != sc)
                    .forEach(a -> badSc.add(new Disagreement(a.line, String.format("SC 0x%02X", a.payload[a.apduOffset] & 0xFF))));
            member("security.control", hex(sc), auth.size() - badSc.size(), auth.size(), badSc, null);

            // 4. Convergence and LLC, in the bytes before the APDU
            int a = sec.apduOffset;
            int dsapAt = bestPosition(auth, a, -1, x -> C2P1.Convergence.DSAP_DU, null);
            int ssapAt = bestPosition(auth, a, dsapAt, x -> -1, x -> x.roles);
            if (dsapAt < 0 || ssapAt < 0) {
                toCheck.add("DSAP 0x04 and an SSAP (0x0B M1, 0x0C M2) are not in the bytes before the APDU of the"
                        + " authenticated frames: the convergence layer is outside the family");
                return refuse();
            }
            int lo = Math.min(dsapAt, ssapAt);
            int hi = Math.max(dsapAt, ssapAt);
            int segAt;
            String rule;
            if (hi < a - 1) {
                segAt = hi + 1;
                rule = "a byte lies between SSAP/DSAP and the APDU: the segmentation field";
            } else if (hi - lo == 2) {
                segAt = lo + 1;
                rule = "a byte lies between DSAP and SSAP: the segmentation field";
            } else if (startHasSegmentationBeforeDsap() && lo >= 1) {
                segAt = lo - 1;
                rule = "the starting profile has the segmentation field before DSAP: the byte just before it";
            } else {
                segAt = -1;
                rule = "no segmentation field";
            }
            int convStart = segAt >= 0 ? Math.min(segAt, lo) : lo;
            int convEnd = Math.max(segAt, hi) + 1;
            if (convEnd != a || convEnd - convStart != (segAt >= 0 ? 3 : 2) || convStart > 4) {
                toCheck.add("DSAP at payload byte " + dsapAt + ", SSAP at " + ssapAt + " and the APDU at " + a
                        + " make no convergence header of the family");
                return refuse();
            }
            List<ConvergenceField> fields = new ArrayList<>();
            for (int i = convStart; i < convEnd; i++) {
                fields.add(i == dsapAt ? ConvergenceField.DSAP : i == ssapAt ? ConvergenceField.SSAP : ConvergenceField.SEGMENTATION);
            }
            Integer segmentation = null;
            List<Disagreement> badConv = new ArrayList<>();
            if (segAt >= 0) {
                Map<Integer, Integer> segs = new HashMap<>();
                auth.forEach(x -> segs.merge(x.payload[segAt] & 0xFF, 1, Integer::sum));
                segmentation = majority(segs);
            }
            for (Authenticated x : auth) {
                if (segmentation != null && (x.payload[segAt] & 0xFF) != segmentation) {
                    badConv.add(new Disagreement(x.line, String.format("segmentation 0x%02X", x.payload[segAt] & 0xFF)));
                } else if ((x.payload[dsapAt] & 0xFF) != C2P1.Convergence.DSAP_DU) {
                    badConv.add(new Disagreement(x.line, String.format("DSAP 0x%02X", x.payload[dsapAt] & 0xFF)));
                } else if (!x.ssapFits(x.payload[ssapAt] & 0xFF)) {
                    badConv.add(new Disagreement(x.line, String.format("SSAP 0x%02X, not that of the meter whose key opened it", x.payload[ssapAt] & 0xFF)));
                }
            }
            Map<String, Object> convValue = new LinkedHashMap<>();
            convValue.put("fields", fields.stream().map(ConvergenceField::fileName).toList());
            convValue.put("segmentation", segmentation == null ? null : hex(segmentation));
            member("convergence", convValue, auth.size() - badConv.size(), auth.size(), badConv, rule);
            byte[] llc = new byte[convStart];
            for (int i = 0; i < convStart; i++) {
                Map<Integer, Integer> values = new HashMap<>();
                final int at = i;
                auth.forEach(x -> values.merge(x.payload[at] & 0xFF, 1, Integer::sum));
                llc[i] = (byte) majority(values);
            }
            List<Disagreement> badLlc = new ArrayList<>();
            List<String> llcHex = new ArrayList<>();
            for (byte b : llc) {
                llcHex.add(hex(b & 0xFF));
            }
            for (Authenticated x : auth) {
                for (int i = 0; i < convStart; i++) {
                    if (x.payload[i] != llc[i]) {
                        badLlc.add(new Disagreement(x.line, String.format("LLC byte %d is 0x%02X", i, x.payload[i] & 0xFF)));
                        break;
                    }
                }
            }
            member("llc", llcHex, auth.size() - badLlc.size(), auth.size(), badLlc, "the bytes between the MAC header and the convergence header");

            // 5. Compact frames: byte order from the timestamps; the tables are the starting profile's
            CompactFrameTable table = start.compactFrames();
            int big = 0;
            int little = 0;
            int judged = 0;
            int exact = 0;
            int longer = 0;
            int known = 0;
            Set<Long> seen = new HashSet<>();
            for (Authenticated x : auth) {
                if (!seen.add(x.identity()) || x.plaintext.length == 0) {
                    continue;
                }
                int number = x.plaintext[0] & 0xFF;
                CompactFrameFormat f = table.type(number);
                if (f == null) {
                    unknownCfs.merge(number, 1, Integer::sum);
                    continue;
                }
                known++;
                exact += x.plaintext.length == f.plaintextLength() ? 1 : 0;
                longer += x.plaintext.length > f.plaintextLength() ? 1 : 0;
                int offset = 1;
                boolean any = false;
                boolean bigOk = true;
                boolean littleOk = true;
                for (CompactFrameFormat.FieldFormat ff : f.fields()) {
                    if (ff.name().endsWith("PosixTimestamp") && ff.size() == 4 && offset + 4 <= x.plaintext.length) {
                        any = true;
                        long t = x.time;
                        bigOk &= Math.abs(Bytes.readUnsigned(x.plaintext, offset, 4, true) - t) <= TIMESTAMP_SLACK;
                        littleOk &= Math.abs(Bytes.readUnsigned(x.plaintext, offset, 4, false) - t) <= TIMESTAMP_SLACK;
                    }
                    offset += ff.size();
                }
                if (any) {
                    judged++;
                    big += bigOk ? 1 : 0;
                    little += littleOk ? 1 : 0;
                }
            }
            boolean cfBig = judged == 0 ? table.bigEndian() : big >= little;
            member("compact-frames.order", cfBig ? "big" : "little", cfBig ? big : little, judged, List.of(),
                    judged == 0 ? "no CF of the table with a timestamp authenticated: kept the starting profile's"
                            : "timestamps within 2 days of the trace's time: big-endian " + big + ", little-endian " + little);
            boolean exactLength = table.exactLength() && !(longer > exact);
            member("compact-frames.exact-length", exactLength, exact, known, List.of(),
                    longer > 0 ? longer + " plaintexts longer than their table" : "the starting profile's; " + exact
                            + " of " + known + " plaintexts of known CFs have their table's exact length");
            Layout found = new Layout("discovered", macLayout, llc, new Layout.Convergence(fields, segmentation),
                    new Layout.Security(sc, sec.fcBig, sec.tag, sec.aad), table.withOrder(cfBig).withExactLength(exactLength));
            return new DiscoveryReport(frames.size(), members, found, established, List.of(), unknownCfs);
        }

        private DiscoveryReport refuse() {
            return new DiscoveryReport(frames.size(), members, null, established, toCheck, unknownCfs);
        }

        private void member(String path, Object value, int agree, int of, List<Disagreement> disagree, String note) {
            members.add(new Member(path, value, agree, of, disagree.stream().limit(Member.MAX_LISTED).toList(), disagree.size(), note));
        }

        /** Each header order, length size and address order where the DU's address matches; then the length field. */
        private MacCandidate macHeader(List<TraceEvent> good, FcsCrc crc, boolean fcsBig) {
            MacCandidate best = null;
            int bestScore = 0;
            int bestTie = -1;
            List<MacCandidate> candidates = new ArrayList<>();
            List<int[]> scored = new ArrayList<>(); // index into candidates, frames explained, tie score
            for (List<MacField> order : permutations(List.of(MacField.values()))) {
                for (int size = 1; size <= 2; size++) {
                    for (boolean reversed : new boolean[] {false, true}) {
                        for (boolean lengthBig : size == 1 ? new boolean[] {start.mac().lengthBigEndian()} : new boolean[] {true, false}) {
                            for (Layout.LengthCounts counts : Layout.LengthCounts.values()) {
                                Layout.Mac m = new Layout.Mac(order, 0, size, lengthBig, counts, reversed, crc, fcsBig);
                                MacCandidate c = new MacCandidate(m);
                                int score = 0;
                                Map<Integer, Integer> controls = new HashMap<>();
                                for (TraceEvent e : good) {
                                    if (c.mismatch(e.frame()) == null) {
                                        score++;
                                        controls.merge(e.frame()[m.offset(MacField.CONTROL)] & 0xFF, 1, Integer::sum);
                                    }
                                }
                                if (score == 0) {
                                    continue;
                                }
                                // Ties: a control byte that is constant (90 % of the frames: some may be
                                // damaged), then the starting profile's order. A source byte both meters
                                // share is as constant as the control byte: frames cannot tell them apart,
                                // so the starting profile decides rather than the damaged frames.
                                // A byte that is 0x00 in every frame next to the length field is read as the
                                // high byte of a 2-byte length (lengths stay below 256), not as a control
                                // byte 0x00 nor as the first payload byte (docs/layout.md).
                                int most = controls.values().stream().mapToInt(Integer::intValue).max().orElse(0);
                                int zero = controls.getOrDefault(0, 0) == most ? 0 : 50;
                                int tie = (most * 10 >= score * 9 ? 100 : 0) + zero + (size == 2 ? 25 : 0)
                                        + similarity(order, reversed);
                                scored.add(new int[] {scored.size(), score, tie});
                                candidates.add(c);
                            }
                        }
                    }
                }
            }
            // Frames whose FCS verifies but whose header is damaged (a length's high byte, say) can make a
            // wrong reading match one or two frames more than the true one: the 2-byte length whose
            // high byte a damaged frame changed then loses to a 1-byte length beside a "control" 0x00.
            // So the readings within 5 % of the most frames explained all compete, and the rules above
            // decide among them; the count decides only between equal ties.
            int most = scored.stream().mapToInt(x -> x[1]).max().orElse(0);
            for (int[] x : scored) {
                if (x[1] * 20L >= most * 19L && (x[2] > bestTie || (x[2] == bestTie && x[1] > bestScore))) {
                    best = candidates.get(x[0]);
                    bestScore = x[1];
                    bestTie = x[2];
                }
            }
            return best;
        }

        private int similarity(List<MacField> order, boolean reversed) {
            List<MacField> s = start.mac().header();
            int n = reversed == start.mac().addressReversed() ? 1 : 0;
            for (int i = 0; i < 4; i++) {
                for (int j = i + 1; j < 4; j++) {
                    n += order.indexOf(s.get(i)) < order.indexOf(s.get(j)) ? 1 : 0;
                }
            }
            return n;
        }

        /** The APDU offset, tag size, counter order and AAD under which the frames for the DU authenticate. */
        private SecurityCandidate security(List<TraceEvent> forDu, int headerSize, int fcsSize) {
            List<SecurityCandidate> all = new ArrayList<>();
            for (int apdu = 2; apdu <= 7; apdu++) {
                for (int tag : TAG_SIZES) {
                    for (boolean fcBig : new boolean[] {start.security().frameCounterBigEndian(), !start.security().frameCounterBigEndian()}) {
                        for (Layout.Aad aad : Layout.Aad.values()) {
                            all.add(new SecurityCandidate(apdu, tag, fcBig, aad));
                        }
                    }
                }
            }
            Map<SecurityCandidate, Set<Long>> wins = new LinkedHashMap<>();
            int tried = 0;
            for (TraceEvent e : forDu) {
                SecurityCandidate leader = leader(wins);
                if (leader != null) {
                    return leader;
                }
                // Damaged frames are a few among good ones: when not one of this many frames for the DU
                // authenticates under any reading, the key or System Title is wrong, and trying every
                // reading on every remaining frame would only make a Pi take minutes to say so.
                if (wins.isEmpty() && tried == GIVE_UP_AFTER) {
                    securityTried = tried;
                    return null;
                }
                tried++;
                for (SecurityCandidate c : all) {
                    Authenticated a = c.open(e, headerSize, fcsSize);
                    if (a != null) {
                        wins.computeIfAbsent(c, k -> new HashSet<>()).add(a.fc);
                    }
                }
            }
            SecurityCandidate leader = leader(wins);
            if (leader != null) {
                return leader;
            }
            // Fewer than enough frames: the best there is, for the report (run() then refuses).
            return wins.entrySet().stream().max((x, y) -> Integer.compare(x.getValue().size(), y.getValue().size()))
                    .map(Map.Entry::getKey).orElse(null);
        }

        /** The candidate with enough distinct frames and ahead of every other by two, or null. */
        private SecurityCandidate leader(Map<SecurityCandidate, Set<Long>> wins) {
            SecurityCandidate best = null;
            int bestN = 0;
            int second = 0;
            for (Map.Entry<SecurityCandidate, Set<Long>> e : wins.entrySet()) {
                int n = e.getValue().size();
                if (n > bestN) {
                    second = bestN;
                    bestN = n;
                    best = e.getKey();
                } else if (n > second) {
                    second = n;
                }
            }
            return bestN >= MIN_AUTHENTICATED && bestN >= second + 2 ? best : null;
        }

        /**
         * The position before the APDU where most authenticated frames hold the value (DSAP) or their
         * role's SSAP. Only the last three bytes before the APDU are looked at: the convergence header
         * ends at the APDU and has at most three bytes, and an LLC byte further up that happens to equal
         * 0x04 in every frame would otherwise outvote the true DSAP of a capture with a few damaged DSAPs.
         */
        private int bestPosition(List<Authenticated> auth, int apdu, int not, java.util.function.ToIntFunction<Authenticated> value,
                                 java.util.function.Function<Authenticated, Set<MeterRole>> roles) {
            int best = -1;
            int bestN = 0;
            for (int i = apdu - 1; i >= Math.max(0, apdu - 3); i--) {
                if (i == not) {
                    continue;
                }
                int n = 0;
                for (Authenticated x : auth) {
                    int b = x.payload[i] & 0xFF;
                    n += roles == null ? (b == value.applyAsInt(x) ? 1 : 0) : (x.ssapFits(b) ? 1 : 0);
                }
                if (n > bestN) {
                    best = i;
                    bestN = n;
                }
            }
            return bestN * 2 > auth.size() ? best : -1;
        }
    }

    private boolean startHasSegmentationBeforeDsap() {
        Layout.Convergence c = start.convergence();
        return c.segmentation() != null && c.offset(ConvergenceField.SEGMENTATION) < c.offset(ConvergenceField.DSAP);
    }

    /** A MAC header reading, with the DU address and length checks discovery needs. */
    private final class MacCandidate {
        final Layout.Mac layout;

        MacCandidate(Layout.Mac layout) {
            this.layout = layout;
        }

        /** Null when the frame is for the DU under this reading, else why not. */
        String mismatch(byte[] f) {
            if (f.length < layout.headerSize() + layout.fcsSize() + 1) {
                return "too short for the MAC header";
            }
            if (!du.matches(f, layout.offset(MacField.DESTINATION), layout.addressReversed())) {
                return "for another DU (" + (layout.addressReversed()
                        ? MacAddress.ofReversed(f, layout.offset(MacField.DESTINATION)) : MacAddress.of(f, layout.offset(MacField.DESTINATION))) + ")";
            }
            long l = Bytes.readUnsigned(f, layout.offset(MacField.LENGTH), layout.lengthSize(), layout.lengthBigEndian());
            int payload = layout.payloadOf((int) l);
            if (payload < Layout.Mac.MIN_PAYLOAD || payload > Layout.Mac.MAX_PAYLOAD
                    || f.length != layout.headerSize() + payload + layout.fcsSize()) {
                return "the length field (" + l + ") disagrees with the frame's " + f.length + " bytes";
            }
            return null;
        }
    }

    /** A frame that authenticated: its payload (the MAC's), where the APDU starts, the roles whose keys opened it. */
    private static final class Authenticated {
        int line;
        long time;
        byte[] payload;
        int apduOffset;
        long fc;
        Set<MeterRole> roles;
        byte[] plaintext;

        /** The same frame counter from the same meter is one frame, however often repeated. */
        long identity() {
            return fc * 4 + (roles.contains(MeterRole.M1) ? 1 : 0) + (roles.contains(MeterRole.M2) ? 2 : 0);
        }

        boolean ssapFits(int ssap) {
            MeterRole r = MeterRole.bySsap(ssap);
            return r != null && roles.contains(r);
        }
    }

    /** A security-layer reading: APDU offset in the MAC payload, tag size, frame-counter order, AAD. */
    private final class SecurityCandidate {
        final int apduOffset;
        final int tag;
        final boolean fcBig;
        final Layout.Aad aad;

        SecurityCandidate(int apduOffset, int tag, boolean fcBig, Layout.Aad aad) {
            this.apduOffset = apduOffset;
            this.tag = tag;
            this.fcBig = fcBig;
            this.aad = aad;
        }

        Authenticated open(TraceEvent e, int headerSize, int fcsSize) {
            byte[] f = e.frame();
            int payloadLength = f.length - headerSize - fcsSize;
            int ctLength = payloadLength - apduOffset - Layout.Security.HEADER_SIZE - tag;
            if (ctLength < Layout.Security.MIN_CIPHERTEXT) {
                return null;
            }
            int at = headerSize + apduOffset;
            int sc = f[at] & 0xFF;
            long fc = Bytes.readUnsigned(f, at + 1, 4, fcBig);
            Set<MeterRole> roles = new HashSet<>();
            byte[] plaintext = null;
            for (Association a : associations) {
                byte[] key = a.key().bytes();
                try {
                    Optional<byte[]> p = opener(a, key).open(SecurityLayer.iv(a.systemTitle(), fc), SecurityLayer.aad(aad, sc, key), f,
                            at + Layout.Security.HEADER_SIZE, ctLength + tag, tag);
                    if (p.isPresent()) {
                        roles.add(a.role());
                        plaintext = p.get();
                    }
                } finally {
                    java.util.Arrays.fill(key, (byte) 0);
                }
            }
            if (roles.isEmpty()) {
                return null;
            }
            Authenticated x = new Authenticated();
            x.line = e.line();
            x.time = e.instant().getEpochSecond();
            x.payload = java.util.Arrays.copyOfRange(f, headerSize, headerSize + payloadLength);
            x.apduOffset = apduOffset;
            x.fc = fc;
            x.roles = roles;
            x.plaintext = plaintext;
            return x;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SecurityCandidate c && c.apduOffset == apduOffset && c.tag == tag && c.fcBig == fcBig && c.aad == aad;
        }

        @Override
        public int hashCode() {
            return ((apduOffset * 31 + tag) * 2 + (fcBig ? 1 : 0)) * 3 + aad.ordinal();
        }
    }

    /** One opener per association, made once: discovery opens thousands of APDUs with the same keys. */
    private final Map<MeterRole, GcmEngine.Opener> openers = new HashMap<>();

    private GcmEngine.Opener opener(Association a, byte[] key) {
        return openers.computeIfAbsent(a.role(), r -> engine.opener(key));
    }

    private static boolean fcsOk(byte[] f, FcsCrc crc, boolean big) {
        int n = crc.size();
        if (f.length < n + 1) {
            return false;
        }
        return Bytes.readUnsigned(f, f.length - n, n, big) == crc.compute(f, 0, f.length - n);
    }

    private static int majority(Map<Integer, Integer> counts) {
        return counts.entrySet().stream().max((a, b) -> a.getValue().equals(b.getValue())
                ? Integer.compare(b.getKey(), a.getKey()) : Integer.compare(a.getValue(), b.getValue())).orElseThrow().getKey();
    }

    private static String hex(int b) {
        return String.format("%02X", b);
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> p : permutations(rest)) {
                List<T> l = new ArrayList<>();
                l.add(first);
                l.addAll(p);
                out.add(l);
            }
        }
        return out;
    }
}
