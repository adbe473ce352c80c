package dev.sealgate.audit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sealgate.audit.offline.AuditLogVerifier;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.privacy.PrivacyGate;
import dev.sealgate.signing.SignatureRecord;
import dev.sealgate.testsupport.TestRealm;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class AuditLogTest {

    private static final String CITIZEN1 = "11010519491231002X";
    private static final String RESIDENCE = "{\"name\":\"Li Wei\",\"nationalId\":\"" + CITIZEN1 + "\",\"address\":\"北京市东城区景山前街4号\","
            + "\"phone\":\"13812345678\",\"birthDate\":\"1949-12-31\",\"sex\":\"M\"}";

    @Inject
    PrivacyGate gate;

    private static Response sign(String token, String query, byte[] document) {
        return given().auth().oauth2(token).contentType("text/plain").body(document).post("/api/v1/signatures" + query);
    }

    private static String idOf(Response signed) {
        String location = signed.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static AuditEntry only(List<AuditEntry> entries) {
        assertEquals(1, entries.size(), () -> "expected exactly one entry, got " + entries.stream().map(e -> e.action).toList());
        return entries.get(0);
    }

    @Test
    void signingWritesOneEntryWithTheSignerAndTheDocumentDigest() {
        String token = TestRealm.userToken("servant1");
        String subject = given().auth().oauth2(token).get("/api/v1/me").then().extract().path("subject");
        byte[] document = ("Decision " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        long before = AuditTrail.lastSeq();

        Response signed = sign(token, "?format=cades&level=B-B", document);
        signed.then().statusCode(201);

        AuditEntry entry = only(AuditTrail.after(before));
        assertEquals("signature.create", entry.action);
        assertEquals(subject, entry.actorSubject);
        assertEquals("servant1", entry.actorUsername);
        assertEquals("backoffice", entry.actorClient, "signers log in through the back office (step-up)");
        assertEquals("signature", entry.objectType);
        assertEquals(idOf(signed), entry.objectId);
        assertEquals(DocumentDigest.sha256HexOf(document), entry.documentDigest);
        assertTrue(entry.outcome.matches("signed; acr 2 at \\d{4}-\\d\\d-\\d\\dT[0-9:]+Z"), entry.outcome);
    }

    @Test
    void aRejectedSignRequestLeavesNeitherRecordNorEntry() {
        String token = TestRealm.userToken("servant1");
        long records = QuarkusTransaction.requiringNew().call(() -> SignatureRecord.count());
        long before = AuditTrail.lastSeq();

        sign(token, "?format=xades", "x".getBytes(StandardCharsets.UTF_8)).then().statusCode(400)
                .contentType("application/problem+json");
        sign(token, "?format=cades", new byte[0]).then().statusCode(400).contentType("application/problem+json");

        assertEquals(List.of(), AuditTrail.after(before));
        assertEquals(records, (long) QuarkusTransaction.requiringNew().call(() -> SignatureRecord.count()));
    }

    @Test
    void aForbiddenAttemptIsOneDeniedEntryWithTheCallerAndAnAnonymousOneWithout() {
        String token = TestRealm.userToken("citizen1");
        long before = AuditTrail.lastSeq();

        sign(token, "?format=cades", "x".getBytes(StandardCharsets.UTF_8)).then().statusCode(403);

        AuditEntry denied = only(AuditTrail.after(before));
        assertEquals("POST /api/v1/signatures", denied.action);
        assertEquals(AuditLog.DENIED, denied.outcome);
        assertEquals("citizen1", denied.actorUsername);
        assertEquals("dev-cli", denied.actorClient);

        long mid = AuditTrail.lastSeq();
        given().get("/api/v1/audit/verify").then().statusCode(401);
        AuditEntry anonymous = only(AuditTrail.after(mid));
        assertEquals("GET /api/v1/audit/verify", anonymous.action);
        assertEquals(AuditLog.DENIED, anonymous.outcome);
        assertNull(anonymous.actorSubject);
        assertNull(anonymous.actorUsername);
    }

    @Test
    void verificationByAPartnerRecordsTheDigestAndTheIndication() {
        byte[] document = ("Licence " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] signature = sign(TestRealm.userToken("servant1"), "?format=cades&level=B-B", document).then().statusCode(201)
                .extract().asByteArray();
        String partner = TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret");
        long before = AuditTrail.lastSeq();

        given().auth().oauth2(partner).multiPart("signed", "s.p7s", signature).multiPart("original", "doc.txt", document)
                .post("/api/v1/verifications").then().statusCode(200);

        AuditEntry entry = only(AuditTrail.after(before));
        assertEquals("verification.validate", entry.action);
        assertEquals("partner-tax-bureau", entry.actorClient);
        assertEquals(DocumentDigest.sha256HexOf(signature), entry.documentDigest);
        assertEquals("TOTAL_PASSED", entry.outcome);
    }

    @Test
    void publicationShareAndLookupNameTheCitizenOnlyByTheKeyedHmac() {
        long before = AuditTrail.lastSeq();
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json").body(RESIDENCE)
                .post("/api/v1/datasets/residence/records").then().statusCode(201);
        AuditEntry published = only(AuditTrail.after(before));
        assertEquals("dataset.publish", published.action);
        assertEquals("servant1", published.actorUsername);
        assertTrue(published.objectId.startsWith("residence/"), published.objectId);

        long shared = AuditTrail.lastSeq();
        String partner = TestRealm.clientToken("partner-health-commission", "partner-health-commission-dev-secret");
        byte[] sealed = given().auth().oauth2(partner).contentType("application/json")
                .body(Map.of("dataset", "residence", "nationalId", CITIZEN1, "purpose", "epidemiological-survey",
                        "caseReference", "EPI-" + UUID.randomUUID()))
                .post("/api/v1/shares").then().statusCode(200).extract().asByteArray();
        AuditEntry release = only(AuditTrail.after(shared));
        assertEquals("share.release", release.action);
        assertEquals("partner-health-commission", release.actorClient);
        assertEquals("disclosure", release.objectType);
        assertEquals(DocumentDigest.sha256HexOf(sealed), release.documentDigest);
        assertEquals("released", release.outcome);

        long looked = AuditTrail.lastSeq();
        given().auth().oauth2(TestRealm.userToken("auditor1")).queryParam("nationalId", CITIZEN1).get("/api/v1/admin/users")
                .then().statusCode(200);
        AuditEntry lookup = only(AuditTrail.after(looked));
        assertEquals("admin.user-lookup", lookup.action);
        assertEquals("auditor1", lookup.actorUsername);
        assertEquals(gate.subjectKey(CITIZEN1), lookup.objectId);

        for (AuditEntry entry : AuditTrail.after(before)) {
            String all = String.join("|", String.valueOf(entry.objectId), String.valueOf(entry.action),
                    String.valueOf(entry.outcome), String.valueOf(entry.documentDigest));
            assertFalse(all.contains(CITIZEN1), "no national ID in clear in an audit entry");
        }
    }

    @Test
    void aCitizenGetsTheProofOfAReleaseOfTheirDataAndChecksItOffline(@TempDir Path dir) throws Exception {
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json").body(RESIDENCE)
                .post("/api/v1/datasets/residence/records").then().statusCode(201);
        String partner = TestRealm.clientToken("partner-health-commission", "partner-health-commission-dev-secret");
        String caseReference = "EPI-" + UUID.randomUUID();
        String entryId = given().auth().oauth2(partner).contentType("application/json")
                .body(Map.of("dataset", "residence", "nationalId", CITIZEN1, "purpose", "epidemiological-survey",
                        "caseReference", caseReference))
                .post("/api/v1/shares").then().statusCode(200).extract().header("SealGate-Audit-Entry");
        assertNotNull(entryId);

        String citizen = TestRealm.userToken("citizen1");
        List<Map<String, Object>> disclosures = given().auth().oauth2(citizen).get("/api/v1/me/disclosures?size=100").then()
                .statusCode(200).extract().jsonPath().getList("findAll { it.caseReference == '" + caseReference + "' }");
        assertEquals(1, disclosures.size());
        assertEquals(entryId, disclosures.get(0).get("auditEntry"));

        // the entry joins a signed tree head within seconds; until then the answer says to retry
        Response proof = null;
        for (int attempt = 0; attempt < 40; attempt++) {
            proof = given().auth().oauth2(citizen).get("/api/v1/audit/entries/" + entryId + "/proof");
            if (proof.statusCode() != 409) {
                break;
            }
            assertEquals("1", proof.header("Retry-After"));
            Thread.sleep(250);
        }
        proof.then().statusCode(200).body("entry.action", org.hamcrest.Matchers.equalTo("share.release"))
                .body("entry.actorClient", org.hamcrest.Matchers.equalTo("partner-health-commission"));
        Path file = dir.resolve("proof.json");
        Files.writeString(file, proof.asString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = AuditLogVerifier.run(new String[] { "proof", file.toString(), "certs-dev/root-ca.pem" },
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("PROVEN: entry " + entryId), out.toString(StandardCharsets.UTF_8));

        given().auth().oauth2(partner).get("/api/v1/audit/entries/" + entryId + "/proof").then().statusCode(200);
        given().auth().oauth2(TestRealm.userToken("citizen2")).get("/api/v1/audit/entries/" + entryId + "/proof").then()
                .statusCode(404);
        given().auth().oauth2(TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret"))
                .get("/api/v1/audit/entries/" + entryId + "/proof").then().statusCode(404);
        given().auth().oauth2(TestRealm.userToken("servant1")).get("/api/v1/audit/entries/" + entryId + "/proof").then()
                .statusCode(404);
    }

    @Test
    void revocationByAnAuditorIsRecordedWithTheSerial() {
        String fresh = issuePersonalCertificateForRevocation();
        long before = AuditTrail.lastSeq();

        given().auth().oauth2(TestRealm.userToken("auditor1")).contentType("application/json")
                .body(Map.of("reason", "keyCompromise")).post("/api/v1/certificates/" + fresh + "/revocation")
                .then().statusCode(200);

        AuditEntry entry = only(AuditTrail.after(before));
        assertEquals("certificate.revoke", entry.action);
        assertEquals("certificate", entry.objectType);
        assertEquals(fresh, entry.objectId);
        assertEquals("auditor1", entry.actorUsername);
        assertEquals("revoked", entry.outcome);
    }

    /** servant1's current personal certificate; after its revocation the next signature gets a new one. */
    private static String issuePersonalCertificateForRevocation() {
        Response signed = sign(TestRealm.userToken("servant1"), "?format=cades&key=personal",
                "revocation fixture".getBytes(StandardCharsets.UTF_8));
        signed.then().statusCode(201);
        String id = idOf(signed);
        return QuarkusTransaction.requiringNew().call(() -> SignatureRecord.<SignatureRecord>findById(id).certificateSerial);
    }

    @Test
    void concurrentRequestsAreSequencedIntoOneGaplessTree() throws Exception {
        String servant = TestRealm.userToken("servant1");
        String partner = TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret");
        byte[] document = "concurrency".getBytes(StandardCharsets.UTF_8);
        byte[] signature = sign(servant, "?format=cades", document).then().statusCode(201).extract().asByteArray();
        long before = AuditTrail.lastSeq();
        int threads = 8;
        int perThread = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            boolean signs = t % 2 == 0;
            results.add(pool.submit(() -> {
                int ok = 0;
                for (int i = 0; i < perThread; i++) {
                    int status = signs ? sign(servant, "?format=cades", document).statusCode()
                            : given().auth().oauth2(partner).multiPart("signed", "s.p7s", signature)
                                    .multiPart("original", "d.txt", document).post("/api/v1/verifications").statusCode();
                    ok += status == 201 || status == 200 ? 1 : 0;
                }
                return ok;
            }));
        }
        int succeeded = 0;
        for (Future<Integer> result : results) {
            succeeded += result.get();
        }
        pool.shutdown();
        assertEquals(threads * perThread, succeeded);

        List<AuditEntry> appended = AuditTrail.after(before);
        assertEquals(threads * perThread, appended.size());
        for (int i = 0; i < appended.size(); i++) {
            assertEquals(before + 1 + i, appended.get(i).seq, "sequence numbers are gapless");
            assertEquals(appended.get(i).logged().computeLeafHash(), appended.get(i).leafHash, "each leaf hashes its entry");
        }
        given().auth().oauth2(TestRealm.userToken("auditor1")).get("/api/v1/audit/verify").then().statusCode(200)
                .body("intact", org.hamcrest.Matchers.equalTo(true));
    }
}
