package dev.sealgate.checkpoint;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Whoever acted can find and prove their own entries: signing, extending and verifying each answer
 * with {@code SealGate-Audit-Entry}, the entry names that action, and its actor gets the entry's
 * inclusion proof, which the offline verifier accepts.
 */
@QuarkusTest
class AuditedResponsesTest {

    private static final String PARTNER = "partner-tax-bureau";

    @TempDir
    Path dir;

    private static String entryOf(Response response) {
        String entry = response.header("SealGate-Audit-Entry");
        assertNotNull(entry, "the response names its audit entry");
        return entry;
    }

    /** The entry's proof, as its actor (with {@code token}) fetches it once a head covers it; checked offline. */
    private void proveAs(String token, String entry, String action) throws Exception {
        given().auth().oauth2(TestRealm.userToken("auditor1")).post("/api/v1/audit/checkpoints").then().statusCode(201);
        String proof = given().auth().oauth2(token).get("/api/v1/audit/entries/" + entry + "/proof").then().statusCode(200)
                .extract().asString();
        assertTrue(proof.contains("\"action\":\"" + action + "\""), proof);
        Path file = Files.createTempFile(dir, "proof-", ".json");
        Files.writeString(file, proof);
        OfflineAudit.Offline proven = OfflineAudit.run("proof", file.toString(), OfflineAudit.ROOT);
        assertEquals(0, proven.exitCode(), proven.output());
    }

    @Test
    void aSealRequestNamesTheEntryOfEachStepAndWhoeverTookItProvesIt() throws Exception {
        String requester = TestRealm.userToken("servant4");
        Response asked = given().auth().oauth2(requester).contentType("application/pdf")
                .header("Content-Disposition", "attachment; filename=\"permit.pdf\"").body(dev.sealgate.testsupport.Pdfs.letter("Permit " + UUID.randomUUID()))
                .post("/api/v1/signatures?format=pades&key=seal&purpose=permit");
        asked.then().statusCode(202).body("auditEntry", org.hamcrest.Matchers.equalTo(entryOf(asked)));
        proveAs(requester, entryOf(asked), "seal-request.create");
        String id = asked.header("Location").replaceFirst(".*/", "");

        String custodian = TestRealm.userToken("custodian4");
        Response approved = given().auth().oauth2(custodian).post("/api/v1/seal-requests/" + id + "/approve");
        approved.then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("signed"))
                .body("auditEntry", org.hamcrest.Matchers.equalTo(entryOf(approved)));
        proveAs(custodian, entryOf(approved), "seal-request.approve");
        // the request's view names its latest step; the seal's signature record the signature's own entry
        given().auth().oauth2(requester).get("/api/v1/seal-requests/" + id).then().statusCode(200)
                .body("auditEntry", org.hamcrest.Matchers.equalTo(entryOf(approved)));
        String signature = approved.jsonPath().getString("signature");
        Response record = given().auth().oauth2(requester).get(signature);
        record.then().statusCode(200);
        proveAs(requester, entryOf(record), "signature.create");

        Response asked2 = given().auth().oauth2(requester).contentType("application/pdf")
                .header("Content-Disposition", "attachment; filename=\"permit.pdf\"").body(dev.sealgate.testsupport.Pdfs.letter("Permit " + UUID.randomUUID()))
                .post("/api/v1/signatures?format=pades&key=seal&purpose=permit");
        Response rejected = given().auth().oauth2(custodian).contentType("application/json").body(java.util.Map.of("reason", "not ours"))
                .post("/api/v1/seal-requests/" + asked2.header("Location").replaceFirst(".*/", "") + "/reject");
        rejected.then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("rejected"));
        proveAs(custodian, entryOf(rejected), "seal-request.reject");
    }

    @Test
    void aSignerAndAPartnerProveWhatTheyDid() throws Exception {
        String servant = TestRealm.userToken("servant1");
        Response signed = given().auth().oauth2(servant).contentType("text/plain")
                .body(("decision " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8)).post("/api/v1/signatures?format=cades&packaging=enveloping");
        signed.then().statusCode(201);
        proveAs(servant, entryOf(signed), "signature.create");

        Response extended = given().auth().oauth2(servant).multiPart("signed", "decision.p7s", signed.asByteArray(), "application/pkcs7-signature")
                .post("/api/v1/signatures/extensions?level=B-T");
        extended.then().statusCode(200);
        proveAs(servant, entryOf(extended), "signature.extend");

        String partner = TestRealm.clientToken(PARTNER, PARTNER + "-dev-secret");
        Response verified = given().auth().oauth2(partner).multiPart("signed", "decision.p7s", signed.asByteArray(), "application/pkcs7-signature")
                .post("/api/v1/verifications");
        verified.then().statusCode(200);
        proveAs(partner, entryOf(verified), "verification.validate");

        // the signature's record names the same entry, in its header and its body
        String location = signed.header("Location");
        Response record = given().auth().oauth2(servant).get(location);
        record.then().statusCode(200).body("auditEntry", org.hamcrest.Matchers.equalTo(entryOf(signed)));
        assertEquals(entryOf(signed), entryOf(record));

        // someone else's entry is not theirs to fetch
        given().auth().oauth2(TestRealm.userToken("servant3")).get("/api/v1/audit/entries/" + entryOf(signed) + "/proof")
                .then().statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(403), org.hamcrest.Matchers.is(404)));
    }
}
