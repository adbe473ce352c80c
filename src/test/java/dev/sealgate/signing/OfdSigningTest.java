package dev.sealgate.signing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.TestOfd;
import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * OFD sealing and signing through the API: the department's electronic seal (GB/T 38540 V4) and a
 * civil servant's electronic signature (GB/T 35275), each verified by SealGate and by ofdrw — an
 * independent implementation, run in a JVM of its own (its BouncyCastle is not ours).
 */
@QuarkusTest
class OfdSigningTest {

    private static final String PARTNER = "partner-tax-bureau";

    static io.restassured.response.Response sign(String user, String query, byte[] ofd) {
        return given().auth().oauth2(TestRealm.userToken(user)).contentType("application/ofd").body(ofd)
                .post("/api/v1/signatures" + query);
    }

    static JsonPath verify(byte[] ofd) {
        return given().auth().oauth2(TestRealm.clientToken(PARTNER, PARTNER + "-dev-secret"))
                .multiPart("signed", "signed.ofd", ofd, "application/ofd").post("/api/v1/verifications")
                .then().statusCode(200).extract().jsonPath();
    }

    /** ofdrw's verdict lines ("signature ID TYPE OK|FAILED …"); its exit status 0 only when every signature passes. */
    static List<String> ofdrw(byte[] ofd, boolean expectPass) throws IOException, InterruptedException {
        Path file = Files.createTempFile(Path.of("target"), "ofdrw-", ".ofd");
        try {
            Files.write(file, ofd);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-cp", Path.of("target", "ofdrw").toAbsolutePath() + "/*",
                    Path.of("src", "test", "ofdrw", "OfdrwVerify.java").toString(), file.toString()).redirectErrorStream(false).start();
            process.getErrorStream().transferTo(OutputStream.nullOutputStream());
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "ofdrw finished");
            assertEquals(expectPass ? 0 : 1, process.exitValue(), "ofdrw's verdict:\n" + out);
            return out.lines().filter(l -> l.startsWith("signature ")).toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aDepartmentSealVerifiesInSealGateAndInOfdrw() throws Exception {
        byte[] sealed = sign("servant1", "?format=ofd&key=seal", TestOfd.unsigned(2, "营业执照"))
                .then().statusCode(201).contentType("application/ofd").extract().asByteArray();
        Map<String, byte[]> files = TestOfd.entries(sealed);
        assertTrue(files.containsKey("Doc_0/Signs/Signatures.xml"));
        String signatureXml = new String(files.get("Doc_0/Signs/Sign_0/Signature.xml"), StandardCharsets.UTF_8);
        for (String protectedFile : List.of("/OFD.xml", "/Doc_0/Document.xml", "/Doc_0/Pages/Page_0/Content.xml",
                "/Doc_0/Pages/Page_1/Content.xml", "/Doc_0/Signs/Sign_0/Seal.esl")) {
            assertTrue(signatureXml.contains("FileRef=\"" + protectedFile + "\""), protectedFile + " is protected");
        }
        assertTrue(signatureXml.contains("<ofd:StampAnnot ID=\"1\" PageRef=\"11\" Boundary=\"145 227 40 40\"/>"),
                "the seal's picture on the last page, bottom right: " + signatureXml);

        JsonPath report = verify(sealed);
        assertEquals("OFD", report.getString("documentFormat"));
        assertEquals("TOTAL_PASSED", report.getString("signatures[0].indication"), report.prettify());
        assertEquals("示范市民政局", report.getString("signatures[0].seal.name"));
        assertEquals(1, report.getInt("signatures[0].seal.type"));
        assertEquals(4, report.getInt("signatures[0].seal.version"));
        assertTrue(report.getBoolean("signatures[0].seal.makerSignatureValid"));
        assertTrue(report.getBoolean("signatures[0].seal.signerListed"));
        assertTrue(report.getBoolean("signatures[0].seal.validAtSigning"));
        String picture = report.getString("signatures[0].seal.picture");
        assertTrue(picture.startsWith("data:image/png;base64,"), "the report offers the seal's picture");
        javax.imageio.ImageIO.setUseCache(false);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                java.util.Base64.getDecoder().decode(picture.substring(picture.indexOf(',') + 1))));
        java.awt.Color centre = new java.awt.Color(image.getRGB(image.getWidth() / 2, image.getHeight() / 2), true);
        assertTrue(centre.getRed() > 200 && centre.getGreen() < 40 && centre.getAlpha() > 200, "a red star in the middle: " + centre);
        java.awt.Color corner = new java.awt.Color(image.getRGB(2, 2), true);
        assertEquals(0, corner.getAlpha(), "transparent outside the ring");

        assertEquals(List.of("signature 1 Seal OK"), ofdrw(sealed, true));

        // the QR code beside the seal: a page annotation the seal protects, opening the public check page
        String annotation = new String(files.get("Doc_0/Annots/Page_11/Annotation.xml"), StandardCharsets.UTF_8);
        assertTrue(annotation.contains("Type=\"Stamp\"") && annotation.contains("Boundary=\"122 247 20 20\""), annotation);
        assertTrue(signatureXml.contains("FileRef=\"/Doc_0/Annots/Page_11/Annotation.xml\""), "the seal protects its QR code");
        assertTrue(new String(files.get("Doc_0/Document.xml"), StandardCharsets.UTF_8).contains("<ofd:Annotations>Annots/Annotations.xml"));
    }

    @Test
    void aSealsQrCodeOpensTheCheckPage() {
        var response = sign("servant1", "?format=ofd&key=seal", TestOfd.unsigned(1, "准予设立登记通知书"));
        response.then().statusCode(201);
        String url = response.header("SealGate-Check-Url");
        assertTrue(url != null && url.matches("http://localhost:8081/v/[A-Za-z0-9_-]{22}"), url);
        String page = given().header("X-Forwarded-For", "198.51.100.72").get(java.net.URI.create(url).getRawPath()).then().statusCode(200)
                .extract().asString();
        assertTrue(page.contains("OFD 文件，共 1 页") && page.contains("示范市民政局"), page);
        String match = given().header("X-Forwarded-For", "198.51.100.72").multiPart("signed", "copy.ofd", response.asByteArray(), "application/ofd")
                .post(java.net.URI.create(url).getRawPath()).then().statusCode(200).extract().asString();
        assertTrue(match.contains("id=\"upload-result\"") && match.contains("一致"), match);
        // a second seal cannot add its QR code without changing what the first protects: it has none
        var second = sign("servant3", "?format=ofd&key=seal", response.asByteArray());
        second.then().statusCode(201);
        assertEquals(null, second.header("SealGate-Check-Url"));
    }

    @Test
    void aTimeStampedSealIsBTAndItsTimeIsProven() throws Exception {
        byte[] sealed = sign("servant1", "?format=ofd&key=seal&level=B-T", TestOfd.unsigned(1, "不动产登记证明"))
                .then().statusCode(201).extract().asByteArray();
        JsonPath report = verify(sealed);
        assertEquals("TOTAL_PASSED", report.getString("signatures[0].indication"), report.prettify());
        assertEquals("B-T", report.getString("signatures[0].level"));
        assertEquals("TOTAL_PASSED", report.getString("signatures[0].timestamps[0].indication"), report.prettify());
        assertEquals(List.of("signature 1 Seal OK"), ofdrw(sealed, true));
    }

    @Test
    void aPersonalSignatureIsAnSm2SignedMessage() throws Exception {
        byte[] signed = sign("servant1", "?format=ofd", TestOfd.unsigned(1, "行政许可决定书"))
                .then().statusCode(201).extract().asByteArray();
        String list = new String(TestOfd.entries(signed).get("Doc_0/Signs/Signatures.xml"), StandardCharsets.UTF_8);
        assertTrue(list.contains("Type=\"Sign\""), list);
        JsonPath report = verify(signed);
        assertEquals("TOTAL_PASSED", report.getString("signatures[0].indication"), report.prettify());
        assertEquals(null, (Object) report.get("signatures[0].seal"), "an electronic signature carries no seal");
        assertEquals("SM3WITHSM2", report.getString("signatures[0].signatureAlgorithm"));
        assertEquals(List.of("signature 1 Sign OK"), ofdrw(signed, true));
    }

    @Test
    void aSecondSealProtectsTheFirstAndBothVerify() throws Exception {
        byte[] once = sign("servant1", "?format=ofd&key=seal&page=1&x=20&y=200", TestOfd.unsigned(1, "合同")).then().statusCode(201)
                .extract().asByteArray();
        byte[] twice = sign("servant3", "?format=ofd&key=seal", once).then().statusCode(201).extract().asByteArray();
        String second = new String(TestOfd.entries(twice).get("Doc_0/Signs/Sign_1/Signature.xml"), StandardCharsets.UTF_8);
        assertTrue(second.contains("FileRef=\"/Doc_0/Signs/Sign_0/SignedValue.dat\""), "the second seal protects the first");
        JsonPath report = verify(twice);
        assertEquals(2, report.getList("signatures").size());
        assertEquals("TOTAL_PASSED", report.getString("signatures[0].indication"), report.prettify());
        assertEquals("TOTAL_PASSED", report.getString("signatures[1].indication"), report.prettify());
        assertEquals("示范市税务局", report.getString("signatures[1].seal.name"));
        assertEquals(List.of("signature 1 Seal OK", "signature 2 Seal OK"), ofdrw(twice, true));
    }

    /** A document as Suwell's SDK writes it (namespace http://www.ofdspec.org) is read, sealed in its own namespace and verified. */
    @Test
    void aDocumentInSuwellsNamespaceIsSealedAndVerified() throws Exception {
        Map<String, byte[]> files = TestOfd.entries(TestOfd.unsigned(1, "电子发票"));
        files.replaceAll((name, bytes) -> new String(bytes, StandardCharsets.UTF_8).replace("http://www.ofdspec.org/2016", "http://www.ofdspec.org")
                .getBytes(StandardCharsets.UTF_8));
        byte[] sealed = sign("servant1", "?format=ofd&key=seal", TestOfd.zip(files)).then().statusCode(201).extract().asByteArray();
        String signatureXml = new String(TestOfd.entries(sealed).get("Doc_0/Signs/Sign_0/Signature.xml"), StandardCharsets.UTF_8);
        assertTrue(signatureXml.contains("xmlns:ofd=\"http://www.ofdspec.org\""), "written in the document's namespace");
        JsonPath report = verify(sealed);
        assertEquals("TOTAL_PASSED", report.getString("signatures[0].indication"), report.getString("signatures[0].errors"));
        assertEquals(List.of("signature 1 Seal OK"), ofdrw(sealed, true));
        byte[] signedAgain = sign("servant1", "?format=ofd", sealed).then().statusCode(201).extract().asByteArray();
        JsonPath both = verify(signedAgain);
        assertEquals("TOTAL_PASSED", both.getString("signatures[0].indication"), both.getString("signatures[0].errors"));
        assertEquals("TOTAL_PASSED", both.getString("signatures[1].indication"), both.getString("signatures[1].errors"));
        assertEquals(List.of("signature 1 Seal OK", "signature 2 Sign OK"), ofdrw(signedAgain, true));
    }

    @Test
    void aSignatureAfterASealKeepsBothValid() throws Exception {
        byte[] sealed = sign("servant1", "?format=ofd&key=seal", TestOfd.unsigned(1, "证明")).then().statusCode(201)
                .extract().asByteArray();
        byte[] signed = sign("servant1", "?format=ofd", sealed).then().statusCode(201).extract().asByteArray();
        JsonPath report = verify(signed);
        assertEquals("TOTAL_PASSED", report.getString("signatures[0].indication"), report.prettify());
        assertEquals("TOTAL_PASSED", report.getString("signatures[1].indication"), report.prettify());
        assertEquals(List.of("signature 1 Seal OK", "signature 2 Sign OK"), ofdrw(signed, true));
    }

    @Test
    void thePublicPageShowsTheSealAndItsPicture() {
        byte[] sealed = sign("servant1", "?format=ofd&key=seal", TestOfd.unsigned(1, "户籍证明")).then().statusCode(201)
                .extract().asByteArray();
        String page = given().header("Accept-Language", "en").header("X-Forwarded-For", "198.51.100.71")
                .multiPart("signed", "sealed.ofd", sealed, "application/ofd").post("/verify").then().statusCode(200).extract().asString();
        String chinese = given().header("X-Forwarded-For", "198.51.100.71").multiPart("signed", "sealed.ofd", sealed, "application/ofd")
                .post("/verify").then().statusCode(200).extract().asString();
        assertTrue(chinese.contains("<dt>电子印章</dt>") && chinese.contains("示范市民政局（公章，编号 SG"), chinese);
        assertTrue(page.contains("<dt>Electronic seal</dt>"), page);
        assertTrue(page.contains("示范市民政局 (official seal, ID SG"), page);
        assertTrue(page.contains("<img src=\"data:image/png;base64,"), "the seal's picture is shown");
        assertTrue(!page.contains("Signature level"), "OFD has no ETSI levels to show");
    }

    @Test
    void thePdfReportPrintsTheChineseNamesInItsEmbeddedFont() throws Exception {
        byte[] sealed = sign("servant1", "?format=ofd&key=seal", TestOfd.unsigned(1, "证明")).then().statusCode(201)
                .extract().asByteArray();
        byte[] pdf = given().auth().oauth2(TestRealm.clientToken(PARTNER, PARTNER + "-dev-secret")).accept("application/pdf")
                .multiPart("signed", "sealed.ofd", sealed, "application/ofd").post("/api/v1/verifications")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document);
            assertTrue(text.contains("CN=示范市民政局"), text);
            assertTrue(!text.contains("null"), "nothing printed as null: " + text);
        }
    }

