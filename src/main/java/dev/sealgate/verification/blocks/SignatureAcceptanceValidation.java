package dev.sealgate.verification.blocks;

import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.sealgate.crypto.CertificatePaths;
import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.SealFacts;
import dev.sealgate.verification.report.SubIndication;

/**
 * EN 319 102-1 5.2.8, signature acceptance validation: the policy's constraints on what was signed and
 * how — key sizes, digest algorithms, and the lowest level (B-B, B-T, B-LT, B-LTA) it accepts.
 */
final class SignatureAcceptanceValidation {

    private SignatureAcceptanceValidation() {
    }

    /**
     * The signing time the signer claims must lie within its certificate's validity (EU DSS's default policy,
     * SignedAttributes/SigningTimeInCertRange, FAIL): a certificate used before it was issued or after it expired,
     * by the signer's own word.
     */
    static Conclusion signingTimeInCertificateRange(Instant claimed, java.security.cert.X509Certificate signer, Findings findings) {
        if (claimed == null || signer == null || PastCertificateValidation.validAt(signer, claimed)) {
            return Conclusion.PASSED;
        }
        findings.error("SIGNING_TIME_OUTSIDE_CERTIFICATE", "The signer states it signed at " + claimed + ", outside its certificate's"
                + " validity (" + signer.getNotBefore().toInstant() + " to " + signer.getNotAfter().toInstant() + ").");
        return Conclusion.indeterminate(SubIndication.SIG_CONSTRAINTS_FAILURE);
    }

    static Conclusion check(ValidationPolicies.Policy policy, SignatureFacts facts, BaselineLevel level, Findings findings) {
        PublicKey key = facts.signer().getPublicKey();
        if (key instanceof RSAKey rsa && rsa.getModulus().bitLength() < policy.minRsaBits()) {
            findings.error("KEY_TOO_SHORT", "RSA key of " + rsa.getModulus().bitLength() + " bits; the policy requires "
                    + policy.minRsaBits() + ".");
            return Conclusion.indeterminate(SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE);
        }
        if (key instanceof ECKey ec && ec.getParams().getCurve().getField().getFieldSize() < policy.minEcBits()) {
            findings.error("KEY_TOO_SHORT", "EC key below " + policy.minEcBits() + " bits.");
            return Conclusion.indeterminate(SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE);
        }
        if (facts.digestAlgorithm() != null && policy.digestAlgorithms().stream().map(SignatureAcceptanceValidation::normalise)
                .noneMatch(normalise(facts.digestAlgorithm())::equals)) {
            findings.error("DIGEST_NOT_ALLOWED", "Digest algorithm " + facts.digestAlgorithm() + " is not accepted by the policy.");
            return Conclusion.indeterminate(SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE);
        }
        BaselineLevel minimum = BaselineLevel.of(policy.minLevel());
        if (minimum != null && level.compareTo(minimum) < 0) {
            findings.error("LEVEL_TOO_LOW", "Level " + level + "; the policy requires at least " + policy.minLevel() + ".");
            return Conclusion.indeterminate(SubIndication.SIG_CONSTRAINTS_FAILURE);
        }
        return Conclusion.PASSED;
    }

    /**
     * The cryptographic constraints in time (EN 319 102-1 5.2.8, 5.6.2.5): a signature whose digest or
     * key algorithm reached its end of life before the validation time holds only if a proof of
     * existence ({@code poe}: a valid time-stamp over it) predates that end of life.
     */
    static Conclusion algorithmsInForce(AlgorithmExpiry algorithms, SignatureFacts facts, Instant now, Instant poe,
            Findings findings) {
        Instant expiry = algorithms.earliest(facts.digestAlgorithm(), facts.signer().getPublicKey(), facts.signatureAlgorithm());
        if (expiry == null || now.isBefore(expiry) || poe != null && poe.isBefore(expiry)) {
            return Conclusion.PASSED;
        }
        findings.error("ALGORITHM_EXPIRED", "The signature's algorithms (" + facts.signatureAlgorithm() + ") are no longer trusted after "
                + expiry + ", and nothing proves the signature existed before then.");
        return Conclusion.indeterminate(SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE);
    }

    /**
     * The same for the certificates on the signer's path (5.2.6 with the cryptographic constraints): a
     * certificate whose issuer signed it with an algorithm past its end of life is not evidence unless
     * something proves it existed before then. The trust anchor's own signature is not relied on.
     */
    static Conclusion chainAlgorithmsInForce(AlgorithmExpiry algorithms, CertificatePaths.Path path,
            Instant now, Instant poe, Findings findings) {
        List<java.security.cert.X509Certificate> chain = path.certificates();
        for (int i = 0; i + 1 < chain.size(); i++) {
            java.security.cert.X509Certificate certificate = chain.get(i);
            if (certificate.equals(path.anchor())) {
                break;
            }
            String signatureAlgorithm = certificate.getSigAlgName();
            String digest = signatureAlgorithm.toUpperCase(Locale.ROOT).contains("WITH")
                    ? signatureAlgorithm.substring(0, signatureAlgorithm.toUpperCase(Locale.ROOT).indexOf("WITH")) : null;
            Instant expiry = algorithms.earliest(digest, chain.get(i + 1).getPublicKey(), signatureAlgorithm);
            if (expiry != null && !now.isBefore(expiry) && (poe == null || !poe.isBefore(expiry))) {
                findings.error("ALGORITHM_EXPIRED", "The certificate '" + certificate.getSubjectX500Principal().getName()
                        + "' is signed with " + signatureAlgorithm + ", no longer trusted after " + expiry
                        + ", and nothing proves it existed before then.");
                return Conclusion.indeterminate(SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE);
            }
        }
        return Conclusion.PASSED;
    }

    private static String normalise(String algorithm) {
        return algorithm.toUpperCase(Locale.ROOT).replace("-", "");
    }

    /**
     * An OFD electronic seal's own constraints (GB/T 38540 verification): the signer's certificate must
     * be one the seal allows, and the signature's stated time must lie within the seal's validity.
     */
    static Conclusion sealConstraints(SealFacts seal, Findings findings) {
        if (!seal.signerListed()) {
            findings.error("SIGNER_NOT_ALLOWED_BY_SEAL", "The signer's certificate is not among those the seal " + seal.id()
                    + " allows to use it.");
            return Conclusion.indeterminate(SubIndication.SIG_CONSTRAINTS_FAILURE);
        }
        if (Boolean.FALSE.equals(seal.validAtSigning())) {
            findings.error("SEAL_NOT_VALID_AT_SIGNING", "The seal " + seal.id() + " is valid from " + seal.validFrom() + " to "
                    + seal.validTo() + "; the signature states a time outside that.");
            return Conclusion.indeterminate(SubIndication.SIG_CONSTRAINTS_FAILURE);
        }
        return Conclusion.PASSED;
    }
}
