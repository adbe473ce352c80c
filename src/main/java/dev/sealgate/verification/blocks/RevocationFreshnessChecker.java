package dev.sealgate.verification.blocks;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.sealgate.crypto.RevocationEvidence;
import dev.sealgate.verification.report.SubIndication;
import dev.sealgate.verification.report.ValidationReport;

/**
 * EN 319 102-1 5.2.5, revocation freshness checker: revocation data is fresh when it was issued no
 * longer than the allowed age before the time it is checked at. The allowed age is the policy's or,
 * without one, the data's own update interval (nextUpdate - thisUpdate), so a CRL is fresh until its
 * nextUpdate. Data as recent as that at a time-stamp's proof of existence counts as well: it is what
 * a B-LT signature keeps from when it was made.
 */
final class RevocationFreshnessChecker {

    private RevocationFreshnessChecker() {
    }

    static boolean fresh(RevocationEvidence evidence, Optional<Duration> max, Instant validationTime, Instant proofOfExistence) {
        Instant issued = evidence.thisUpdate();
        if (issued == null) {
            return false;
        }
        Duration allowed = max.orElseGet(() -> evidence.nextUpdate() == null ? null : Duration.between(issued, evidence.nextUpdate()));
        if (allowed == null) {
            return false;
        }
        return !issued.isBefore(validationTime.minus(allowed))
                || proofOfExistence != null && !issued.isBefore(proofOfExistence.minus(allowed));
    }

    /**
     * The policy's freshness demands on every certificate of the path: the signer's certificate against
     * {@code max-revocation-age}, CA certificates against {@code ca-max-revocation-age} or their data's own
     * interval. Nothing is demanded when the policy sets no {@code max-revocation-age} (as DSS's default).
     */
    static Conclusion checkPath(ValidationPolicies.Policy policy, java.util.List<ValidationReport.CertificateReport> chain,
            java.util.List<RevocationEvidence> evidences, Instant validationTime, Instant proofOfExistence, Findings findings) {
        if (policy.maxRevocationAge().isEmpty()) {
            return Conclusion.PASSED;
        }
        for (int i = 0; i < evidences.size(); i++) {
            RevocationEvidence evidence = evidences.get(i);
            Optional<Duration> max = i == 0 ? policy.maxRevocationAge() : policy.caMaxRevocationAge();
            if (evidence != null && !fresh(evidence, max, validationTime, proofOfExistence)) {
                findings.error("REVOCATION_TOO_OLD", "Revocation data for " + chain.get(i).subject() + " is older than the policy"
                        + " allows, at the validation time and at the signature's proof of existence.");
                return Conclusion.indeterminate(SubIndication.TRY_LATER);
            }
        }
        return Conclusion.PASSED;
    }
}
