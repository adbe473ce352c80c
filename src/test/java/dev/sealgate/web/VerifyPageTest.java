package dev.sealgate.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.Pdfs;
import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Drives the public page as a browser without JavaScript would: plain GET and multipart form POSTs, no token. */
@QuarkusTest
class VerifyPageTest {

    private static final byte[] DOCUMENT = "Residence certificate 2026/311 for the bearer\n".getBytes(StandardCharsets.UTF_8);
    /** Each case comes from its own documentation-range address, so the per-address limit is per case. */
    private static final AtomicInteger ADDRESSES = new AtomicInteger(10);

    private static byte[] sign(String query, String contentType, byte[] body) {
        return given().auth().oauth2(TestRealm.userToken("servant1")).contentType(contentType).body(body)
                .post("/api/v1/signatures" + query).then().statusCode(201).extract().asByteArray();
    }

    private static Response submit(String address, byte[] signed, byte[] original) {
        var form = given().header("X-Forwarded-For", address).header("Accept-Language", "en-GB,en;q=0.8,zh;q=0.5")
                .multiPart("signed", "document.bin", signed, "application/octet-stream");
        form.multiPart("original", "", original == null ? new byte[0] : original, "application/octet-stream");
        return form.when().post("/verify");
    }

    private static Response submit(byte[] signed, byte[] original) {
        return submit("198.51.100." + ADDRESSES.incrementAndGet(), signed, original);
    }

