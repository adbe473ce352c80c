package dev.sealgate.formats.cades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.sealgate.crypto.CryptoProviders;
import dev.sealgate.crypto.SignatureFacts;

/**
 * CMS structures other signers produce and SealGate never does, built here with BouncyCastle:
 * signers without signed attributes (RFC 5652 5.4: the signature is over the content digest),
 * algorithms named only by a bare key OID with the digest beside it (SHA-1 with rsaEncryption), and
 * counter-signatures (RFC 5652 11.4).
 */
class CadesSignerVariantsTest {

    private static final byte[] CONTENT = "Notice 2026/5: water supply interrupted on Monday\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER = "Notice 2026/5: water supply interrupted on Friday\n".getBytes(StandardCharsets.UTF_8);

    private static KeyPair rsa;
    private static KeyPair ec;
    private static X509Certificate rsaCert;
    private static X509Certificate ecCert;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        rsa = rsaGenerator.generateKeyPair();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(256);
        ec = ecGenerator.generateKeyPair();
        rsaCert = selfSigned(rsa, "SHA256withRSA", "CN=Other RSA signer");
        ecCert = selfSigned(ec, "SHA256withECDSA", "CN=Other EC signer");
    }

    @Test
    void signatureWithoutSignedAttributesIsCheckedOverTheContentDigest() throws Exception {
        byte[] cms = sign(rsa, rsaCert, "SHA256withRSA", true, false);
        SignatureFacts good = CadesInspector.inspect(cms, content(CONTENT));
        assertTrue(good.signatureValid(), "signature over the content digest verifies");
        assertEquals(Boolean.TRUE, good.digestMatches());

        SignatureFacts changed = CadesInspector.inspect(cms, content(OTHER));
        assertFalse(changed.signatureValid());
        assertEquals(Boolean.FALSE, changed.digestMatches(), "an RSA signature names the digest it signed: other content");

        byte[] ecCms = sign(ec, ecCert, "SHA256withECDSA", true, false);
        assertTrue(CadesInspector.inspect(ecCms, content(CONTENT)).signatureValid(), "ECDSA over the content digest");
        assertFalse(CadesInspector.inspect(ecCms, content(OTHER)).signatureValid());
    }

    @Test
    void sha1WithRsaEncryptionVerifiesAsItsDigestAndKeyName() throws Exception {
        byte[] cms = sign(rsa, rsaCert, "SHA1withRSA", false, false);
        SignatureFacts facts = CadesInspector.inspect(cms, content(CONTENT));
        assertTrue(facts.signatureValid(), "SHA-1 with rsaEncryption is intact (whether the policy accepts SHA-1 is another matter)");
        assertEquals(Boolean.TRUE, facts.digestMatches());
        assertEquals(Boolean.FALSE, CadesInspector.inspect(cms, content(OTHER)).digestMatches());
    }

    @Test
    void counterSignaturesAreReportedAfterTheSignatureTheyCounterSign() throws Exception {
        byte[] cms = sign(rsa, rsaCert, "SHA256withRSA", false, true);
        List<CadesInspector.Signer> signers = CadesInspector.inspectAll(cms, content(CONTENT));
        assertEquals(2, signers.size());
        assertEquals(0, signers.get(0).counterSigns());
        assertEquals(1, signers.get(1).counterSigns(), "the counter-signature signs signature 1");
        assertEquals(ecCert, signers.get(1).facts().signer());
        assertTrue(signers.get(1).facts().signatureValid());
        assertEquals(Boolean.TRUE, signers.get(1).facts().digestMatches(), "it covers the first signature's value");

        // the counter-signature does not depend on the content; the first signature does
        List<CadesInspector.Signer> otherContent = CadesInspector.inspectAll(cms, content(OTHER));
        assertEquals(Boolean.FALSE, otherContent.get(0).facts().digestMatches());
        assertEquals(Boolean.TRUE, otherContent.get(1).facts().digestMatches());
    }

    // ---- signatures as other software makes them ----------------------------------------------

    private static byte[] sign(KeyPair keys, X509Certificate cert, String algorithm, boolean direct, boolean counterSign)
            throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        var digests = new JcaDigestCalculatorProviderBuilder().setProvider(CryptoProviders.bc()).build();
        JcaSignerInfoGeneratorBuilder builder = new JcaSignerInfoGeneratorBuilder(digests).setDirectSignature(direct);
        generator.addSignerInfoGenerator(builder.build(new JcaContentSignerBuilder(algorithm).setProvider(CryptoProviders.bc())
                .build(keys.getPrivate()), cert));
        generator.addCertificates(new JcaCertStore(List.of(rsaCert, ecCert)));
        CMSSignedData signed = generator.generate(new CMSProcessableByteArray(CONTENT), false);
        if (counterSign) {
            SignerInformation first = signed.getSignerInfos().getSigners().iterator().next();
            CMSSignedDataGenerator counter = new CMSSignedDataGenerator();
            counter.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(digests).build(
                    new JcaContentSignerBuilder("SHA256withECDSA").setProvider(CryptoProviders.bc()).build(ec.getPrivate()), ecCert));
            SignerInformation counterSigned = SignerInformation.addCounterSigners(first, counter.generateCounterSigners(first));
            signed = CMSSignedData.replaceSigners(signed, new SignerInformationStore(counterSigned));
        }
        return signed.getEncoded("DER");
    }

    private static CadesInspector.DetachedContent content(byte[] bytes) {
        return CadesInspector.DetachedContent.of(() -> new java.io.ByteArrayInputStream(bytes));
    }

    private static X509Certificate selfSigned(KeyPair keys, String algorithm, String subject) throws Exception {
        Instant now = Instant.now();
        X500Name name = new X500Name(subject);
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
        return new JcaX509CertificateConverter().setProvider(CryptoProviders.bc())
                .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).setProvider(CryptoProviders.bc()).build(keys.getPrivate())));
    }
}
