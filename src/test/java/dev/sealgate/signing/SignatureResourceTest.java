package dev.sealgate.signing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sealgate.testsupport.TestRealm;
import dev.sealgate.testsupport.Tool;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class SignatureResourceTest {

    private static final byte[] DOCUMENT = "Certificate of residence for Li Wei, issued 2026-11-25.\n".getBytes(StandardCharsets.UTF_8);

    private static Response sign(String user, String query, byte[] body) {
        return given().auth().oauth2(TestRealm.userToken(user))
                .contentType("text/plain").header("Content-Disposition", "attachment; filename=\"residence.txt\"")
                .body(body).when().post("/api/v1/signatures" + query);
    }

    private static void opensslVerifiesDetached(byte[] signature, byte[] content, Path dir) throws Exception {
        Assumptions.assumeTrue(Tool.available("openssl"), "openssl not installed");
        Path sig = Files.write(dir.resolve("sig.p7s"), signature);
        Path doc = Files.write(dir.resolve("doc.txt"), content);
        Tool.Result result = Tool.run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", sig.toString(),
                "-content", doc.toString(), "-CAfile", "certs-dev/root-ca.pem", "-purpose", "any", "-out", "/dev/null");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("Verification successful"), result.output());
    }

    @Test
    void servantSignsWithAPersonalCertificateBoundToTheirIdentity(@TempDir Path dir) throws Exception {
        String subject = given().auth().oauth2(TestRealm.userToken("servant1")).get("/api/v1/me").then().extract().path("subject");
        Response response = sign("servant1", "?format=cades&packaging=detached&level=B-B&key=personal", DOCUMENT);
        response.then().statusCode(201).contentType("application/pkcs7-signature")
                .header("Location", matchesPattern(".*/api/v1/signatures/[0-9a-f-]{36}"));
        byte[] signature = response.asByteArray();
        opensslVerifiesDetached(signature, DOCUMENT, dir);

        CMSSignedData cms = new CMSSignedData(signature);
        SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
        X509CertificateHolder cert = (X509CertificateHolder) cms.getCertificates().getMatches(signer.getSID()).iterator().next();
        String dn = cert.getSubject().toString();
        assertTrue(dn.contains("SERIALNUMBER=" + subject), dn);
        assertTrue(dn.contains("OU=civil-affairs"), dn);
        assertNotNull(signer.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2));
        assertNotNull(signer.getSignedAttributes().get(PKCSObjectIdentifiers.pkcs_9_at_signingTime));
        assertEquals(CMSObjectIdentifiers.data.getId(), signer.getContentType().getId());

        String location = response.header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        given().auth().oauth2(TestRealm.userToken("servant1")).get("/api/v1/signatures/" + id)
                .then().statusCode(200)
                .body("signerUsername", equalTo("servant1"))
                .body("signerSubject", equalTo(subject))
                .body("department", equalTo("civil-affairs"))
                .body("key", equalTo("personal"))
                .body("format", equalTo("cades")).body("packaging", equalTo("detached")).body("level", equalTo("B-B"))
                .body("documentName", equalTo("residence.txt"))
                .body("documentSize", equalTo(DOCUMENT.length))
                .body("documentSha256", equalTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(DOCUMENT))))
                .body("certificateSerial", equalTo(cert.getSerialNumber().toString(16)))
                .body("client", equalTo("backoffice"));
        given().auth().oauth2(TestRealm.userToken("auditor1")).get("/api/v1/signatures/" + id).then().statusCode(200);
        given().auth().oauth2(TestRealm.userToken("servant2")).get("/api/v1/signatures/" + id)
                .then().statusCode(404).contentType("application/problem+json");

        // the same certificate is reused for the next signature
        byte[] second = sign("servant1", "", "another document".getBytes()).then().statusCode(201).extract().asByteArray();
        CMSSignedData cms2 = new CMSSignedData(second);
        SignerInformation signer2 = cms2.getSignerInfos().getSigners().iterator().next();
        assertEquals(cert.getSerialNumber(), signer2.getSID().getSerialNumber());
    }

    @Test
    void departmentSealWithSignatureTimeStamp(@TempDir Path dir) throws Exception {
        Response response = sign("servant1", "?format=cades&level=B-T&key=seal", DOCUMENT);
        byte[] signature = response.then().statusCode(201).extract().asByteArray();
        opensslVerifiesDetached(signature, DOCUMENT, dir);
        CMSSignedData cms = new CMSSignedData(signature);
        SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
        X509CertificateHolder cert = (X509CertificateHolder) cms.getCertificates().getMatches(signer.getSID()).iterator().next();
        assertTrue(cert.getSubject().toString().contains("Civil Affairs Bureau (seal)"));
        var tst = signer.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        assertNotNull(tst, "B-T carries a signature time-stamp");
        var token = new org.bouncycastle.tsp.TimeStampToken(new CMSSignedData(tst.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded()));
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(signer.getSignature()),
                token.getTimeStampInfo().getMessageImprintDigest());
    }

    @Test
    void envelopingSignatureCarriesTheDocument(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Tool.available("openssl"), "openssl not installed");
        byte[] signature = sign("servant1", "?format=cades&packaging=enveloping", DOCUMENT).then().statusCode(201).extract().asByteArray();
        Path sig = Files.write(dir.resolve("sig.p7m"), signature);
        Path out = dir.resolve("content.txt");
        Tool.Result result = Tool.run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", sig.toString(),
                "-CAfile", "certs-dev/root-ca.pem", "-purpose", "any", "-out", out.toString());
        assertEquals(0, result.exitCode(), result.output());
        assertArrayEquals(DOCUMENT, Files.readAllBytes(out));
    }

    @Test
    void longTermLevelEmbedsOcspAnswersAndTheRootCrl(@TempDir Path dir) throws Exception {
        byte[] signature = sign("servant1", "?level=B-LT", DOCUMENT).then().statusCode(201).extract().asByteArray();
        opensslVerifiesDetached(signature, DOCUMENT, dir);
        CMSSignedData cms = new CMSSignedData(signature);
        assertFalse(cms.getOtherRevocationInfo(CMSObjectIdentifiers.id_ri_ocsp_response).getMatches(null).isEmpty(),
                "OCSP responses embedded");
        assertEquals(1, cms.getCRLs().getMatches(null).size(), "the root's CRL embedded");
        assertTrue(cms.getCertificates().getMatches(null).size() >= 4, "signer, issuing CA, root and TSA certificates");
    }

    @Test
    void tamperedDocumentFailsOpensslVerification(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Tool.available("openssl"), "openssl not installed");
        byte[] signature = sign("servant1", "", DOCUMENT).then().statusCode(201).extract().asByteArray();
        Path sig = Files.write(dir.resolve("sig.p7s"), signature);
        byte[] changed = DOCUMENT.clone();
        changed[0] = 'c';
        Path doc = Files.write(dir.resolve("doc.txt"), changed);
        Tool.Result result = Tool.run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", sig.toString(),
                "-content", doc.toString(), "-CAfile", "certs-dev/root-ca.pem", "-purpose", "any", "-out", "/dev/null");
        assertTrue(result.exitCode() != 0, result.output());
    }

    @Test
    void badInputIsAProblemAndStoresNothing() {
        long before = records();
        sign("servant1", "", new byte[0]).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:sealgate:problem:empty-document"));
        sign("servant1", "?format=cades&packaging=enveloped", DOCUMENT).then().statusCode(400)
                .body("type", equalTo("urn:sealgate:problem:unsupported-signature-parameters"));
        sign("servant1", "?format=xades", DOCUMENT).then().statusCode(400)
                .body("type", equalTo("urn:sealgate:problem:unsupported-signature-parameters"));
        sign("servant1", "?level=B-LTX", DOCUMENT).then().statusCode(400)
                .body("type", equalTo("urn:sealgate:problem:unsupported-signature-parameters"));
        sign("servant1", "?format=jades&packaging=enveloped", DOCUMENT).then().statusCode(400)
                .body("type", equalTo("urn:sealgate:problem:unsupported-signature-parameters"));
        sign("servant1", "?key=other", DOCUMENT).then().statusCode(400);
        // the document sent as a form part (a common mistake): a clear 415 at once, not a read waiting for a body that was
        // consumed as the form's parts (it answered 500 after 30 s)
        given().auth().oauth2(TestRealm.userToken("servant1")).multiPart("document", "licence.json", DOCUMENT, "application/json")
                .post("/api/v1/signatures?format=jades").then().statusCode(415).contentType("application/problem+json")
                .body("type", equalTo("urn:sealgate:problem:unsupported-media-type"));
        assertEquals(before, records());
    }

    @Test
    void onlySignersSign() {
        long before = records();
        for (String user : new String[] { "servant2", "citizen1", "auditor1" }) {
            sign(user, "", DOCUMENT).then().statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo("urn:sealgate:problem:forbidden"));
        }
        given().auth().oauth2(TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret"))
                .contentType("text/plain").body(DOCUMENT).post("/api/v1/signatures")
                .then().statusCode(403).body("type", equalTo("urn:sealgate:problem:forbidden"));
        given().contentType("text/plain").body(DOCUMENT).post("/api/v1/signatures").then().statusCode(401);
        assertEquals(before, records());
    }

    @Test
    void bodyOverTheLimitIs413WhetherDeclaredOrStreamed() {
        long before = records();
        byte[] big = new byte[6 * 1024 * 1024];
        sign("servant1", "", big).then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("urn:sealgate:problem:payload-too-large"));
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/octet-stream")
                .body(new java.io.ByteArrayInputStream(big)).post("/api/v1/signatures")
                .then().statusCode(413).body("type", equalTo("urn:sealgate:problem:payload-too-large"));
        assertEquals(before, records());
    }

    @jakarta.inject.Inject
    DocumentSigner signer;

    @Test
    void everyRequestGivesItsMemoryBackSignedOrRefused() {
        long before = signer.memoryAvailable();
        byte[] pdf = dev.sealgate.testsupport.Pdfs.letter("Notice of approval, civil affairs bureau");
        String json = "{\"decision\":\"granted\"}";
        for (String query : List.of("?format=cades&packaging=enveloping", "?format=cades&packaging=enveloping&level=B-LT")) {
            sign("servant1", query, DOCUMENT).then().statusCode(201);
            assertEquals(before, signer.memoryAvailable(), query);
        }
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/pdf").body(pdf)
                .post("/api/v1/signatures?level=B-LT").then().statusCode(201);
        assertEquals(before, signer.memoryAvailable(), "PAdES B-LT");
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json").body(json)
                .post("/api/v1/signatures").then().statusCode(201);
        assertEquals(before, signer.memoryAvailable(), "JAdES");
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/pdf").body(DOCUMENT)
                .post("/api/v1/signatures").then().statusCode(400);
        assertEquals(before, signer.memoryAvailable(), "refused: not a PDF");
    }

    @Test
    void unknownRecordIs404() {
        given().auth().oauth2(TestRealm.userToken("auditor1")).get("/api/v1/signatures/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).body("type", equalTo("urn:sealgate:problem:not-found"));
        given().auth().oauth2(TestRealm.userToken("auditor1")).get("/api/v1/signatures/nope")
                .then().statusCode(404).header("Content-Type", startsWith("application/problem+json"));
    }

    private static long records() {
        return QuarkusTransaction.requiringNew().call(() -> SignatureRecord.count());
    }
}
