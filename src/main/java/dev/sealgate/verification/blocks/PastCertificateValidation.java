package dev.sealgate.verification.blocks;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * EN 319 102-1 5.6.2.1, past certificate validation: whether a certificate was within its validity at
 * a control time in the past (the best signature time for a signer, the generation time for a
 * time-stamping unit), rather than at the validation time.
 */
final class PastCertificateValidation {

    private PastCertificateValidation() {
    }

    /** Whether {@code cert} was valid at {@code controlTime}; true when either is unknown. */
    static boolean validAt(X509Certificate cert, Instant controlTime) {
        return cert == null || controlTime == null
                || !controlTime.isBefore(cert.getNotBefore().toInstant()) && !controlTime.isAfter(cert.getNotAfter().toInstant());
    }
}
