package dev.sealgate.checkpoint;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * With no instance sequencing (as between a sequencer's death and the takeover), requests still
 * succeed, their entries are there and say they have no place yet, and a proof answers "retry"
 * until the entry is in a signed tree head.
 */
@QuarkusTest
@TestProfile(AuditPendingTest.NoSequencer.class)
class AuditPendingTest {

    public static class NoSequencer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sealgate.audit.sequencer.enabled", "false");
        }
    }

    @Test
    void anEntryWaitsVisiblyForItsPlaceAndItsProofSaysWhenToAskAgain() {
        Instant start = Instant.now().minusSeconds(1);
        String servant = TestRealm.userToken("servant1");
        String auditor = TestRealm.userToken("auditor1");
        String location = given().auth().oauth2(servant).contentType("text/plain").body("a decision")
                .post("/api/v1/signatures?format=cades").then().statusCode(201).extract().header("Location");
        String signatureId = location.substring(location.lastIndexOf('/') + 1);

        List<Map<String, Object>> entries = given().auth().oauth2(auditor).queryParam("action", "signature.create")
                .queryParam("from", start.toString()).get("/api/v1/audit/entries").then().statusCode(200).extract().jsonPath()
                .getList("entries.findAll { it.objectId == '" + signatureId + "' }");
        assertEquals(1, entries.size());
        assertNull(entries.get(0).get("seq"), "not sequenced yet");
        String entryId = (String) entries.get(0).get("id");
        JsonPath verification = given().auth().oauth2(auditor).get("/api/v1/audit/verify").then().statusCode(200).extract().jsonPath();
        assertTrue(verification.getBoolean("intact"), verification.prettify());
        assertTrue(verification.getLong("pending") >= 1, verification.prettify());

        given().auth().oauth2(servant).get("/api/v1/audit/entries/" + entryId + "/proof").then().statusCode(409)
                .contentType("application/problem+json").header("Retry-After", "1")
                .body("type", equalTo("urn:sealgate:problem:audit-entry-pending"));

        long size = given().auth().oauth2(auditor).post("/api/v1/audit/checkpoints").then().statusCode(201).extract().jsonPath()
                .getLong("treeSize");
        given().auth().oauth2(servant).get("/api/v1/audit/entries/" + entryId + "/proof").then().statusCode(200)
                .body("entry.seq", notNullValue()).body("treeSize", equalTo((int) size));
        JsonPath after = given().auth().oauth2(auditor).get("/api/v1/audit/verify").then().statusCode(200).extract().jsonPath();
        assertEquals(0, after.getLong("pending"), after.prettify());
        assertEquals(size, after.getLong("entries"));
    }
}
