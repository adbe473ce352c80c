package dev.sealgate.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.ForgedTokens;
import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * A partner that floods the partner API is slowed down with 429 and Retry-After; other partners are
 * not. The flooding partner is a client of its own (a realm-signed token for a client id no other
 * test uses), so its empty bucket disturbs nothing else.
 */
@QuarkusTest
class PartnerRateLimitTest {

    private static String partnerToken(String clientId) {
        JwtClaims claims = ForgedTokens.citizenClaims(0);
        claims.setClaim("azp", clientId);
        claims.setClaim("preferred_username", "service-account-" + clientId);
        claims.setClaim("realm_access", Map.of("roles", List.of("partner")));
        return ForgedTokens.signedWithRealmKey(claims);
    }

    @Test
    void aFloodingPartnerGets429AndOthersDoNot() {
        String flooding = partnerToken("partner-flood-test");
        int served = 0;
        Response refused = null;
        for (int i = 0; i < 400 && refused == null; i++) {
            Response response = given().auth().oauth2(flooding).contentType("application/json")
                    .body("{\"dataset\":\"residence\",\"nationalId\":\"11010519491231002X\",\"purpose\":\"no-such-purpose\","
                            + "\"caseReference\":\"RL-" + i + "\"}")
                    .post("/api/v1/shares");
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                served++;
            }
        }
        // a burst of 100, refilled at 10 a second while the loop runs
        assertTrue(refused != null && served >= 100, "served before the limit: " + served);
        refused.then().contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("type", equalTo("urn:sealgate:problem:too-many-requests"))
                .body("status", equalTo(429));
        given().auth().oauth2(TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret"))
                .multiPart("signed", "x.bin", "not a signature".getBytes()).post("/api/v1/verifications")
                .then().statusCode(400);
    }
}
