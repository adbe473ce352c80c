package dev.sealgate.signing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.sealgate.audit.AuditEntry;
import dev.sealgate.formats.SignatureFormat;
import dev.sealgate.testsupport.TestRealm;

/**
 * Signing demands a step-up login (RFC 9470): tokens from Keycloak's real login form, at acr 1 (password)
 * and acr 2 (password and a TOTP code computed here from the dev user's published secret).
 */
@QuarkusTest
class StepUpTest {

    private static final byte[] DOCUMENT = "Decision 2026-311 on a building permit.\n".getBytes(StandardCharsets.UTF_8);

    @Inject
    StepUp stepUp;

    private static Response sign(String token, String query) {
        return given().auth().oauth2(token).contentType("text/plain").body(DOCUMENT).post("/api/v1/signatures" + query);
    }

    private static void challenged(Response response, int maxAge) {
        response.then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer error=\"insufficient_user_authentication\""))
                .header("WWW-Authenticate", containsString("acr_values=\"2\""))
                .header("WWW-Authenticate", containsString("max_age=" + maxAge))
                .body("type", equalTo("urn:sealgate:problem:insufficient-user-authentication"));
    }

    @Test
    void aPasswordOnlyLoginIsChallengedForBothKeyKinds() {
        String passwordOnly = TestRealm.loginAt("servant3", "1");
        long before = OfdSigningTest.SignatureRecordCount.count();
        challenged(sign(passwordOnly, "?format=cades&key=personal"), 300);
        challenged(sign(passwordOnly, "?format=cades&key=seal"), 300);
        assertEquals(before, OfdSigningTest.SignatureRecordCount.count(), "a challenged request signs nothing");
        // reading needs no step-up
        given().auth().oauth2(passwordOnly).get("/api/v1/me").then().statusCode(200).body("username", equalTo("servant3"));
        given().auth().oauth2(passwordOnly).get("/api/v1/seals").then().statusCode(200);
    }

    /** Keycloak 26 checks a one-time code in a direct grant but still issues acr 1 (and no auth_time): not enough to sign. */
    @Test
    void aDirectGrantWithAOneTimeCodeIsStillAcr1() {
        given().contentType(ContentType.URLENC).formParam("grant_type", "password").formParam("client_id", "dev-cli")
                .formParam("username", "servant3").formParam("password", "servant3")
                .post(TestRealm.tokenEndpoint(TestRealm.REALM)).then().statusCode(401).body("error", equalTo("invalid_grant"));
        challenged(sign(TestRealm.passwordAndCodeGrant("servant3"), "?format=cades"), 300);
    }

    @Test
    void aStepUpLoginSignsAndTheRecordAndAuditEntryKeepItsAcrAndAuthTime() {
        Instant loggedIn = Instant.now().minusSeconds(2);
        String stepUpToken = TestRealm.loginAt("servant3", "2");
        Response response = sign(stepUpToken, "?format=cades&key=personal");
        response.then().statusCode(201);
        String id = response.header("Location").replaceFirst(".*/", "");
        String authTime = given().auth().oauth2(stepUpToken).get("/api/v1/signatures/" + id).then().statusCode(200)
                .body("authentication.acr", equalTo("2")).extract().path("authentication.authTime");
        Instant at = Instant.parse(authTime);
        assertTrue(!at.isBefore(loggedIn.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) && at.isBefore(Instant.now().plusSeconds(1)),
                "auth_time " + at + " is the login just made");
        String outcome = QuarkusTransaction.requiringNew().call(() -> AuditEntry.<AuditEntry>find("action = ?1 and objectId = ?2",
                "signature.create", id).firstResult().outcome);
        assertTrue(outcome.contains("acr 2 at " + at), outcome);

        // a partner verifying the signature sees how the signer had authenticated
        io.restassured.path.json.JsonPath report = given().auth().oauth2(TestRealm.clientToken("partner-tax-bureau",
                "partner-tax-bureau-dev-secret")).multiPart("signed", "decision.p7s", response.asByteArray(), "application/pkcs7-signature")
                .multiPart("original", "decision.txt", DOCUMENT, "text/plain").post("/api/v1/verifications").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("TOTAL_PASSED", report.getString("signatures[0].indication"));
        assertEquals("2", report.getString("signatures[0].signer.authorisation.acr"));
        assertEquals(authTime, report.getString("signatures[0].signer.authorisation.authTime"));
    }

    @Test
    void aStepUpOlderThanTheMaximumAgeIsChallengedAgain() throws InterruptedException {
        String stepUpToken = TestRealm.loginAt("servant3", "2");
        try {
            stepUp.override(SignatureFormat.KeyKind.PERSONAL, 2, Duration.ofSeconds(2));
            Thread.sleep(3_100);
            challenged(sign(stepUpToken, "?format=cades&key=personal"), 2);
        } finally {
            stepUp.reset();
        }
        // the same token within the configured five minutes
        sign(stepUpToken, "?format=cades&key=personal").then().statusCode(201);
    }
}
