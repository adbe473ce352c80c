package dev.sealgate.signing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sealgate.testsupport.Dss;
import dev.sealgate.testsupport.Pdfs;
import dev.sealgate.testsupport.TestRealm;
import dev.sealgate.testsupport.Tool;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.simplereport.SimpleReport;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Visible PAdES signatures with a QR code: the page rendered by poppler, the QR code read back from
 * the picture by zbar (an independent decoder), the address followed to the public check page; the
 * signature still valid for EU DSS and pdfsig; the holder's copy compared on the page.
 */
@QuarkusTest
class VisibleSignatureTest {

    private static final byte[] LETTER = Pdfs.letter("Decision on the business licence application 2026-8841");

    @TempDir
    static Path nss;

    @BeforeAll
    static void tools() {
        if (!Tool.available("pdftoppm") || !Tool.available("zbarimg") || !Tool.available("pdfsig") || !Tool.available("certutil")) {
            throw new IllegalStateException("pdftoppm, pdfsig (poppler-utils), certutil (libnss3-tools) and zbarimg (zbar-tools) "
                    + "are required: .ci/run installs them");
        }
        assertEquals(0, Tool.run("certutil", "-N", "-d", "sql:" + nss, "--empty-password").exitCode());
        assertEquals(0, Tool.run("certutil", "-A", "-d", "sql:" + nss, "-n", "sealgate-dev-root", "-t", "CT,C,C",
                "-i", "certs-dev/root-ca.pem").exitCode());
    }

    private static Response sign(String user, String query, byte[] pdf) {
        return given().auth().oauth2(TestRealm.userToken(user)).contentType("application/pdf").body(pdf)
                .post("/api/v1/signatures" + query);
    }

    /** The QR code on the rendered page, decoded by zbarimg. */
    private static String scan(byte[] pdf, int page, Path dir) throws Exception {
        Path file = Files.write(dir.resolve("signed.pdf"), pdf);
        Tool.Result rendered = Tool.run("pdftoppm", "-r", "150", "-f", String.valueOf(page), "-l", String.valueOf(page), "-png",
                "-singlefile", file.toString(), dir.resolve("page").toString());
        assertEquals(0, rendered.exitCode(), rendered.output());
        Tool.Result decoded = Tool.run("zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", dir.resolve("page.png").toString());
        assertEquals(0, decoded.exitCode(), "a QR code on the printed page: " + decoded.output());
        // zbarimg may also complain on stderr (no D-Bus here): the decoded text is the line with the address
        return decoded.output().lines().filter(line -> line.startsWith("http")).findFirst().orElse(decoded.output()).strip();
    }

