package dev.sealgate.verification;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sealgate.crypto.CertificatePaths;
import dev.sealgate.crypto.CertificateStatus;
import dev.sealgate.crypto.Names;
import dev.sealgate.crypto.RevocationEvidence;
import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.pki.CertificateRegister;
import dev.sealgate.pki.IssuedCertificate;
import dev.sealgate.support.ProblemException;
import dev.sealgate.verification.ValidationReport.CertificateReport;
import dev.sealgate.verification.ValidationReport.Message;
import dev.sealgate.verification.ValidationReport.Revocation;
import dev.sealgate.verification.ValidationReport.SignatureReport;
import dev.sealgate.verification.ValidationReport.TimeStampReport;

/**
 * Turns what cryptography established about one signature into an EN 319 102-1 indication:
 * format, hash and signature checks; the path to a trust anchor; proof of existence from
 * time-stamps; revocation of every certificate on the path at the best signature time.
 */
@ApplicationScoped
public class SignatureValidator {

    @Inject
    TrustAnchors anchors;

    @Inject
    RevocationSources revocations;

    @Inject
    CertificateRegister register;

    SignatureValidator() {
    }

    /** A validator outside CDI (benchmarks). */
    public SignatureValidator(TrustAnchors anchors, RevocationSources revocations, CertificateRegister register) {
        this.anchors = anchors;
        this.revocations = revocations;
        this.register = register;
    }

    /** Validation material outside the CMS: a PDF's DSS dictionary, the PDF byte coverage. */
    public record Context(String format, String field, List<X509Certificate> certificates, List<X509CRL> crls,
            List<byte[]> ocspResponses, ValidationReport.PdfCoverage pdf, List<SignatureFacts.TimeStampFacts> archiveTimeStamps) {
    }

    private record Verdict(Indication indication, String subIndication) {
        static final Verdict PASSED = new Verdict(Indication.TOTAL_PASSED, null);
        /** No revocation data for a certificate on the path: an expired signer certificate is the graver finding. */
        static final Verdict NO_REVOCATION_DATA = new Verdict(Indication.INDETERMINATE, "CERTIFICATE_CHAIN_GENERAL_FAILURE");
    }

    public SignatureReport validate(int number, SignatureFacts facts, Context context, Instant now, ValidationPolicies.Policy policy) {
        try {
            return check(number, facts, context, now, policy);
        } catch (ProblemException | java.io.UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            // a damaged certificate, name or time inside an otherwise readable signature
            return check(number, SignatureFacts.unparseable("a certificate, name or time in the signature is damaged ("
                    + e.getClass().getSimpleName() + ")"), context, now, policy);
        }
    }

