package dev.sealgate.signing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sealgate.testsupport.Bytes;
import dev.sealgate.testsupport.Pdfs;
import dev.sealgate.testsupport.TestRealm;
import dev.sealgate.testsupport.Tool;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** PAdES output checked by poppler's pdfsig with the dev root trusted in a fresh NSS database. */
@QuarkusTest
class PadesSignatureTest {

    private static final byte[] LETTER = Pdfs.letter("Notice of approval, civil affairs bureau, 2026-11-25");

    @TempDir
    static Path nss;

    @BeforeAll
    static void trustTheDevRoot() {
        if (!Tool.available("pdfsig") || !Tool.available("certutil")) {
            throw new IllegalStateException("pdfsig (poppler-utils) and certutil (libnss3-tools) are required: .ci/run installs them");
        }
        assertEquals(0, Tool.run("certutil", "-N", "-d", "sql:" + nss, "--empty-password").exitCode());
        Tool.Result added = Tool.run("certutil", "-A", "-d", "sql:" + nss, "-n", "sealgate-dev-root", "-t", "CT,C,C",
                "-i", "certs-dev/root-ca.pem");
        assertEquals(0, added.exitCode(), added.output());
    }

    private static byte[] sign(String query, byte[] pdf) {
        return given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/pdf").body(pdf)
                .post("/api/v1/signatures" + query)
                .then().statusCode(201).contentType("application/pdf").extract().asByteArray();
    }

    private static String pdfsig(byte[] pdf, Path dir) throws Exception {
        Path file = Files.write(dir.resolve("signed.pdf"), pdf);
        Tool.Result result = Tool.run("pdfsig", "-nssdir", "sql:" + nss, "-no-ocsp", file.toString());
        return result.output();
    }

    /**
     * pdfsig checks the signature value and the byte ranges. Its certificate verdict (poppler 22.12
     * with NSS) is "Unknown issue" even for chains NSS's own vfychain accepts, so the chain is
     * checked here with the JDK's PKIX validator against the dev root instead.
     */
    private static void assertValid(String report) {
        assertTrue(report.contains("Signature Validation: Signature is Valid."), report);
        assertTrue(report.contains("ETSI.CAdES.detached"), report);
        assertTrue(report.contains("Total document signed"), report);
        assertFalse(report.contains("isn't Trusted"), report);
    }

    private static void assertChainsToTheDevRoot(byte[] signedPdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(signedPdf)) {
            PDSignature dictionary = document.getLastSignatureDictionary();
            var cms = new org.bouncycastle.cms.CMSSignedData(
                    new org.bouncycastle.cms.CMSProcessableByteArray(dictionary.getSignedContent(signedPdf)),
                    dictionary.getContents(signedPdf));
            var signer = cms.getSignerInfos().getSigners().iterator().next();
            var converter = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter();
            java.util.List<java.security.cert.X509Certificate> path = new java.util.ArrayList<>();
            path.add(converter.getCertificate((org.bouncycastle.cert.X509CertificateHolder)
                    cms.getCertificates().getMatches(signer.getSID()).iterator().next()));
            for (Object holder : cms.getCertificates().getMatches(null)) {
                var cert = converter.getCertificate((org.bouncycastle.cert.X509CertificateHolder) holder);
                if (!path.contains(cert) && !cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                    path.add(cert);
                }
            }
            var root = dev.sealgate.crypto.Pem.certificates(new java.io.StringReader(
                    Files.readString(Path.of("certs-dev/root-ca.pem")))).get(0);
            var params = new java.security.cert.PKIXParameters(java.util.Set.of(new java.security.cert.TrustAnchor(root, null)));
            params.setRevocationEnabled(false);
            java.security.cert.CertPathValidator.getInstance("PKIX").validate(
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            assertTrue(signer.verify(new org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder().build(path.get(0))));
        }
    }

    @Test
    void personalSignatureBB(@TempDir Path dir) throws Exception {
        byte[] signed = sign("?format=pades", LETTER);
        assertValid(pdfsig(signed, dir));
        assertChainsToTheDevRoot(signed);
        assertEquals(0, Bytes.indexOf(signed, LETTER), "an incremental update keeps the original bytes in front");
    }

    @Test
    void sealWithTimeStampBT(@TempDir Path dir) throws Exception {
        byte[] signed = sign("?format=pades&level=B-T&key=seal", LETTER);
        String report = pdfsig(signed, dir);
        assertValid(report);
        assertChainsToTheDevRoot(signed);
        assertTrue(report.contains("Civil Affairs Bureau (seal)"), report);
        try (PDDocument document = Loader.loadPDF(signed)) {
            PDSignature signature = document.getLastSignatureDictionary();
            var cms = new org.bouncycastle.cms.CMSSignedData(signature.getContents(signed));
            var signer = cms.getSignerInfos().getSigners().iterator().next();
            assertNotNull(signer.getUnsignedAttributes().get(
                    org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_aa_signatureTimeStampToken));
            assertEquals(null, signer.getSignedAttributes().get(
                    org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_signingTime), "PAdES: no signing-time attribute");
        }
    }

