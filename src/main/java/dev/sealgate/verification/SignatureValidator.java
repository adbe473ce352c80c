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
        List<X509Certificate> pool = new ArrayList<>(facts.certificates());
        pool.addAll(context.certificates());
        List<X509CRL> crls = new ArrayList<>(facts.crls());
        crls.addAll(context.crls());
        List<byte[]> ocsp = new ArrayList<>(facts.ocspResponses());
        ocsp.addAll(context.ocspResponses());

        List<TimeStampReport> timestamps = new ArrayList<>();
        Instant proofOfExistence = null;
        for (SignatureFacts.TimeStampFacts ts : facts.signatureTimeStamps()) {
            TimeStampReport report = timeStamp("SIGNATURE_TIMESTAMP", ts, pool);
            timestamps.add(report);
            boolean valid = report.subIndication() == null;
            if (valid && (proofOfExistence == null || ts.genTime().isBefore(proofOfExistence))) {
                proofOfExistence = ts.genTime();
            } else if (!valid) {
                warnings.add(new Message("TIMESTAMP_NOT_VALID", "A signature time-stamp could not be validated: " + report.subIndication()));
            }
        }
        boolean archived = false;
        List<SignatureFacts.TimeStampFacts> archives = new ArrayList<>(facts.archiveTimeStamps());
        archives.addAll(context.archiveTimeStamps());
        for (SignatureFacts.TimeStampFacts ts : archives) {
            TimeStampReport report = timeStamp("ARCHIVE_TIMESTAMP", ts, pool);
            timestamps.add(report);
            if (report.subIndication() == null) {
                archived = true;
            } else {
                warnings.add(new Message("TIMESTAMP_NOT_VALID", "An archive (document) time-stamp could not be validated: "
                        + report.subIndication()));
            }
        }
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
        // whether acceptable revocation data says the signer's certificate is not revoked (or needs none)
        boolean signerNotRevoked = RevocationEvidence.noCheck(facts.signer());
        for (int i = 0; i < certs.size(); i++) {
            X509Certificate cert = certs.get(i);
            boolean anchor = path.trusted() && i == certs.size() - 1;
            X509Certificate issuer = i + 1 < certs.size() ? certs.get(i + 1) : null;
            Revocation revocation;
            if (anchor || RevocationEvidence.noCheck(cert)) {
                revocation = new Revocation("not-checked", null, null, null, null, null, null, null);
            } else if (issuer == null) {
                revocation = new Revocation("unavailable", null, null, null, null, null, null, null);
            } else {
                Optional<RevocationSources.Found> found = revocations.find(cert, issuer, ocsp, crls);
                revocation = found.map(f -> revocation(f, now))
                        .orElse(new Revocation("unavailable", null, null, null, null, null, null, null));
                if (path.trusted() && pathVerdict == Verdict.PASSED) {
                    pathVerdict = revocationVerdict(cert, found, i == 0, proofOfExistence, errors);
                }
                if (i == 0) {
                    signerNotRevoked = found.isPresent() && found.get().evidence().covers(cert)
                            && found.get().evidence().status().state() == CertificateStatus.State.GOOD;
                }
            }
            chain.add(new CertificateReport(Names.readable(cert.getSubjectX500Principal()), Names.readable(cert.getIssuerX500Principal()),
                    cert.getSerialNumber().toString(16), cert.getNotBefore().toInstant().toString(),
                    cert.getNotAfter().toInstant().toString(), anchor, revocation));
        }
        if (path.trusted() && pathVerdict == Verdict.PASSED) {
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
            verdict = constraints(policy, facts, level, chain, now, errors);
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
            List<CertificateReport> chain, Instant now, List<Message> errors) {
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
            for (CertificateReport cert : chain) {
                Revocation r = cert.revocation();
                if (r != null && r.thisUpdate() != null
                        && Instant.parse(r.thisUpdate()).plus(policy.maxRevocationAge().get()).isBefore(now)) {
                    errors.add(new Message("REVOCATION_TOO_OLD", "Revocation data for " + cert.subject()
                            + " is older than the policy allows."));
                    return new Verdict(Indication.INDETERMINATE, "TRY_LATER");
                }
            }
        }
        return Verdict.PASSED;
    }

    private static String normalise(String algorithm) {
        return algorithm.toUpperCase(java.util.Locale.ROOT).replace("-", "");
    }

    private static Verdict revocationVerdict(X509Certificate cert, Optional<RevocationSources.Found> found, boolean signer,
            Instant proofOfExistence, List<Message> errors) {
        if (found.isEmpty() || found.get().evidence().status().state() == CertificateStatus.State.UNKNOWN) {
            errors.add(new Message("REVOCATION_UNAVAILABLE", "No revocation data could be obtained for " + (signer
                    ? "the signer's certificate." : "a CA certificate on the path.")));
            return new Verdict(Indication.INDETERMINATE, "TRY_LATER");
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

    /** A time-stamp's own result: imprint, TSA signature, and a path from the TSA to a trust anchor. */
    private TimeStampReport timeStamp(String type, SignatureFacts.TimeStampFacts ts, List<X509Certificate> pool) {
        boolean tsaTrusted = ts.tsa() != null && CertificatePaths.build(ts.tsa(), union(pool, ts.certificates()), anchors.all()).trusted();
        boolean valid = ts.imprintMatches() && ts.signatureValid() && tsaTrusted;
        String sub = !ts.imprintMatches() ? "HASH_FAILURE" : !ts.signatureValid() ? "SIG_CRYPTO_FAILURE"
                : !tsaTrusted ? "NO_CERTIFICATE_CHAIN_FOUND" : null;
        return new TimeStampReport(type, ts.genTime() == null ? null : ts.genTime().toString(),
                ts.tsa() == null ? null : Names.readable(ts.tsa().getSubjectX500Principal()),
                valid ? Indication.TOTAL_PASSED.name() : Indication.INDETERMINATE.name(), sub);
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
