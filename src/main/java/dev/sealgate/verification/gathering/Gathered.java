package dev.sealgate.verification.gathering;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sealgate.pki.IssuedCertificate;
import dev.sealgate.verification.report.ValidationReport;

/**
 * Everything one signature's validation takes from outside the signature, gathered before any building block judges:
 * the material (EN 319 102-1 5.2.4), the trust anchors, each revocation answer the path and time-stamp validations ask
 * for (embedded, SealGate's own PKI, OCSP or CRL, as found), and the CA register's answers about the signer. The blocks
 * judge this value and nothing else, so a verdict is replayed, and explained, from it.
 *
 * @param issued        the register's record of the signer's certificate, when SealGate issued one with its serial (else null)
 * @param authorisation how SealGate's own signature was authorised, when it made it (else null)
 */
public record Gathered(ValidationContextInitialisation.Material material, List<X509Certificate> anchors,
        Map<Lookup, Optional<RevocationSources.Found>> revocation, IssuedCertificate issued, ValidationReport.Authorisation authorisation) {

    /** One revocation question: a certificate, with its issuer first and the CAs above it. */
    public record Lookup(X509Certificate certificate, List<X509Certificate> authorities) {

        public Lookup {
            authorities = List.copyOf(authorities);
        }
    }

    public Gathered {
        anchors = List.copyOf(anchors);
        revocation = Collections.unmodifiableMap(new LinkedHashMap<>(revocation));
    }

    /**
     * The revocation answer gathered for {@code certificate} under {@code authorities}. A block asking for one that was
     * not gathered is a defect of the gathering (the verdict would depend on what was not gathered): it is thrown, never
     * fetched here.
     */
    public Optional<RevocationSources.Found> revocation(X509Certificate certificate, List<X509Certificate> authorities) {
        Optional<RevocationSources.Found> found = revocation.get(new Lookup(certificate, authorities));
        if (found == null) {
            throw new NotGathered("Revocation data for " + certificate.getSubjectX500Principal().getName()
                    + " was not gathered before validation");
        }
        return found;
    }

    /** Whether {@code issued}, the register's record under a certificate's serial, is that certificate's (same subject). */
    public static boolean issuedAs(IssuedCertificate issued, X509Certificate certificate) {
        return issued != null && certificate != null && issued.subjectDn.equals(certificate.getSubjectX500Principal().getName());
    }

    /** A block asked for what was not gathered: a defect, never a verdict. */
    public static final class NotGathered extends IllegalStateException {

        NotGathered(String message) {
            super(message);
        }
    }

    /** The same gathered value with other revocation answers (to replay a verdict as if the answers had been these). */
    public Gathered withRevocation(Map<Lookup, Optional<RevocationSources.Found>> answers) {
        return new Gathered(material, anchors, answers, issued, authorisation);
    }
}
