package it.c2du.core.receive;

import it.c2du.core.crypto.GcmEngine;
import it.c2du.core.layout.Layout;
import it.c2du.core.profile.MeterRole;
import it.c2du.core.stack.CompactFrame;
import it.c2du.core.stack.CompactFrameCodec;
import it.c2du.core.stack.ConvergenceLayer;
import it.c2du.core.stack.ConvergencePdu;
import it.c2du.core.stack.Layer;
import it.c2du.core.stack.LayerResult;
import it.c2du.core.stack.LlcLayer;
import it.c2du.core.stack.LlcPdu;
import it.c2du.core.stack.MacAddress;
import it.c2du.core.stack.MacFrame;
import it.c2du.core.stack.MacLayer;
import it.c2du.core.stack.RejectReason;
import it.c2du.core.stack.Rejection;
import it.c2du.core.stack.Scan;
import it.c2du.core.stack.SecuredApdu;
import it.c2du.core.stack.SecurityLayer;
import java.util.EnumMap;
import java.util.Map;

/**
 * The DU's receive stack: a Layer-1 MAC frame in, a {@link Reception} out. See the package
 * documentation for the diagram. Holds one {@link FrameCounterWindow} per association; not
 * thread-safe (one receiving thread).
 */
public final class ReceiveStack {
    private final MacAddress own;
    private final Layout layout;
    private final Map<MeterRole, Association> associations = new EnumMap<>(MeterRole.class);
    private final Map<MeterRole, FrameCounterWindow> windows = new EnumMap<>(MeterRole.class);
    private final Map<MeterRole, SecurityContext> contexts = new EnumMap<>(MeterRole.class);

    /** A receiver of profile C2P-1. */
    public ReceiveStack(MacAddress own, Iterable<Association> associations, GcmEngine engine) {
        this(own, associations, engine, Layout.c2p1());
    }

    /** A receiver of the given layout (a profile file's, or C2P-1). */
    public ReceiveStack(MacAddress own, Iterable<Association> associations, GcmEngine engine, Layout layout) {
        this.own = own;
        this.layout = layout;
        for (Association a : associations) {
            this.associations.put(a.role(), a);
            this.windows.put(a.role(), new FrameCounterWindow());
            this.contexts.put(a.role(), new SecurityContext(a, engine, layout.security()));
        }
    }

    /**
     * What authenticating a meter's frames needs, made once per association: the engine's opener
     * for its key (cipher object and key schedule), the AAD (the profile's; the security layer
     * lets only one SC through) and an IV whose System Title part is already written.
     */
    private static final class SecurityContext {
        final GcmEngine.Opener opener;
        final byte[] aad;
        final byte[] iv;

