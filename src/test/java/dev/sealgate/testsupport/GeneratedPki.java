package dev.sealgate.testsupport;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Certificates, CRLs and OCSP responses made with BouncyCastle alone (nothing of SealGate's PKI), for
 * generated test material: every validity period, revocation time and extension chosen by the caller.
 */
public final class GeneratedPki {

    private GeneratedPki() {
    }

    /** A key pair: {@code RSA-2048}, {@code RSA-1024} or {@code EC-P256}. */
    public static KeyPair keys(String kind) {
        try {
            if (kind.startsWith("RSA-")) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(Integer.parseInt(kind.substring(4)));
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JCA signature algorithm for a key and a digest ({@code SHA256}, {@code SHA1}). */
    public static String algorithm(PrivateKey key, String digest) {
        return digest + "with" + ("EC".equals(key.getAlgorithm()) ? "ECDSA" : "RSA");
    }

    /** What a certificate is for. */
    public enum Role {
        CA, SIGNER, OCSP_RESPONDER, OCSP_RESPONDER_NOCHECK, TSA
    }

    /** A certificate and its private key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
        public X500Name name() {
            return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        }
    }

    /**
     * A certificate for {@code subject}'s key, issued by {@code issuer} (null: self-signed), valid from
     * {@code notBefore} to {@code notAfter}, signed with SHA-256 (or {@code digest}).
     */
    public static Issued issue(String subject, KeyPair keys, Issued issuer, Role role, Instant notBefore, Instant notAfter,
            Random random, String digest) {
        try {
            X500Name name = new X500Name("CN=" + subject + ",O=Generated space,C=CN");
            PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.key();
            X500Name issuerName = issuer == null ? name : issuer.name();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, new BigInteger(63, random).add(BigInteger.ONE),
                    Date.from(notBefore), Date.from(notAfter), name, keys.getPublic());
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            PublicKey issuerKey = issuer == null ? keys.getPublic() : issuer.certificate().getPublicKey();
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey));
            if (issuer != null) {
                // where a relying party would fetch revocation data (never reached: the tests are offline), as real CAs
                // publish it; EU DSS will not attach revocation data to a certificate that names no such location
                String base = "http://generated.invalid/" + issuer.certificate().getSerialNumber().toString(16);
                builder.addExtension(Extension.cRLDistributionPoints, false, new org.bouncycastle.asn1.x509.CRLDistPoint(
                        new org.bouncycastle.asn1.x509.DistributionPoint[] {new org.bouncycastle.asn1.x509.DistributionPoint(
                                new org.bouncycastle.asn1.x509.DistributionPointName(new org.bouncycastle.asn1.x509.GeneralNames(
                                        new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier,
                                                base + ".crl"))), null, null)}));
                builder.addExtension(Extension.authorityInfoAccess, false, new org.bouncycastle.asn1.x509.AuthorityInformationAccess(
                        org.bouncycastle.asn1.x509.AccessDescription.id_ad_ocsp, new org.bouncycastle.asn1.x509.GeneralName(
                                org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier, base + "/ocsp")));
            }
            switch (role) {
                case CA -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                }
                case SIGNER -> builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
                case OCSP_RESPONDER, OCSP_RESPONDER_NOCHECK -> {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
                    if (role == Role.OCSP_RESPONDER_NOCHECK) {
                        builder.addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
                    }
                }
                case TSA -> {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    builder.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
                }
            }
            ContentSigner signer = new JcaContentSignerBuilder(algorithm(signingKey, digest)).build(signingKey);
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new Issued(cert, keys.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CRL of {@code issuer}'s, listing {@code revoked} (serial → revocation time). */
    public static X509CRL crl(Issued issuer, Instant thisUpdate, Instant nextUpdate, Map<BigInteger, Instant> revoked) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(issuer.name(), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            revoked.forEach((serial, at) -> builder.addCRLEntry(serial, Date.from(at), CRLReason.keyCompromise));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate().getPublicKey()));
            builder.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.ONE));
            ContentSigner signer = new JcaContentSignerBuilder(algorithm(issuer.key(), "SHA256")).build(issuer.key());
            return new JcaX509CRLConverter().getCRL(builder.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An OCSP response (RFC 6960, successful, basic) about {@code subject} issued by {@code issuer},
     * signed by {@code responder} (the issuer itself or a delegated responder, whose certificate the
     * response carries); {@code revokedAt} null for good.
     */
    public static byte[] ocsp(Issued responder, X509Certificate subject, X509Certificate issuer, Instant producedAt, Instant thisUpdate,
            Instant nextUpdate, Instant revokedAt) {
        try {
            CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(issuer), subject.getSerialNumber());
            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(new JcaX509CertificateHolder(responder.certificate()).getSubject()));
            CertificateStatus status = revokedAt == null ? CertificateStatus.GOOD
                    : new RevokedStatus(Date.from(revokedAt), CRLReason.keyCompromise);
            builder.addResponse(id, status, Date.from(thisUpdate), nextUpdate == null ? null : Date.from(nextUpdate));
            List<X509CertificateHolder> chain = new ArrayList<>();
            if (!responder.certificate().equals(issuer)) {
                chain.add(new JcaX509CertificateHolder(responder.certificate()));
            }
            ContentSigner signer = new JcaContentSignerBuilder(algorithm(responder.key(), "SHA256")).build(responder.key());
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                    builder.build(signer, chain.toArray(X509CertificateHolder[]::new), Date.from(producedAt))).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The encoded OCSP response's parsed form. */
    public static OCSPResp parse(byte[] ocsp) {
        try {
            return new OCSPResp(ocsp);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
