package dev.sealgate.verification;

import static io.restassured.RestAssured.given;
import static dev.sealgate.testsupport.ForeignSigners.SHORT_LIFE_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sealgate.testsupport.Bytes;
import dev.sealgate.testsupport.Dss;
import dev.sealgate.testsupport.ForeignSigners.Signer;
import dev.sealgate.testsupport.ForeignSigners;
import dev.sealgate.testsupport.Pdfs;
import dev.sealgate.testsupport.TestRealm;
import eu.europa.esig.dss.cades.CAdESSignatureParameters;
import eu.europa.esig.dss.cades.signature.CAdESService;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.validation.reports.Reports;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * SealGate and EU DSS 6.4 (the European Commission's reference validator) must reach the same
 * EN 319 102-1 indication and sub-indication for the same signature. The corpus is made at test
 * time by three signers: SealGate through its API, {@code openssl cms -sign}, and DSS's own
 * CAdESService; good signatures and bad ones (changed content, flipped signature value, untrusted
 * or expired signer, revoked signer with and without a prior time-stamp, a PDF changed after
 * signing). Both validators trust only the dev root and get revocation data from the instance under
 * test. Differences kept on purpose are listed in the README ("Deliberate differences from EU DSS").
 */
@QuarkusTest
class DssAgreementTest {

    private static final byte[] TEXT = "Permit 2026/88: street market on Sunday\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHANGED = "Permit 2026/88: street market on Monday\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] JSON = "{\"permit\":\"2026/88\",\"day\":\"Sunday\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHANGED_JSON = "{\"permit\":\"2026/88\",\"day\":\"Monday\"}".getBytes(StandardCharsets.UTF_8);

    private static final List<String> TABLE = Collections.synchronizedList(new ArrayList<>());

    /** A signed object, and the original for a detached signature (null when enveloping or enveloped). */
    record Sample(byte[] signed, byte[] original) {
    }

    /** An indication with its sub-indication (null when TOTAL_PASSED). */
    record Verdict(String indication, String subIndication) {
        @Override
        public String toString() {
            return indication + (subIndication == null ? "" : "/" + subIndication);
        }
    }

    @FunctionalInterface
    interface Maker {
        Sample make(Path dir) throws Exception;
    }

    /**
     * One corpus entry. {@code sealGateOwn} is null when SealGate must agree with DSS; otherwise the
     * difference is deliberate (README) and SealGate's own answer is asserted instead.
     */
    record Case(String name, Maker maker, Verdict sealGateOwn) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> corpus() {
        return Stream.of(
                // signed by SealGate through the API (servant1's personal key)
                agree("SealGate CAdES detached B-B, good", dir -> new Sample(sign("cades&packaging=detached", TEXT), TEXT)),
                agree("SealGate CAdES enveloping B-B, good", dir -> new Sample(sign("cades&packaging=enveloping", TEXT), null)),
                agree("SealGate CAdES detached B-T, good", dir -> new Sample(sign("cades&packaging=detached&level=B-T", TEXT), TEXT)),
                agree("SealGate CAdES detached B-LTA, good", dir -> new Sample(sign("cades&packaging=detached&level=B-LTA", TEXT), TEXT)),
                agree("SealGate CAdES detached B-LTA, wrong original",
                        dir -> new Sample(sign("cades&packaging=detached&level=B-LTA", TEXT), CHANGED)),
                agree("SealGate CAdES detached, wrong original", dir -> new Sample(sign("cades&packaging=detached", TEXT), CHANGED)),
                agree("SealGate CAdES enveloping, content changed",
                        dir -> new Sample(replace(sign("cades&packaging=enveloping", TEXT), "Sunday", "Monday"), null)),
                agree("SealGate CAdES detached, signature value flipped",
                        dir -> new Sample(flipSignatureValue(sign("cades&packaging=detached", TEXT)), TEXT)),
                agree("SealGate CAdES detached, original not sent", dir -> new Sample(sign("cades&packaging=detached", TEXT), null)),
                agree("SealGate CAdES revoked signer, no time-stamp", dir -> revoked(false)),
                agree("SealGate CAdES revoked signer, time-stamped before revocation", dir -> revoked(true)),
                agree("SealGate PAdES B-B, good", dir -> new Sample(signPdf(), null)),
                agree("SealGate PAdES B-LTA, good", dir -> new Sample(signPdf("B-LTA"), null)),
                agree("SealGate PAdES, page changed by an incremental update after signing",
                        dir -> new Sample(Pdfs.changedAfterSigning(signPdf()), null)),
                agree("SealGate JAdES compact B-B, good", dir -> new Sample(signJson("enveloping"), null)),
                agree("SealGate JAdES compact, payload changed", dir -> new Sample(changePayload(signJson("enveloping")), null)),
                agree("SealGate JAdES compact, signature value flipped", dir -> new Sample(flipJwsSignature(signJson("enveloping")), null)),
                agree("SealGate JAdES detached, wrong original", dir -> new Sample(signJson("detached"), CHANGED_JSON)),
                // signed by openssl cms -sign (plain CMS, key and certificate from the dev issuing CA)
                agree("openssl detached, good", dir -> openssl(dir, Signer.GOOD, true, TEXT)),
                agree("openssl enveloping, good", dir -> openssl(dir, Signer.GOOD, false, null)),
                agree("openssl detached, wrong original", dir -> openssl(dir, Signer.GOOD, true, CHANGED)),
                agree("openssl enveloping, content changed", dir -> {
                    Sample s = openssl(dir, Signer.GOOD, false, null);
                    return new Sample(replace(s.signed(), "Sunday", "Monday"), null);
                }),
                agree("openssl detached, signature value flipped", dir -> {
                    Sample s = openssl(dir, Signer.GOOD, true, TEXT);
                    return new Sample(flipSignatureValue(s.signed()), TEXT);
                }),
                agree("openssl detached, signer under a self-made root", dir -> openssl(dir, Signer.UNTRUSTED, true, TEXT)),
                agree("openssl detached, expired signer", dir -> openssl(dir, Signer.EXPIRED, true, TEXT)),
                agree("openssl detached, revoked signer", dir -> {
                    Sample s = openssl(dir, Signer.GOOD, true, TEXT);
                    revoke(signerInfo(s.signed()).getSID().getSerialNumber().toString(16));
                    return s;
                }),
                // signed by EU DSS's CAdESService (key in a PKCS#12, certificate from the dev issuing CA)
                agree("DSS CAdES detached B-B, good", dir -> dss(dir, Signer.GOOD, true, TEXT)),
                agree("DSS CAdES enveloping B-B, good", dir -> dss(dir, Signer.GOOD, false, null)),
                agree("DSS CAdES detached, wrong original", dir -> dss(dir, Signer.GOOD, true, CHANGED)),
                agree("DSS CAdES enveloping, content changed", dir -> {
                    Sample s = dss(dir, Signer.GOOD, false, null);
                    return new Sample(replace(s.signed(), "Sunday", "Monday"), null);
                }),
                agree("DSS CAdES detached, signature value flipped", dir -> {
                    Sample s = dss(dir, Signer.GOOD, true, TEXT);
                    return new Sample(flipSignatureValue(s.signed()), TEXT);
                }),
                agree("DSS CAdES detached, signer under a self-made root", dir -> dss(dir, Signer.UNTRUSTED, true, TEXT)),
                agree("DSS CAdES detached B-T, signer's certificate expired after the time-stamp", dir -> {
                    Sample s = dss(dir, Signer.SHORT_LIVED, true, TEXT, SignatureLevel.CAdES_BASELINE_T);
                    Thread.sleep((SHORT_LIFE_SECONDS + 2) * 1000L);
                    return s;
                }),
                agree("DSS CAdES detached B-B, signer's certificate expired since", dir -> {
                    Sample s = dss(dir, Signer.SHORT_LIVED, true, TEXT);
                    Thread.sleep((SHORT_LIFE_SECONDS + 2) * 1000L);
                    return s;
                }));
    }

    private static Case agree(String name, Maker maker) {
        return new Case(name, maker, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void sealGateAgreesWithDss(Case c, @TempDir Path dir) throws Exception {
        Sample sample = c.maker().make(dir);

        JsonPath sealGate = sealGate(sample);
        Verdict ours = new Verdict(sealGate.getString("signatures[0].indication"), sealGate.getString("signatures[0].subIndication"));
        String oursText = "SealGate: " + ours + ", level " + sealGate.getString("signatures[0].level")
                + ", errors " + sealGate.getList("signatures[0].errors.code") + ", warnings " + sealGate.getList("signatures[0].warnings.code")
                + ", best signature time " + sealGate.getString("signatures[0].bestSignatureTime")
                + ", signer revocation " + sealGate.getString("signatures[0].chain[0].revocation.status");

        Reports reports = dss(sample);
        SimpleReport simple = reports.getSimpleReport();
        assertEquals(1, simple.getSignaturesCount(), describe(simple));
        String id = simple.getFirstSignatureId();
        Verdict theirs = new Verdict(simple.getIndication(id).name(),
                simple.getSubIndication(id) == null ? null : simple.getSubIndication(id).name());
        String message = c + "\n  " + oursText + "\n  " + describe(simple);

        boolean equal = ours.equals(theirs);
        if (!equal) {
            Path detailed = Path.of("target", "dss-agreement", c.name().replaceAll("[^A-Za-z0-9]+", "-") + ".xml");
            Files.createDirectories(detailed.getParent());
            Files.writeString(detailed, reports.getXmlDetailedReport());
            message += "\n  DSS detailed report: " + detailed;
        }
        TABLE.add(String.format("%-70s | DSS %-38s | SealGate %-38s | %s", c, theirs, ours,
                equal ? "equal" : c.sealGateOwn() != null ? "deliberate difference" : "DIFFERENT"));
        if (c.sealGateOwn() == null) {
            assertEquals(theirs, ours, message);
        } else {
            assertEquals(c.sealGateOwn(), ours, message);
        }
    }

    @AfterAll
    static void printTable() {
        System.out.println("SealGate and EU DSS 6.4 on the same signatures:");
        TABLE.forEach(line -> System.out.println("  " + line));
    }

    // ---- validation by both sides --------------------------------------------------------------

    private static JsonPath sealGate(Sample sample) {
        var request = given().auth().oauth2(TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret"))
                .multiPart("signed", "signed.bin", sample.signed(), "application/octet-stream");
        if (sample.original() != null) {
            request.multiPart("original", "original.bin", sample.original(), "application/octet-stream");
        }
        return request.when().post("/api/v1/verifications").then().statusCode(200).extract().jsonPath();
    }

    private static Reports dss(Sample sample) throws Exception {
        return Dss.validate(sample.signed(), sample.original(), verifier());
    }

    /** The dev root as the only trust anchor; OCSP, CRL and CA certificates from the instance under test. */
    private static CommonCertificateVerifier verifier() {
        return Dss.verifier(true, null);
    }

    private static String describe(SimpleReport simple) {
        return Dss.describe(simple);
    }

    // ---- signatures made by SealGate -----------------------------------------------------------

    private static byte[] sign(String query, byte[] document) {
        return given().auth().oauth2(TestRealm.userToken("servant1")).contentType("text/plain").body(document)
                .post("/api/v1/signatures?format=" + query).then().statusCode(201).extract().asByteArray();
    }

    private static byte[] signPdf() {
        return signPdf("B-B");
    }

    private static byte[] signPdf(String level) {
        return given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/pdf")
                .body(Pdfs.letter("Permit 2026/88: street market on Sunday"))
                .post("/api/v1/signatures?format=pades&level=" + level).then().statusCode(201).extract().asByteArray();
    }

    /** A detached signature whose signer is revoked through the API, optionally time-stamped (B-T) before that. */
    private static Sample revoked(boolean timeStamped) throws Exception {
        byte[] signature = sign("cades&packaging=detached" + (timeStamped ? "&level=B-T" : ""), TEXT);
        String serial = signerInfo(signature).getSID().getSerialNumber().toString(16);
        // time-stamps and revocation times have one-second resolution: revoke in a later second
        Thread.sleep(1100);
        revoke(serial);
        return new Sample(signature, TEXT);
    }

    private static void revoke(String serial) {
        given().auth().oauth2(TestRealm.userToken("auditor1")).contentType("application/json")
                .body("{\"reason\":\"keyCompromise\"}").post("/api/v1/certificates/" + serial + "/revocation")
                .then().statusCode(200);
    }


    private static byte[] signJson(String packaging) {
        return given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json").body(JSON)
                .post("/api/v1/signatures?format=jades&packaging=" + packaging).then().statusCode(201).extract().asByteArray();
    }

    /** Flips the last bit of a compact JWS's signature value. */
    private static byte[] flipJwsSignature(byte[] jws) {
        String[] parts = new String(jws, StandardCharsets.US_ASCII).strip().split("\\.", -1);
        byte[] value = Base64.getUrlDecoder().decode(parts[2]);
        value[value.length - 1] ^= 0x01;
        parts[2] = Base64.getUrlEncoder().withoutPadding().encodeToString(value);
        return String.join(".", parts).getBytes(StandardCharsets.US_ASCII);
    }

    /** Replaces the payload of a compact JWS with another JSON document. */
    private static byte[] changePayload(byte[] jws) {
        String[] parts = new String(jws, StandardCharsets.US_ASCII).strip().split("\\.", -1);
        parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(CHANGED_JSON);
        return String.join(".", parts).getBytes(StandardCharsets.US_ASCII);
    }

    // ---- signers outside SealGate (testsupport.ForeignSigners) -------------------------------

    private static Sample openssl(Path dir, Signer signer, boolean detached, byte[] original) throws Exception {
        return new Sample(ForeignSigners.openssl(dir, signer, detached, TEXT), detached ? original : null);
    }

    private static Sample dss(Path dir, Signer signer, boolean detached, byte[] original) {
        return dss(dir, signer, detached, original, SignatureLevel.CAdES_BASELINE_B);
    }

    private static Sample dss(Path dir, Signer signer, boolean detached, byte[] original, SignatureLevel level) {
        return new Sample(ForeignSigners.dssCades(dir, signer, detached, TEXT, level), detached ? original : null);
    }

    // ---- tampering -----------------------------------------------------------------------------

    private static SignerInformation signerInfo(byte[] cms) throws Exception {
        return new CMSSignedData(cms).getSignerInfos().getSigners().iterator().next();
    }

    /** Flips the last bit of the signature value (a DER ECDSA value stays well-formed). */
    private static byte[] flipSignatureValue(byte[] cms) throws Exception {
        byte[] value = signerInfo(cms).getSignature();
        byte[] out = cms.clone();
        out[Bytes.position(out, value) + value.length - 1] ^= 0x01;
        return out;
    }

    /** Replaces text of the same length inside the encapsulated content. */
    private static byte[] replace(byte[] cms, String from, String to) {
        byte[] out = cms.clone();
        byte[] needle = from.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, out, Bytes.position(out, needle), needle.length);
        return out;
    }


    /** SealGate CAdES B-LT signatures that DSS extends with an archive-time-stamp-v3 from SealGate's TSA: B-LTA for both. */
    @org.junit.jupiter.api.Test
    void cadesExtendedWithAnArchiveTimeStampIsBLta() throws Exception {
        for (boolean detached : new boolean[] { true, false }) {
            byte[] signed = sign("cades&packaging=" + (detached ? "detached" : "enveloping") + "&level=B-LT", TEXT);
            CAdESService service = new CAdESService(verifier());
            service.setTspSource(Dss.tsa());
            CAdESSignatureParameters parameters = new CAdESSignatureParameters();
            parameters.setSignatureLevel(SignatureLevel.CAdES_BASELINE_LTA);
            if (detached) {
                parameters.setDetachedContents(List.<DSSDocument>of(new InMemoryDocument(TEXT, "document.txt")));
            }
            byte[] archived = Dss.toBytes(service.extendDocument(new InMemoryDocument(signed, "signed.p7s"), parameters));
            Sample sample = new Sample(archived, detached ? TEXT : null);

            Reports reports = dss(sample);
            String id = reports.getSimpleReport().getFirstSignatureId();
            assertEquals(SignatureLevel.CAdES_BASELINE_LTA, reports.getSimpleReport().getSignatureFormat(id),
                    describe(reports.getSimpleReport()));
            JsonPath ours = sealGate(sample);
            assertEquals(reports.getSimpleReport().getIndication(id).name(), ours.getString("signatures[0].indication"));
            assertEquals("B-LTA", ours.getString("signatures[0].level"), ours.prettify());
            assertEquals(List.of("TOTAL_PASSED"),
                    ours.getList("signatures[0].timestamps.findAll { it.type == 'ARCHIVE_TIMESTAMP' }.indication"));

            // the content the archive time-stamp covers changed: its imprint no longer matches
            if (detached) {
                JsonPath changed = sealGate(new Sample(archived, CHANGED));
                assertEquals(List.of("HASH_FAILURE"),
                        changed.getList("signatures[0].timestamps.findAll { it.type == 'ARCHIVE_TIMESTAMP' }.subIndication"));
                assertEquals("TOTAL_FAILED", changed.getString("signatures[0].indication"));
            }
        }
    }

    /** A SealGate JAdES B-T (JSON serialisation) that DSS extends to B-LTA (xVals, rVals, arcTst from SealGate's TSA). */
    @org.junit.jupiter.api.Test
    void jadesExtendedWithAnArchiveTimeStampIsBLta() throws Exception {
        byte[] signed = given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json").body(JSON)
                .post("/api/v1/signatures?format=jades&level=B-T").then().statusCode(201).extract().asByteArray();
        eu.europa.esig.dss.jades.signature.JAdESService service = new eu.europa.esig.dss.jades.signature.JAdESService(verifier());
        service.setTspSource(Dss.tsa());
        eu.europa.esig.dss.jades.JAdESSignatureParameters parameters = new eu.europa.esig.dss.jades.JAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.JAdES_BASELINE_LTA);
        parameters.setJwsSerializationType(eu.europa.esig.dss.enumerations.JWSSerializationType.FLATTENED_JSON_SERIALIZATION);
        byte[] archived = Dss.toBytes(service.extendDocument(new InMemoryDocument(signed, "signed.json"), parameters));

        Reports reports = dss(new Sample(archived, null));
        String id = reports.getSimpleReport().getFirstSignatureId();
        assertEquals(SignatureLevel.JAdES_BASELINE_LTA, reports.getSimpleReport().getSignatureFormat(id), describe(reports.getSimpleReport()));
        JsonPath ours = sealGate(new Sample(archived, null));
        assertEquals(reports.getSimpleReport().getIndication(id).name(), ours.getString("signatures[0].indication"));
        assertEquals("B-LTA", ours.getString("signatures[0].level"), ours.prettify());
        assertEquals(List.of("TOTAL_PASSED"), ours.getList("signatures[0].timestamps.findAll { it.type == 'ARCHIVE_TIMESTAMP' }.indication"));
    }

    /** A SealGate PAdES B-LT that DSS extends with a document time-stamp from SealGate's TSA: B-LTA for both. */
    @org.junit.jupiter.api.Test
    void padesExtendedWithADocumentTimeStampIsBLta() throws Exception {
        byte[] signed = given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/pdf")
                .body(Pdfs.letter("Permit 2026/88: archived")).post("/api/v1/signatures?format=pades&level=B-LT")
                .then().statusCode(201).extract().asByteArray();
        PAdESService service = new PAdESService(verifier());
        service.setTspSource(Dss.tsa());
        PAdESSignatureParameters parameters = new PAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.PAdES_BASELINE_LTA);
        byte[] archived = Dss.toBytes(service.extendDocument(new InMemoryDocument(signed, "signed.pdf"), parameters));

        Reports reports = dss(new Sample(archived, null));
        String id = reports.getSimpleReport().getFirstSignatureId();
        assertEquals(SignatureLevel.PAdES_BASELINE_LTA, reports.getSimpleReport().getSignatureFormat(id), describe(reports.getSimpleReport()));
        JsonPath ours = sealGate(new Sample(archived, null));
        assertEquals(reports.getSimpleReport().getIndication(id).name(), ours.getString("signatures[0].indication"));
        assertEquals(1, ours.getList("signatures").size(), "the document time-stamp is not a signature");
        assertEquals("B-LTA", ours.getString("signatures[0].level"), ours.prettify());
        assertEquals(List.of("TOTAL_PASSED"), ours.getList("signatures[0].timestamps.findAll { it.type == 'ARCHIVE_TIMESTAMP' }.indication"));

        // the same document with the time-stamp token's signature damaged: the archive time-stamp fails, the level drops
        byte[] damaged = archived.clone();
        try (PDDocument document = Loader.loadPDF(archived)) {
            var timeStamp = document.getLastSignatureDictionary();
            byte[] value = signerInfo(timeStamp.getContents(archived)).getSignature();
            String hex = java.util.HexFormat.of().withUpperCase().formatHex(value);
            int at = Bytes.indexOf(damaged, hex.getBytes(StandardCharsets.US_ASCII));
            if (at < 0) {
                at = Bytes.position(damaged, hex.toLowerCase().getBytes(StandardCharsets.US_ASCII));
            }
            damaged[at + 10] = (byte) (damaged[at + 10] == '0' ? '1' : '0');
        }
        JsonPath broken = sealGate(new Sample(damaged, null));
        assertEquals("B-LT", broken.getString("signatures[0].level"));
        assertEquals(List.of("SIG_CRYPTO_FAILURE"),
                broken.getList("signatures[0].timestamps.findAll { it.type == 'ARCHIVE_TIMESTAMP' }.subIndication"));
        assertEquals(List.of("TIMESTAMP_NOT_VALID"), broken.getList("signatures[0].warnings.code"));
    }
}
