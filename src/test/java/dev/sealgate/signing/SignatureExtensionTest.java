package dev.sealgate.signing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sealgate.audit.AuditEntry;
import dev.sealgate.testsupport.Dss;
import dev.sealgate.testsupport.ForeignSigners;
import dev.sealgate.testsupport.Pdfs;
import dev.sealgate.testsupport.TestRealm;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * {@code POST /api/v1/signatures/extensions}: signatures made by SealGate, by {@code openssl cms} and by
 * EU DSS, extended by SealGate to B-T, B-LT and B-LTA (and B-LTA again), then validated by EU DSS 6.4:
 * every one {@code TOTAL_PASSED} at the level asked for; B-LT and B-LTA with no online source at all
 * (they must carry everything). SealGate's own report names the same level.
 */
@QuarkusTest
class SignatureExtensionTest {

    private static final byte[] TEXT = "Archive record 2026/311: land registry extract, parcel 17-4.\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PDF = Pdfs.letter("Archive record 2026/311: land registry extract");
    private static final byte[] JSON = "{\"record\":\"2026/311\",\"parcel\":\"17-4\"}".getBytes(StandardCharsets.UTF_8);

    private static final List<String> TABLE = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path dir;

    @FunctionalInterface
    interface Maker {
        byte[] make(Path dir) throws Exception;
    }

