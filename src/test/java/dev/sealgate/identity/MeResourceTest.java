package dev.sealgate.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.TestRealm;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MeResourceTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void citizenSeesKindAndThatANationalIdIsBoundButNotTheId() {
        given().auth().oauth2(TestRealm.userToken("citizen1"))
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("subject", matchesPattern(UUID))
                .body("username", equalTo("citizen1"))
                .body("kind", equalTo("citizen"))
                .body("roles", contains("citizen"))
                .body("nationalIdBound", equalTo(true))
                .body("department", nullValue())
                .body(not(containsString("11010519491231002X")));
    }

    @Test
    void signingCivilServantCarriesDepartmentAndSignerRole() {
        given().auth().oauth2(TestRealm.userToken("servant1"))
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("username", equalTo("servant1"))
                .body("kind", equalTo("civil-servant"))
                .body("roles", containsInAnyOrder("civil-servant", "signer"))
                .body("department", equalTo("civil-affairs"))
                .body("nationalIdBound", nullValue());
    }

    @Test
    void civilServantWithoutSignerRole() {
        given().auth().oauth2(TestRealm.userToken("servant2"))
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("kind", equalTo("civil-servant"))
                .body("roles", contains("civil-servant"))
                .body("department", equalTo("tax"));
    }

    @Test
    void auditor() {
        given().auth().oauth2(TestRealm.userToken("auditor1"))
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("kind", equalTo("auditor"))
                .body("roles", contains("auditor"));
    }

    @Test
    void partnerServiceAccountIsKnownByAzp() {
        given().auth().oauth2(TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret"))
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("kind", equalTo("partner"))
                .body("partnerId", equalTo("partner-tax-bureau"))
                .body("roles", contains("partner"));
        given().auth().oauth2(TestRealm.clientToken("partner-health-commission", "partner-health-commission-dev-secret"))
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .body("partnerId", equalTo("partner-health-commission"));
    }

    @Test
    void callersAreRecordedInTheDatabase() {
        String subject = given().auth().oauth2(TestRealm.userToken("servant1"))
                .when().get("/api/v1/me")
                .then().statusCode(200).extract().path("subject");
        KnownPrincipal known = QuarkusTransaction.requiringNew().call(() -> KnownPrincipal.findBySubject(subject));
        assertNotNull(known, "servant1 should be in the principal table after calling the API");
        assertEquals("servant1", known.username);
        assertEquals(PrincipalKind.CIVIL_SERVANT, known.kind);
        assertEquals("civil-affairs", known.department);
    }

    /**
     * Logins of one user at the same moment all succeed (Keycloak 26 blocks them by default while brute-force protection is
     * on, which made sequential quick logins fail now and then): what the dev and test Keycloak are started with.
     */
    @Test
    void loginsOfOneUserAtOnceAllSucceed() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var logins = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 16; i++) {
                logins.add(pool.submit(() -> TestRealm.userToken("auditor1")));
            }
            for (var login : logins) {
                given().auth().oauth2(login.get()).when().get("/api/v1/me").then().statusCode(200).body("kind", equalTo("auditor"));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