    /** Pixels of the rendered page in the seal's red (and nowhere else on a black-on-white letter). */
    private static int sealRedPixels(Path png) throws Exception {
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        int red = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if ((rgb >> 16 & 0xff) > 180 && (rgb >> 8 & 0xff) < 90 && (rgb & 0xff) < 100) {
                    red++;
                }
            }
        }
        return red;
    }

    private static PDAnnotationWidget widget(PDDocument document) {
        PDSignatureField field = (PDSignatureField) document.getDocumentCatalog().getAcroForm().getFields().stream()
                .filter(f -> f instanceof PDSignatureField).findFirst().orElseThrow();
        return field.getWidgets().get(0);
    }

    private static String localPath(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath();
    }

    @Test
    void aSealedPageIsPrintedScannedAndCheckedOnThePublicPage(@TempDir Path dir) throws Exception {
        Response response = sign("servant1", "?format=pades&appearance=visible&key=seal&level=B-T", LETTER);
        response.then().statusCode(201).contentType("application/pdf");
        byte[] signed = response.asByteArray();
        String checkUrl = response.header("SealGate-Check-Url");
        assertTrue(checkUrl.matches("http://localhost:8081/v/[A-Za-z0-9_-]{22}"), checkUrl);

        String scanned = scan(signed, 1, dir);
        assertEquals(checkUrl, scanned, "the QR code on the printed page carries the check address");
        // the seal beside it, in seal red: its ring alone is some 5 000 pixels at 150 dpi
        assertTrue(sealRedPixels(dir.resolve("page.png")) > 5_000, "the seal is drawn on the printed page");
        try (PDDocument document = Loader.loadPDF(signed)) {
            PDResources resources = widget(document).getNormalAppearanceStream().getResources();
            for (var name : resources.getXObjectNames()) {
                assertFalse(resources.getXObject(name) instanceof org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject,
                        "the seal is paths, not a picture that blurs when printed");
            }
        }

        String path = localPath(scanned);
        String zh = given().header("X-Forwarded-For", "198.51.100.61").get(path).then().statusCode(200)
                .header("Content-Language", "zh-CN").extract().asString();
        assertTrue(zh.contains("本文件加盖了以下单位的电子印章"), zh);
        assertTrue(zh.contains("示范市民政局"), zh);
        assertTrue(zh.contains("PDF 文件，共 1 页"), zh);
        assertTrue(zh.contains("签署证书未被吊销"), zh);
        assertFalse(zh.contains("2026-8841"), "the document's content is never shown");
        String en = given().header("X-Forwarded-For", "198.51.100.61").header("Accept-Language", "en-GB,en;q=0.9")
                .get(path).then().statusCode(200).header("Content-Language", "en").extract().asString();
        assertTrue(en.contains("Civil Affairs Bureau") && en.contains("PDF document, 1 page(s)"), en);

        // the holder uploads their copy: the same file matches, any other does not
        String same = given().header("X-Forwarded-For", "198.51.100.62").multiPart("signed", "copy.pdf", signed, "application/pdf")
                .post(path).then().statusCode(200).extract().asString();
        assertTrue(same.contains("class=\"verdict passed\" id=\"upload-result\"") && same.contains("一致"), same);
        byte[] other = sign("servant1", "?format=pades&appearance=visible&key=seal", LETTER).then().statusCode(201).extract().asByteArray();
        String different = given().header("X-Forwarded-For", "198.51.100.62").multiPart("signed", "other.pdf", other, "application/pdf")
                .post(path).then().statusCode(200).extract().asString();
        assertTrue(different.contains("class=\"verdict failed\" id=\"upload-result\"") && different.contains("不一致"), different);

        // still valid for EU DSS and for pdfsig
        SimpleReport dss = Dss.validate(signed, null, Dss.verifier(true, null)).getSimpleReport();
        assertEquals(Indication.TOTAL_PASSED, dss.getIndication(dss.getFirstSignatureId()), Dss.describe(dss));
        Path file = Files.write(dir.resolve("for-pdfsig.pdf"), signed);
        String pdfsig = Tool.run("pdfsig", "-nssdir", "sql:" + nss, "-no-ocsp", file.toString()).output();
        assertTrue(pdfsig.contains("Signature Validation: Signature is Valid.") && pdfsig.contains("Total document signed"), pdfsig);
    }

    @Test
    void aPersonalSignatureShowsTheNameInAnEmbeddedFontSubset(@TempDir Path dir) throws Exception {
        Response response = sign("servant1", "?format=pades&appearance=visible&page=1&x=20&y=30&width=90",
                Pdfs.letter("Two"));
        response.then().statusCode(201);
        byte[] signed = response.asByteArray();
        try (PDDocument document = Loader.loadPDF(signed)) {
            PDAnnotationWidget widget = widget(document);
            assertEquals(20 * 72 / 25.4, widget.getRectangle().getLowerLeftX(), 0.5, "x=20 mm from the left edge");
            assertEquals(90 * 72 / 25.4, widget.getRectangle().getWidth(), 0.5, "width 90 mm");
            PDResources resources = widget.getNormalAppearanceStream().getResources();
            boolean embeddedSubset = false;
            for (var name : resources.getFontNames()) {
                PDFont font = resources.getFont(name);
                embeddedSubset |= font.isEmbedded() && font.getName().matches("[A-Z]{6}\\+.*");
            }
            assertTrue(embeddedSubset, "the appearance's font is embedded as a subset");
        }
        assertEquals(response.header("SealGate-Check-Url"), scan(signed, 1, dir));
    }

    /**
     * Six visible signatures at once, seals and personal ones (their font objects and seal drawing are
     * made once and shared): each document is whole, valid for pdfsig, and shows its own QR code.
     */
    @Test
    void concurrentVisibleSignaturesEachCarryTheirOwnAppearance(@TempDir Path dir) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            java.util.List<java.util.concurrent.Future<Response>> signing = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String query = i % 2 == 0 ? "?format=pades&appearance=visible&key=seal" : "?format=pades&appearance=visible";
                byte[] letter = Pdfs.letter("Concurrent decision " + i);
                signing.add(pool.submit(() -> sign("servant1", query, letter)));
            }
            java.util.Set<String> urls = new java.util.HashSet<>();
            for (int i = 0; i < signing.size(); i++) {
                Response response = signing.get(i).get();
                response.then().statusCode(201);
                byte[] signed = response.asByteArray();
                Path each = Files.createDirectories(dir.resolve("signature-" + i));
                assertEquals(response.header("SealGate-Check-Url"), scan(signed, 1, each), "signature " + i + " shows its own code");
                urls.add(response.header("SealGate-Check-Url"));
                String pdfsig = Tool.run("pdfsig", "-nssdir", "sql:" + nss, "-no-ocsp", each.resolve("signed.pdf").toString()).output();
                assertTrue(pdfsig.contains("Signature Validation: Signature is Valid.") && pdfsig.contains("Total document signed"),
                        "signature " + i + ": " + pdfsig);
            }
            assertEquals(6, urls.size(), "six codes");
        } finally {
            pool.shutdownNow();
        }
    }

    /** A personal signature whose certificate is revoked afterwards: the check page says so, in both languages. */
    @Test
    void theCheckPageTellsWhenTheCertificateWasRevokedSince() {
        Response response = sign("servant3", "?format=pades&appearance=visible", Pdfs.letter("Revoked later"));
        response.then().statusCode(201);
        String path = localPath(response.header("SealGate-Check-Url"));
        String serial = given().auth().oauth2(TestRealm.userToken("servant3")).get(response.header("Location").replaceFirst("^https?://[^/]+", ""))
                .then().statusCode(200).extract().path("certificateSerial");
        given().auth().oauth2(TestRealm.userToken("auditor1")).contentType("application/json").body("{\"reason\":\"keyCompromise\"}")
                .post("/api/v1/certificates/" + serial + "/revocation").then().statusCode(200);
        String zh = given().header("X-Forwarded-For", "198.51.100.64").get(path).then().statusCode(200).extract().asString();
        assertTrue(zh.contains("签署证书已被吊销") && zh.contains("北京时间"), zh);
        assertTrue(zh.contains("本文件由以下单位的工作人员签署") && zh.contains("示范市税务局"), zh);
        String en = given().header("X-Forwarded-For", "198.51.100.64").get(path + "?lang=en").then().statusCode(200).extract().asString();
        assertTrue(en.contains("The signing certificate was revoked on") && en.contains("Tax Bureau"), en);
    }

    @Test
    void aCharacterTheEmbeddedFontLacksIsReplacedNotBoxed() {
        assertEquals("张?伟", dev.sealgate.formats.SealPicture.displayable("张\uD840\uDC00伟"), "U+20000 is outside GB 2312");
        assertEquals("示范市民政局 Li Wei", dev.sealgate.formats.SealPicture.displayable("示范市民政局 Li Wei"));
    }

    /** A PDF/A-2b letter stays PDF/A-2b once sealed visibly and signed visibly, by veraPDF's own validator. */
    @Test
    void aPdfA2bInputStaysPdfA2b() {
        byte[] letter = dev.sealgate.testsupport.PdfA.letter("营业执照 Business licence 2026-8842");
        assertEquals(java.util.List.of(), dev.sealgate.testsupport.PdfA.violations(letter), "the input conforms");
        assertFalse(dev.sealgate.testsupport.PdfA.violations(LETTER).isEmpty(), "veraPDF finds a plain PDF non-conforming");
        byte[] sealed = sign("servant1", "?format=pades&appearance=visible&key=seal&level=B-T", letter).then().statusCode(201)
                .extract().asByteArray();
        assertEquals(java.util.List.of(), dev.sealgate.testsupport.PdfA.violations(sealed), "sealed visibly");
        byte[] signed = sign("servant1", "?format=pades&appearance=visible&page=1&x=20&y=40", sealed).then().statusCode(201)
                .extract().asByteArray();
        assertEquals(java.util.List.of(), dev.sealgate.testsupport.PdfA.violations(signed), "then signed visibly");
    }

    /**
     * PDF/A-3 allows embedded files of any kind, nothing in a signature or its appearance that PDF/A-2 does
     * not: a PDF/A-3b input is signed, and stays PDF/A-3b.
     */
    @Test
    void aPdfA3bInputStaysPdfA3b() {
        byte[] letter = dev.sealgate.testsupport.PdfA.letter("发票 Invoice 2026-0042", 3);
        assertEquals(java.util.List.of(), dev.sealgate.testsupport.PdfA.violations(letter, 3), "the input conforms");
        byte[] sealed = sign("servant1", "?format=pades&appearance=visible&key=seal", letter).then().statusCode(201)
                .extract().asByteArray();
        assertEquals(java.util.List.of(), dev.sealgate.testsupport.PdfA.violations(sealed, 3), "sealed visibly");
    }

    @Test
    void unknownAndMalformedCodesGetTheSamePage() {
        String unknown = given().header("X-Forwarded-For", "198.51.100.63").get("/v/AAAAAAAAAAAAAAAAAAAAAA").then().statusCode(404)
                .extract().asString();
        String malformed = given().header("X-Forwarded-For", "198.51.100.63").get("/v/not-a-code").then().statusCode(404)
                .extract().asString();
        assertEquals(unknown, malformed);
        assertTrue(unknown.contains("未找到该核验码"), unknown);
    }

    @Test
    void badPlacementsAreClearProblemsAndRecordNothing() {
        long before = OfdSigningTest.SignatureRecordCount.count();
        problem(sign("servant1", "?format=pades&appearance=visible&page=2", LETTER), "invalid-parameter");
        problem(sign("servant1", "?format=pades&appearance=visible&x=190&y=10", LETTER), "invalid-parameter");
        problem(sign("servant1", "?format=pades&appearance=visible&y=290", LETTER), "invalid-parameter");
        problem(sign("servant1", "?format=pades&appearance=visible&width=5", LETTER), "invalid-parameter");
        problem(sign("servant1", "?format=pades&appearance=fancy", LETTER), "unsupported-signature-parameters");
        problem(sign("servant1", "?format=cades&appearance=visible", LETTER), "unsupported-signature-parameters");
        problem(sign("servant1", "?format=pades&page=1", LETTER), "unsupported-signature-parameters");
        problem(sign("servant1", "?format=pades&appearance=visible", Pdfs.encrypted("secret")), "encrypted-pdf");
        assertEquals(before, OfdSigningTest.SignatureRecordCount.count(), "no refused request left a record");
    }

    private static void problem(Response response, String type) {
        response.then().statusCode(400).contentType("application/problem+json").body("type", equalTo("urn:sealgate:problem:" + type));
    }
}
