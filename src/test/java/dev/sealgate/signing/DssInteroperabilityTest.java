package dev.sealgate.signing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sealgate.testsupport.Dss;
import dev.sealgate.testsupport.Pdfs;
import dev.sealgate.testsupport.TestRealm;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.simplereport.jaxb.XmlTimestamp;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import io.quarkus.test.junit.QuarkusTest;

/**
 * EU DSS, the European Commission's reference validator, validates every signature SealGate makes
 * with the dev root as its only trust anchor and recognises the level SealGate claims.
 *
 * <p>Revocation: B-B and B-T signatures are validated with DSS's online OCSP, CRL and AIA sources.
 * The dev PKI's certificates (issuing CA, TSA, seals) name the dev instance's URLs on port 8080;
 * under test the same PKI is served by the instance on the test port, so the data loader rewrites
 * that one origin and refuses every other address. B-LT signatures are validated with no online
 * source at all: they must carry everything DSS needs.
 */
@QuarkusTest
class DssInteroperabilityTest {

    private static final byte[] TEXT = "Certificate of residence for Li Wei, issued 2026-11-25.\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] JSON = "{\"certificate\":\"residence\",\"holder\":\"Li Wei\",\"issued\":\"2026-11-25\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] PDF = Pdfs.letter("Notice of approval, civil affairs bureau, 2026-11-25");

    private static final List<String> MATRIX = new ArrayList<>();
    /** What DSS fetched from the instance under test while validating the current case. */
    private static final List<String> FETCHED = Collections.synchronizedList(new ArrayList<>());

    record Case(String format, String packaging, String level, String key, SignatureLevel expected) {

        boolean detached() {
            return packaging.equals("detached");
        }

        boolean longTerm() {
            return level.startsWith("B-LT");
        }

        @Override
        public String toString() {
            return format + " " + packaging + " " + level + " key=" + key;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String key : List.of("personal", "seal")) {
            for (String packaging : List.of("detached", "enveloping")) {
                cases.add(new Case("cades", packaging, "B-B", key, SignatureLevel.CAdES_BASELINE_B));
                cases.add(new Case("cades", packaging, "B-T", key, SignatureLevel.CAdES_BASELINE_T));
                cases.add(new Case("cades", packaging, "B-LT", key, SignatureLevel.CAdES_BASELINE_LT));
            }
            cases.add(new Case("cades", "detached", "B-LTA", key, SignatureLevel.CAdES_BASELINE_LTA));
            cases.add(new Case("cades", "enveloping", "B-LTA", key, SignatureLevel.CAdES_BASELINE_LTA));
            cases.add(new Case("pades", "enveloped", "B-B", key, SignatureLevel.PAdES_BASELINE_B));
            cases.add(new Case("pades", "enveloped", "B-T", key, SignatureLevel.PAdES_BASELINE_T));
            cases.add(new Case("pades", "enveloped", "B-LT", key, SignatureLevel.PAdES_BASELINE_LT));
            cases.add(new Case("pades", "enveloped", "B-LTA", key, SignatureLevel.PAdES_BASELINE_LTA));
            for (String packaging : List.of("enveloping", "detached")) {
                cases.add(new Case("jades", packaging, "B-B", key, SignatureLevel.JAdES_BASELINE_B));
                cases.add(new Case("jades", packaging, "B-T", key, SignatureLevel.JAdES_BASELINE_T));
                cases.add(new Case("jades", packaging, "B-LT", key, SignatureLevel.JAdES_BASELINE_LT));
                cases.add(new Case("jades", packaging, "B-LTA", key, SignatureLevel.JAdES_BASELINE_LTA));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void dssValidatesWhatSealGateSigns(Case c) throws Exception {
        byte[] document = switch (c.format()) {
            case "pades" -> PDF;
            case "jades" -> JSON;
            default -> TEXT;
        };
        String contentType = switch (c.format()) {
            case "pades" -> "application/pdf";
            case "jades" -> "application/json";
            default -> "text/plain";
        };
        byte[] signed = given().auth().oauth2(TestRealm.userToken("servant1")).contentType(contentType).body(document)
                .post("/api/v1/signatures?format=" + c.format() + "&packaging=" + c.packaging() + "&level=" + c.level()
                        + "&key=" + c.key())
                .then().statusCode(201).extract().asByteArray();

        FETCHED.clear();
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(signed, "signed-" + c.format()));
        validator.setCertificateVerifier(verifier(!c.longTerm()));
        if (c.detached()) {
            validator.setDetachedContents(List.<DSSDocument>of(new InMemoryDocument(document, "document")));
        }
        Reports reports = validator.validateDocument();
        SimpleReport simple = reports.getSimpleReport();
        String report = describe(simple);

        assertEquals(1, simple.getSignaturesCount(), report);
        String id = simple.getFirstSignatureId();
        List<String> notes = new ArrayList<>();
        simple.getAdESValidationWarnings(id).forEach(m -> notes.add("warning: " + m.getValue()));
        simple.getAdESValidationInfo(id).forEach(m -> notes.add("info: " + m.getValue()));
        MATRIX.add(String.format("%-36s %-13s %-6s %-18s time-stamps %-7s fetched %2d %s", c, simple.getIndication(id),
                simple.getSubIndication(id) == null ? "-" : simple.getSubIndication(id), simple.getSignatureFormat(id),
                simple.getSignatureTimestamps(id).stream().map(t -> String.valueOf(t.getIndication()))
                        .collect(Collectors.joining(",", "[", "]")),
                FETCHED.size(), notes));
        assertEquals(Indication.TOTAL_PASSED, simple.getIndication(id), report);
        assertEquals(c.expected(), simple.getSignatureFormat(id), report);
        List<XmlTimestamp> timestamps = simple.getSignatureTimestamps(id);
        // a signature time-stamp from B-T on, and the archive (document) time-stamp at B-LTA
        assertEquals(c.level().equals("B-B") ? 0 : c.level().equals("B-LTA") ? 2 : 1, timestamps.size(), report);
        for (XmlTimestamp timestamp : timestamps) {
            assertEquals(Indication.PASSED, timestamp.getIndication(), "signature time-stamp: " + report);
        }
        assertFalse(simple.getAdESValidationErrors(id).stream().findAny().isPresent(), report);
    }

    /** The harness can fail: a changed document and a missing trust anchor are not TOTAL_PASSED. */
    @Test
    void dssRejectsAChangedDocumentAndAnUntrustedChain() throws Exception {
        byte[] signature = given().auth().oauth2(TestRealm.userToken("servant1")).contentType("text/plain").body(TEXT)
                .post("/api/v1/signatures?format=cades&packaging=detached&level=B-B&key=personal")
                .then().statusCode(201).extract().asByteArray();
        byte[] changed = new String(TEXT, StandardCharsets.UTF_8).replace("Li Wei", "Li Wen").getBytes(StandardCharsets.UTF_8);

        SignedDocumentValidator tampered = SignedDocumentValidator.fromDocument(new InMemoryDocument(signature, "signature.p7s"));
        tampered.setCertificateVerifier(verifier(true));
        tampered.setDetachedContents(List.<DSSDocument>of(new InMemoryDocument(changed, "document")));
        SimpleReport report = tampered.validateDocument().getSimpleReport();
        assertEquals(Indication.TOTAL_FAILED, report.getIndication(report.getFirstSignatureId()), describe(report));
        assertEquals(SubIndication.HASH_FAILURE, report.getSubIndication(report.getFirstSignatureId()), describe(report));

        SignedDocumentValidator untrusted = SignedDocumentValidator.fromDocument(new InMemoryDocument(signature, "signature.p7s"));
        untrusted.setCertificateVerifier(new CommonCertificateVerifier());
        untrusted.setDetachedContents(List.<DSSDocument>of(new InMemoryDocument(TEXT, "document")));
        report = untrusted.validateDocument().getSimpleReport();
        assertEquals(Indication.INDETERMINATE, report.getIndication(report.getFirstSignatureId()), describe(report));
        assertEquals(SubIndication.NO_CERTIFICATE_CHAIN_FOUND, report.getSubIndication(report.getFirstSignatureId()),
                describe(report));
    }

    @AfterAll
    static void printMatrix() {
        System.out.println("DSS 6.4 results (case, indication, sub-indication, level):");
        MATRIX.forEach(line -> System.out.println("  " + line));
    }

    private static CommonCertificateVerifier verifier(boolean online) {
        return Dss.verifier(online, FETCHED);
    }

    private static String describe(SimpleReport simple) {
        return Dss.describe(simple);
    }
}
