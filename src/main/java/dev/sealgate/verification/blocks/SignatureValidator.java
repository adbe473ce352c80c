package dev.sealgate.verification.blocks;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sealgate.crypto.CertificatePaths;
import dev.sealgate.crypto.Names;
import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.FormatFindings;
import dev.sealgate.formats.Inspected;
import dev.sealgate.pki.IssuedCertificate;
import dev.sealgate.verification.gathering.Gathered;
import dev.sealgate.verification.gathering.ValidationContextInitialisation;
import dev.sealgate.verification.report.Indication;
import dev.sealgate.verification.report.ValidationReport.CertificateReport;
import dev.sealgate.verification.report.ValidationReport.Message;
import dev.sealgate.verification.report.ValidationReport.Revocation;
import dev.sealgate.verification.report.ValidationReport.SignatureReport;
import dev.sealgate.verification.report.ValidationReport.TimeStampReport;
import dev.sealgate.verification.report.ValidationReport;

/**
 * Turns what cryptography established about one signature, and what was gathered for it, into an EN 319 102-1
 * indication, through the standard's building blocks, each a class of its own in this package: {@link FormatChecking},
 * {@link SigningCertificateIdentification}, ValidationContextInitialisation (in {@code gathering}: its material is gathered),
 * {@link X509CertificateValidation}, {@link CryptographicVerification},
 * {@link SignatureAcceptanceValidation}, {@link RevocationFreshnessChecker},
 * {@link TimeStampValidation}, {@link PoeExtraction}, {@link PastCertificateValidation},
 * {@link ValidationTimeSliding} and {@link PastSignatureValidation}.
 */
@ApplicationScoped
public class SignatureValidator {

    /**
     * Judges one signature from what its format found ({@code facts}, {@code context}) and what was gathered for it,
     * "as of" {@code now} under {@code policy}: no I/O, so the same inputs give the same report.
     */
    public SignatureReport judge(int number, SignatureFacts facts, Inspected.Context context, Gathered gathered, Instant now,
            ValidationPolicies.Policy policy) {
        return check(number, facts, context, gathered, now, policy);
    }

    /**
     * EN 319 102-1 in its order: the basic signature validation (5.3: format checking, identification of
     * the signing certificate, validation context initialisation, X.509 certificate validation,
     * cryptographic verification, signature acceptance validation), validation with time (5.5: the
     * signature's proof of existence from its time-stamps, revocation freshness) and long-term
     * validation (5.6: archive time-stamps, past signature validation). Each block is its own class.
     */
    private SignatureReport check(int number, SignatureFacts facts, Inspected.Context context, Gathered gathered, Instant now,
            ValidationPolicies.Policy policy) {
        Findings findings = new Findings();
        Conclusion intact = CryptographicVerification.packageIntact(context, findings);
        if (!intact.passed()) {
            return report(number, gathered, context, facts, null, intact, now, null, List.of(), List.of(), findings);
        }
        Conclusion format = FormatChecking.check(facts, context, findings);
        if (!format.passed()) {
            return report(number, gathered, context, facts, null, format, now, null, List.of(), List.of(), findings);
        }
        ValidationContextInitialisation.Material material = gathered.material();
        AlgorithmExpiry algorithms = AlgorithmExpiry.of(policy);
        PoeExtraction.Proofs proofs = PoeExtraction.extract(facts, context, material, new TimeStampValidation(gathered),
                now, algorithms, findings);
        Instant bestTime = proofs.signatureExistedAt() != null ? proofs.signatureExistedAt() : now;

        Conclusion identified = SigningCertificateIdentification.certificateFound(facts, findings);
        if (!identified.passed() && Boolean.FALSE.equals(facts.digestMatches())) {
            // the signed data changed: that is known without the signer's certificate
            identified = CryptographicVerification.check(facts, findings);
        }
        if (!identified.passed()) {
            return report(number, gathered, context, facts, null, identified, bestTime, null, proofs.timeStamps(), List.of(), findings);
        }
        // EN 319 102-1 5.3.4 step 2 before step 5, as EU DSS: a signing-certificate reference that does not match the
        // certificate found is NO_SIGNING_CERTIFICATE_FOUND whatever the cryptographic verification would say
        // (but a signature that is also cryptographically broken is reported FAILED, the stricter answer)
        Conclusion verdict = SigningCertificateIdentification.referenceMatches(facts, findings);
        Conclusion cryptographic = CryptographicVerification.check(facts, findings);
        if (verdict.passed() || cryptographic.indication() == Indication.TOTAL_FAILED) {
            verdict = cryptographic;
        }
        X509CertificateValidation.Result path = new X509CertificateValidation(gathered)
                .validate(facts.signer(), material, now, proofs.signatureExistedAt(), proofs.archivedAt(), findings);
        Conclusion pathConclusion = PastSignatureValidation.check(facts.signer(), path, proofs.signatureExistedAt(), proofs.archivedAt(), now,
                findings);
        if (path.trusted() && path.signerPassed() && (pathConclusion.passed() || pathConclusion.indication() == Indication.INDETERMINATE)) {
            // certificates signed with algorithms past their end of life, with nothing proving they existed before it
            // (checked, as EU DSS does, once the signer's own revocation data is acceptable)
            Conclusion chainAlgorithms = SignatureAcceptanceValidation.chainAlgorithmsInForce(algorithms,
                    CertificatePaths.build(facts.signer(), material.certificates(), gathered.anchors()), now,
                    AlgorithmExpiry.earlier(proofs.signatureExistedAt(), proofs.archivedAt()), findings);
            if (!chainAlgorithms.passed()) {
                pathConclusion = chainAlgorithms;
            }
        }
        if (verdict.passed()) {
            verdict = pathConclusion;
        }
        BaselineLevel level = level(facts, context, path.chain(), proofs.archived());
        if (verdict.passed() && context.details().claimedTimeWithinCertificate()) {
            // an AdES rule (EU DSS's SigningTimeInCertRange); a format judging its stated time otherwise says so
            verdict = SignatureAcceptanceValidation.signingTimeInCertificateRange(claimedTime(facts, context), facts.signer(), findings);
        }
        if (verdict.passed()) {
            verdict = SignatureAcceptanceValidation.check(policy, facts, level, findings);
        }
        if (verdict.passed() && context.seal() != null) {
            verdict = SignatureAcceptanceValidation.sealConstraints(context.seal(), findings);
        }
        if (verdict.passed()) {
            verdict = SignatureAcceptanceValidation.algorithmsInForce(algorithms, facts, now,
                    AlgorithmExpiry.earlier(proofs.signatureExistedAt(), proofs.archivedAt()), findings);
        }
        if (verdict.passed()) {
            verdict = RevocationFreshnessChecker.checkPath(policy, path.chain(), path.evidences(), now, proofs.signatureExistedAt(),
                    findings);
        }
        for (FormatFindings.Note note : context.details().warnings()) {
            findings.warning(note.code(), note.text());
        }
        return report(number, gathered, context, facts, level, verdict, bestTime, level == BaselineLevel.B_LTA ? proofs.renewBefore() : null,
                proofs.timeStamps(), path.chain(), findings);
    }

