package dev.sealgate.signing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.Pdfs;
import dev.sealgate.testsupport.TestOfd;
import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Signatures moved where they do not belong, as an attacker with an ordinary civil servant's account
 * would move them: every kind of signature SealGate makes (CAdES attached and detached, the CMS of a
 * PAdES signature, a JAdES, the GB/T 35275 value and the seal of another OFD) grafted into an OFD as its
 * signed value, a seal file swapped, signed values swapped between two signatures. Each is
 * {@code TOTAL_FAILED} in SealGate, and ofdrw (in its own JVM) fails it too. The signers are trusted
 * and their signatures valid in themselves: only binding to this document's Signature.xml decides.
 */
@QuarkusTest
class OfdForgeryTest {

    private static final String VALUE = "Doc_0/Signs/Sign_0/SignedValue.dat";

    private static byte[] signed(String user, String query, String contentType, byte[] body) {
        return given().auth().oauth2(TestRealm.userToken(user)).contentType(contentType).body(body)
                .post("/api/v1/signatures" + query).then().statusCode(201).extract().asByteArray();
    }

    private static byte[] replaced(byte[] ofd, String name, byte[] content) {
        Map<String, byte[]> files = TestOfd.entries(ofd);
        files.put(name, content);
        return TestOfd.zip(files);
    }

    private static void assertForged(String what, byte[] forged, int signature) throws Exception {
        JsonPath report = OfdSigningTest.verify(forged);
        assertEquals("TOTAL_FAILED", report.getString("signatures[" + signature + "].indication"),
                what + ": " + report.getString("signatures[" + signature + "].errors"));
        List<String> ofdrw = OfdSigningTest.ofdrw(forged, false);
        assertTrue(ofdrw.get(signature).contains(" FAILED"), what + ", ofdrw: " + ofdrw);
    }

    @Test
    void everyKindOfSignatureGraftedAsAnElectronicSignaturesValueFails() throws Exception {
        byte[] target = OfdSigningTest.sign("servant1", "?format=ofd", TestOfd.unsigned(1, "行政处罚决定书")).then().statusCode(201)
                .extract().asByteArray();
        byte[] text = "一段与本文件无关的文字。".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> grafts = new LinkedHashMap<>();
        byte[] enveloping = signed("servant1", "?format=cades&packaging=enveloping", "text/plain", text);
        grafts.put("a CAdES enveloping signature over other text", enveloping);
        grafts.put("a CAdES detached signature", signed("servant1", "?format=cades", "text/plain", text));
        // the same, relabelled with GB/T 35275's signedData content type, so it reads as an SM2 signed message
        ContentInfo cms = ContentInfo.getInstance(ASN1Primitive.fromByteArray(enveloping));
        grafts.put("a CAdES signature relabelled as GB/T 35275",
                new ContentInfo(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.156.10197.6.1.4.2.2"), cms.getContent()).getEncoded("DER"));
        byte[] pdf = signed("servant1", "?format=pades", "application/pdf", Pdfs.letter("Another letter, unrelated to the OFD."));
        try (PDDocument document = Loader.loadPDF(pdf)) {
            grafts.put("a PAdES signature's CMS", document.getSignatureDictionaries().get(0).getContents());
        }
        grafts.put("a JAdES signature", signed("servant1", "?format=jades", "application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        byte[] other = OfdSigningTest.sign("servant1", "?format=ofd", TestOfd.unsigned(1, "另一份决定书")).then().statusCode(201)
                .extract().asByteArray();
        grafts.put("another document's GB/T 35275 value by the same signer", TestOfd.entries(other).get(VALUE));
        byte[] sealed = OfdSigningTest.sign("servant1", "?format=ofd&key=seal", TestOfd.unsigned(1, "另一份证明")).then().statusCode(201)
                .extract().asByteArray();
        grafts.put("another document's seal", TestOfd.entries(sealed).get(VALUE));
        for (Map.Entry<String, byte[]> graft : grafts.entrySet()) {
            assertForged(graft.getKey(), replaced(target, VALUE, graft.getValue()), 0);
        }
    }

    @Test
    void aSealMovedBetweenDocumentsOrSwappedFails() throws Exception {
        byte[] first = OfdSigningTest.sign("servant1", "?format=ofd&key=seal", TestOfd.unsigned(1, "营业执照")).then().statusCode(201)
                .extract().asByteArray();
        byte[] second = OfdSigningTest.sign("servant3", "?format=ofd&key=seal", TestOfd.unsigned(1, "完税证明")).then().statusCode(201)
                .extract().asByteArray();
        assertForged("the civil-affairs seal's value in the tax document", replaced(second, VALUE, TestOfd.entries(first).get(VALUE)), 0);
        assertForged("the civil-affairs seal file shown in the tax document",
                replaced(second, "Doc_0/Signs/Sign_0/Seal.esl", TestOfd.entries(first).get("Doc_0/Signs/Sign_0/Seal.esl")), 0);

        // two signatures on one document, their values swapped
        byte[] twice = OfdSigningTest.sign("servant3", "?format=ofd&key=seal", first).then().statusCode(201).extract().asByteArray();
        Map<String, byte[]> files = TestOfd.entries(twice);
        byte[] one = files.get(VALUE);
        files.put(VALUE, files.get("Doc_0/Signs/Sign_1/SignedValue.dat"));
        files.put("Doc_0/Signs/Sign_1/SignedValue.dat", one);
        byte[] swapped = TestOfd.zip(files);
        assertForged("the two seals' values swapped (first)", swapped, 0);
        assertForged("the two seals' values swapped (second)", swapped, 1);
    }

    /**
     * A document whose earlier seal protects the list of signatures allows no later signature: SealGate
     * refuses to seal it (ofdrw refuses too), and the document keeps the verdict it had.
     */
    @Test
    void aDocumentWhoseSealProtectsTheListOfSignaturesIsNotSealedAgain() throws Exception {
        Path sample = Path.of("..", "shared", "data", "ofd-samples", "allprotected.ofd");
        byte[] locked;
        if (Files.isRegularFile(sample)) {
            locked = Files.readAllBytes(sample);
        } else {
            System.err.println("WARNING: ../shared/data/ofd-samples/allprotected.ofd is absent: a SealGate seal whose reference list"
                    + " is made to name Signatures.xml stands in for another product's");
            byte[] sealed = OfdSigningTest.sign("servant1", "?format=ofd&key=seal", TestOfd.unsigned(1, "通知")).then().statusCode(201)
                    .extract().asByteArray();
            locked = TestOfd.edit(sealed, "Doc_0/Signs/Sign_0/Signature.xml", xml -> xml.replace("</ofd:References>",
                    "<ofd:Reference FileRef=\"/Doc_0/Signs/Signatures.xml\"><ofd:CheckValue>AA==</ofd:CheckValue></ofd:Reference></ofd:References>"));
        }
        JsonPath before = OfdSigningTest.verify(locked);
        OfdSigningTest.sign("servant1", "?format=ofd&key=seal", locked).then().statusCode(409)
                .contentType("application/problem+json").body("type", org.hamcrest.Matchers.equalTo("urn:sealgate:problem:document-locked"));
        assertEquals(before.getString("signatures[0].indication"), OfdSigningTest.verify(locked).getString("signatures[0].indication"));
    }
}
