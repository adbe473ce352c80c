package dev.sealgate.formats.cades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.sealgate.crypto.CertificateBuilder;
import dev.sealgate.crypto.CertificatePurpose;
import dev.sealgate.crypto.CertificateTemplate;
import dev.sealgate.crypto.CryptoProviders;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.KeyStoreCustody;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.testsupport.Tool;

/**
 * Every key profile SealGate offers, through the same CMS path as the API: key generated in a key
 * store, certified by the dev issuing CA, detached CMS over a precomputed digest. Verified by
 * BouncyCastle, and by OpenSSL where OpenSSL supports the algorithm in CMS.
 */
class CadesAlgorithmMatrixTest {

    private static final byte[] DOCUMENT = "Decision No. 2026-117 of the civil affairs bureau\n".getBytes();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({
            "EC_P256, ECDSA_SHA256, true",
            "RSA_2048, RSA_PKCS1_SHA256, true",
            "RSA_2048, RSA_PSS_SHA256, true",
            "RSA_3072, RSA_PKCS1_SHA256, true",
            "RSA_3072, RSA_PSS_SHA256, true",
            // OpenSSL 3.0 has no Ed25519 or SM2 in CMS (it cannot even sign them): BouncyCastle only
            "ED25519, ED25519, false",
            "SM2, SM2_SM3, false" })
    void signsAndVerifies(KeyAlgorithm algorithm, SignatureScheme scheme, boolean opensslChecks) throws Exception {
        KeyStoreCustody pki = KeyStoreCustody.pkcs12(Path.of("certs-dev/dev-pki.p12"), "sealgate-dev".toCharArray(), true);
        KeyStoreCustody signers = KeyStoreCustody.pkcs12(dir.resolve("signers.p12"), "test".toCharArray(), false);
        PublicKey key = signers.generate("signer", algorithm);
        List<X509Certificate> caChain = pki.chain("issuing-ca");
        Instant now = Instant.now();
        X509Certificate cert = CertificateBuilder.issue(new CertificateTemplate("CN=Matrix " + algorithm + ",O=SealGate Test,C=CN",
                BigInteger.valueOf(now.toEpochMilli()), now.minusSeconds(60), now.plus(Duration.ofDays(1)),
                CertificatePurpose.DOCUMENT_SIGNING, null, null, null), key, caChain.get(0), pki, "issuing-ca");
        List<X509Certificate> chain = new ArrayList<>(List.of(cert));
        chain.addAll(caChain);
        signers.installChain("signer", chain);

        SignerKey signer = new SignerKey(signers, "signer", chain, scheme);
        DocumentDigest digest = DocumentDigest.of(new ByteArrayInputStream(DOCUMENT), scheme.digest(), null, Long.MAX_VALUE);
        byte[] cms = CadesSigner.detached(digest, signer, new CadesSigner.Options(now, true, null));

        CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(DOCUMENT), cms);
        SignerInformation info = signed.getSignerInfos().getSigners().iterator().next();
        assertEquals(scheme.identifier().getAlgorithm().getId(), info.getEncryptionAlgOID());
        assertTrue(info.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(CryptoProviders.bc()).build(cert)),
                "BouncyCastle verifies " + scheme);

        if (opensslChecks) {
            Assumptions.assumeTrue(Tool.available("openssl"), "openssl not installed");
            Path sig = Files.write(dir.resolve("sig.p7s"), cms);
            Path doc = Files.write(dir.resolve("doc.txt"), DOCUMENT);
            Tool.Result result = Tool.run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", sig.toString(),
                    "-content", doc.toString(), "-CAfile", "certs-dev/root-ca.pem", "-purpose", "any", "-out", "/dev/null");
            assertTrue(result.output().contains("Verification successful"), scheme + ": " + result.output());
        }
    }
}