    @Test
    void aPageChangedAfterSealingFailsInBoth() throws Exception {
        byte[] sealed = sign("servant1", "?format=ofd&key=seal", TestOfd.unsigned(1, "准予登记")).then().statusCode(201)
                .extract().asByteArray();
        byte[] forged = TestOfd.edit(sealed, "Doc_0/Pages/Page_0/Content.xml", page -> page.replace("准予登记", "不予登记"));
        JsonPath report = verify(forged);
        assertEquals("TOTAL_FAILED", report.getString("signatures[0].indication"));
        assertEquals("HASH_FAILURE", report.getString("signatures[0].subIndication"));
        assertTrue(ofdrw(forged, false).get(0).contains("FAILED"));
    }

    @Test
    void theDepartmentListsItsSealsAndKeepsThemToItself() {
        String token = TestRealm.userToken("servant1");
        JsonPath seals = given().auth().oauth2(token).get("/api/v1/seals").then().statusCode(200)
                .body("[0].name", equalTo("示范市民政局")).body("[0].current", equalTo(true)).body("[0].type", equalTo(1))
                .body("[0].picture", notNullValue()).extract().jsonPath();
        String id = seals.getString("[0].id");
        byte[] png = given().auth().oauth2(token).get("/api/v1/seals/" + id + "/picture").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertEquals(0x89, png[0] & 0xff, "a PNG");
        String other = TestRealm.userToken("servant3");
        given().auth().oauth2(other).get("/api/v1/seals/" + id + "/picture").then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("urn:sealgate:problem:forbidden"));
        sign("servant3", "?format=ofd&key=seal&seal=" + id, TestOfd.unsigned(1, "x")).then().statusCode(403)
                .body("type", equalTo("urn:sealgate:problem:forbidden"));
        given().auth().oauth2(token).get("/api/v1/seals/SG-NO-SUCH/picture").then().statusCode(404);
        given().auth().oauth2(TestRealm.clientToken(PARTNER, PARTNER + "-dev-secret")).get("/api/v1/seals").then().statusCode(403);
        // sealing with the listed seal by its ID works
        sign("servant1", "?format=ofd&key=seal&seal=" + id, TestOfd.unsigned(1, "x")).then().statusCode(201);
    }

    @Test
    void badRequestsAreClearProblemsAndRecordNothing() {
        long before = SignatureRecordCount.count();
        problem(sign("servant1", "?format=ofd&key=seal", "%PDF-1.7 not an OFD".getBytes(StandardCharsets.UTF_8)), 400, "malformed-ofd");
        problem(sign("servant1", "?format=ofd&key=seal&page=3", TestOfd.unsigned(2, "x")), 400, "invalid-parameter");
        problem(sign("servant1", "?format=ofd&key=seal&x=190&y=10", TestOfd.unsigned(1, "x")), 400, "invalid-parameter");
        problem(sign("servant1", "?format=ofd&key=seal&page=abc", TestOfd.unsigned(1, "x")), 400, "invalid-parameter");
        problem(sign("servant1", "?format=ofd&page=1", TestOfd.unsigned(1, "x")), 400, "unsupported-signature-parameters");
        problem(sign("servant1", "?format=ofd&level=B-LT", TestOfd.unsigned(1, "x")), 400, "unsupported-signature-parameters");
        problem(sign("servant1", "?format=ofd&level=B-T", TestOfd.unsigned(1, "x")), 400, "unsupported-signature-parameters");
        problem(sign("servant1", "?format=ofd&key=seal&packaging=detached", TestOfd.unsigned(1, "x")), 400, "unsupported-signature-parameters");
        byte[] traversal = TestOfd.zip(Map.of("OFD.xml", "<x/>".getBytes(StandardCharsets.UTF_8), "../../evil.xml", new byte[] {1}));
        problem(sign("servant1", "?format=ofd&key=seal", traversal), 400, "malformed-ofd");
        byte[] doctype = TestOfd.edit(TestOfd.unsigned(1, "x"), "OFD.xml",
                xml -> xml.replace("<ofd:OFD ", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ofd:OFD "));
        problem(sign("servant1", "?format=ofd&key=seal", doctype), 400, "malformed-ofd");
        assertEquals(before, SignatureRecordCount.count(), "no refused request left a signature record");
    }

    private static void problem(io.restassured.response.Response response, int status, String type) {
        response.then().statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("urn:sealgate:problem:" + type));
    }

    /** Signature records in the database. */
    static final class SignatureRecordCount {
        static long count() {
            return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> SignatureRecord.count());
        }
    }
}
