package dev.sealgate.verification.blocks;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.sealgate.crypto.CertificatePaths;
import dev.sealgate.crypto.CertificateStatus;
import dev.sealgate.crypto.Names;
import dev.sealgate.crypto.RevocationEvidence;
import dev.sealgate.verification.gathering.Gathered;
import dev.sealgate.verification.gathering.RevocationSources;
import dev.sealgate.verification.gathering.ValidationContextInitialisation;
import dev.sealgate.verification.report.SubIndication;
import dev.sealgate.verification.report.ValidationReport.CertificateReport;
import dev.sealgate.verification.report.ValidationReport.Revocation;

/**
 * EN 319 102-1 5.2.6, X.509 certificate validation: a path from the signer's certificate to a trust
 * anchor, and for every certificate on it acceptable revocation data (issued after the certificate's
 * validity began, and while it was valid unless its issuer keeps the status of expired certificates)
 * that does not show it revoked before the signature's proof of existence.
 */
final class X509CertificateValidation {

    /**
     * The path's conclusion; each certificate as reported; the revocation evidence used for each (null
     * where none is needed); whether acceptable data shows the signer's certificate not revoked; and
     * whether the signer's own certificate passed its checks (when the conclusion is not PASSED, it then
     * comes from a CA certificate further up the path); and whether the certificate that signed the
     * signer's revocation data is valid at the validation time, a trust anchor, or proven to have signed
     * it while valid (EU DSS's RevocationIssuerNotExpired, a constraint on the signing certificate only); and
     * whether every certificate of the path below the anchor has acceptable revocation data (what the
     * long-term validation checks again, whatever the first failing certificate was).
     */
    record Result(Conclusion conclusion, boolean trusted, List<CertificateReport> chain, List<RevocationEvidence> evidences,
            boolean signerNotRevoked, boolean signerPassed, boolean signerRevocationIssuerValid, boolean chainRevocationAcceptable) {
    }

    private static final Revocation NOT_CHECKED = new Revocation("not-checked", null, null, null, null, null, null, null);
    private static final Revocation UNAVAILABLE = new Revocation("unavailable", null, null, null, null, null, null, null);

    private final Gathered gathered;

    X509CertificateValidation(Gathered gathered) {
        this.gathered = gathered;
    }