    /** A signature made somehow, extended to each level in {@code steps} one after another. */
    record Case(String name, Maker maker, boolean detached, List<String> steps, List<SignatureLevel> expected) {
        @Override
        public String toString() {
            return name + " → " + String.join(" → ", steps);
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("SealGate CAdES detached B-B", dir -> sign("cades&packaging=detached&level=B-B", TEXT, "text/plain"), true,
                        List.of("B-T", "B-LT", "B-LTA"), List.of(SignatureLevel.CAdES_BASELINE_T, SignatureLevel.CAdES_BASELINE_LT,
                                SignatureLevel.CAdES_BASELINE_LTA)),
                new Case("SealGate CAdES enveloping B-B", dir -> sign("cades&packaging=enveloping&level=B-B", TEXT, "text/plain"),
                        false, List.of("B-LTA"), List.of(SignatureLevel.CAdES_BASELINE_LTA)),
                new Case("SealGate CAdES detached B-LTA", dir -> sign("cades&packaging=detached&level=B-LTA", TEXT, "text/plain"),
                        true, List.of("B-LTA", "B-LTA"), List.of(SignatureLevel.CAdES_BASELINE_LTA, SignatureLevel.CAdES_BASELINE_LTA)),
                new Case("openssl cms detached", dir -> ForeignSigners.openssl(dir, ForeignSigners.Signer.GOOD, true, TEXT), true,
                        // a plain CMS without signing-certificate-v2 never becomes CAdES: DSS names it CMS-NOT-ETSI at every
                        // level, with the time-stamps SealGate added validated
                        List.of("B-T", "B-LTA"), List.of(SignatureLevel.CMS_NOT_ETSI, SignatureLevel.CMS_NOT_ETSI)),
                new Case("openssl cms enveloping", dir -> ForeignSigners.openssl(dir, ForeignSigners.Signer.GOOD, false, TEXT), false,
                        List.of("B-LT"), List.of(SignatureLevel.CMS_NOT_ETSI)),
                new Case("DSS CAdES detached B-B", dir -> ForeignSigners.dssCades(dir, ForeignSigners.Signer.GOOD, true, TEXT,
                        SignatureLevel.CAdES_BASELINE_B), true, List.of("B-LT", "B-LTA"),
                        List.of(SignatureLevel.CAdES_BASELINE_LT, SignatureLevel.CAdES_BASELINE_LTA)),
                new Case("DSS CAdES enveloping B-T", dir -> ForeignSigners.dssCades(dir, ForeignSigners.Signer.GOOD, false, TEXT,
                        SignatureLevel.CAdES_BASELINE_T), false, List.of("B-LTA"), List.of(SignatureLevel.CAdES_BASELINE_LTA)),
                new Case("SealGate PAdES B-B", dir -> sign("pades&level=B-B", PDF, "application/pdf"), false,
                        List.of("B-T", "B-LT", "B-LTA", "B-LTA"), List.of(SignatureLevel.PAdES_BASELINE_T,
                                SignatureLevel.PAdES_BASELINE_LT, SignatureLevel.PAdES_BASELINE_LTA, SignatureLevel.PAdES_BASELINE_LTA)),
                new Case("SealGate PAdES B-B", dir -> sign("pades&level=B-B", PDF, "application/pdf"), false,
                        List.of("B-LTA"), List.of(SignatureLevel.PAdES_BASELINE_LTA)),
                new Case("SealGate PAdES B-LTA", dir -> sign("pades&level=B-LTA", PDF, "application/pdf"), false,
                        List.of("B-LTA", "B-LTA"), List.of(SignatureLevel.PAdES_BASELINE_LTA, SignatureLevel.PAdES_BASELINE_LTA)),
                new Case("DSS PAdES B-B", dir -> ForeignSigners.dssPades(dir, PDF), false, List.of("B-T", "B-LTA"),
                        List.of(SignatureLevel.PAdES_BASELINE_T, SignatureLevel.PAdES_BASELINE_LTA)),
                // a compact JWS becomes the flattened JSON serialisation: the signed bytes stay as they are
                new Case("SealGate JAdES compact B-B", dir -> sign("jades&level=B-B", JSON, "application/json"), false,
                        List.of("B-T", "B-LT", "B-LTA"), List.of(SignatureLevel.JAdES_BASELINE_T, SignatureLevel.JAdES_BASELINE_LT,
                                SignatureLevel.JAdES_BASELINE_LTA)),
                new Case("SealGate JAdES B-LTA", dir -> sign("jades&level=B-LTA", JSON, "application/json"), false,
                        List.of("B-LTA"), List.of(SignatureLevel.JAdES_BASELINE_LTA)),
                new Case("DSS JAdES compact B-B", dir -> ForeignSigners.dssJades(dir, JSON), false, List.of("B-LTA"),
                        List.of(SignatureLevel.JAdES_BASELINE_LTA)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void dssValidatesWhatSealGateExtends(Case c) throws Exception {
        byte[] signed = c.maker().make(dir);
        byte[] original = c.detached() ? TEXT : null;
        for (int i = 0; i < c.steps().size(); i++) {
            String level = c.steps().get(i);
            Response response = extend(signed, original, level, "partner-tax-bureau");
            assertEquals(200, response.statusCode(), c + " at " + level + ": " + response.asString());
            assertEquals(level, response.header("SealGate-Level"));
            signed = response.asByteArray();

            boolean longTerm = level.startsWith("B-LT");
            SimpleReport dss = Dss.validate(signed, original, Dss.verifier(!longTerm, null)).getSimpleReport();
            String id = dss.getFirstSignatureId();
            TABLE.add(String.format("%-32s %-6s DSS %-13s %-18s time-stamps %s", c.name(), level, dss.getIndication(id),
                    dss.getSignatureFormat(id), dss.getSignatureTimestamps(id).stream().map(t -> String.valueOf(t.getIndication()))
                            .collect(Collectors.joining(",", "[", "]"))));
            assertEquals(Indication.TOTAL_PASSED, dss.getIndication(id), c + " at " + level + "\n" + Dss.describe(dss));
            assertEquals(c.expected().get(i), dss.getSignatureFormat(id), c + " at " + level + "\n" + Dss.describe(dss));
            // a time-stamp from B-T on, the archive time-stamps from B-LTA on: each one valid for DSS
            assertTrue(!dss.getSignatureTimestamps(id).isEmpty(), Dss.describe(dss));
            dss.getSignatureTimestamps(id).forEach(t -> assertEquals(Indication.PASSED, t.getIndication(), Dss.describe(dss)));

            JsonPath ours = verify(signed, original);
            assertEquals("TOTAL_PASSED", ours.getString("signatures[0].indication"), ours.prettify());
            assertEquals(level, ours.getString("signatures[0].level"), ours.prettify());
        }
    }

    /** Each renewal adds one archive time-stamp, and the report's renewBefore follows the latest. */
    @Test
    void reTimeStampingAddsAnArchiveTimeStampEachTime() {
        byte[] signed = sign("cades&packaging=detached&level=B-LTA", TEXT, "text/plain");
        int before = verify(signed, TEXT).getList("signatures[0].timestamps.findAll { it.type == 'ARCHIVE_TIMESTAMP' }").size();
        byte[] renewed = extend(signed, TEXT, "B-LTA", "servant2").then().statusCode(200).extract().asByteArray();
        renewed = extend(renewed, TEXT, "B-LTA", "servant2").then().statusCode(200).extract().asByteArray();
        JsonPath report = verify(renewed, TEXT);
        assertEquals(before + 2, report.getList("signatures[0].timestamps.findAll { it.type == 'ARCHIVE_TIMESTAMP' }").size(),
                report.prettify());
        assertEquals(List.of("TOTAL_PASSED", "TOTAL_PASSED", "TOTAL_PASSED"),
                report.getList("signatures[0].timestamps.findAll { it.type == 'ARCHIVE_TIMESTAMP' }.indication"));
        assertTrue(report.getString("signatures[0].renewBefore") != null, report.prettify());
    }

    /** What is not extended: each a problem, and no audit entry says it was. */
    @Test
    void badRequestsAreProblemsAndNothingIsExtended() throws Exception {
        long extended = extensions();
        byte[] good = sign("cades&packaging=detached&level=B-B", TEXT, "text/plain");
        byte[] lt = sign("cades&packaging=detached&level=B-LT", TEXT, "text/plain");
        byte[] changed = "Archive record 2026/311: land registry extract, parcel 17-5.\n".getBytes(StandardCharsets.UTF_8);

        expectProblem(extend(good, changed, "B-LTA", "partner-tax-bureau"), 422, "signature-not-valid");
        expectProblem(extend(ForeignSigners.openssl(dir, ForeignSigners.Signer.UNTRUSTED, true, TEXT), TEXT, "B-T",
                "partner-tax-bureau"), 422, "signature-not-valid");
        expectProblem(extend(PDF, null, "B-LTA", "partner-tax-bureau"), 422, "signature-not-valid");
        expectProblem(extend(lt, TEXT, "B-T", "partner-tax-bureau"), 409, "level-not-higher");
        expectProblem(extend(lt, TEXT, "B-LT", "partner-tax-bureau"), 409, "level-not-higher");
        expectProblem(extend(good, TEXT, "B-B", "partner-tax-bureau"), 400, "unsupported-signature-parameters");
        expectProblem(extend(good, TEXT, "B-X", "partner-tax-bureau"), 400, "unsupported-signature-parameters");
        expectProblem(extend(good, TEXT, null, "partner-tax-bureau"), 400, "unsupported-signature-parameters");
        expectProblem(extend("not a signature".getBytes(StandardCharsets.UTF_8), null, "B-T", "partner-tax-bureau"), 400,
                "unrecognised-signature");
        expectProblem(extend(java.util.Arrays.copyOf(good, good.length / 2), TEXT, "B-T", "partner-tax-bureau"), 400,
                "malformed-signature");
        // a JWS with two signatures (general JSON serialisation), both valid: extended one signature at a time only
        String[] first = new String(sign("jades&level=B-B", JSON, "application/json"), StandardCharsets.US_ASCII).split("\\.");
        String[] second = new String(sign("jades&level=B-B&key=seal", JSON, "application/json"), StandardCharsets.US_ASCII).split("\\.");
        String general = "{\"payload\":\"" + first[1] + "\",\"signatures\":[{\"protected\":\"" + first[0] + "\",\"signature\":\""
                + first[2] + "\"},{\"protected\":\"" + second[0] + "\",\"signature\":\"" + second[2] + "\"}]}";
        expectProblem(extend(general.getBytes(StandardCharsets.US_ASCII), null, "B-T", "partner-tax-bureau"), 400,
                "unsupported-signature-parameters");
        expectProblem(given().auth().oauth2(TestRealm.userToken("citizen1")).multiPart("signed", "s.p7s", good)
                .post("/api/v1/signatures/extensions?level=B-T"), 403, "forbidden");
        assertEquals(extended, extensions(), "a refused extension leaves no audit entry");

        extend(good, TEXT, "B-T", "partner-tax-bureau").then().statusCode(200);
        assertEquals(extended + 1, extensions(), "an extension is audited");
    }

    @AfterAll
    static void printTable() {
        System.out.println("Extended by SealGate, validated by EU DSS 6.4:");
        TABLE.forEach(line -> System.out.println("  " + line));
    }

    private static long extensions() {
        return QuarkusTransaction.requiringNew().call(() -> AuditEntry.count("action", "signature.extend"));
    }

    private static void expectProblem(Response response, int status, String type) {
        assertEquals(status, response.statusCode(), response.asString());
        assertTrue(String.valueOf(response.contentType()).startsWith("application/problem+json"), response.contentType());
        assertEquals("urn:sealgate:problem:" + type, response.jsonPath().getString("type"), response.asString());
    }

    private static byte[] sign(String query, byte[] document, String contentType) {
        return given().auth().oauth2(TestRealm.userToken("servant1")).contentType(contentType).body(document)
                .post("/api/v1/signatures?format=" + query).then().statusCode(201).extract().asByteArray();
    }

    private static Response extend(byte[] signed, byte[] original, String level, String who) {
        String token = who.startsWith("partner-") ? TestRealm.clientToken(who, who + "-dev-secret") : TestRealm.userToken(who);
        var request = given().auth().oauth2(token).multiPart("signed", "signed.bin", signed, "application/octet-stream");
        if (original != null) {
            request.multiPart("original", "original.bin", original, "application/octet-stream");
        }
        return request.post("/api/v1/signatures/extensions" + (level == null ? "" : "?level=" + level));
    }

    private static JsonPath verify(byte[] signed, byte[] original) {
        var request = given().auth().oauth2(TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret"))
                .multiPart("signed", "signed.bin", signed, "application/octet-stream");
        if (original != null) {
            request.multiPart("original", "original.bin", original, "application/octet-stream");
        }
        return request.post("/api/v1/verifications").then().statusCode(200).extract().jsonPath();
    }
}
