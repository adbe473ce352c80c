package dev.sealgate.verification.blocks;

import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.verification.report.SubIndication;

/**
 * EN 319 102-1 5.2.3, identification of the signing certificate: the signature carries the signer's
 * certificate, and its signing-certificate reference (ESS signing-certificate-v2, x5t#S256) names
 * that certificate.
 */
final class SigningCertificateIdentification {

    private SigningCertificateIdentification() {
    }

    /** Whether a signing certificate was found at all. */
    static Conclusion certificateFound(SignatureFacts facts, Findings findings) {
        if (facts.signer() == null) {
            findings.error("NO_SIGNING_CERTIFICATE", "The signer's certificate is not in the signature.");
            return Conclusion.indeterminate(SubIndication.NO_SIGNING_CERTIFICATE_FOUND);
        }
        return Conclusion.PASSED;
    }

    /** Whether the signed reference to the signing certificate, where there is one, names it. */
    static Conclusion referenceMatches(SignatureFacts facts, Findings findings) {
        if (Boolean.FALSE.equals(facts.signingCertificateRef())) {
            findings.error("SIGNING_CERTIFICATE_MISMATCH", "The signing-certificate attribute names another certificate.");
            return Conclusion.indeterminate(SubIndication.NO_SIGNING_CERTIFICATE_FOUND);
        }
        return Conclusion.PASSED;
    }
}