    private SignatureReport check(int number, SignatureFacts facts, Context context, Instant now, ValidationPolicies.Policy policy) {
        List<Message> errors = new ArrayList<>();
        List<Message> warnings = new ArrayList<>();
        if (!facts.parsed()) {
            errors.add(new Message("FORMAT_FAILURE", facts.formatProblem()));
            return report(number, context, facts, null, new Verdict(Indication.TOTAL_FAILED, "FORMAT_FAILURE"), now,
                    List.of(), List.of(), errors, warnings);
        }
        if (context.pdf() != null && context.pdf().forbiddenChange() != null) {
            // format checking comes first (EN 319 102-1 5.2.2): the signed revision is not what the file now says
            errors.add(new Message("FORMAT_FAILURE", context.pdf().forbiddenChange()));
            return report(number, context, facts, null, new Verdict(Indication.TOTAL_FAILED, "FORMAT_FAILURE"), now,
                    List.of(), List.of(), errors, warnings);
        }
        List<X509Certificate> pool = new ArrayList<>(facts.certificates());
        pool.addAll(context.certificates());
        List<X509CRL> crls = new ArrayList<>(facts.crls());
        crls.addAll(context.crls());
        List<byte[]> ocsp = new ArrayList<>(facts.ocspResponses());
        ocsp.addAll(context.ocspResponses());

        List<TimeStampReport> timestamps = new ArrayList<>();
        // archive time-stamps first, latest first: a valid later one is proof that an earlier one (and
        // the signature time-stamps it covers) existed while its TSA certificate was still valid
        boolean archived = false;
        Instant archiveProof = null;
        List<SignatureFacts.TimeStampFacts> archives = new ArrayList<>(facts.archiveTimeStamps());
        archives.addAll(context.archiveTimeStamps());
        archives.sort(java.util.Comparator.comparing(SignatureFacts.TimeStampFacts::genTime,
                java.util.Comparator.nullsFirst(java.util.Comparator.<Instant>naturalOrder())).reversed());
        List<TimeStampReport> archiveReports = new ArrayList<>();
        for (SignatureFacts.TimeStampFacts ts : archives) {
            TimeStampReport report = timeStamp("ARCHIVE_TIMESTAMP", ts, pool, ocsp, crls, now, archiveProof);
            archiveReports.add(0, report);
            if (report.subIndication() == null) {
                archived = true;
                archiveProof = ts.genTime();
            } else {
                warnings.add(new Message("TIMESTAMP_NOT_VALID", "An archive (document) time-stamp could not be validated: "
                        + report.subIndication()));
            }
        }
        Instant proofOfExistence = null;
        for (SignatureFacts.TimeStampFacts ts : facts.signatureTimeStamps()) {
            TimeStampReport report = timeStamp("SIGNATURE_TIMESTAMP", ts, pool, ocsp, crls, now, archiveProof);
            timestamps.add(report);
            boolean valid = report.subIndication() == null;
            if (valid && (proofOfExistence == null || ts.genTime().isBefore(proofOfExistence))) {
                proofOfExistence = ts.genTime();
            } else if (!valid) {
                warnings.add(new Message("TIMESTAMP_NOT_VALID", "A signature time-stamp could not be validated: " + report.subIndication()));
            }
        }
        timestamps.addAll(archiveReports);
        Instant bestTime = proofOfExistence != null ? proofOfExistence : now;

        if (facts.signer() == null) {
            errors.add(new Message("NO_SIGNING_CERTIFICATE", "The signer's certificate is not in the signature."));
            return report(number, context, facts, null, new Verdict(Indication.INDETERMINATE, "NO_SIGNING_CERTIFICATE_FOUND"),
                    bestTime, timestamps, List.of(), errors, warnings);
        }
        Verdict verdict = Verdict.PASSED;
        if (Boolean.FALSE.equals(facts.digestMatches())) {
            errors.add(new Message("HASH_FAILURE", "The signed data does not match the signature (the digest it carries or,"
                    + " for a JWS, its signing input)."));
            verdict = new Verdict(Indication.TOTAL_FAILED, "HASH_FAILURE");
        } else if (facts.digestMatches() == null) {
            errors.add(new Message("SIGNED_DATA_NOT_FOUND", "Detached signature: send the original document as part 'original'."));
            verdict = new Verdict(Indication.INDETERMINATE, "SIGNED_DATA_NOT_FOUND");
        } else if (!facts.signatureValid()) {
            errors.add(new Message("SIG_CRYPTO_FAILURE", "The signature value does not verify with the signer's public key."));
            verdict = new Verdict(Indication.TOTAL_FAILED, "SIG_CRYPTO_FAILURE");
        } else if (Boolean.FALSE.equals(facts.signingCertificateRef())) {
            errors.add(new Message("SIGNING_CERTIFICATE_MISMATCH", "The signing-certificate attribute names another certificate."));
            verdict = new Verdict(Indication.INDETERMINATE, "NO_SIGNING_CERTIFICATE_FOUND");
        }

        CertificatePaths.Path path = CertificatePaths.build(facts.signer(), pool, anchors.all());
        List<CertificateReport> chain = new ArrayList<>();
        Verdict pathVerdict = Verdict.PASSED;
        if (!path.trusted()) {
            errors.add(new Message("NO_CERTIFICATE_CHAIN_FOUND", "No path from the signer's certificate to a trust anchor."));
            pathVerdict = new Verdict(Indication.INDETERMINATE, "NO_CERTIFICATE_CHAIN_FOUND");
        }
        List<X509Certificate> certs = path.certificates();
        // the revocation evidence used for each certificate on the path (null where none is needed)
        List<RevocationEvidence> evidences = new ArrayList<>();
        // whether acceptable revocation data says the signer's certificate is not revoked (or needs none)
        boolean signerNotRevoked = RevocationEvidence.noCheck(facts.signer());
        for (int i = 0; i < certs.size(); i++) {
            X509Certificate cert = certs.get(i);
            boolean anchor = path.trusted() && i == certs.size() - 1;
            X509Certificate issuer = i + 1 < certs.size() ? certs.get(i + 1) : null;
            Revocation revocation;
            RevocationEvidence used = null;
            if (anchor || RevocationEvidence.noCheck(cert)) {
                revocation = new Revocation("not-checked", null, null, null, null, null, null, null);
            } else if (issuer == null) {
                revocation = new Revocation("unavailable", null, null, null, null, null, null, null);
            } else {
                Optional<RevocationSources.Found> found = revocations.find(cert, issuer, ocsp, crls);
                revocation = found.map(f -> revocation(f, now))
                        .orElse(new Revocation("unavailable", null, null, null, null, null, null, null));
                used = found.map(RevocationSources.Found::evidence).orElse(null);
                if (path.trusted() && pathVerdict == Verdict.PASSED) {
                    pathVerdict = revocationVerdict(cert, found, i == 0, proofOfExistence, errors);
                }
                if (i == 0) {
                    signerNotRevoked = found.isPresent() && found.get().evidence().covers(cert)
                            && found.get().evidence().status().state() == CertificateStatus.State.GOOD;
                }
            }
            evidences.add(used);
            chain.add(new CertificateReport(Names.readable(cert.getSubjectX500Principal()), Names.readable(cert.getIssuerX500Principal()),
                    cert.getSerialNumber().toString(16), cert.getNotBefore().toInstant().toString(),
                    cert.getNotAfter().toInstant().toString(), anchor, revocation));
        }
        // as EU DSS: missing revocation data ends the basic validation of a signature without time-stamps;
        // one with time-stamps goes on to validation with time, where an expired signer is the finding
        if (path.trusted() && (pathVerdict == Verdict.PASSED || pathVerdict == Verdict.NO_REVOCATION_DATA && !timestamps.isEmpty())) {
            X509Certificate signer = facts.signer();
            if (bestTime.isAfter(signer.getNotAfter().toInstant()) || bestTime.isBefore(signer.getNotBefore().toInstant())) {
                // EN 319 102-1: OUT_OF_BOUNDS_NOT_REVOKED when revocation data still shows the certificate not revoked
                String sub = signerNotRevoked ? "OUT_OF_BOUNDS_NOT_REVOKED" : "OUT_OF_BOUNDS_NO_POE";
                errors.add(new Message(sub, "The signer's certificate was not valid at the best signature time, and no earlier"
                        + " proof of existence exists" + (signerNotRevoked ? " (it is not revoked)." : ".")));
                pathVerdict = new Verdict(Indication.INDETERMINATE, sub);
            }
        }
        if (verdict == Verdict.PASSED) {
            verdict = pathVerdict;
        }
        String level = level(facts, chain, archived);
        if (verdict == Verdict.PASSED) {
            verdict = constraints(policy, facts, level, chain, evidences, now, proofOfExistence, errors);
        }
        if (context.pdf() != null && context.pdf().contentChangedAfterSigning()) {
            warnings.add(new Message("MODIFIED_AFTER_SIGNING",
                    "A later revision of the PDF changes what the pages show; the signature covers only its own revision."));
        }
        return report(number, context, facts, level, verdict, bestTime, timestamps, chain, errors, warnings);
    }

