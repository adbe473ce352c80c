package dev.sealgate.verification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sealgate.crypto.CertificateBuilder;
import dev.sealgate.crypto.CertificatePurpose;
import dev.sealgate.crypto.CertificateTemplate;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.KeyStoreCustody;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.formats.cades.CadesSigner;
import dev.sealgate.testsupport.Bytes;
import dev.sealgate.testsupport.Pdfs;
import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class VerificationResourceTest {

    private static final byte[] DOCUMENT = "Permit 2026/88: street market on Sunday\n".getBytes(StandardCharsets.UTF_8);

    private static byte[] sign(String query, String contentType, byte[] body) {
        return given().auth().oauth2(TestRealm.userToken("servant1")).contentType(contentType).body(body)
                .post("/api/v1/signatures" + query).then().statusCode(201).extract().asByteArray();
    }

    private static ValidatableResponse verify(byte[] signed, byte[] original) {
        return verifyAs(TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret"), signed, original);
    }

    private static ValidatableResponse verifyAs(String token, byte[] signed, byte[] original) {
        var request = given().auth().oauth2(token)
                .multiPart("signed", "signed.bin", signed, "application/octet-stream");
        if (original != null) {
            request.multiPart("original", "original.bin", original, "application/octet-stream");
        }
        return request.when().post("/api/v1/verifications").then().statusCode(200);
    }

    @Test
    void cadesDetachedWithItsOriginalPasses() {
        String subject = given().auth().oauth2(TestRealm.userToken("servant1")).get("/api/v1/me").then().extract().path("subject");
        verify(sign("?format=cades", "text/plain", DOCUMENT), DOCUMENT)
                .body("indication", equalTo("TOTAL_PASSED"))
                .body("verdict", equalTo("有效 / Valid"))
                .body("documentFormat", equalTo("CAdES"))
                .body("signatures", hasSize(1))
                .body("signatures[0].indication", equalTo("TOTAL_PASSED"))
                .body("signatures[0].verdict", equalTo("有效 / Valid"))
                .body("signatures[0].subIndication", nullValue())
                .body("signatures[0].level", equalTo("B-B"))
                .body("signatures[0].signer.keycloakSubject", equalTo(subject))
                .body("signatures[0].signer.keyKind", equalTo("personal"))
                .body("signatures[0].chain", hasSize(3))
                .body("signatures[0].chain[2].trustAnchor", equalTo(true))
                .body("signatures[0].chain[0].revocation.status", equalTo("good"))
                .body("signatures[0].chain[0].revocation.source", equalTo("ocsp"))
                .body("signatures[0].claimedSigningTime", notNullValue());
    }

    @Test
    void detachedWithoutOriginalIsIndeterminate() {
        verify(sign("?format=cades", "text/plain", DOCUMENT), null)
                .body("signatures[0].indication", equalTo("INDETERMINATE"))
                .body("signatures[0].subIndication", equalTo("SIGNED_DATA_NOT_FOUND"));
    }

    @Test
    void wrongOriginalIsAHashFailure() {
        verify(sign("?format=cades", "text/plain", DOCUMENT), "Permit 2026/88: street market on Monday\n".getBytes())
                .body("indication", equalTo("TOTAL_FAILED"))
                .body("signatures[0].subIndication", equalTo("HASH_FAILURE"))
                .body("signatures[0].errors[0].code", equalTo("HASH_FAILURE"));
    }

    @Test
    void flippedSignatureValueIsACryptoFailure() throws Exception {
        byte[] cms = sign("?format=cades", "text/plain", DOCUMENT);
        byte[] value = new CMSSignedData(cms).getSignerInfos().getSigners().iterator().next().getSignature();
        int at = Bytes.position(cms, value) + value.length - 1;
        cms[at] ^= 0x01;
        verify(cms, DOCUMENT)
                .body("signatures[0].indication", equalTo("TOTAL_FAILED"))
                .body("signatures[0].subIndication", equalTo("SIG_CRYPTO_FAILURE"));
    }

    @Test
    void timeStampAndLongTermLevelsAreRecognised() {
        verify(sign("?format=cades&level=B-T", "text/plain", DOCUMENT), DOCUMENT)
                .body("signatures[0].indication", equalTo("TOTAL_PASSED"))
                .body("signatures[0].level", equalTo("B-T"))
                .body("signatures[0].timestamps[0].indication", equalTo("TOTAL_PASSED"));
        verify(sign("?format=cades&packaging=enveloping&level=B-LT&key=seal", "text/plain", DOCUMENT), null)
                .body("signatures[0].indication", equalTo("TOTAL_PASSED"))
                .body("signatures[0].level", equalTo("B-LT"))
                .body("signatures[0].signer.keyKind", equalTo("seal"))
                .body("signatures[0].chain[0].revocation.source", equalTo("embedded-ocsp"));
    }

    @Test
    void padesAndJades() {
        verify(sign("?format=pades&level=B-LT", "application/pdf", Pdfs.letter("Decision 17")), null)
                .body("documentFormat", equalTo("PAdES"))
                .body("signatures[0].indication", equalTo("TOTAL_PASSED"))
                .body("signatures[0].level", equalTo("B-LT"))
                .body("signatures[0].pdf.coversWholeDocument", equalTo(false))
                .body("signatures[0].pdf.contentChangedAfterSigning", equalTo(false));
        verify(sign("?format=jades", "application/json", "{\"a\":1}".getBytes()), null)
                .body("documentFormat", equalTo("JAdES"))
                .body("signatures[0].indication", equalTo("TOTAL_PASSED"));
    }

    @Test
    void pdfChangedAfterSigningIsReported() throws Exception {
        byte[] signed = sign("?format=pades", "application/pdf", Pdfs.letter("Original text"));
        byte[] changed = Pdfs.changedAfterSigning(signed);
        verify(changed, null)
                .body("signatures[0].pdf.coversWholeDocument", equalTo(false))
                .body("signatures[0].pdf.contentChangedAfterSigning", equalTo(true))
                .body("signatures[0].warnings.code", org.hamcrest.Matchers.hasItem("MODIFIED_AFTER_SIGNING"));
    }

    @Test
    void revokedSignerWithAndWithoutProofOfExistence() throws InterruptedException {
        byte[] plain = sign("?format=cades", "text/plain", DOCUMENT);
        byte[] stamped = sign("?format=cades&level=B-T", "text/plain", DOCUMENT);
        String serial = cms(plain).getSignerInfos().getSigners().iterator().next()
                .getSID().getSerialNumber().toString(16);
        // time-stamps and revocation times have one-second resolution: revoke in a later second
        Thread.sleep(1100);
        given().auth().oauth2(TestRealm.userToken("auditor1")).contentType("application/json")
                .body("{\"reason\":\"keyCompromise\"}").post("/api/v1/certificates/" + serial + "/revocation")
                .then().statusCode(200);
        verify(plain, DOCUMENT)
                .body("signatures[0].indication", equalTo("INDETERMINATE"))
                .body("signatures[0].subIndication", equalTo("REVOKED_NO_POE"))
                .body("signatures[0].chain[0].revocation.status", equalTo("revoked"));
        verify(stamped, DOCUMENT)
                .body("signatures[0].indication", equalTo("TOTAL_PASSED"));
    }

    @Test
    void signerOutsideTheTrustAnchorsHasNoChain(@TempDir Path dir) throws Exception {
        KeyStoreCustody store = KeyStoreCustody.pkcs12(dir.resolve("self.p12"), "x".toCharArray(), false);
        var key = store.generate("self", KeyAlgorithm.EC_P256);
        Instant now = Instant.now();
        var cert = CertificateBuilder.issue(new CertificateTemplate("CN=Self-made signer", BigInteger.TEN, now.minusSeconds(60),
                now.plus(Duration.ofDays(1)), CertificatePurpose.DOCUMENT_SIGNING, null, null, null), key, null, store, "self");
        store.installChain("self", List.of(cert));
        var digest = DocumentDigest.of(new java.io.ByteArrayInputStream(DOCUMENT), SignatureScheme.ECDSA_SHA256.digest(), null, 1 << 20);
        byte[] cms = CadesSigner.detached(digest, new SignerKey(store, "self", new ArrayList<>(List.of(cert)),
                SignatureScheme.ECDSA_SHA256), new CadesSigner.Options(now, true, null));
        verify(cms, DOCUMENT)
                .body("signatures[0].indication", equalTo("INDETERMINATE"))
                .body("signatures[0].subIndication", equalTo("NO_CERTIFICATE_CHAIN_FOUND"));
    }

    @Test
    void reportAsAReadablePdf() throws Exception {
        byte[] pdf = given().auth().oauth2(TestRealm.userToken("auditor1")).accept("application/pdf")
                .multiPart("signed", "s.p7s", sign("?format=cades&level=B-T", "text/plain", DOCUMENT))
                .multiPart("original", "doc.txt", DOCUMENT)
                .post("/api/v1/verifications").then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document);
            // the verdict in the same words as the public pages and the JSON report's "verdict", with the code
            org.junit.jupiter.api.Assertions.assertTrue(text.contains("Result: 有效 / Valid (TOTAL_PASSED)"), text);
            org.junit.jupiter.api.Assertions.assertTrue(text.contains("Signature 1: 有效 / Valid (TOTAL_PASSED)"), text);
            org.junit.jupiter.api.Assertions.assertTrue(text.contains("Time-stamp"), text);
        }
    }

    @Test
    void bLtaSignaturesCarryAnArchiveTimeStampAndSayTheirLevel() throws Exception {
        String tsaExpiry = dev.sealgate.crypto.Pem.certificates(new java.io.StringReader(java.nio.file.Files.readString(Path.of("certs-dev/tsa.pem"))))
                .get(0).getNotAfter().toInstant().toString();
        ValidatableResponse cades = verify(sign("?format=cades&level=B-LTA", "text/plain", DOCUMENT), DOCUMENT)
                .body("indication", equalTo("TOTAL_PASSED"))
                .body("signatures[0].level", equalTo("B-LTA"))
                .body("signatures[0].renewBefore", equalTo(tsaExpiry));
        verify(sign("?format=cades&level=B-LT", "text/plain", DOCUMENT), DOCUMENT).body("signatures[0].renewBefore", nullValue());
        cades.body("signatures[0].timestamps.type", org.hamcrest.Matchers.contains("SIGNATURE_TIMESTAMP", "ARCHIVE_TIMESTAMP"));
        cades.body("signatures[0].timestamps.indication", org.hamcrest.Matchers.everyItem(equalTo("TOTAL_PASSED")));
        verify(sign("?format=pades&level=B-LTA", "application/pdf", Pdfs.letter("Archive copy of decision 2026/311")), null)
                .body("indication", equalTo("TOTAL_PASSED"))
                .body("signatures", hasSize(1))
                .body("signatures[0].level", equalTo("B-LTA"))
                .body("signatures[0].renewBefore", equalTo(tsaExpiry))
                .body("signatures[0].timestamps.type", org.hamcrest.Matchers.hasItem("ARCHIVE_TIMESTAMP"));
        verify(sign("?format=cades&packaging=enveloping&level=B-LTA", "text/plain", DOCUMENT), null)
                .body("indication", equalTo("TOTAL_PASSED"))
                .body("signatures[0].level", equalTo("B-LTA"))
                .body("signatures[0].renewBefore", equalTo(tsaExpiry));
    }

    @Test
    void eachPartnerIsJudgedByItsOwnPolicy() {
        String health = TestRealm.clientToken("partner-health-commission", "partner-health-commission-dev-secret");
        byte[] basic = sign("?format=cades", "text/plain", DOCUMENT);
        verifyAs(health, basic, DOCUMENT)
                .body("policy", equalTo("long-term"))
                .body("signatures[0].indication", equalTo("INDETERMINATE"))
                .body("signatures[0].subIndication", equalTo("SIG_CONSTRAINTS_FAILURE"))
                .body("signatures[0].errors.code", org.hamcrest.Matchers.hasItem("LEVEL_TOO_LOW"));
        verify(basic, DOCUMENT).body("policy", equalTo("default")).body("indication", equalTo("TOTAL_PASSED"));
        verifyAs(health, sign("?format=cades&level=B-LT", "text/plain", DOCUMENT), DOCUMENT)
                .body("policy", equalTo("long-term"))
                .body("indication", equalTo("TOTAL_PASSED"));
    }

    @Test
    void badRequestsAreProblems() throws Exception {
        var partner = TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret");
        given().auth().oauth2(partner).multiPart("original", "o.txt", DOCUMENT).post("/api/v1/verifications")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:sealgate:problem:missing-part"));
        given().auth().oauth2(partner).multiPart("signed", "s.txt", "just text".getBytes()).post("/api/v1/verifications")
                .then().statusCode(400).body("type", equalTo("urn:sealgate:problem:unrecognised-signature"));
        byte[] cms = sign("?format=cades", "text/plain", DOCUMENT);
        ValidatableResponse truncated = given().auth().oauth2(partner)
                .multiPart("signed", "s.p7s", java.util.Arrays.copyOf(cms, cms.length / 2)).post("/api/v1/verifications")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:sealgate:problem:malformed-signature"));
        truncated.body("detail", equalTo("The signature is not a CMS SignedData structure (truncated or not DER)."));
        given().auth().oauth2(partner).multiPart("signed", "s.p7s", noSigner()).post("/api/v1/verifications")
                .then().statusCode(400).body("type", equalTo("urn:sealgate:problem:malformed-signature"))
                .body("detail", equalTo("The CMS SignedData has no signer."));
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String unsecured = url.encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + url.encodeToString(DOCUMENT) + ".";
        given().auth().oauth2(partner).multiPart("signed", "s.jws", unsecured.getBytes()).post("/api/v1/verifications")
                .then().statusCode(400).body("type", equalTo("urn:sealgate:problem:malformed-signature"))
                .body("detail", org.hamcrest.Matchers.containsString("alg 'none'"));
        given().auth().oauth2(partner).multiPart("signed", "data.json", "{\"just\":\"json\"}".getBytes())
                .post("/api/v1/verifications").then().statusCode(400)
                .body("type", equalTo("urn:sealgate:problem:malformed-signature"));
        tooLarge(partner);
        given().auth().oauth2(TestRealm.userToken("citizen1")).multiPart("signed", "s.p7s", DOCUMENT)
                .post("/api/v1/verifications").then().statusCode(403);
    }

    @Test
    void aJwsWhoseCertificateIsNotTheSigningKeyFails() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        java.security.KeyPair someoneElse = generator.generateKeyPair();
        // the certificate of servant1's seal, the key of someone else
        byte[] seal = sign("?format=jades&key=seal", "application/json", "{\"a\":1}".getBytes());
        String header = new String(Base64.getUrlDecoder().decode(new String(seal).split("\\.")[0]));
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String input = url.encodeToString(header.getBytes()) + "." + url.encodeToString("{\"a\":2}".getBytes());
        java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(someoneElse.getPrivate());
        signer.update(input.getBytes());
        byte[] forged = (input + "." + url.encodeToString(signer.sign())).getBytes();
        verify(forged, null)
                .body("indication", equalTo("TOTAL_FAILED"))
                .body("signatures[0].signer.keyKind", equalTo("seal"));
    }

    @Test
    void aPdfWithoutSignaturesIsAResultNotAnError() {
        verify(Pdfs.letter("No signature"), null)
                .body("documentFormat", equalTo("PAdES"))
                .body("indication", equalTo("TOTAL_FAILED"))
                .body("signatures", hasSize(0))
                .body("errors[0].code", equalTo("NO_SIGNATURE"));
    }

    /** A 6 MB form (over the test limit of 5 MB) with its Content-Length declared, as browsers and curl send it. */
    private static void tooLarge(String token) throws Exception {
        String boundary = "sealgate-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"signed\"; filename=\"big.p7s\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(new byte[6 * 1024 * 1024]);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port
                + "/api/v1/verifications")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        org.junit.jupiter.api.Assertions.assertEquals(413, response.statusCode());
        org.junit.jupiter.api.Assertions.assertTrue(response.body().contains("urn:sealgate:problem:payload-too-large"), response.body());
    }

    private static byte[] noSigner() {
        try {
            return new org.bouncycastle.cms.CMSSignedDataGenerator()
                    .generate(new org.bouncycastle.cms.CMSProcessableByteArray(DOCUMENT), true).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CMSSignedData cms(byte[] bytes) {
        try {
            return new CMSSignedData(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
