package dev.sealgate.pki;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sealgate.crypto.Pem;
import dev.sealgate.testsupport.TestRealm;
import dev.sealgate.testsupport.Tool;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PkiResourceTest {

    private static final Path ROOT = Path.of("certs-dev/root-ca.pem");
    private static final Path SEAL = Path.of("certs-dev/seal-civil-affairs.pem");

    private static X509Certificate pem(Path file) throws Exception {
        return Pem.certificates(new StringReader(Files.readString(file))).get(0);
    }

    private static List<X509Certificate> chain() {
        String pem = given().get("/pki/ca").then().statusCode(200)
                .contentType("application/pem-certificate-chain").extract().asString();
        return Pem.certificates(new StringReader(pem));
    }

    @Test
    void caChainLeadsToTheDevRoot() throws Exception {
        List<X509Certificate> chain = chain();
        assertEquals(2, chain.size());
        X509Certificate root = pem(ROOT);
        assertEquals(root, chain.get(1));
        chain.get(0).verify(root.getPublicKey());
    }

    @Test
    void crlIsSignedByTheIssuingCaAndFresh() throws Exception {
        byte[] der = given().get("/pki/crl").then().statusCode(200).contentType("application/pkix-crl").extract().asByteArray();
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        crl.verify(chain().get(0).getPublicKey());
        assertTrue(crl.getNextUpdate().after(new Date()), "nextUpdate in the future");
        assertTrue(!crl.getThisUpdate().after(new Date(System.currentTimeMillis() + 1000)));

        byte[] rootDer = given().get("/pki/crl/root").then().statusCode(200).extract().asByteArray();
        X509CRL rootCrl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(rootDer));
        rootCrl.verify(pem(ROOT).getPublicKey());
    }

    @Test
    void ocspSaysTheSealIsGoodAndEchoesTheNonce() throws Exception {
        X509Certificate issuer = chain().get(0);
        byte[] nonce = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        BasicOCSPResp basic = ocsp(pem(SEAL).getSerialNumber(), issuer, nonce);
        assertEquals(org.bouncycastle.cert.ocsp.CertificateStatus.GOOD, basic.getResponses()[0].getCertStatus());
        assertArrayEquals(new DEROctetString(nonce).getEncoded(),
                basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getEncoded());
        X509Certificate responder = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
                .getCertificate(basic.getCerts()[0]);
        responder.verify(issuer.getPublicKey());
        assertTrue(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(responder)));
    }

    @Test
    void ocspSaysUnknownForASerialItNeverIssued() throws Exception {
        BasicOCSPResp basic = ocsp(BigInteger.valueOf(123456789), chain().get(0), null);
        assertTrue(basic.getResponses()[0].getCertStatus() instanceof UnknownStatus);
    }

    @Test
    void malformedOcspRequestGetsTheProtocolsMalformedStatus() throws Exception {
        byte[] der = given().contentType("application/ocsp-request").body(new byte[] { 1, 2, 3 })
                .post("/pki/ocsp").then().statusCode(200).extract().asByteArray();
        assertEquals(OCSPResp.MALFORMED_REQUEST, new OCSPResp(der).getStatus());
    }

    @Test
    void opensslOcspClientAgrees(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Tool.available("openssl"), "openssl not installed");
        Path issuer = dir.resolve("issuing-ca.pem");
        Files.writeString(issuer, Pem.encode(chain().subList(0, 1)));
        Tool.Result result = Tool.run("openssl", "ocsp", "-issuer", issuer.toString(), "-cert", SEAL.toString(),
                "-url", "http://localhost:8081/pki/ocsp", "-CAfile", ROOT.toString(), "-verify_other", "certs-dev/ca-chain.pem");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("Response verify OK"), result.output());
        assertTrue(result.output().contains(SEAL + ": good"), result.output());
    }

    @Test
    void opensslVerifiesATimeStampFromTheTsa(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Tool.available("openssl"), "openssl not installed");
        Path data = dir.resolve("document.txt");
        Files.writeString(data, "a document to time-stamp\n");
        Path query = dir.resolve("request.tsq");
        assertEquals(0, Tool.run("openssl", "ts", "-query", "-data", data.toString(), "-sha256", "-cert",
                "-out", query.toString()).exitCode());
        byte[] reply = given().contentType("application/timestamp-query").body(Files.readAllBytes(query))
                .post("/tsa").then().statusCode(200).contentType("application/timestamp-reply").extract().asByteArray();
        Path response = dir.resolve("reply.tsr");
        Files.write(response, reply);
        Tool.Result verify = Tool.run("openssl", "ts", "-verify", "-data", data.toString(), "-in", response.toString(),
                "-CAfile", ROOT.toString(), "-untrusted", "certs-dev/ca-chain.pem");
        assertTrue(verify.output().contains("Verification: OK"), verify.output());

        Files.writeString(data, "a different document\n");
        Tool.Result tampered = Tool.run("openssl", "ts", "-verify", "-data", data.toString(), "-in", response.toString(),
                "-CAfile", ROOT.toString(), "-untrusted", "certs-dev/ca-chain.pem");
        assertTrue(!tampered.output().contains("Verification: OK"), tampered.output());
    }

    @Test
    void malformedTimeStampQueryIsRejectedInTheProtocol() throws Exception {
        byte[] reply = given().contentType("application/timestamp-query").body(new byte[] { 48, 3, 2, 1, 9 })
                .post("/tsa").then().statusCode(200).extract().asByteArray();
        org.bouncycastle.tsp.TimeStampResponse response = new org.bouncycastle.tsp.TimeStampResponse(reply);
        assertEquals(org.bouncycastle.asn1.cmp.PKIStatus.REJECTION, response.getStatus());
    }

    @Test
    void wrongContentTypeIsAProblem() {
        given().contentType("text/plain").body("hello").post("/tsa")
                .then().statusCode(415).contentType("application/problem+json")
                .body("type", equalTo("urn:sealgate:problem:unsupported-media-type"));
    }

    @Test
    void revocationIsForAuditorsAndNeedsAKnownSerial() {
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json")
                .body("{\"reason\":\"keyCompromise\"}")
                .post("/api/v1/certificates/1234/revocation")
                .then().statusCode(403).body("type", equalTo("urn:sealgate:problem:forbidden"));
        given().auth().oauth2(TestRealm.userToken("auditor1")).contentType("application/json")
                .body("{\"reason\":\"keyCompromise\"}")
                .post("/api/v1/certificates/1234/revocation")
                .then().statusCode(404).body("type", equalTo("urn:sealgate:problem:not-found"));
        given().auth().oauth2(TestRealm.userToken("auditor1")).contentType("application/json")
                .body("{\"reason\":\"keyCompromise\"}")
                .post("/api/v1/certificates/not-hex/revocation")
                .then().statusCode(400).body("type", equalTo("urn:sealgate:problem:invalid-parameter"));
        given().auth().oauth2(TestRealm.userToken("auditor1")).contentType("application/json")
                .body("{\"reason\":\"bored\"}")
                .post("/api/v1/certificates/1234/revocation")
                .then().statusCode(400).body("type", equalTo("urn:sealgate:problem:malformed-request"))
                .body(org.hamcrest.Matchers.not(containsString("Exception")));
    }

    static BasicOCSPResp ocsp(BigInteger serial, X509Certificate issuer, byte[] nonce) throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuer), serial);
        OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
        if (nonce != null) {
            builder.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(nonce))));
        }
        byte[] der = given().contentType("application/ocsp-request").body(builder.build().getEncoded())
                .post("/pki/ocsp").then().statusCode(200).contentType("application/ocsp-response").extract().asByteArray();
        OCSPResp resp = new OCSPResp(der);
        assertEquals(OCSPResp.SUCCESSFUL, resp.getStatus());
        BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
        assertNotNull(basic);
        return basic;
    }

    static boolean revoked(BasicOCSPResp basic) {
        return basic.getResponses()[0].getCertStatus() instanceof RevokedStatus;
    }
}
