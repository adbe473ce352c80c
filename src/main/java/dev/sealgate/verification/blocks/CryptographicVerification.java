package dev.sealgate.verification.blocks;

import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.formats.Inspected;
import dev.sealgate.verification.report.SubIndication;


/**
 * EN 319 102-1 5.2.7, cryptographic verification: the signed data objects are intact (their digests,
 * or for a JWS its signing input) and the signature value verifies with the signer's public key.
 */
final class CryptographicVerification {

    private CryptographicVerification() {
    }

    /**
     * The document's signed content, checked before anything else about the signature (an OFD package's protected
     * files): a change is reported whatever else is missing (the signer's certificate, a readable seal), as
     * EN 319 102-1 puts the integrity of the signed data objects before the chain.
     */
    static Conclusion packageIntact(Inspected.Context context, Findings findings) {
        String changed = context.details().changedContent();
        if (changed == null) {
            return Conclusion.PASSED;
        }
        findings.error("HASH_FAILURE", changed);
        return Conclusion.failed(SubIndication.HASH_FAILURE);
    }

    static Conclusion check(SignatureFacts facts, Findings findings) {
        if (Boolean.FALSE.equals(facts.digestMatches())) {
            findings.error("HASH_FAILURE", "The signed data does not match the signature (the digest it carries or,"
                    + " for a JWS, its signing input).");
            return Conclusion.failed(SubIndication.HASH_FAILURE);
        }
        if (facts.digestMatches() == null) {
            findings.error("SIGNED_DATA_NOT_FOUND", "Detached signature: send the original document as part 'original'.");
            return Conclusion.indeterminate(SubIndication.SIGNED_DATA_NOT_FOUND);
        }
        if (!facts.signatureValid()) {
            findings.error("SIG_CRYPTO_FAILURE", "The signature value does not verify with the signer's public key.");
            return Conclusion.failed(SubIndication.SIG_CRYPTO_FAILURE);
        }
        return Conclusion.PASSED;
    }
}
