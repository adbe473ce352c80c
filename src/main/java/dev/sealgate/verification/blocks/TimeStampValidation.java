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
import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.verification.gathering.Gathered;
import dev.sealgate.verification.gathering.RevocationSources;
import dev.sealgate.verification.gathering.ValidationContextInitialisation;
import dev.sealgate.verification.report.Indication;
import dev.sealgate.verification.report.SubIndication;
import dev.sealgate.verification.report.ValidationReport.TimeStampReport;

/**
 * EN 319 102-1 5.4, time-stamp validation: the imprint matches what was stamped, the TSA's signature
 * verifies, a path leads from the TSA to a trust anchor, the TSA's certificate was valid when it
 * stamped and is at the validation time — or, once it has expired, a later archive time-stamp proves
 * the token older than that — and acceptable revocation data shows the TSA not revoked when it stamped.
 */
final class TimeStampValidation {

    private final Gathered gathered;

    TimeStampValidation(Gathered gathered) {
        this.gathered = gathered;
    }

    /** @param laterProof the earliest valid later archive time-stamp, proof that this token existed then; or null */
    TimeStampReport validate(String type, SignatureFacts.TimeStampFacts ts, ValidationContextInitialisation.Material material,
            Instant validationTime, Instant laterProof) {
        CertificatePaths.Path tsaPath = ts.tsa() == null ? null
                : CertificatePaths.build(ts.tsa(), union(material.certificates(), ts.certificates()), gathered.anchors());
        boolean tsaTrusted = tsaPath != null && tsaPath.trusted();
        boolean inBounds = PastCertificateValidation.validAt(ts.tsa(), ts.genTime());
        boolean proven = ValidationTimeSliding.controlTimeWithinValidity(ts.tsa() == null ? null : ts.tsa().getNotAfter().toInstant(),
                validationTime, laterProof);
        SubIndication sub = !ts.imprintMatches() ? SubIndication.HASH_FAILURE : !ts.signatureValid() ? SubIndication.SIG_CRYPTO_FAILURE
                : !tsaTrusted ? SubIndication.NO_CERTIFICATE_CHAIN_FOUND : !inBounds || !proven ? SubIndication.OUT_OF_BOUNDS_NO_POE
                : tsaRevocation(ts, tsaPath.certificates());
        boolean valid = sub == null;
        return new TimeStampReport(type, ts.genTime() == null ? null : ts.genTime().toString(),
                ts.tsa() == null ? null : Names.readable(ts.tsa().getSubjectX500Principal()),
                valid ? Indication.TOTAL_PASSED : Indication.INDETERMINATE, sub);
    }

    /**
     * The TSA certificate's own revocation status, as for any certificate on a path: data that cannot
     * speak about it (issued before the certificate, or after it expired without an archive cutoff) is
     * not acceptable, and a TSA revoked before it stamped makes the token worthless. Null when acceptable.
     */
    private SubIndication tsaRevocation(SignatureFacts.TimeStampFacts ts, List<X509Certificate> path) {
        if (path.size() < 2 || RevocationEvidence.noCheck(ts.tsa())) {
            return null;
        }
        Optional<RevocationSources.Found> found = gathered.revocation(ts.tsa(), path.subList(1, path.size()));
        if (found.isEmpty() || found.get().evidence().status().state() == CertificateStatus.State.UNKNOWN) {
            return Conclusion.NO_REVOCATION_DATA.subIndication();
        }
        if (!found.get().evidence().covers(ts.tsa())) {
            return SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE;
        }
        CertificateStatus status = found.get().evidence().status();
        if (status.state() == CertificateStatus.State.REVOKED && (ts.genTime() == null || !ts.genTime().isBefore(status.revokedAt()))) {
            return SubIndication.REVOKED_NO_POE;
        }
        return null;
    }

    private static List<X509Certificate> union(List<X509Certificate> a, List<X509Certificate> b) {
        List<X509Certificate> out = new ArrayList<>(a);
        b.stream().filter(c -> !out.contains(c)).forEach(out::add);
        return out;
    }
}