    /**
     * The path's certificates in order, the signer's first, as EU DSS walks them: the first certificate
     * that fails its checks decides the conclusion.
     *
     * @param proofOfExistence the signature's best proof of existence, or null
     * @param archivedAt       when a valid archive time-stamp proves the embedded validation data existed, or null
     */
    Result validate(X509Certificate signer, ValidationContextInitialisation.Material material, Instant validationTime,
            Instant proofOfExistence, Instant archivedAt, Findings findings) {
        CertificatePaths.Path path = CertificatePaths.build(signer, material.certificates(), gathered.anchors());
        Conclusion conclusion = Conclusion.PASSED;
        if (!path.trusted()) {
            findings.error("NO_CERTIFICATE_CHAIN_FOUND", "No path from the signer's certificate to a trust anchor.");
            conclusion = Conclusion.indeterminate(SubIndication.NO_CERTIFICATE_CHAIN_FOUND);
        }
        List<X509Certificate> certs = path.certificates();
        List<Optional<RevocationSources.Found>> founds = new ArrayList<>();
        for (int i = 0; i < certs.size(); i++) {
            X509Certificate cert = certs.get(i);
            boolean needed = !(path.trusted() && i == certs.size() - 1) && !RevocationEvidence.noCheck(cert) && i + 1 < certs.size();
            founds.add(needed ? gathered.revocation(cert, certs.subList(i + 1, certs.size()))
                    : Optional.empty());
        }
        List<CertificateReport> chain = new ArrayList<>();
        List<RevocationEvidence> evidences = new ArrayList<>();
        boolean signerNotRevoked = RevocationEvidence.noCheck(signer);
        boolean signerPassed = path.trusted();
        boolean signerRevocationIssuerValid = true;
        boolean chainRevocationAcceptable = path.trusted();
        for (int i = 0; i < certs.size(); i++) {
            X509Certificate cert = certs.get(i);
            boolean anchor = path.trusted() && i == certs.size() - 1;
            Revocation revocation;
            RevocationEvidence used = null;
            Boolean acceptable = null;
            if (anchor || RevocationEvidence.noCheck(cert)) {
                revocation = NOT_CHECKED;
            } else if (i + 1 >= certs.size()) {
                revocation = UNAVAILABLE;
            } else {
                Optional<RevocationSources.Found> found = founds.get(i);
                revocation = found.map(f -> report(f, validationTime)).orElse(UNAVAILABLE);
                used = found.map(RevocationSources.Found::evidence).orElse(null);
                if (path.trusted() && conclusion.passed()) {
                    // revocation acceptance (EU DSS's RAC: present, consistent with the certificate, its issuer's own data
                    // present) before what the data says (not revoked)
                    conclusion = revocationAccepted(cert, found, i == 0, findings);
                    if (conclusion.passed() && !revocationIssuerChecked(found.get().evidence(), certs, founds, path.trusted(), material)) {
                        findings.error("REVOCATION_NOT_ACCEPTABLE", "No revocation data could be obtained for the certificate that"
                                + " signed the revocation data of " + (i == 0 ? "the signer's certificate." : "a CA certificate on the path."));
                        conclusion = Conclusion.indeterminate(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE);
                    }
                    // what the long-term validation asks again below, known already for this certificate
                    acceptable = conclusion.passed();
                    if (conclusion.passed()) {
                        conclusion = revocationStatus(cert, found, i == 0, proofOfExistence, findings);
                    }
                    if (i == 0) {
                        signerPassed = conclusion.passed();
                    }
                }
                if (i == 0) {
                    signerNotRevoked = found.isPresent() && found.get().evidence().covers(cert)
                            && found.get().evidence().status().state() == CertificateStatus.State.GOOD
                            && revocationIssuerValid(found.get().evidence(), validationTime, archivedAt);
                    signerRevocationIssuerValid = found.isEmpty() || revocationIssuerValid(found.get().evidence(), validationTime, archivedAt);
                }
            }
            if (!anchor && !RevocationEvidence.noCheck(cert) && path.trusted() && chainRevocationAcceptable) {
                if (acceptable == null) {
                    Optional<RevocationSources.Found> found = i + 1 < certs.size() ? founds.get(i) : Optional.empty();
                    acceptable = revocationAccepted(cert, found, i == 0, new Findings()).passed()
                            && revocationIssuerChecked(found.get().evidence(), certs, founds, path.trusted(), material);
                }
                chainRevocationAcceptable = acceptable;
            }
            evidences.add(used);
            chain.add(new CertificateReport(Names.readable(cert.getSubjectX500Principal()), Names.readable(cert.getIssuerX500Principal()),
                    cert.getSerialNumber().toString(16), cert.getNotBefore().toInstant().toString(),
                    cert.getNotAfter().toInstant().toString(), anchor, revocation));
        }
        return new Result(conclusion, path.trusted(), chain, evidences, signerNotRevoked, signerPassed, signerRevocationIssuerValid,
                chainRevocationAcceptable);
    }

    /**
     * Revocation acceptance, as EU DSS applies it ("Is the revocation data present for the revocation
     * issuer?"): the certificate that signed the revocation data needs revocation data of its own,
     * unless it is a trust anchor or an OCSP responder marked id-pkix-ocsp-nocheck. A CA that signs its
     * own CRL or OCSP responses is on the path, and its data is the path's; a delegated responder's is
     * looked up under the CA that issued it.
     */
    private boolean revocationIssuerChecked(RevocationEvidence evidence, List<X509Certificate> certs,
            List<Optional<RevocationSources.Found>> founds, boolean trusted, ValidationContextInitialisation.Material material) {
        X509Certificate issuer = evidence.signedBy();
        if (issuer == null || RevocationEvidence.noCheck(issuer) || gathered.anchors().contains(issuer)) {
            return true;
        }
        int onPath = certs.indexOf(issuer);
        if (onPath >= 0) {
            return trusted && onPath == certs.size() - 1 || founds.get(onPath).isPresent();
        }
        X509Certificate responderIssuer = CertificatePaths.issuerOf(issuer, certs);
        return responderIssuer == null || gathered.revocation(issuer, certs.subList(certs.indexOf(responderIssuer), certs.size())).isPresent();
    }