    private static final List<String> LEVELS = List.of("B-B", "B-T", "B-LT", "B-LTA");

    /** The validation policy's constraints on algorithms, key sizes, level and revocation age. */
    private static Verdict constraints(ValidationPolicies.Policy policy, SignatureFacts facts, String level,
            List<CertificateReport> chain, List<RevocationEvidence> evidences, Instant now, Instant proofOfExistence,
            List<Message> errors) {
        java.security.PublicKey key = facts.signer().getPublicKey();
        if (key instanceof java.security.interfaces.RSAKey rsa && rsa.getModulus().bitLength() < policy.minRsaBits()) {
            errors.add(new Message("KEY_TOO_SHORT", "RSA key of " + rsa.getModulus().bitLength() + " bits; the policy requires "
                    + policy.minRsaBits() + "."));
            return new Verdict(Indication.INDETERMINATE, "CRYPTO_CONSTRAINTS_FAILURE_NO_POE");
        }
        if (key instanceof java.security.interfaces.ECKey ec && ec.getParams().getCurve().getField().getFieldSize() < policy.minEcBits()) {
            errors.add(new Message("KEY_TOO_SHORT", "EC key below " + policy.minEcBits() + " bits."));
            return new Verdict(Indication.INDETERMINATE, "CRYPTO_CONSTRAINTS_FAILURE_NO_POE");
        }
        if (facts.digestAlgorithm() != null && policy.digestAlgorithms().stream().map(SignatureValidator::normalise)
                .noneMatch(normalise(facts.digestAlgorithm())::equals)) {
            errors.add(new Message("DIGEST_NOT_ALLOWED", "Digest algorithm " + facts.digestAlgorithm() + " is not accepted by the policy."));
            return new Verdict(Indication.INDETERMINATE, "CRYPTO_CONSTRAINTS_FAILURE_NO_POE");
        }
        if (LEVELS.indexOf(level) < LEVELS.indexOf(policy.minLevel())) {
            errors.add(new Message("LEVEL_TOO_LOW", "Level " + level + "; the policy requires at least " + policy.minLevel() + "."));
            return new Verdict(Indication.INDETERMINATE, "SIG_CONSTRAINTS_FAILURE");
        }
        if (policy.maxRevocationAge().isPresent()) {
            for (int i = 0; i < evidences.size(); i++) {
                RevocationEvidence evidence = evidences.get(i);
                Optional<java.time.Duration> max = i == 0 ? policy.maxRevocationAge() : policy.caMaxRevocationAge();
                if (evidence != null && !fresh(evidence, max, now, proofOfExistence)) {
                    errors.add(new Message("REVOCATION_TOO_OLD", "Revocation data for " + chain.get(i).subject()
                            + " is older than the policy allows, at the validation time and at the signature's proof of"
                            + " existence."));
                    return new Verdict(Indication.INDETERMINATE, "TRY_LATER");
                }
            }
        }
        return Verdict.PASSED;
    }