    /**
     * B-B; B-T with a signature time-stamp (in a PDF, a document time-stamp over the signature counts,
     * EN 319 142-1 6.3); B-LT when the signer's revocation evidence was embedded too; B-LTA when a valid
     * archive time-stamp covers all of that.
     */
    private static BaselineLevel level(SignatureFacts facts, Inspected.Context context, List<CertificateReport> chain, boolean archived) {
        boolean documentTimeStamped = !context.documentTimeStamps().isEmpty() || !context.archiveTimeStamps().isEmpty();
        if (facts.signatureTimeStamps().isEmpty() && !documentTimeStamped) {
            return BaselineLevel.B_B;
        }
        Revocation signer = chain.isEmpty() ? null : chain.get(0).revocation();
        boolean embedded = signer != null && signer.source() != null && signer.source().startsWith("embedded");
        return !embedded ? BaselineLevel.B_T : archived ? BaselineLevel.B_LTA : BaselineLevel.B_LT;
    }

    private SignatureReport report(int number, Gathered gathered, Inspected.Context context, SignatureFacts facts, BaselineLevel level, Conclusion verdict,
            Instant bestTime, Instant renewBefore, List<TimeStampReport> timestamps, List<CertificateReport> chain, Findings findings) {
        List<Message> errors = findings.errors;
        List<Message> warnings = findings.warnings;
        return new SignatureReport(number, context.field(), verdict.indication(), verdict.subIndication(),
                context.format(), level, facts.signatureAlgorithm(), facts.digestAlgorithm(), signer(facts.signer(), gathered),
                string(facts.claimedSigningTime()), string(bestTime), string(renewBefore), timestamps, chain, context.seal(),
                context.details() == FormatFindings.NONE ? null : context.details(), errors.isEmpty() ? null : errors, warnings.isEmpty() ? null : warnings);
    }

    /** The signer as the report names it, with the register's answer and, for SealGate's own signature, how it was authorised. */
    private static ValidationReport.Signer signer(X509Certificate cert, Gathered gathered) {
        if (cert == null) {
            return null;
        }
        IssuedCertificate issued = gathered.issued();
        boolean ours = Gathered.issuedAs(issued, cert);
        ValidationReport.Signer signer = new ValidationReport.Signer(Names.readable(cert.getSubjectX500Principal()),
                Names.readable(cert.getIssuerX500Principal()), cert.getSerialNumber().toString(16), ours ? issued.keycloakSubject : null,
                ours ? (issued.kind == IssuedCertificate.Kind.PERSONAL ? "personal" : issued.kind.name().toLowerCase()) : null,
                ours ? issued.department : null);
        return gathered.authorisation() == null ? signer : signer.with(gathered.authorisation());
    }

    /** The signing time the signer claims: in the signature, or where its format keeps it (a PDF's /M). */
    private static Instant claimedTime(SignatureFacts facts, Inspected.Context context) {
        return context.details().claimedSigningTime(facts.claimedSigningTime());
    }

    private static String string(Instant instant) {
        return instant == null ? null : instant.toString();
    }

}