    @Test
    void aPdfLargerThanTheInMemoryLimitIsSignedThroughTheWorkDirectory(@TempDir Path dir) throws Exception {
        byte[] annex = new byte[2 * 1024 * 1024];
        new java.util.Random(11).nextBytes(annex);
        byte[] pdf = Pdfs.withAnnex("Land register extract with survey annex", annex);
        assertTrue(pdf.length > 1024 * 1024, "past sealgate.signing.in-memory-limit (1M in the test profile)");
        for (String level : java.util.List.of("B-B", "B-LT")) {
            byte[] signed = sign("?format=pades&level=" + level, pdf);
            assertTrue(pdfsig(signed, dir).contains("Signature Validation: Signature is Valid."), level);
            assertChainsToTheDevRoot(signed);
            assertEquals(0, Bytes.indexOf(signed, pdf), level + ": the original bytes stay in front");
        }
    }

    @Test
    void longTermAddsADocumentSecurityStore(@TempDir Path dir) throws Exception {
        byte[] signed = sign("?format=pades&level=B-LT", LETTER);
        String report = pdfsig(signed, dir);
        assertTrue(report.contains("Signature Validation: Signature is Valid."), report);
        assertFalse(report.contains("Total document signed"), "the DSS update follows the signed revision: " + report);
        assertChainsToTheDevRoot(signed);
        try (PDDocument document = Loader.loadPDF(signed)) {
            COSDictionary dss = document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.getPDFName("DSS"));
            assertNotNull(dss, "B-LT has a DSS dictionary");
            assertTrue(((COSArray) dss.getDictionaryObject(COSName.getPDFName("Certs"))).size() >= 4);
            assertTrue(((COSArray) dss.getDictionaryObject(COSName.getPDFName("OCSPs"))).size() >= 2);
            assertEquals(1, ((COSArray) dss.getDictionaryObject(COSName.getPDFName("CRLs"))).size());
        }
    }

    /**
     * A signature extended twice to B-LTA (a DSS update and a document time-stamp each time): poppler
     * still finds the signature valid, and the second DSS update appends only what the first lacked
     * (one more OCSP answer at most, no certificate twice).
     */
    @Test
    void anExtendedPdfStaysValidAndItsDssHoldsEachItemOnce(@TempDir Path dir) throws Exception {
        byte[] signed = sign("?format=pades&level=B-B", LETTER);
        String partner = TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret");
        byte[] once = given().auth().oauth2(partner).multiPart("signed", "signed.pdf", signed, "application/pdf")
                .post("/api/v1/signatures/extensions?level=B-LTA").then().statusCode(200).contentType("application/pdf")
                .extract().asByteArray();
        byte[] twice = given().auth().oauth2(partner).multiPart("signed", "signed.pdf", once, "application/pdf")
                .post("/api/v1/signatures/extensions?level=B-LTA").then().statusCode(200).extract().asByteArray();
        assertEquals(0, Bytes.indexOf(twice, once), "an extension only appends");
        String report = pdfsig(twice, dir);
        assertTrue(report.contains("Signature #1") && report.contains("Signature Validation: Signature is Valid."), report);
        try (PDDocument first = Loader.loadPDF(once); PDDocument second = Loader.loadPDF(twice)) {
            COSArray certsBefore = (COSArray) dss(first).getDictionaryObject(COSName.getPDFName("Certs"));
            COSArray certsAfter = (COSArray) dss(second).getDictionaryObject(COSName.getPDFName("Certs"));
            assertEquals(certsBefore.size(), certsAfter.size(), "the certificates were all there already");
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (int i = 0; i < certsAfter.size(); i++) {
                try (var in = ((org.apache.pdfbox.cos.COSStream) certsAfter.getObject(i)).createInputStream()) {
                    distinct.add(java.util.HexFormat.of().formatHex(in.readAllBytes()));
                }
            }
            assertEquals(certsAfter.size(), distinct.size(), "no certificate twice");
            assertEquals(3, second.getSignatureDictionaries().size(), "the signature and two document time-stamps");
        }
    }

    private static COSDictionary dss(PDDocument document) {
        return document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.getPDFName("DSS"));
    }

    @Test
    void notAPdfAndEncryptedPdfAreRefusedAndNothingIsStored() {
        long before = QuarkusTransaction.requiringNew().call(() -> SignatureRecord.count());
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/pdf").body("%PDF-1.7 but not really".getBytes())
                .post("/api/v1/signatures?format=pades")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:sealgate:problem:not-a-pdf"));
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/pdf")
                .body(Pdfs.encrypted("secret minutes"))
                .post("/api/v1/signatures?format=pades")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:sealgate:problem:encrypted-pdf"));
        assertEquals(before, QuarkusTransaction.requiringNew().call(() -> SignatureRecord.count()));
    }

}