    /**
     * EN 319 102-1 5.2.5: fresh when issued no longer than the allowed age before the validation
     * time; the allowed age is the policy's or, without one, the data's own update interval (so a
     * CRL is fresh until its nextUpdate). Data as recent as that at a time-stamp's proof of existence
     * counts as well: it is what a B-LT signature keeps from when it was made.
     */
    static boolean fresh(RevocationEvidence evidence, Optional<java.time.Duration> max, Instant now, Instant proofOfExistence) {
        Instant issued = evidence.thisUpdate();
        if (issued == null) {
            return false;
        }
        java.time.Duration allowed = max.orElseGet(() -> evidence.nextUpdate() == null ? null
                : java.time.Duration.between(issued, evidence.nextUpdate()));
        if (allowed == null) {
            return false;
        }
        return !issued.isBefore(now.minus(allowed))
                || proofOfExistence != null && !issued.isBefore(proofOfExistence.minus(allowed));
    }

    private static String normalise(String algorithm) {
        return algorithm.toUpperCase(java.util.Locale.ROOT).replace("-", "");
    }

    private static Verdict revocationVerdict(X509Certificate cert, Optional<RevocationSources.Found> found, boolean signer,
            Instant proofOfExistence, List<Message> errors) {
        if (found.isEmpty() || found.get().evidence().status().state() == CertificateStatus.State.UNKNOWN) {
            // EU DSS 6.4 (X.509 certificate validation, "Is the revocation data present?") answers
            // CERTIFICATE_CHAIN_GENERAL_FAILURE; TRY_LATER is kept for data that is present but not fresh
            errors.add(new Message("REVOCATION_UNAVAILABLE", "No revocation data could be obtained for " + (signer
                    ? "the signer's certificate." : "a CA certificate on the path.")));
            return Verdict.NO_REVOCATION_DATA;
        }
        if (found.get().evidence().issuedBefore(cert)) {
            errors.add(new Message("REVOCATION_NOT_ACCEPTABLE", "The revocation data for " + (signer ? "the signer's certificate"
                    : "a CA certificate on the path") + " was issued before the certificate's validity began, so it says"
                    + " nothing about it."));
            return new Verdict(Indication.INDETERMINATE, "CERTIFICATE_CHAIN_GENERAL_FAILURE");
        }
        if (!found.get().evidence().covers(cert)) {
            // revocation acceptance (EN 319 102-1, as EU DSS applies it): data issued after the certificate
            // expired counts only when its issuer keeps the status of expired certificates
            errors.add(new Message("REVOCATION_NOT_ACCEPTABLE", "The revocation data for " + (signer ? "the signer's certificate"
                    : "a CA certificate on the path") + " was issued after the certificate expired, and its issuer does not"
                    + " declare that it keeps the status of expired certificates (OCSP archive cutoff, CRL expiredCertsOnCRL)."));
            return new Verdict(Indication.INDETERMINATE, "CERTIFICATE_CHAIN_GENERAL_FAILURE");
        }
        CertificateStatus status = found.get().evidence().status();
        if (status.state() != CertificateStatus.State.REVOKED) {
            return Verdict.PASSED;
        }
        if (proofOfExistence != null && proofOfExistence.isBefore(status.revokedAt())) {
            return Verdict.PASSED;
        }
        errors.add(new Message("REVOKED", (signer ? "The signer's" : "A CA") + " certificate was revoked at "
                + status.revokedAt() + (proofOfExistence == null ? ", and no proof shows the signature existed before." : ", before the signature's proof of existence.")));
        if (proofOfExistence != null) {
            return new Verdict(Indication.TOTAL_FAILED, signer ? "REVOKED" : "REVOKED_CA_NO_POE");
        }
        return new Verdict(Indication.INDETERMINATE, signer ? "REVOKED_NO_POE" : "REVOKED_CA_NO_POE");
    }

