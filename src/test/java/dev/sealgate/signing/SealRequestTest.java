package dev.sealgate.signing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.sealgate.audit.AuditEntry;
import dev.sealgate.testsupport.Pdfs;
import dev.sealgate.testsupport.TestRealm;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Seal approval (用印审批) through the API with real tokens: the health commission's seal needs its
 * custodian's approval in the dev realm (servant4 asks, custodian4 decides; custodian1 keeps the civil
 * affairs bureau's seal).
 */
@QuarkusTest
class SealRequestTest {

    private static final String PARTNER = "partner-tax-bureau";

    @Inject
    SealRequests requests;

    private static Response ask(String user, String query, byte[] pdf) {
        return given().auth().oauth2(TestRealm.userToken(user)).contentType("application/pdf")
                .header("Content-Disposition", "attachment; filename=\"licence.pdf\"").body(pdf).post("/api/v1/signatures" + query);
    }

    private static String requestOf(Response response) {
        response.then().statusCode(202).contentType(ContentType.JSON).body("state", equalTo("pending"));
        return response.header("Location").replaceFirst(".*/", "");
    }

    private static Response decide(String user, String id, String decision) {
        var request = given().auth().oauth2(TestRealm.userToken(user));
        if (decision.equals("reject")) {
            request = request.contentType(ContentType.JSON).body(Map.of("reason", "Not a document of this commission"));
        }
        return request.post("/api/v1/seal-requests/" + id + "/" + decision);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static long signaturesOf(String requestId) {
        return QuarkusTransaction.requiringNew().call(() -> SignatureRecord.count("sealRequestId", requestId));
    }

    private static boolean documentKept(String requestId) {
        return QuarkusTransaction.requiringNew().call(() -> SealRequestContent.findById(requestId) != null);
    }

    private static List<String> auditActions(String requestId) {
        dev.sealgate.audit.AuditTrail.drain();
        return QuarkusTransaction.requiringNew().call(() -> AuditEntry.<AuditEntry>find("objectId = ?1 order by seq", requestId).list()
                .stream().map(e -> e.action).toList());
    }

    @Test
    void theWholeCycleRequestApproveFetch() throws Exception {
        byte[] pdf = Pdfs.letter("Health licence 2026-77");
        Response asked = ask("servant4", "?format=pades&key=seal&level=B-T&appearance=visible&purpose=" + "卫生许可证 health licence", pdf);
        String id = requestOf(asked);
        asked.then().body("department", equalTo("health")).body("requester.username", equalTo("servant4"))
                .body("purpose", equalTo("卫生许可证 health licence")).body("document.sha256", equalTo(sha256(pdf)))
                .body("document.size", equalTo(pdf.length)).body("document.name", equalTo("licence.pdf"));
        assertTrue(documentKept(id), "the document waits");

        // who sees it: the requester and the department's custodian; not another civil servant
        given().auth().oauth2(TestRealm.userToken("custodian4")).get("/api/v1/seal-requests/" + id).then().statusCode(200);
        given().auth().oauth2(TestRealm.userToken("servant1")).get("/api/v1/seal-requests/" + id).then().statusCode(404);
        given().auth().oauth2(TestRealm.userToken("custodian4")).get("/api/v1/seal-requests?state=pending").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(id));
        given().auth().oauth2(TestRealm.userToken("servant4")).get("/api/v1/seal-requests/" + id + "/document").then().statusCode(409);

        // another department's custodian, the requester, and a custodian without step-up cannot decide it
        decide("custodian1", id, "approve").then().statusCode(403).body("type", equalTo("urn:sealgate:problem:forbidden"));
        given().auth().oauth2(TestRealm.userToken("servant4")).post("/api/v1/seal-requests/" + id + "/approve").then().statusCode(403);
        given().auth().oauth2(TestRealm.loginAt("custodian4", "1")).post("/api/v1/seal-requests/" + id + "/approve").then()
                .statusCode(401).header("WWW-Authenticate", containsString("acr_values=\"2\""));

        JsonPath approved = decide("custodian4", id, "approve").then().statusCode(200).extract().jsonPath();
        assertEquals("signed", approved.getString("state"));
        assertEquals("custodian4", approved.getString("decidedBy"));
        decide("custodian4", id, "approve").then().statusCode(409).body("type", equalTo("urn:sealgate:problem:seal-request-closed"));
        decide("custodian4", id, "reject").then().statusCode(409);

        Response fetched = given().auth().oauth2(TestRealm.userToken("servant4")).get(approved.getString("result"));
        fetched.then().statusCode(200).contentType("application/pdf").header("SealGate-Check-Url", containsString("/v/"));
        byte[] sealed = fetched.asByteArray();
        given().auth().oauth2(TestRealm.userToken("custodian4")).get(approved.getString("result")).then().statusCode(404);

        JsonPath report = given().auth().oauth2(TestRealm.clientToken(PARTNER, PARTNER + "-dev-secret"))
                .multiPart("signed", "sealed.pdf", sealed, "application/pdf").post("/api/v1/verifications").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("TOTAL_PASSED", report.getString("signatures[0].indication"), report.prettify());
        // the report tells how the seal's use was authorised (found by the seal certificate and the PDF's /M)
        assertEquals("2", report.getString("signatures[0].signer.authorisation.acr"), report.prettify());
        assertEquals("custodian4", report.getString("signatures[0].signer.authorisation.approvedBy"));
        assertEquals("2", report.getString("signatures[0].signer.authorisation.approverAcr"));

        JsonPath record = given().auth().oauth2(TestRealm.userToken("servant4")).get(approved.getString("signature")).then()
                .statusCode(200).extract().jsonPath();
        assertEquals("seal", record.getString("key"));
        assertEquals("servant4", record.getString("signerUsername"));
        assertEquals("2", record.getString("authentication.acr"));
        assertEquals("custodian4", record.getString("approval.approver"));
        assertEquals("2", record.getString("approval.authentication.acr"));
        assertEquals(id, record.getString("approval.sealRequest"));
        assertEquals(List.of("seal-request.create", "seal-request.approve"), auditActions(id));
        assertEquals(1, signaturesOf(id));
    }

