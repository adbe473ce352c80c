package dev.sealgate.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds X.509 certificates for the SealGate PKI; the issuer's signature comes from the key custody. */
public final class CertificateBuilder {

    private CertificateBuilder() {
    }

    /**
     * Issues a certificate for {@code subjectKey}. With {@code issuer == null} the certificate is
     * self-signed by the key under {@code issuerAlias} (a root CA).
     */
    public static X509Certificate issue(CertificateTemplate template, PublicKey subjectKey, X509Certificate issuer,
            KeyCustody custody, String issuerAlias) {
        PublicKey issuerKey = issuer == null ? subjectKey : issuer.getPublicKey();
        X500Name issuerName = issuer == null ? new X500Name(template.subject())
                : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, template.serial(),
                    Date.from(template.notBefore()), Date.from(template.notAfter()), new X500Name(template.subject()), subjectKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            if (issuer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer.getPublicKey()));
            }
            addPurpose(builder, template.purpose());
            if (template.crlUrl() != null) {
                DistributionPoint point = new DistributionPoint(new DistributionPointName(
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, template.crlUrl()))), null, null);
                builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] { point }));
            }
            List<AccessDescription> access = new ArrayList<>();
            if (template.ocspUrl() != null) {
                access.add(new AccessDescription(X509ObjectIdentifiers.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, template.ocspUrl())));
            }
            if (template.caIssuersUrl() != null) {
                access.add(new AccessDescription(X509ObjectIdentifiers.id_ad_caIssuers,
                        new GeneralName(GeneralName.uniformResourceIdentifier, template.caIssuersUrl())));
            }
            if (!access.isEmpty()) {
                builder.addExtension(Extension.authorityInfoAccess, false,
                        AuthorityInformationAccess.getInstance(new DERSequence(access.toArray(new ASN1Encodable[0]))));
            }
            ContentSigner signer = new CustodySigner(custody, issuerAlias, SignatureScheme.forKey(issuerKey));
            return new JcaX509CertificateConverter().setProvider(CryptoProviders.bc()).getCertificate(builder.build(signer));
        } catch (IOException | GeneralSecurityException e) {
            throw new CryptoException("Cannot issue certificate for " + template.subject() + ": " + e.getMessage(), e);
        }
    }

    /** A one-day self-signed certificate that holds a freshly generated key until its real chain arrives. */
    static X509Certificate provisional(String alias, KeyPair pair, SignatureScheme scheme, Provider provider) {
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=provisional " + alias.replaceAll("[^A-Za-z0-9 ._-]", "_"));
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
            ContentSigner signer = new JcaContentSignerBuilder(scheme.jcaName()).setProvider(provider).build(pair.getPrivate());
            return new JcaX509CertificateConverter().setProvider(CryptoProviders.bc()).getCertificate(builder.build(signer));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new CryptoException("Cannot build provisional certificate: " + e.getMessage(), e);
        }
    }

    private static void addPurpose(X509v3CertificateBuilder builder, CertificatePurpose purpose) throws IOException {
        switch (purpose) {
            case ROOT_CA -> {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            case ISSUING_CA -> {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            case TIME_STAMPING -> {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
                builder.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
            }
            case OCSP_SIGNING -> {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
                builder.addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
            }
            case DOCUMENT_SIGNING -> builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            case AUDIT_LOG -> {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, true,
                        new ExtendedKeyUsage(KeyPurposeId.getInstance(AuditLogIdentity.LOG_SIGNING)));
            }
        }
    }
}
