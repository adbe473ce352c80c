package dev.sealgate.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation data issued after a certificate expired speaks about it only when its issuer declares
 * that it keeps the status of expired certificates (CRL expiredCertsOnCRL, OCSP archive cutoff).
 */
class RevocationEvidenceTest {

    @TempDir
    Path dir;

    private final Instant now = Instant.now();
    private KeyStoreCustody store;
    private X509Certificate ca;
    private X509Certificate expired;
    private X509Certificate valid;

    @BeforeEach
    void pki() throws Exception {
        store = KeyStoreCustody.pkcs12(dir.resolve("ca.p12"), "x".toCharArray(), false);
        var caKey = store.generate("ca", KeyAlgorithm.EC_P256);
        ca = CertificateBuilder.issue(new CertificateTemplate("CN=Test CA", BigInteger.ONE, now.minus(Duration.ofDays(365)),
                now.plus(Duration.ofDays(365)), CertificatePurpose.ROOT_CA, null, null, null), caKey, null, store, "ca");
        store.installChain("ca", List.of(ca));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair subject = generator.generateKeyPair();
        expired = CertificateBuilder.issue(new CertificateTemplate("CN=Expired", BigInteger.TWO, now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(10)), CertificatePurpose.DOCUMENT_SIGNING, null, null, null), subject.getPublic(), ca,
                store, "ca");
        valid = CertificateBuilder.issue(new CertificateTemplate("CN=Valid", BigInteger.TEN, now.minus(Duration.ofDays(30)),
                now.plus(Duration.ofDays(10)), CertificatePurpose.DOCUMENT_SIGNING, null, null, null), subject.getPublic(), ca,
                store, "ca");
    }

    @Test
    void crlAfterExpiryCountsOnlyWithExpiredCertsOnCrl() throws Exception {
        RevocationEvidence plain = RevocationEvidence.fromCrl(crl(null), expired, ca);
        assertNotNull(plain);
        assertFalse(plain.covers(expired), "a CRL issued after expiry may simply have dropped the certificate");
        assertTrue(RevocationEvidence.fromCrl(crl(null), valid, ca).covers(valid));

        RevocationEvidence keeping = RevocationEvidence.fromCrl(crl(now.minus(Duration.ofDays(100))), expired, ca);
        assertEquals(now.minus(Duration.ofDays(100)).getEpochSecond(), keeping.expiredKeptSince().getEpochSecond());
        assertTrue(keeping.covers(expired));

        RevocationEvidence tooRecent = RevocationEvidence.fromCrl(crl(now.minus(Duration.ofDays(5))), expired, ca);
        assertFalse(tooRecent.covers(expired), "expired before the CRL started keeping expired certificates");
    }

    @Test
    void ocspAfterExpiryCountsOnlyWithArchiveCutoff() throws Exception {
        RevocationEvidence plain = RevocationEvidence.fromOcsp(ocsp(expired, null), expired, ca);
        assertNotNull(plain);
        assertEquals(dev.sealgate.crypto.CertificateStatus.State.GOOD, plain.status().state());
        assertFalse(plain.covers(expired));

        RevocationEvidence archived = RevocationEvidence.fromOcsp(ocsp(expired, now.minus(Duration.ofDays(100))), expired, ca);
        assertTrue(archived.covers(expired));
    }

    @Test
    void aBasicResponseEmbeddedOnItsOwnIsRead() throws Exception {
        // some CAdES signers store the BasicOCSPResponse alone (id-pkix-ocsp-basic, or under id-ri-ocsp-response)
        byte[] full = ocsp(valid, null);
        byte[] basicOnly = org.bouncycastle.asn1.ocsp.BasicOCSPResponse.getInstance(
                new org.bouncycastle.cert.ocsp.OCSPResp(full).toASN1Structure().getResponseBytes().getResponse().getOctets()).getEncoded();
        RevocationEvidence evidence = RevocationEvidence.fromOcsp(basicOnly, valid, ca);
        assertNotNull(evidence, "the basic response alone is evidence too");
        assertEquals(dev.sealgate.crypto.CertificateStatus.State.GOOD, evidence.status().state());
        assertEquals(ca, evidence.signedBy());
        assertTrue(java.util.Arrays.equals(full, RevocationEvidence.asOcspResponse(full).getEncoded()), "a full response is kept as it is");
        assertNotNull(RevocationEvidence.fromOcsp(RevocationEvidence.asOcspResponse(basicOnly).getEncoded(), valid, ca),
                "wrapped as a successful OCSPResponse for re-embedding");
    }

    @Test
    void aResponderCertifiedAboveTheIssuerOnThePathMayAnswerButNotOneOutsideIt() throws Exception {
        var subKey = store.generate("sub", KeyAlgorithm.EC_P256);
        X509Certificate sub = CertificateBuilder.issue(new CertificateTemplate("CN=Test Sub CA", BigInteger.valueOf(20),
                now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(300)), CertificatePurpose.ISSUING_CA, null, null, null),
                subKey, ca, store, "ca");
        store.installChain("sub", List.of(sub, ca));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        X509Certificate leaf = CertificateBuilder.issue(new CertificateTemplate("CN=Leaf", BigInteger.valueOf(21),
                now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(30)), CertificatePurpose.DOCUMENT_SIGNING, null, null, null),
                generator.generateKeyPair().getPublic(), sub, store, "sub");
        // the root certifies the responder, as Germany's qualified PKI does
        var responderKey = store.generate("responder", KeyAlgorithm.EC_P256);
        X509Certificate rootResponder = CertificateBuilder.issue(new CertificateTemplate("CN=Root OCSP", BigInteger.valueOf(22),
                now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(30)), CertificatePurpose.OCSP_SIGNING, null, null, null),
                responderKey, ca, store, "ca");
        byte[] byRootResponder = ocspBy(leaf, sub, "responder", rootResponder);
        assertEquals(null, RevocationEvidence.fromOcsp(byRootResponder, leaf, sub), "only the issuer was named as an authority");
        RevocationEvidence evidence = RevocationEvidence.fromOcsp(byRootResponder, leaf, List.of(sub, ca));
        assertNotNull(evidence, "a responder certified by a CA above the issuer on the leaf's own path");
        assertEquals(rootResponder, evidence.signedBy());

        // a responder certified by another hierarchy speaks for none of this one's certificates
        var otherKey = store.generate("other", KeyAlgorithm.EC_P256);
        X509Certificate otherRoot = CertificateBuilder.issue(new CertificateTemplate("CN=Other Root", BigInteger.valueOf(23),
                now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(30)), CertificatePurpose.ROOT_CA, null, null, null),
                otherKey, null, store, "other");
        store.installChain("other", List.of(otherRoot));
        var strangerKey = store.generate("stranger", KeyAlgorithm.EC_P256);
        X509Certificate stranger = CertificateBuilder.issue(new CertificateTemplate("CN=Other OCSP", BigInteger.valueOf(24),
                now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(30)), CertificatePurpose.OCSP_SIGNING, null, null, null),
                strangerKey, otherRoot, store, "other");
        assertEquals(null, RevocationEvidence.fromOcsp(ocspBy(leaf, sub, "stranger", stranger), leaf, List.of(sub, ca)));
    }

    private X509CRL crl(Instant expiredCertsOnCrl) throws Exception {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                Date.from(now));
        builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
        if (expiredCertsOnCrl != null) {
            builder.addExtension(new ASN1ObjectIdentifier("2.5.29.60"), false, new ASN1GeneralizedTime(Date.from(expiredCertsOnCrl)));
        }
        return new JcaX509CRLConverter().setProvider(CryptoProviders.bc()).getCRL(builder.build(signer()));
    }

    private byte[] ocsp(X509Certificate cert, Instant archiveCutoff) throws Exception {
        var digests = new JcaDigestCalculatorProviderBuilder().build();
        CertificateID id = new CertificateID(digests.get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(ca),
                cert.getSerialNumber());
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(
                new JcaX509CertificateHolder(ca).getSubjectPublicKeyInfo(), digests.get(CertificateID.HASH_SHA1)));
        Extensions extensions = archiveCutoff == null ? null : new Extensions(new Extension(
                OCSPObjectIdentifiers.id_pkix_ocsp_archive_cutoff, false,
                new DEROctetString(new ASN1GeneralizedTime(Date.from(archiveCutoff)))));
        builder.addResponse(id, CertificateStatus.GOOD, Date.from(now), Date.from(now.plus(Duration.ofHours(1))), extensions);
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, builder.build(signer(), null, Date.from(now))).getEncoded();
    }

    /** A response about {@code cert} (issued by {@code issuer}) signed by a responder, which it carries. */
    private byte[] ocspBy(X509Certificate cert, X509Certificate issuer, String responderAlias, X509Certificate responder) throws Exception {
        var digests = new JcaDigestCalculatorProviderBuilder().build();
        CertificateID id = new CertificateID(digests.get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(issuer),
                cert.getSerialNumber());
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(
                new JcaX509CertificateHolder(responder).getSubjectPublicKeyInfo(), digests.get(CertificateID.HASH_SHA1)));
        builder.addResponse(id, CertificateStatus.GOOD, Date.from(now), Date.from(now.plus(Duration.ofHours(1))), null);
        var signer = new CustodySigner(store, responderAlias, SignatureScheme.forKey(responder.getPublicKey()));
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, builder.build(signer,
                new org.bouncycastle.cert.X509CertificateHolder[] {new JcaX509CertificateHolder(responder)}, Date.from(now))).getEncoded();
    }

    private ContentSigner signer() {
        return new CustodySigner(store, "ca", SignatureScheme.forKey(ca.getPublicKey()));
    }
}
