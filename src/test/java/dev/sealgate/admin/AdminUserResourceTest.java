package dev.sealgate.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AdminUserResourceTest {

    private static final String CITIZEN1_ID = "11010519491231002X";

    @Test
    void auditorFindsTheUserBoundToANationalId() {
        String citizenSubject = given().auth().oauth2(TestRealm.userToken("citizen1"))
                .get("/api/v1/me").then().statusCode(200).extract().path("subject");

        given().auth().oauth2(TestRealm.userToken("auditor1"))
                .queryParam("nationalId", CITIZEN1_ID)
                .when().get("/api/v1/admin/users")
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].id", equalTo(citizenSubject))
                .body("[0].username", equalTo("citizen1"))
                .body("[0].enabled", equalTo(true));
    }

    @Test
    void lowerCaseCheckCharacterIsTheSameId() {
        given().auth().oauth2(TestRealm.userToken("auditor1"))
                .queryParam("nationalId", CITIZEN1_ID.toLowerCase())
                .when().get("/api/v1/admin/users")
                .then().statusCode(200)
                .body("[0].username", equalTo("citizen1"));
    }

    @Test
    void validButUnknownIdIsNotFound() {
        given().auth().oauth2(TestRealm.userToken("auditor1"))
                .queryParam("nationalId", "440304200112314566")
                .when().get("/api/v1/admin/users")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:sealgate:problem:not-found"));
    }

    @Test
    void malformedIdIsABadRequestThatDoesNotEchoTheInput() {
        for (String bad : new String[] { "110105194912310021", "11010519490230002X", "12345", "" }) {
            given().auth().oauth2(TestRealm.userToken("auditor1"))
                    .queryParam("nationalId", bad)
                    .when().get("/api/v1/admin/users")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:sealgate:problem:invalid-national-id"))
                    .body(not(containsString("1101051949")));
        }
    }

    @Test
    void citizenAndCivilServantAreForbidden() {
        for (String user : new String[] { "citizen1", "servant1" }) {
            given().auth().oauth2(TestRealm.userToken(user))
                    .queryParam("nationalId", CITIZEN1_ID)
                    .when().get("/api/v1/admin/users")
                    .then().statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:sealgate:problem:forbidden"))
                    .body("status", equalTo(403));
        }
    }

    @Test
    void partnerIsForbidden() {
        given().auth().oauth2(TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret"))
                .queryParam("nationalId", CITIZEN1_ID)
                .when().get("/api/v1/admin/users")
                .then().statusCode(403)
                .body("type", equalTo("urn:sealgate:problem:forbidden"));
    }
}
