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
import it.c2du.core.stack.SecuredApdu;
import it.c2du.core.stack.SecurityLayer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

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

    private Reception run(byte[] frame, boolean useWindow) {
        LayerResult<MacFrame> macResult = MacLayer.decode(frame, own, layout.mac());
        if (!(macResult instanceof LayerResult.Passed<MacFrame> macOk)) {
            return rejected(macResult, null, null, null, null);
        }
        MacFrame mac = macOk.pdu();
        // Each layer reads its PDU in place, in the received frame: no copies on the way up.
        LayerResult<LlcPdu> llcResult = LlcLayer.decode(frame, mac.payloadOffset(), mac.length(), layout);
        if (!(llcResult instanceof LayerResult.Passed<LlcPdu> llcOk)) {
            return rejected(llcResult, mac, null, null, null);
        }
        LlcPdu llc = llcOk.pdu();
        LayerResult<ConvergencePdu> convResult = ConvergenceLayer.decode(frame, llc.payloadOffset(), llc.payloadLength(),
                layout.convergence());
        if (!(convResult instanceof LayerResult.Passed<ConvergencePdu> convOk)) {
            return rejected(convResult, mac, llc, null, null);
        }
        ConvergencePdu conv = convOk.pdu();
        LayerResult<SecuredApdu> secResult = SecurityLayer.decode(frame, conv.apduOffset(), conv.apduLength(), layout.security());
        if (!(secResult instanceof LayerResult.Passed<SecuredApdu> secOk)) {
            return rejected(secResult, mac, llc, conv, null);
        }
        SecuredApdu sec = secOk.pdu();

        SecurityContext context = contexts.get(conv.meter());
        if (context == null) {
            return reject(Layer.SECURITY, RejectReason.NO_KEY, mac, llc, conv, sec, null);
        }
        SecurityLayer.setFrameCounter(context.iv, sec.frameCounter());
        Optional<byte[]> opened = context.opener.open(context.iv, context.aad, frame, sec.ciphertextOffset(),
                sec.ciphertextLength() + sec.tagLength(), sec.tagLength());
        if (opened.isEmpty()) {
            return reject(Layer.SECURITY, RejectReason.AUTH_FAILED, mac, llc, conv, sec, null);
        }
        byte[] plaintext = opened.get();

        // Authenticated: only now may the frame counter touch the window.
        FrameCounterWindow window = useWindow ? windows.get(conv.meter()) : new FrameCounterWindow();
        FrameCounterWindow.Position position = window.position(sec.frameCounter());
        if (position == FrameCounterWindow.Position.STALE) {
            return reject(Layer.REPLAY, RejectReason.REPLAY_STALE, mac, llc, conv, sec, null);
        }
        LayerResult<CompactFrame> cfResult = CompactFrameCodec.decode(plaintext, layout.compactFrames());
        CompactFrame cf = cfResult instanceof LayerResult.Passed<CompactFrame> ok ? ok.pdu() : null;
        if (position == FrameCounterWindow.Position.REPETITION) {
            return new Reception(Verdict.REPETITION, null, mac, llc, conv, sec, plaintext, cf);
        }
        // Every verified counter is consumed, even one whose plaintext is then rejected.
        window.consume(sec.frameCounter());
        if (cfResult instanceof LayerResult.Rejected<CompactFrame> r) {
            return new Reception(Verdict.REJECTED, r.rejection(), mac, llc, conv, sec, plaintext, null);
        }
        return new Reception(Verdict.ACCEPTED, null, mac, llc, conv, sec, plaintext, cf);
    }

    private static Reception rejected(LayerResult<?> result, MacFrame mac, LlcPdu llc,
                                      ConvergencePdu conv, SecuredApdu sec) {
        Rejection rejection = ((LayerResult.Rejected<?>) result).rejection();
        return new Reception(Verdict.REJECTED, rejection, mac, llc, conv, sec, null, null);
    }

    private static Reception reject(Layer layer, RejectReason reason, MacFrame mac, LlcPdu llc,
                                    ConvergencePdu conv, SecuredApdu sec, byte[] plaintext) {
        return new Reception(Verdict.REJECTED, new Rejection(layer, reason), mac, llc, conv, sec, plaintext, null);
    }
}