    /** Revocation acceptance and status of one certificate on the path (revocation freshness is the policy's, later). */
    static Conclusion revocationStatus(X509Certificate cert, Optional<RevocationSources.Found> found, boolean signer,
            Instant proofOfExistence, Findings findings) {
        Conclusion accepted = revocationAccepted(cert, found, signer, findings);
        if (!accepted.passed()) {
            return accepted;
        }
        CertificateStatus status = found.get().evidence().status();
        if (status.state() != CertificateStatus.State.REVOKED) {
            return Conclusion.PASSED;
        }
        if (proofOfExistence != null && proofOfExistence.isBefore(status.revokedAt())) {
            return Conclusion.PASSED;
        }
        findings.error("REVOKED", (signer ? "The signer's" : "A CA") + " certificate was revoked at " + status.revokedAt()
                + (proofOfExistence == null ? ", and no proof shows the signature existed before."
                        : ", before the signature's proof of existence."));
        // EN 319 102-1 5.6.2.4 (past signature validation): a proof of existence after the revocation leaves the
        // signature INDETERMINATE/REVOKED_NO_POE (REVOKED_CA_NO_POE), as EU DSS 6.4 concludes; FAILED/REVOKED is not
        // reached from embedded data
        return Conclusion.indeterminate(signer ? SubIndication.REVOKED_NO_POE : SubIndication.REVOKED_CA_NO_POE);
    }

    /** Revocation acceptance alone: data present, issued after the certificate's validity began, and covering it. */
    static Conclusion revocationAccepted(X509Certificate cert, Optional<RevocationSources.Found> found, boolean signer,
            Findings findings) {
        String whose = signer ? "the signer's certificate" : "a CA certificate on the path";
        if (found.isEmpty() || found.get().evidence().status().state() == CertificateStatus.State.UNKNOWN) {
            // EU DSS 6.4 ("Is the revocation data present?") answers CERTIFICATE_CHAIN_GENERAL_FAILURE; TRY_LATER is
            // kept for data that is present but not fresh
            findings.error("REVOCATION_UNAVAILABLE", "No revocation data could be obtained for " + whose + ".");
            return Conclusion.NO_REVOCATION_DATA;
        }
        RevocationEvidence evidence = found.get().evidence();
        if (evidence.kind() == RevocationEvidence.Kind.OCSP && evidence.signedBy() != null && evidence.producedAt() != null
                && !PastCertificateValidation.validAt(evidence.signedBy(), evidence.producedAt())) {
            // EU DSS's revocation acceptance (RevocationIssuerValidAtProductionTime, OCSP): a response produced while its
            // responder's certificate was not valid vouches for nothing
            findings.error("REVOCATION_NOT_ACCEPTABLE", "The OCSP response for " + whose + " was produced at " + evidence.producedAt()
                    + ", outside the validity of the certificate that signed it.");
            return Conclusion.indeterminate(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE);
        }
        if (evidence.issuedBefore(cert)) {
            findings.error("REVOCATION_NOT_ACCEPTABLE", "The revocation data for " + whose + " was issued before the certificate's"
                    + " validity began, so it says nothing about it.");
            return Conclusion.indeterminate(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE);
        }
        if (!evidence.covers(cert)) {
            // revocation acceptance (EN 319 102-1, as EU DSS applies it): data issued after the certificate
            // expired counts only when its issuer keeps the status of expired certificates
            findings.error("REVOCATION_NOT_ACCEPTABLE", "The revocation data for " + whose + " was issued after the certificate"
                    + " expired, and its issuer does not declare that it keeps the status of expired certificates (OCSP archive"
                    + " cutoff, CRL expiredCertsOnCRL).");
            return Conclusion.indeterminate(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE);
        }
        return Conclusion.PASSED;
    }

    /**
     * Whether the certificate that signed the revocation data is valid at the validation time, or an
     * archive time-stamp proves the data existed while it was (EU DSS: RevocationIssuerNotExpired, and
     * past certificate validation of the revocation data's issuer).
     */
    static boolean issuerProven(RevocationEvidence evidence, Instant validationTime, Instant archivedAt) {
        return ValidationTimeSliding.controlTimeWithinValidity(evidence.issuerNotAfter(), validationTime, archivedAt);
    }

    /** {@link #issuerProven}, or the data's signer is a trust anchor, whose validity is not checked (RFC 5280 6.1.1 d). */
    private boolean revocationIssuerValid(RevocationEvidence evidence, Instant validationTime, Instant archivedAt) {
        return evidence.signedBy() != null && gathered.anchors().contains(evidence.signedBy()) || issuerProven(evidence, validationTime, archivedAt);
    }

    private static Revocation report(RevocationSources.Found found, Instant validationTime) {
        RevocationEvidence e = found.evidence();
        String status = switch (e.status().state()) {
            case GOOD -> "good";
            case REVOKED -> "revoked";
            case UNKNOWN -> "unknown";
        };
        Boolean fresh = e.nextUpdate() == null ? null : validationTime.isBefore(e.nextUpdate());
        return new Revocation(status, found.source(), string(e.producedAt()), string(e.thisUpdate()), string(e.nextUpdate()),
                fresh, string(e.status().revokedAt()), e.status().reason());
    }

    private static String string(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