    /** The text of the element with this id, tags removed and whitespace folded. */
    private static String section(String html, String id) {
        Matcher m = Pattern.compile("<section[^>]*id=\"" + id + "\"[^>]*>(.*?)</section>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), "no section " + id + " in " + html);
        return m.group(1).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").trim();
    }

    @Test
    void theFormWorksWithoutScriptOrLogin() {
        String html = given().redirects().follow(false).header("Accept-Language", "en").get("/verify").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", "nosniff")
                .extract().asString();
        assertTrue(html.contains("<form method=\"post\" action=\"/verify\" enctype=\"multipart/form-data\">"), html);
        assertTrue(html.contains("name=\"signed\"") && html.contains("name=\"original\""), html);
        assertTrue(!html.toLowerCase().contains("<script") && !Pattern.compile("\\son[a-z]+=").matcher(html).find(), "the page needs no script: " + html);
        given().get("/css/sealgate.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void aValidSealedPdfNamesTheSignerAndTheProvenTime() {
        byte[] signed = sign("?format=pades&level=B-T&key=seal", "application/pdf", Pdfs.letter("Residence certificate"));
        String subject = given().auth().oauth2(TestRealm.userToken("servant1")).multiPart("signed", "s.pdf", signed)
                .post("/api/v1/verifications").then().statusCode(200).extract().path("signatures[0].signer.subject");
        String commonName = subject.replaceAll("^.*?CN=([^,]+).*$", "$1");
        String html = submit(signed, null).then().statusCode(200).extract().asString();
        assertEquals("Valid The signature on this PAdES document is intact and was made with a certificate that was valid "
                + "and trusted at the time.", section(html, "verdict"));
        String signature = section(html, "signature-1");
        assertTrue(signature.startsWith("Signature 1: Valid"), signature);
        assertTrue(signature.contains("UTC"), "English readers get UTC: " + signature);
        assertTrue(signature.contains("Signed by " + commonName), signature);
        assertTrue(signature.contains("proven by a time-stamp"), signature);
        assertTrue(signature.contains("Signature level B-T"), signature);
    }

    /** Chinese first: when the reader prefers it or names no language; English on request, and a switch either way. */
    @Test
    void thePageSpeaksChineseFirst() {
        String form = given().get("/verify").then().statusCode(200).header("Content-Language", "zh-CN").extract().asString();
        assertTrue(form.contains("<html lang=\"zh-CN\">") && form.contains("核验已签署的文件"), form);
        assertTrue(form.contains("href=\"?lang=en\""), "a switch to English: " + form);
        String english = given().header("Accept-Language", "zh-CN,zh;q=0.9").get("/verify?lang=en").then().statusCode(200)
                .header("Content-Language", "en").extract().asString();
        assertTrue(english.contains("Verify a signed document") && english.contains("href=\"?lang=zh\""), english);
        assertTrue(given().header("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5").get("/verify").asString().contains("Verify a signed document"),
                "English when the reader prefers it to Chinese");

        byte[] signed = sign("?format=pades&level=B-T&key=seal", "application/pdf", Pdfs.letter("Residence certificate"));
        String html = given().header("X-Forwarded-For", "198.51.100.240").header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
                .multiPart("signed", "document.pdf", signed, "application/pdf").post("/verify").then().statusCode(200).extract().asString();
        assertTrue(section(html, "verdict").startsWith("有效 本 PAdES 文件上的该签名完好"), html);
        String signature = section(html, "signature-1");
        assertTrue(signature.startsWith("签名 1：有效"), signature);
        assertTrue(signature.contains("由时间戳证明") && signature.contains("北京时间"), signature);
    }

    @Test
    void aChangedDocumentIsNotValidAndSaysWhy() {
        byte[] signature = sign("?format=cades", "text/plain", DOCUMENT);
        String html = submit(signature, "Residence certificate 2026/311 for someone else\n".getBytes()).then().statusCode(200)
                .extract().asString();
        assertTrue(section(html, "verdict").startsWith("Not valid"), html);
        assertTrue(section(html, "signature-1").contains("The document was changed after it was signed"), html);
        assertTrue(section(html, "signature-1").contains("as claimed by the signer (no time-stamp)"), html);
    }

    /** In Chinese, the engine's findings are told in Chinese too, not in the engine's English. */
    @Test
    void aChangedDocumentSaysWhyInChinese() {
        byte[] signature = sign("?format=cades", "text/plain", DOCUMENT);
        String html = given().header("X-Forwarded-For", "198.51.100.241").header("Accept-Language", "zh-CN,zh;q=0.9")
                .multiPart("signed", "document.bin", signature, "application/octet-stream")
                .multiPart("original", "x.txt", "Residence certificate 2026/311 for someone else\n".getBytes(), "text/plain")
                .post("/verify").then().statusCode(200).extract().asString();
        String section = section(html, "signature-1");
        assertTrue(section.contains("文件在签署后被修改"), section);
        assertFalse(section.contains("The signed data does not match"), section);
    }

    @Test
    void aDetachedSignatureWithoutItsOriginalAsksForIt() {
        String html = submit(sign("?format=cades", "text/plain", DOCUMENT), null).then().statusCode(200).extract().asString();
        assertTrue(section(html, "verdict").startsWith("Could not be confirmed"), html);
        assertTrue(section(html, "signature-1").contains("upload the signed document as well"), html);
    }

    @Test
    void anUnsignedPdfHasNoSignature() {
        String html = submit(Pdfs.letter("Nothing signed here"), null).then().statusCode(200).extract().asString();
        assertTrue(section(html, "verdict").startsWith("No signature found"), html);
    }

    @Test
    void garbageAndEmptyUploadsGetAPlainExplanation() {
        String html = submit("not a signature at all".getBytes(), null).then().statusCode(400)
                .contentType(containsString("text/html")).body(not(containsString("Exception"))).extract().asString();
        assertTrue(html.contains("data-problem-type=\"urn:sealgate:problem:unrecognised-signature\""), html);
        assertTrue(section(html, "problem").contains("neither a PDF, a JWS (JAdES), a CMS signature (CAdES) nor an OFD package"), html);
        String empty = submit(new byte[0], null).then().statusCode(400).extract().asString();
        assertTrue(section(empty, "problem").startsWith("No file chosen"), empty);
    }

    @Test
    void eachAddressIsLimitedAndToldWhenToComeBack() {
        String address = "203.0.113.77";
        int accepted = 0;
        Response last = null;
        for (int i = 0; i < 30; i++) {
            last = submit(address, "x".getBytes(), null);
            if (last.statusCode() == 429) {
                break;
            }
            accepted++;
        }
        // the test profile allows a burst of 10 per address
        assertTrue(accepted >= 10 && accepted < 30, "accepted before the limit: " + accepted);
        last.then().statusCode(429).contentType(containsString("text/html"))
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"));
        assertTrue(last.asString().contains("urn:sealgate:problem:too-many-requests"));
        submit("203.0.113.78", "x".getBytes(), null).then().statusCode(400);
    }
}
