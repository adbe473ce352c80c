package dev.sealgate.crypto;

import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.BasicOCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.asn1.ocsp.ResponseBytes;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * What one OCSP response or CRL says about one certificate, once its signature and issuer have been
 * checked. Evidence that cannot be authenticated is never returned.
 *
 * @param expiredKeptSince the date since which the issuer declares it keeps the status of expired
 *                         certificates (OCSP archive cutoff, RFC 6960 4.4.4; CRL expiredCertsOnCRL,
 *                         X.509 / RFC 5280); null when it declares nothing
 * @param signedBy         the certificate that signed this data: the CA itself, or the OCSP responder it
 *                         delegated to; null when not known
 */
public record RevocationEvidence(Kind kind, CertificateStatus status, Instant producedAt, Instant thisUpdate,
        Instant nextUpdate, Instant expiredKeptSince, X509Certificate signedBy) {

    public enum Kind { OCSP, CRL }

    private static final String EXPIRED_CERTS_ON_CRL = "2.5.29.60";

    /**
     * Whether this evidence can speak about {@code cert} at all: it was issued after the certificate
     * (a CRL from before the certificate existed says nothing about it), and while the certificate
     * was still valid, or its issuer declares that it keeps the status of certificates that expired
     * since a date no later than the certificate's expiry. A responder or CRL that drops expired
     * certificates says "good" about them whatever happened, so such an answer proves nothing.
     */
    public boolean covers(X509Certificate cert) {
        if (issuedBefore(cert)) {
            return false;
        }
        Instant knownSince = thisUpdate;
        if (expiredKeptSince != null && expiredKeptSince.isBefore(knownSince)) {
            knownSince = expiredKeptSince;
        }
        return !cert.getNotAfter().toInstant().isBefore(knownSince);
    }

    /**
     * When the certificate that signed this data expires: past it, the data proves something only with
     * proof that it existed before; null when not known.
     */
    public Instant issuerNotAfter() {
        return signedBy == null ? null : signedBy.getNotAfter().toInstant();
    }

    /** Whether this evidence was issued before the certificate's validity began (EN 319 102-1 revocation acceptance). */
    public boolean issuedBefore(X509Certificate cert) {
        return thisUpdate != null && thisUpdate.isBefore(cert.getNotBefore().toInstant());
    }

    /** Evidence from a DER OCSPResponse, or null when it does not speak about {@code cert} or does not verify. */
    public static RevocationEvidence fromOcsp(byte[] response, X509Certificate cert, X509Certificate issuer) {
        return fromOcsp(response, cert, List.of(issuer));
    }

    /**
     * Evidence from a DER OCSPResponse signed by the certificate's issuer ({@code authorities.get(0)}) or
     * by a responder with id-kp-OCSPSigning certified by one of {@code authorities} (the issuer and the
     * CAs above it on the path: RFC 6960 4.2.2.2 names the issuer; national PKIs such as Germany's have
     * their root certify the responders, and EU DSS accepts those, a CA above the issuer being trusted for
     * everything below it); null when it does not speak about {@code cert} or does not verify.
     */
    public static RevocationEvidence fromOcsp(byte[] response, X509Certificate cert, List<X509Certificate> authorities) {
        X509Certificate issuer = authorities.get(0);
        try {
            BasicOCSPResp basic = basicResponse(response);
            if (basic == null) {
                return null;
            }
            X509Certificate signedBy = signingCertificate(basic, authorities);
            if (signedBy == null) {
                return null;
            }
            var digests = new JcaDigestCalculatorProviderBuilder().build();
            JcaX509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer);
            for (SingleResp single : basic.getResponses()) {
                CertificateID id = single.getCertID();
                if (!id.getSerialNumber().equals(cert.getSerialNumber()) || !id.matchesIssuer(issuerHolder, digests)) {
                    continue;
                }
                Object status = single.getCertStatus();
                CertificateStatus answer;
                if (status == null) {
                    answer = CertificateStatus.GOOD;
                } else if (status instanceof RevokedStatus revoked) {
                    answer = CertificateStatus.revoked(revoked.getRevocationTime().toInstant(),
                            revoked.hasRevocationReason() ? revoked.getRevocationReason() : 0);
                } else {
                    answer = CertificateStatus.UNKNOWN;
                }
                return new RevocationEvidence(Kind.OCSP, answer, basic.getProducedAt().toInstant(),
                        single.getThisUpdate().toInstant(),
                        single.getNextUpdate() == null ? null : single.getNextUpdate().toInstant(), archiveCutoff(single, basic), signedBy);
            }
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Evidence from a CRL, or null when the CRL is not the issuer's or does not verify. */
    public static RevocationEvidence fromCrl(X509CRL crl, X509Certificate cert, X509Certificate issuer) {
        if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return null;
        }
        try {
            crl.verify(issuer.getPublicKey(), CryptoProviders.bc());
        } catch (Exception e) {
            return null;
        }
        X509CRLEntry entry = crl.getRevokedCertificate(cert.getSerialNumber());
        CertificateStatus status = entry == null ? CertificateStatus.GOOD
                : CertificateStatus.revoked(entry.getRevocationDate().toInstant(),
                        entry.getRevocationReason() == null ? 0 : entry.getRevocationReason().ordinal());
        return new RevocationEvidence(Kind.CRL, status, crl.getThisUpdate().toInstant(), crl.getThisUpdate().toInstant(),
                crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant(), expiredCertsOnCrl(crl), issuer);
    }

    /**
     * An OCSPResponse as RFC 5940 embeds it under id-ri-ocsp-response: the response itself, or a
     * BasicOCSPResponse embedded on its own (as some signers store it, under id-ri-ocsp-response or
     * id-pkix-ocsp-basic) wrapped as a successful response.
     */
    public static OCSPResponse asOcspResponse(byte[] der) throws java.io.IOException {
        ASN1Sequence sequence = ASN1Sequence.getInstance(der);
        if (sequence.size() > 0 && sequence.getObjectAt(0) instanceof ASN1Enumerated) {
            return OCSPResponse.getInstance(sequence);
        }
        return new OCSPResponse(new OCSPResponseStatus(OCSPResponseStatus.SUCCESSFUL), new ResponseBytes(
                OCSPObjectIdentifiers.id_pkix_ocsp_basic, new DEROctetString(BasicOCSPResponse.getInstance(sequence))));
    }

    /** The basic response of {@link #asOcspResponse}, or null for an unsuccessful response. */
    private static BasicOCSPResp basicResponse(byte[] der) throws Exception {
        OCSPResp resp = new OCSPResp(asOcspResponse(der));
        return resp.getStatus() == OCSPResp.SUCCESSFUL ? (BasicOCSPResp) resp.getResponseObject() : null;
    }

    /** The archive cutoff of a single response, else of the whole response; null when absent or unreadable. */
    private static Instant archiveCutoff(SingleResp single, BasicOCSPResp basic) {
        Extension extension = single.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_archive_cutoff);
        if (extension == null) {
            extension = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_archive_cutoff);
        }
        if (extension == null) {
            return null;
        }
        try {
            return ASN1GeneralizedTime.getInstance(extension.getParsedValue()).getDate().toInstant();
        } catch (Exception e) {
            return null;
        }
    }

    private static Instant expiredCertsOnCrl(X509CRL crl) {
        byte[] value = crl.getExtensionValue(EXPIRED_CERTS_ON_CRL);
        if (value == null) {
            return null;
        }
        try {
            return ASN1GeneralizedTime.getInstance(ASN1OctetString.getInstance(value).getOctets()).getDate().toInstant();
        } catch (Exception e) {
            return null;
        }
    }

    /** Whether the certificate carries id-pkix-ocsp-nocheck (an OCSP responder certificate). */
    public static boolean noCheck(X509Certificate cert) {
        return cert.getExtensionValue("1.3.6.1.5.5.7.48.1.5") != null;
    }

    /** Whether the response verifies with the certificate's key; false, not an exception, for a key of another kind. */
    private static boolean verifiesWith(BasicOCSPResp basic, JcaContentVerifierProviderBuilder verifiers, X509Certificate cert) {
        try {
            return basic.isSignatureValid(verifiers.build(cert));
        } catch (Exception e) {
            return false;
        }
    }

    /** The certificate that signed the response: the issuer itself or a responder it delegated to; null when neither. */
    private static X509Certificate signingCertificate(BasicOCSPResp basic, List<X509Certificate> authorities) throws Exception {
        var verifiers = new JcaContentVerifierProviderBuilder().setProvider(CryptoProviders.bc());
        X509Certificate issuer = authorities.get(0);
        if (verifiesWith(basic, verifiers, issuer)) {
            return issuer;
        }
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(CryptoProviders.bc());
        for (X509CertificateHolder holder : basic.getCerts()) {
            X509Certificate responder = converter.getCertificate(holder);
            List<String> usages = responder.getExtendedKeyUsage();
            boolean delegated = usages != null && usages.contains(KeyPurposeId.id_kp_OCSPSigning.getId())
                    && CertificatePaths.issuerOf(responder, authorities) != null;
            if (delegated && verifiesWith(basic, verifiers, responder)) {
                return responder;
            }
        }
        return null;
    }

}