    private static Revocation revocation(RevocationSources.Found found, Instant now) {
        RevocationEvidence e = found.evidence();
        String status = switch (e.status().state()) {
            case GOOD -> "good";
            case REVOKED -> "revoked";
            case UNKNOWN -> "unknown";
        };
        Boolean fresh = e.nextUpdate() == null ? null : now.isBefore(e.nextUpdate());
        return new Revocation(status, found.source(), string(e.producedAt()), string(e.thisUpdate()), string(e.nextUpdate()),
                fresh, string(e.status().revokedAt()), e.status().reason());
    }

    /**
     * B-B; B-T with a signature time-stamp; B-LT when the signer's revocation evidence was embedded
     * too; B-LTA when a valid archive time-stamp covers all of that.
     */
    private static String level(SignatureFacts facts, List<CertificateReport> chain, boolean archived) {
        if (facts.signatureTimeStamps().isEmpty()) {
            return "B-B";
        }
        Revocation signer = chain.isEmpty() ? null : chain.get(0).revocation();
        boolean embedded = signer != null && signer.source() != null && signer.source().startsWith("embedded");
        return !embedded ? "B-T" : archived ? "B-LTA" : "B-LT";
    }

    /**
     * A time-stamp's own result: imprint, TSA signature, a path from the TSA to a trust anchor, and the
     * TSA's certificate valid when it stamped and at the validation time — or, once it has expired, a
     * later archive time-stamp ({@code laterProof}) proving the token existed before it expired.
     */
    private TimeStampReport timeStamp(String type, SignatureFacts.TimeStampFacts ts, List<X509Certificate> pool, List<byte[]> ocsp,
            List<X509CRL> crls, Instant now, Instant laterProof) {
        CertificatePaths.Path tsaPath = ts.tsa() == null ? null : CertificatePaths.build(ts.tsa(), union(pool, ts.certificates()), anchors.all());
        boolean tsaTrusted = tsaPath != null && tsaPath.trusted();
        boolean inBounds = ts.tsa() == null || ts.genTime() == null
                || !ts.genTime().isBefore(ts.tsa().getNotBefore().toInstant()) && !ts.genTime().isAfter(ts.tsa().getNotAfter().toInstant());
        Instant tsaExpiry = ts.tsa() == null ? null : ts.tsa().getNotAfter().toInstant();
        boolean proven = tsaExpiry == null || !now.isAfter(tsaExpiry) || laterProof != null && laterProof.isBefore(tsaExpiry);
        String sub = !ts.imprintMatches() ? "HASH_FAILURE" : !ts.signatureValid() ? "SIG_CRYPTO_FAILURE"
                : !tsaTrusted ? "NO_CERTIFICATE_CHAIN_FOUND" : !inBounds || !proven ? "OUT_OF_BOUNDS_NO_POE"
                : tsaRevocation(ts, tsaPath.certificates(), ocsp, crls);
        boolean valid = sub == null;
        return new TimeStampReport(type, ts.genTime() == null ? null : ts.genTime().toString(),
                ts.tsa() == null ? null : Names.readable(ts.tsa().getSubjectX500Principal()),
                valid ? Indication.TOTAL_PASSED.name() : Indication.INDETERMINATE.name(), sub);
    }

