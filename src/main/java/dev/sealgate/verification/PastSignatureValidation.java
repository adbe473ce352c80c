package dev.sealgate.verification;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * EN 319 102-1 5.6.2.4, past signature validation: a signer's certificate that is not valid at the
 * best signature time (the earliest proof of existence, else the validation time) leaves the signature
 * INDETERMINATE — OUT_OF_BOUNDS_NOT_REVOKED when acceptable revocation data still shows it not
 * revoked, OUT_OF_BOUNDS_NO_POE otherwise. It applies once the signer's own certificate has passed its
 * revocation checks, as EU DSS walks the path (the signer's certificate first, its revocation data before
 * its validity): a signer without acceptable revocation data ends the validation there, while a gap
 * further up the path comes after an expired signer. The validity itself is
 * {@link PastCertificateValidation}'s.
 */
final class PastSignatureValidation {

    private PastSignatureValidation() {
    }

    static Conclusion check(X509Certificate signer, X509CertificateValidation.Result path, Instant bestTime, Findings findings) {
        Conclusion conclusion = path.conclusion();
        boolean applies = path.trusted() && (conclusion.passed() || path.signerPassed());
        if (applies && !PastCertificateValidation.validAt(signer, bestTime)) {
            SubIndication sub = path.signerNotRevoked() ? SubIndication.OUT_OF_BOUNDS_NOT_REVOKED : SubIndication.OUT_OF_BOUNDS_NO_POE;
            findings.error(sub.name(), "The signer's certificate was not valid at the best signature time, and no earlier proof of"
                    + " existence exists" + (path.signerNotRevoked() ? " (it is not revoked)." : "."));
            return Conclusion.indeterminate(sub);
        }
        return conclusion;
    }
}
