package dev.sealgate.crypto;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * What cryptography can establish about one signature, before any policy decides what it means:
 * whether the digest matches, whether the signature value verifies, which certificate signed, the
 * claimed time, time-stamps, and the validation material the signature carries.
 *
 * @param digestMatches         null when no content was available to compare (detached without original)
 * @param signingCertificateRef whether signing-certificate(-v2) names the signer certificate; null when absent
 * @param archiveTimeStamps     archive time-stamps inside the signature (CAdES archive-time-stamp-v3)
 */
public record SignatureFacts(
        boolean parsed,
        String formatProblem,
        X509Certificate signer,
        String signatureAlgorithm,
        String digestAlgorithm,
        Boolean digestMatches,
        boolean signatureValid,
        Boolean signingCertificateRef,
        Instant claimedSigningTime,
        List<TimeStampFacts> signatureTimeStamps,
        List<TimeStampFacts> archiveTimeStamps,
        List<X509Certificate> certificates,
        List<X509CRL> crls,
        List<byte[]> ocspResponses) {

    /** The same facts with what was found about the signed data replaced. */
    public SignatureFacts withDigestMatches(Boolean matches) {
        return new SignatureFacts(parsed, formatProblem, signer, signatureAlgorithm, digestAlgorithm, matches, signatureValid,
                signingCertificateRef, claimedSigningTime, signatureTimeStamps, archiveTimeStamps, certificates, crls, ocspResponses);
    }

    public static SignatureFacts unparseable(String problem) {
        return new SignatureFacts(false, problem, null, null, null, null, false, null, null, List.of(), List.of(), List.of(),
                List.of(), List.of());
    }

    /** A time-stamp token and what was checked about it. */
    /** @param digestAlgorithm the message imprint's digest (SHA256, ...); null when the token is unreadable */
    public record TimeStampFacts(Instant genTime, X509Certificate tsa, List<X509Certificate> certificates,
            boolean imprintMatches, boolean signatureValid, String digestAlgorithm) {

        /** A token that could not be read: proves nothing. */
        public static TimeStampFacts unreadable() {
            return new TimeStampFacts(null, null, List.of(), false, false, null);
        }
    }
}