    /**
     * The TSA certificate's own revocation status, as for any certificate on a path (EN 319 102-1
     * X.509 validation of the time-stamp's signer): data that cannot speak about it (issued before
     * the certificate, or after it expired without an archive cutoff) is not acceptable, and a TSA
     * revoked before it stamped makes the token worthless. Null when the status is acceptable.
     */
    private String tsaRevocation(SignatureFacts.TimeStampFacts ts, List<X509Certificate> path, List<byte[]> ocsp, List<X509CRL> crls) {
        if (path.size() < 2 || RevocationEvidence.noCheck(ts.tsa())) {
            return null;
        }
        Optional<RevocationSources.Found> found = revocations.find(ts.tsa(), path.get(1), ocsp, crls);
        if (found.isEmpty() || found.get().evidence().status().state() == CertificateStatus.State.UNKNOWN) {
            return "CERTIFICATE_CHAIN_GENERAL_FAILURE";
        }
        if (!found.get().evidence().covers(ts.tsa())) {
            return "CERTIFICATE_CHAIN_GENERAL_FAILURE";
        }
        CertificateStatus status = found.get().evidence().status();
        if (status.state() == CertificateStatus.State.REVOKED && (ts.genTime() == null || !ts.genTime().isBefore(status.revokedAt()))) {
            return "REVOKED_NO_POE";
        }
        return null;
    }

    private SignatureReport report(int number, Context context, SignatureFacts facts, String level, Verdict verdict,
            Instant bestTime, List<TimeStampReport> timestamps, List<CertificateReport> chain, List<Message> errors,
            List<Message> warnings) {
        return new SignatureReport(number, context.field(), verdict.indication().name(), verdict.subIndication(),
                context.format(), level, facts.signatureAlgorithm(), facts.digestAlgorithm(), signer(facts.signer()),
                string(facts.claimedSigningTime()), string(bestTime), timestamps, chain, context.pdf(),
                errors.isEmpty() ? null : errors, warnings.isEmpty() ? null : warnings);
    }

    private ValidationReport.Signer signer(X509Certificate cert) {
        if (cert == null) {
            return null;
        }
        IssuedCertificate issued = register.find(CertificateAuthority.hex(cert.getSerialNumber()));
        boolean ours = issued != null && issued.subjectDn.equals(cert.getSubjectX500Principal().getName());
        return new ValidationReport.Signer(Names.readable(cert.getSubjectX500Principal()), Names.readable(cert.getIssuerX500Principal()),
                cert.getSerialNumber().toString(16), ours ? issued.keycloakSubject : null,
                ours ? (issued.kind == IssuedCertificate.Kind.PERSONAL ? "personal" : issued.kind.name().toLowerCase()) : null,
                ours ? issued.department : null);
    }

    private static List<X509Certificate> union(List<X509Certificate> a, List<X509Certificate> b) {
        List<X509Certificate> out = new ArrayList<>(a);
        b.stream().filter(c -> !out.contains(c)).forEach(out::add);
        return out;
    }

    private static String string(Instant instant) {
        return instant == null ? null : instant.toString();
    }

}
