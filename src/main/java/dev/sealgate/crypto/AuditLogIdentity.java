package dev.sealgate.crypto;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * What makes a signature the audit log's own, and nothing else's. The log's key is certified with an
 * extended key usage of its own ({@link #LOG_SIGNING}, critical, the only one), which no certificate a
 * signing request can obtain carries (those are issued for document signing, without extended key
 * usage); and a tree head's CMS signature states a content type of its own ({@link #TREE_HEAD}) in its
 * signed attributes, which no document signature SealGate makes states (they sign id-data). So the bytes
 * a head's signature covers can never be those of a signature someone asked SealGate to make, and a
 * verifier that requires both accepts the log's heads only. Both are UUID-based OIDs (ITU-T X.667, arc
 * {@code 2.25}), which need no registration.
 */
public final class AuditLogIdentity {

    /** Extended key usage: signs the audit log's tree heads. */
    public static final ASN1ObjectIdentifier LOG_SIGNING = new ASN1ObjectIdentifier("2.25.33057095245665376728204476655219588792");
    /** CMS content type of a signed audit tree head statement. */
    public static final ASN1ObjectIdentifier TREE_HEAD = new ASN1ObjectIdentifier("2.25.33057095245665376728204476655219588792.1");
    /** How far a head's stated time may lie from its time-stamp's: heads are time-stamped as they are signed. */
    public static final Duration MAX_TIME_STAMP_GAP = Duration.ofMinutes(1);

    private AuditLogIdentity() {
    }

    /** Whether the certificate is certified for signing the audit log (its extended key usage names it). */
    public static boolean certifiedForTheLog(X509Certificate certificate) {
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            return usages != null && usages.contains(LOG_SIGNING.getId())
                    && certificate.getCriticalExtensionOIDs() != null
                    && certificate.getCriticalExtensionOIDs().contains(org.bouncycastle.asn1.x509.Extension.extendedKeyUsage.getId());
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