    @Test
    void aCustodianDoesNotApproveTheirOwnRequest() {
        String id = requestOf(ask("custodian4", "?format=pades&key=seal&purpose=annual%20report", Pdfs.letter("Annual report")));
        decide("custodian4", id, "approve").then().statusCode(403).body("type", equalTo("urn:sealgate:problem:own-seal-request"));
        decide("custodian4", id, "reject").then().statusCode(403);
        assertEquals(0, signaturesOf(id));
    }

    @Test
    void aRejectedRequestLeavesNoSignatureAndNoDocument() {
        String id = requestOf(ask("servant4", "?format=pades&key=seal&purpose=permit", Pdfs.letter("Permit 12")));
        given().auth().oauth2(TestRealm.userToken("custodian4")).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/seal-requests/" + id + "/reject").then().statusCode(400)
                .body("type", equalTo("urn:sealgate:problem:invalid-parameter"));
        decide("custodian4", id, "reject").then().statusCode(200).body("state", equalTo("rejected"))
                .body("reason", equalTo("Not a document of this commission")).body("decidedBy", equalTo("custodian4"));
        assertEquals(0, signaturesOf(id));
        assertTrue(!documentKept(id), "the document is deleted");
        given().auth().oauth2(TestRealm.userToken("servant4")).get("/api/v1/seal-requests/" + id + "/document").then().statusCode(409);
        decide("custodian4", id, "approve").then().statusCode(409);
        assertEquals(List.of("seal-request.create", "seal-request.reject"), auditActions(id));
    }

    @Test
    void anUndecidedRequestExpiresAndItsDocumentIsDeleted() throws InterruptedException {
        String id;
        try {
            requests.overrideExpiry(Duration.ofSeconds(1));
            id = requestOf(ask("servant4", "?format=pades&key=seal&purpose=notice", Pdfs.letter("Notice 3")));
        } finally {
            requests.read();
        }
        Thread.sleep(1_500);
        decide("custodian4", id, "approve").then().statusCode(409).body("detail", containsString("expired"));
        given().auth().oauth2(TestRealm.userToken("servant4")).get("/api/v1/seal-requests/" + id).then().statusCode(200)
                .body("state", equalTo("expired"));
        assertTrue(!documentKept(id), "the document is deleted");
        assertEquals(0, signaturesOf(id));
        assertEquals(List.of("seal-request.create", "seal-request.expire"), auditActions(id));
    }

    @Test
    void aSealRequestNeedsAPurposeAndRecordsNothingWithout() {
        long before = QuarkusTransaction.requiringNew().call(() -> SealRequest.count());
        ask("servant4", "?format=pades&key=seal", Pdfs.letter("No purpose")).then().statusCode(400)
                .body("type", equalTo("urn:sealgate:problem:invalid-parameter")).body("detail", containsString("purpose"));
        assertEquals(before, QuarkusTransaction.requiringNew().call(() -> SealRequest.count()));
        // a personal signature in the same department needs no approval
        ask("servant4", "?format=pades", Pdfs.letter("Personal")).then().statusCode(201);
    }

    /** An approval and a rejection sent at the same moment: exactly one wins, and the state agrees with it. */
    @Test
    void concurrentApproveAndRejectExactlyOneWins() throws Exception {
        String custodian = TestRealm.userToken("custodian4");
        for (int round = 0; round < 3; round++) {
            String id = requestOf(ask("servant4", "?format=cades&key=seal&purpose=race%20" + round, ("race " + round).getBytes()));
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (String decision : List.of("approve", "reject")) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    var request = given().auth().oauth2(custodian);
                    if (decision.equals("reject")) {
                        request = request.contentType(ContentType.JSON).body(Map.of("reason", "race"));
                    }
                    return request.post("/api/v1/seal-requests/" + id + "/" + decision).statusCode();
                }));
            }
            start.countDown();
            int approve = calls.get(0).get();
            int reject = calls.get(1).get();
            assertTrue(approve == 200 ^ reject == 200, "exactly one wins: approve " + approve + ", reject " + reject);
            assertEquals(409, approve == 200 ? reject : approve, "the other is told the request is closed");
            String state = given().auth().oauth2(custodian).get("/api/v1/seal-requests/" + id).then().statusCode(200)
                    .extract().path("state");
            assertEquals(approve == 200 ? "signed" : "rejected", state);
            assertEquals(approve == 200 ? 1 : 0, signaturesOf(id));
            SealRequestContent kept = QuarkusTransaction.requiringNew().call(() -> SealRequestContent.findById(id));
            if (approve == 200) {
                assertNotNull(kept, "the sealed result is kept for the requester");
            } else {
                assertNull(kept, "the document is deleted");
            }
        }
    }
}
