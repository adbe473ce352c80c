package dev.sealgate.verification.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.sealgate.crypto.CertificateStatus;
import dev.sealgate.crypto.CryptoProviders;
import dev.sealgate.crypto.RevocationEvidence;
import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.Inspected;
import dev.sealgate.formats.pades.PdfCoverage;
import dev.sealgate.verification.OfflineValidation;
import dev.sealgate.verification.gathering.RevocationSources;
import dev.sealgate.verification.report.SubIndication;

/**
 * Each EN 319 102-1 building block on its own, with the facts and constraints that decide it: the
 * conclusions the whole validator is assembled from (the end-to-end answers are checked against
 * EU DSS in DssAgreementTest, ValidationTimeTest and SignedSamplesAgreementTest).
 */
class BuildingBlocksTest {

    private static final Instant NOW = Instant.parse("2027-03-01T12:00:00Z");
    private static X509Certificate signer;
    private static X509Certificate rsa1024;

    @BeforeAll
    static void certificates() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        signer = certificate(ec.generateKeyPair(), "SHA256withECDSA", NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(10)));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        rsa1024 = certificate(rsa.generateKeyPair(), "SHA256withRSA", NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(10)));
    }

    @Nested
    class FormatCheckingBlock {
        @Test
        void anUnreadableSignatureFailsItsFormat() {
            Findings findings = new Findings();
            Conclusion conclusion = FormatChecking.check(SignatureFacts.unparseable("truncated"), context(null), findings);
            assertEquals(Conclusion.failed(SubIndication.FORMAT_FAILURE), conclusion);
            assertEquals("truncated", findings.errors.get(0).text());
        }

        @Test
        void aPdfChangedInAForbiddenWayFailsItsFormat() {
            PdfCoverage coverage = new PdfCoverage(List.of(0L, 10L, 20L, 30L), 50, 90, false, 1,
                    false, "A later revision has 2 pages where the signed one has 1.");
            assertEquals(Conclusion.failed(SubIndication.FORMAT_FAILURE), FormatChecking.check(facts(true, true, null), context(coverage), new Findings()));
            PdfCoverage allowed = new PdfCoverage(List.of(0L, 10L, 20L, 30L), 50, 90, false, 1,
                    true, null);
            assertTrue(FormatChecking.check(facts(true, true, null), context(allowed), new Findings()).passed(),
                    "a content change alone is a warning, not a format failure (as DSS's PdfVisualDifference)");
        }
    }

    @Nested
    class IdentificationAndCryptographicVerification {
        @Test
        void noSigningCertificate() {
            SignatureFacts none = new SignatureFacts(true, null, null, "SHA256withECDSA", "SHA-256", true, true, null, null, List.of(),
                    List.of(), List.of(), List.of(), List.of());
            assertEquals(Conclusion.indeterminate(SubIndication.NO_SIGNING_CERTIFICATE_FOUND),
                    SigningCertificateIdentification.certificateFound(none, new Findings()));
        }

        @Test
        void aReferenceToAnotherCertificate() {
            assertEquals(Conclusion.indeterminate(SubIndication.NO_SIGNING_CERTIFICATE_FOUND),
                    SigningCertificateIdentification.referenceMatches(facts(true, true, false), new Findings()));
            assertTrue(SigningCertificateIdentification.referenceMatches(facts(true, true, null), new Findings()).passed(),
                    "no reference at all is not a mismatch");
        }

        @Test
        void changedContentBeforeABadValueBeforeMissingData() {
            assertEquals(Conclusion.failed(SubIndication.HASH_FAILURE), CryptographicVerification.check(facts(false, false, null), new Findings()));
            assertEquals(Conclusion.failed(SubIndication.SIG_CRYPTO_FAILURE), CryptographicVerification.check(facts(true, false, null), new Findings()));
            assertEquals(Conclusion.indeterminate(SubIndication.SIGNED_DATA_NOT_FOUND),
                    CryptographicVerification.check(facts(null, true, null), new Findings()));
            assertTrue(CryptographicVerification.check(facts(true, true, null), new Findings()).passed());
        }
    }

    @Nested
    class RevocationFreshness {
        private final RevocationEvidence weekly = evidence(NOW.minus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(5)));

        @Test
        void withoutAMaximumTheDataIsFreshUntilItsNextUpdate() {
            assertTrue(RevocationFreshnessChecker.fresh(weekly, Optional.empty(), NOW, null));
            assertFalse(RevocationFreshnessChecker.fresh(weekly, Optional.empty(), NOW.plus(Duration.ofDays(6)), null));
        }

        @Test
        void aMaximumAgeIsCountedFromThisUpdate() {
            assertFalse(RevocationFreshnessChecker.fresh(weekly, Optional.of(Duration.ofDays(1)), NOW, null));
            assertTrue(RevocationFreshnessChecker.fresh(weekly, Optional.of(Duration.ofDays(3)), NOW, null));
        }

        @Test
        void dataRecentAtTheProofOfExistenceStaysFresh() {
            Instant timeStamped = NOW.minus(Duration.ofDays(2)).plus(Duration.ofHours(1));
            assertTrue(RevocationFreshnessChecker.fresh(weekly, Optional.of(Duration.ofDays(1)), NOW.plus(Duration.ofDays(400)), timeStamped));
        }

        @Test
        void dataWithoutNextUpdateNeedsAMaximum() {
            RevocationEvidence open = evidence(NOW.minus(Duration.ofHours(1)), null);
            assertFalse(RevocationFreshnessChecker.fresh(open, Optional.empty(), NOW, null));
            assertTrue(RevocationFreshnessChecker.fresh(open, Optional.of(Duration.ofDays(1)), NOW, null));
        }
    }

    @Nested
    class X509Validation {
        @Test
        void noDataIsAChainFailure() {
            assertEquals(Conclusion.NO_REVOCATION_DATA,
                    X509CertificateValidation.revocationStatus(signer, Optional.empty(), true, null, new Findings()));
        }

        @Test
        void dataFromBeforeTheCertificateIsNotAcceptable() {
            RevocationEvidence early = evidence(signer.getNotBefore().toInstant().minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)));
            assertEquals(Conclusion.indeterminate(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE),
                    X509CertificateValidation.revocationStatus(signer, found(early), true, null, new Findings()));
        }

        @Test
        void revocationAgainstTheProofOfExistence() {
            Instant revokedAt = NOW.minus(Duration.ofDays(1));
            RevocationEvidence revoked = new RevocationEvidence(RevocationEvidence.Kind.OCSP, CertificateStatus.revoked(revokedAt, 1),
                    NOW, NOW, NOW.plus(Duration.ofHours(1)), null, null);
            assertEquals(Conclusion.indeterminate(SubIndication.REVOKED_NO_POE),
                    X509CertificateValidation.revocationStatus(signer, found(revoked), true, null, new Findings()));
            assertTrue(X509CertificateValidation.revocationStatus(signer, found(revoked), true, revokedAt.minusSeconds(60), new Findings())
                    .passed(), "time-stamped before the revocation");
            assertEquals(Conclusion.indeterminate(SubIndication.REVOKED_NO_POE),
                    X509CertificateValidation.revocationStatus(signer, found(revoked), true, revokedAt.plusSeconds(60), new Findings()),
                    "time-stamped after the revocation: still INDETERMINATE, as EN 319 102-1 5.6.2.4 and EU DSS conclude");
            assertEquals(Conclusion.indeterminate(SubIndication.REVOKED_CA_NO_POE),
                    X509CertificateValidation.revocationStatus(signer, found(revoked), false, null, new Findings()));
        }
    }

    @Nested
    class RevocationDataIssuer {
        @Test
        void dataWhoseIssuerHasExpiredProvesNothingWithoutAnArchiveTimeStamp() throws Exception {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(256);
            X509Certificate expiredResponder = certificate(ec.generateKeyPair(), "SHA256withECDSA", NOW.minus(Duration.ofDays(30)),
                    NOW.minus(Duration.ofDays(1)));
            RevocationEvidence signedByExpiredResponder = new RevocationEvidence(RevocationEvidence.Kind.OCSP, CertificateStatus.GOOD,
                    NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(10)), null, null, expiredResponder);
            assertFalse(X509CertificateValidation.issuerProven(signedByExpiredResponder, NOW, null));
            assertTrue(X509CertificateValidation.issuerProven(signedByExpiredResponder, NOW, NOW.minus(Duration.ofDays(2))),
                    "an archive time-stamp from before the responder expired");
            assertFalse(X509CertificateValidation.issuerProven(signedByExpiredResponder, NOW, NOW.minus(Duration.ofHours(1))));
            assertTrue(X509CertificateValidation.issuerProven(signedByExpiredResponder, NOW.minus(Duration.ofDays(2)), null));
        }
    }

    @Nested
    class SignatureAcceptance {
        private final OfflineValidation.Policy longTerm = new OfflineValidation.Policy("B-LT", Optional.empty());

        @Test
        void keysDigestsAndLevel() {
            assertEquals(Conclusion.indeterminate(SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE),
                    SignatureAcceptanceValidation.check(longTerm, facts(rsa1024, "SHA-256"), BaselineLevel.B_LT, new Findings()));
            assertEquals(Conclusion.indeterminate(SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE),
                    SignatureAcceptanceValidation.check(longTerm, facts(signer, "SHA-1"), BaselineLevel.B_LT, new Findings()));
            assertEquals(Conclusion.indeterminate(SubIndication.SIG_CONSTRAINTS_FAILURE),
                    SignatureAcceptanceValidation.check(longTerm, facts(signer, "SHA-256"), BaselineLevel.B_T, new Findings()));
            assertTrue(SignatureAcceptanceValidation.check(longTerm, facts(signer, "SHA-256"), BaselineLevel.B_LTA, new Findings()).passed());
        }
    }

    @Nested
    class AlgorithmEndOfLife {
        private final OfflineValidation.Policy policy = new OfflineValidation.Policy("B-B", Optional.empty());
        private final AlgorithmExpiry table = AlgorithmExpiry.of(policy);

        @Test
        void theTableOfTs119312() throws Exception {
            assertEquals(Instant.parse("2012-08-01T00:00:00Z"), table.digest("SHA-1"));
            assertEquals(Instant.parse("2029-01-01T00:00:00Z"), table.digest("SHA224"));
            assertEquals(null, table.digest("SHA256"));
            assertEquals(Instant.parse("2019-10-01T00:00:00Z"), table.key(rsa1024.getPublicKey(), "SHA256withRSA"));
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            var rsa2048 = rsa.generateKeyPair().getPublic();
            assertEquals(Instant.parse("2029-01-01T00:00:00Z"), table.key(rsa2048, "SHA256withRSA"), "RSA 1,900 to 2,999 bits");
            assertEquals(null, table.key(signer.getPublicKey(), "SHA256withECDSA"), "ECDSA P-256 has no end of life in the table");
        }

        @Test
        void anExpiredAlgorithmNeedsAProofOfExistenceFromBeforeItsEnd() {
            SignatureFacts sha1 = facts(signer, "SHA1");
            assertEquals(Conclusion.indeterminate(SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE),
                    SignatureAcceptanceValidation.algorithmsInForce(table, sha1, NOW, null, new Findings()));
            assertEquals(Conclusion.indeterminate(SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE),
                    SignatureAcceptanceValidation.algorithmsInForce(table, sha1, NOW, Instant.parse("2013-01-01T00:00:00Z"), new Findings()),
                    "a proof from after the end of life proves nothing");
            assertTrue(SignatureAcceptanceValidation.algorithmsInForce(table, sha1, NOW, Instant.parse("2011-06-01T00:00:00Z"),
                    new Findings()).passed(), "a time-stamp from 2011 proves the SHA-1 signature existed while SHA-1 held");
            assertTrue(SignatureAcceptanceValidation.algorithmsInForce(table, sha1, Instant.parse("2010-01-01T00:00:00Z"), null,
                    new Findings()).passed(), "validated as of 2010, SHA-1 still held");
        }
    }

    @Nested
    class OfdSealConstraints {
        @Test
        void theSealMustAllowTheSignerAndBeValidWhenItSigned() {
            assertTrue(SignatureAcceptanceValidation.sealConstraints(seal(true, true), new Findings()).passed());
            assertEquals(Conclusion.indeterminate(SubIndication.SIG_CONSTRAINTS_FAILURE),
                    SignatureAcceptanceValidation.sealConstraints(seal(false, true), new Findings()), "a certificate the seal does not list");
            Findings findings = new Findings();
            assertEquals(Conclusion.indeterminate(SubIndication.SIG_CONSTRAINTS_FAILURE),
                    SignatureAcceptanceValidation.sealConstraints(seal(true, false), findings), "signed outside the seal's validity");
            assertEquals("SEAL_NOT_VALID_AT_SIGNING", findings.errors.get(0).code());
            assertTrue(SignatureAcceptanceValidation.sealConstraints(seal(true, null), new Findings()).passed(), "no stated time to judge");
        }

        private dev.sealgate.formats.SealFacts seal(boolean listed, Boolean inValidity) {
            return new dev.sealgate.formats.SealFacts("seal-1", "Test seal", 1, 4, "CN=Maker", "2020-01-01T00:00:00Z",
                    "2030-01-01T00:00:00Z", true, listed, inValidity, "PNG", null);
        }
    }

    @Nested
    class PastCertificate {
        @Test
        void validityAtAControlTimeInThePast() {
            Instant notBefore = signer.getNotBefore().toInstant();
            Instant notAfter = signer.getNotAfter().toInstant();
            assertTrue(PastCertificateValidation.validAt(signer, notBefore));
            assertTrue(PastCertificateValidation.validAt(signer, notAfter));
            assertFalse(PastCertificateValidation.validAt(signer, notBefore.minusSeconds(1)), "before the certificate was issued");
            assertFalse(PastCertificateValidation.validAt(signer, notAfter.plusSeconds(1)), "after it expired");
        }
    }

    @Nested
    class ValidationTimeSlidingBlock {
        private final Instant expiry = NOW.minus(Duration.ofDays(1));

        @Test
        void anExpiredCertificateCountsOnlyWithProofFromBeforeItsExpiry() {
            assertTrue(ValidationTimeSliding.controlTimeWithinValidity(expiry, expiry.minusSeconds(1), null), "not expired yet");
            assertFalse(ValidationTimeSliding.controlTimeWithinValidity(expiry, NOW, null), "expired, nothing slides the time back");
            assertTrue(ValidationTimeSliding.controlTimeWithinValidity(expiry, NOW, expiry.minus(Duration.ofHours(1))),
                    "an archive time-stamp from before the expiry");
            assertFalse(ValidationTimeSliding.controlTimeWithinValidity(expiry, NOW, expiry.plus(Duration.ofHours(1))),
                    "proof from after the expiry proves nothing");
            assertTrue(ValidationTimeSliding.controlTimeWithinValidity(null, NOW, null), "no expiry known");
        }
    }

    @Nested
    class PastSignature {
        private final Instant afterExpiry = signer.getNotAfter().toInstant().plus(Duration.ofDays(1));

        @Test
        void anExpiredSignerWithoutEarlierProof() {
            assertEquals(Conclusion.indeterminate(SubIndication.OUT_OF_BOUNDS_NOT_REVOKED),
                    PastSignatureValidation.check(signer, path(Conclusion.PASSED, true, true), null, afterExpiry, new Findings()));
            assertEquals(Conclusion.indeterminate(SubIndication.OUT_OF_BOUNDS_NO_POE),
                    PastSignatureValidation.check(signer, path(Conclusion.PASSED, false, true), null, afterExpiry, new Findings()));
            assertTrue(PastSignatureValidation.check(signer, path(Conclusion.PASSED, true, true), NOW, afterExpiry, new Findings()).passed(),
                    "proof of existence within the certificate's validity");
        }

        @Test
        void theSignersOwnRevocationDataComesBeforeItsValidity() {
            // the signer's certificate has no acceptable revocation data: that ends the validation, expired or not
            assertEquals(Conclusion.NO_REVOCATION_DATA,
                    PastSignatureValidation.check(signer, path(Conclusion.NO_REVOCATION_DATA, false, false), null, afterExpiry, new Findings()));
            // the signer's passed, a CA further up has none: the expired signer is found first by the basic validation, and
            // the long-term validation, which it allows, then finds the CA's gap (EN 319 102-1 5.5.4 step 2)
            assertEquals(Conclusion.indeterminate(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE),
                    PastSignatureValidation.check(signer, path(Conclusion.NO_REVOCATION_DATA, false, true, false), null, afterExpiry,
                            new Findings()));
            assertEquals(Conclusion.NO_REVOCATION_DATA,
                    PastSignatureValidation.check(signer, path(Conclusion.NO_REVOCATION_DATA, false, true), null, NOW, new Findings()),
                    "within its validity, the CA's gap is the answer");
        }
    }

    // ---- material ------------------------------------------------------------------------------

    private static Inspected.Context context(PdfCoverage pdf) {
        return new Inspected.Context("PAdES", null, List.of(), List.of(), List.of(), List.of(), List.of(), null,
                pdf == null ? null : new dev.sealgate.formats.pades.PdfFindings(pdf));
    }

    private static SignatureFacts facts(Boolean digestMatches, boolean signatureValid, Boolean certificateRef) {
        return new SignatureFacts(true, null, signer, "SHA256withECDSA", "SHA-256", digestMatches, signatureValid, certificateRef, NOW,
                List.of(), List.of(), List.of(signer), List.of(), List.of());
    }

    private static SignatureFacts facts(X509Certificate cert, String digest) {
        return new SignatureFacts(true, null, cert, "signature", digest, true, true, null, NOW, List.of(), List.of(), List.of(cert),
                List.of(), List.of());
    }

    private static X509CertificateValidation.Result path(Conclusion conclusion, boolean signerNotRevoked, boolean signerPassed) {
        return path(conclusion, signerNotRevoked, signerPassed, conclusion.passed());
    }

    private static X509CertificateValidation.Result path(Conclusion conclusion, boolean signerNotRevoked, boolean signerPassed,
            boolean chainRevocationAcceptable) {
        return new X509CertificateValidation.Result(conclusion, true, List.of(), List.of(), signerNotRevoked, signerPassed, true,
                chainRevocationAcceptable);
    }

    private static RevocationEvidence evidence(Instant thisUpdate, Instant nextUpdate) {
        return new RevocationEvidence(RevocationEvidence.Kind.CRL, CertificateStatus.GOOD, null, thisUpdate, nextUpdate, null, null);
    }

    private static Optional<RevocationSources.Found> found(RevocationEvidence evidence) {
        return Optional.of(new RevocationSources.Found(evidence, "embedded-crl"));
    }

    private static X509Certificate certificate(KeyPair keys, String algorithm, Instant notBefore, Instant notAfter) throws Exception {
        X500Name name = new X500Name("CN=Block test " + algorithm);
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()), Date.from(notBefore),
                Date.from(notAfter), name, keys.getPublic());
        return new JcaX509CertificateConverter().setProvider(CryptoProviders.bc())
                .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).setProvider(CryptoProviders.bc()).build(keys.getPrivate())));
    }
}
