package dev.sealgate.verification.blocks;

import java.security.cert.X509Certificate;
import java.time.Instant;

import dev.sealgate.crypto.CertificateStatus;
import dev.sealgate.crypto.RevocationEvidence;
import dev.sealgate.verification.report.Indication;
import dev.sealgate.verification.report.SubIndication;

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

    static Conclusion check(X509Certificate signer, X509CertificateValidation.Result path, Instant proofOfExistence, Instant now,
            Findings findings) {
        return check(signer, path, proofOfExistence, null, now, findings);
    }

    /** @param archivedAt when a valid archive time-stamp proves the signature and its validation data existed, or null */
    static Conclusion check(X509Certificate signer, X509CertificateValidation.Result path, Instant proofOfExistence, Instant archivedAt,
            Instant now, Findings findings) {
        Conclusion basic = basic(signer, path, proofOfExistence, archivedAt, now, findings);
        if (longTermAllowed(basic) && path.trusted() && !path.chainRevocationAcceptable()) {
            // EN 319 102-1 5.5.4 step 2, as EU DSS 6.4 applies it: once the basic validation allows long-term validation
            // (passed, or OUT_OF_BOUNDS_*, REVOKED_*NO_POE, TRY_LATER, CRYPTO_CONSTRAINTS_FAILURE_NO_POE), every certificate of
            // the path below the anchor needs acceptable revocation data, whichever certificate failed first
            findings.error("REVOCATION_UNAVAILABLE", "No acceptable revocation data for a certificate of the signer's path.");
            return Conclusion.indeterminate(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE);
        }
        return basic;
    }

    /** The basic validation results from which long-term validation goes on (EN 319 102-1 5.5.4 step 1). */
    static boolean longTermAllowed(Conclusion conclusion) {
        return conclusion.passed() || conclusion.indication() == Indication.INDETERMINATE && switch (conclusion.subIndication()) {
            case CRYPTO_CONSTRAINTS_FAILURE_NO_POE, REVOKED_NO_POE, REVOKED_CA_NO_POE, TRY_LATER, OUT_OF_BOUNDS_NO_POE,
                    OUT_OF_BOUNDS_NOT_REVOKED -> true;
            default -> false;
        };
    }

    private static Conclusion basic(X509Certificate signer, X509CertificateValidation.Result path, Instant proofOfExistence,
            Instant archivedAt, Instant now, Findings findings) {
        Conclusion conclusion = path.conclusion();
        // a signer's certificate that is itself a trust anchor is trusted as it is: its validity is not checked
        // (RFC 5280 6.1.1 d, and EU DSS, which ends the path at the anchor)
        boolean signerIsAnchor = path.trusted() && !path.chain().isEmpty() && path.chain().get(0).trustAnchor();
        boolean applies = path.trusted() && !signerIsAnchor && (conclusion.passed() || path.signerPassed());
        if (applies && proofOfExistence != null && proofOfExistence.isBefore(signer.getNotBefore().toInstant())) {
            // EN 319 102-1 5.5.4: a proof that the signature existed before its certificate was issued
            findings.error("NOT_YET_VALID", "A time-stamp proves the signature existed at " + proofOfExistence
                    + ", before the signer's certificate was issued (" + signer.getNotBefore().toInstant() + ").");
            return Conclusion.failed(SubIndication.NOT_YET_VALID);
        }
        if (applies && !PastCertificateValidation.validAt(signer, now)) {
            // X.509 validation at the validation time (EN 319 102-1 5.2.6, EU DSS's XCV): the signer's certificate is out of
            // its validity; OUT_OF_BOUNDS_NOT_REVOKED when acceptable revocation data, from an issuer still valid (or an
            // anchor), shows it not revoked. The long-term validation (5.5.4 d) and the past signature validation over
            // archive time-stamps (5.6.2.4) accept it when a proof of existence lies within its validity: for
            // NOT_REVOKED a signature time-stamp suffices, for NO_POE only the archival process does it
            SubIndication sub = path.signerNotRevoked() ? SubIndication.OUT_OF_BOUNDS_NOT_REVOKED : SubIndication.OUT_OF_BOUNDS_NO_POE;
            // (a revocation the acceptable data shows after the proof counts as known: EN 319 102-1 5.5.4 a)
            RevocationEvidence evidence = path.evidences().isEmpty() ? null : path.evidences().get(0);
            boolean revokedAfterProof = evidence != null && proofOfExistence != null
                    && evidence.status().state() == CertificateStatus.State.REVOKED && proofOfExistence.isBefore(evidence.status().revokedAt());
            boolean proven = proofOfExistence != null && PastCertificateValidation.validAt(signer, proofOfExistence)
                    && (path.signerNotRevoked() || revokedAfterProof || archivedAt != null);
            if (!proven) {
                findings.error(sub.name(), "The signer's certificate was not valid at the best signature time, and no earlier proof of"
                        + " existence exists" + (path.signerNotRevoked() ? " (it is not revoked)." : "."));
                return Conclusion.indeterminate(sub);
            }
        } else if (applies && !path.signerRevocationIssuerValid()) {
            // EU DSS's RevocationIssuerNotExpired (signing certificate): the certificate that signed the signer's revocation
            // data has expired by the validation time, and no archive time-stamp proves the data existed before
            findings.error("REVOCATION_OUT_OF_BOUNDS_NO_POE", "The certificate that signed the revocation data of the signer's"
                    + " certificate has expired, and nothing proves the data was issued while it was valid.");
            return Conclusion.indeterminate(SubIndication.REVOCATION_OUT_OF_BOUNDS_NO_POE);
        }
        return conclusion;
    }
}