        SecurityContext(Association a, GcmEngine engine, Layout.Security security) {
            byte[] key = a.key().bytes();
            this.opener = engine.opener(key);
            this.aad = SecurityLayer.aad(security.aad(), security.control(), key);
            this.iv = SecurityLayer.iv(a.systemTitle(), 0);
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    /** Receives one frame: checks every layer, consumes its frame counter when accepted. */
    public Reception receive(byte[] frame) {
        return run(frame, true);
    }

    /** Decodes one frame as a first reception, leaving the windows untouched ({@code du decode}). */
    public Reception inspect(byte[] frame) {
        return run(frame, false);
    }

    /** The replay window of a meter's context (for durable state); null without association. */
    public FrameCounterWindow window(MeterRole role) {
        return windows.get(role);
    }

    /** Replaces a context's window, e.g. with one restored from durable state. */
    public void restoreWindow(MeterRole role, FrameCounterWindow window) {
        if (!associations.containsKey(role)) {
            throw new IllegalArgumentException("no association for " + role);
        }
        windows.put(role, window);
    }

    /** The layout this receiver reads. */
    public Layout layout() {
        return layout;
    }

    /** The DU's own MAC address: frames for another are not-for-me. */
    public MacAddress ownAddress() {
        return own;
    }

    public Map<MeterRole, Association> associations() {
        return Map.copyOf(associations);
    }

    /**
     * {@link #receive} without the {@link Reception}: checks every layer, consumes the frame
     * counter when accepted, and answers a {@link ReceptionCode}. Nothing is allocated per frame
     * outside the AES-GCM engine (the plaintext goes into a buffer of this stack): the counting
     * path's form (docs/performance.md, issue 20). The plaintext stays readable through
     * {@link #plaintext} until the next frame.
     */
    public int receiveCode(byte[] frame) {
        return scan(frame, true);
    }

    /** The authenticated plaintext of the last frame (its length is in the code), until the next frame. */
    public byte[] plaintext(int code) {
        int n = ReceptionCode.plaintextLength(code);
        return n < 0 ? null : java.util.Arrays.copyOf(plaintext, n);
    }

    /** The plaintext buffer: no MAC payload is longer, so no ciphertext is. */
    private final byte[] plaintext = new byte[Layout.Mac.MAX_PAYLOAD];
    /**
     * Each layer's {@link Scan} of the last frame (negative = rejected there, or not reached): what
     * {@link #reception} builds the PDU records from without checking anything twice.
     */
    private long macScan;
    private long llcScan;
    private long convScan;
    private long secScan;

    private Reception run(byte[] frame, boolean useWindow) {
        return reception(frame, scan(frame, useWindow));
    }

    /**
     * Every check of the stack, in order, with the layers' scans: the one place a verdict is made.
     * Without {@code useWindow} the frame is taken as a first reception and no window is touched
     * ({@code du decode}): a fresh window finds every counter new.
     */
    private int scan(byte[] frame, boolean useWindow) {
        macScan = llcScan = convScan = secScan = Scan.rejected(RejectReason.TRUNCATED);
        long mac = macScan = MacLayer.scan(frame, own, layout.mac());
        if (Scan.isRejected(mac)) {
            return ReceptionCode.rejected(Layer.MAC, Scan.reason(mac));
        }
        // Each layer reads its PDU in place, in the received frame: no copies on the way up.
        long llc = llcScan = LlcLayer.scan(frame, Scan.offset(mac), Scan.length(mac), layout);
        if (Scan.isRejected(llc)) {
            return ReceptionCode.rejected(Layer.LLC, Scan.reason(llc));
        }
        long conv = convScan = ConvergenceLayer.scan(frame, Scan.offset(llc), Scan.length(llc), layout.convergence());
        if (Scan.isRejected(conv)) {
            return ReceptionCode.rejected(Layer.CONVERGENCE, Scan.reason(conv));
        }
        Layout.Security security = layout.security();
        int apdu = Scan.offset(conv);
        long sec = secScan = SecurityLayer.scan(frame, apdu, Scan.length(conv), security);
        if (Scan.isRejected(sec)) {
            return ReceptionCode.rejected(Layer.SECURITY, Scan.reason(sec));
        }
        MeterRole meter = MeterRole.bySsap(Scan.value(conv));
        SecurityContext context = contexts.get(meter);
        if (context == null) {
            return ReceptionCode.rejected(Layer.SECURITY, RejectReason.NO_KEY);
        }
        long fc = SecurityLayer.frameCounter(frame, apdu, security);
        SecurityLayer.setFrameCounter(context.iv, fc);
        int tag = security.tagSize();
        int n = context.opener.open(context.iv, context.aad, frame, Scan.offset(sec), Scan.length(sec) + tag, tag, plaintext, 0);
        if (n < 0) {
            return ReceptionCode.rejected(Layer.SECURITY, RejectReason.AUTH_FAILED);
        }

        // Authenticated: only now may the frame counter touch the window.
        FrameCounterWindow window = useWindow ? windows.get(meter) : null;
        FrameCounterWindow.Position position = useWindow ? window.position(fc) : FrameCounterWindow.Position.NEW_HIGHEST;
        if (position == FrameCounterWindow.Position.STALE) {
            return ReceptionCode.rejected(Layer.REPLAY, RejectReason.REPLAY_STALE);
        }
        long cf = CompactFrameCodec.scan(plaintext, 0, n, layout.compactFrames());
        int cfNumber = Scan.isRejected(cf) ? -1 : Scan.value(cf);
        if (position == FrameCounterWindow.Position.REPETITION) {
            return ReceptionCode.authenticated(Verdict.REPETITION, null, null, n, cfNumber);
        }
        // Every verified counter is consumed, even one whose plaintext is then rejected.
        if (useWindow) {
            window.consume(fc);
        }
        if (Scan.isRejected(cf)) {
            return ReceptionCode.authenticated(Verdict.REJECTED, Layer.COMPACT_FRAME, Scan.reason(cf), n, -1);
        }
        return ReceptionCode.authenticated(Verdict.ACCEPTED, null, null, n, cfNumber);
    }

    /** The {@link Reception} of the frame {@link #scan} just saw: its code, and the records of the layers it passed. */
    private Reception reception(byte[] frame, int code) {
        Verdict verdict = ReceptionCode.verdict(code);
        RejectReason reason = ReceptionCode.reason(code);
        Rejection rejection = reason == null ? null : new Rejection(ReceptionCode.layer(code), reason);
        MacFrame mac = Scan.isRejected(macScan) ? null : MacLayer.pdu(frame, own, layout.mac(), macScan);
        LlcPdu llc = Scan.isRejected(llcScan) ? null : LlcLayer.pdu(frame, layout, llcScan);
        ConvergencePdu conv = Scan.isRejected(convScan) ? null : ConvergenceLayer.pdu(frame, layout.convergence(), convScan);
        SecuredApdu sec = Scan.isRejected(secScan) ? null : SecurityLayer.pdu(frame, layout.security(), secScan);
        byte[] text = plaintext(code);
        CompactFrame cf = null;
        if (text != null && ReceptionCode.cfNumber(code) >= 0) {
            LayerResult<CompactFrame> r = CompactFrameCodec.decode(text, layout.compactFrames());
            cf = ((LayerResult.Passed<CompactFrame>) r).pdu();
        }
        return new Reception(verdict, rejection, mac, llc, conv, sec, text, cf);
    }
}
