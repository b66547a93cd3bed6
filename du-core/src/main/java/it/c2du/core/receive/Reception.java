package it.c2du.core.receive;

import it.c2du.core.profile.MeterRole;
import it.c2du.core.stack.CompactFrame;
import it.c2du.core.stack.ConvergencePdu;
import it.c2du.core.stack.LlcPdu;
import it.c2du.core.stack.MacFrame;
import it.c2du.core.stack.Rejection;
import it.c2du.core.stack.SecuredApdu;

/**
 * What the stack made of one frame: the verdict, the rejection (rejected only), and every
 * layer's PDU as far as the frame got (null beyond that).
 *
 * @param plaintext   the authenticated plaintext; null when the frame was not authenticated or
 *                    was rejected as stale
 * @param compactFrame the decoded compact frame; null unless the plaintext fits the CF table
 */
public record Reception(Verdict verdict, Rejection rejection, MacFrame mac, LlcPdu llc,
                        ConvergencePdu convergence, SecuredApdu secured, byte[] plaintext,
                        CompactFrame compactFrame) {

    public boolean accepted() {
        return verdict == Verdict.ACCEPTED;
    }

    /** The sending meter, once the convergence layer named it. */
    public MeterRole meter() {
        return convergence == null ? null : convergence.meter();
    }

    /**
     * The frame counter, once the security header was read: reported from {@code no-key} on, as
     * interfaces.md shows (not for {@code security-control}, whose header is not trusted).
     */
    public Long frameCounter() {
        return secured == null ? null : secured.frameCounter();
    }

    /** The CF number byte of the authenticated plaintext. */
    public Integer cfNumber() {
        return plaintext == null || plaintext.length == 0 ? null : plaintext[0] & 0xFF;
    }
}
