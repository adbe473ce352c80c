package dev.sealgate.verification;

import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.List;
import java.util.Locale;

import dev.sealgate.crypto.SignatureFacts;

/**
 * EN 319 102-1 5.2.8, signature acceptance validation: the policy's constraints on what was signed and
 * how — key sizes, digest algorithms, and the lowest level (B-B, B-T, B-LT, B-LTA) it accepts.
 */
final class SignatureAcceptanceValidation {

    static final List<String> LEVELS = List.of("B-B", "B-T", "B-LT", "B-LTA");

    private SignatureAcceptanceValidation() {
    }

    static Conclusion check(ValidationPolicies.Policy policy, SignatureFacts facts, String level, Findings findings) {
        PublicKey key = facts.signer().getPublicKey();
        if (key instanceof RSAKey rsa && rsa.getModulus().bitLength() < policy.minRsaBits()) {
            findings.error("KEY_TOO_SHORT", "RSA key of " + rsa.getModulus().bitLength() + " bits; the policy requires "
                    + policy.minRsaBits() + ".");
            return Conclusion.indeterminate("CRYPTO_CONSTRAINTS_FAILURE_NO_POE");
        }
        if (key instanceof ECKey ec && ec.getParams().getCurve().getField().getFieldSize() < policy.minEcBits()) {
            findings.error("KEY_TOO_SHORT", "EC key below " + policy.minEcBits() + " bits.");
            return Conclusion.indeterminate("CRYPTO_CONSTRAINTS_FAILURE_NO_POE");
        }
        if (facts.digestAlgorithm() != null && policy.digestAlgorithms().stream().map(SignatureAcceptanceValidation::normalise)
                .noneMatch(normalise(facts.digestAlgorithm())::equals)) {
            findings.error("DIGEST_NOT_ALLOWED", "Digest algorithm " + facts.digestAlgorithm() + " is not accepted by the policy.");
            return Conclusion.indeterminate("CRYPTO_CONSTRAINTS_FAILURE_NO_POE");
        }
        if (LEVELS.indexOf(level) < LEVELS.indexOf(policy.minLevel())) {
            findings.error("LEVEL_TOO_LOW", "Level " + level + "; the policy requires at least " + policy.minLevel() + ".");
            return Conclusion.indeterminate("SIG_CONSTRAINTS_FAILURE");
        }
        return Conclusion.PASSED;
    }

    private static String normalise(String algorithm) {
        return algorithm.toUpperCase(Locale.ROOT).replace("-", "");
    }
}
