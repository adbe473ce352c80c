package dev.sealgate.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** What every browser and scanner sees: no versions or stack traces, nosniff, CORS only for the portals. */
@QuarkusTest
class SecurityHeadersTest {

    private static final String PORTAL = "http://localhost:3000";

    @Test
    void responsesNameNoServerAndSniffNothing() {
        for (String path : new String[] { "/api/v1/me", "/pki/ca", "/verify", "/no/such/path" }) {
            given().get(path).then()
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Server", nullValue())
                    .header("X-Powered-By", nullValue());
        }
    }

    @Test
    void errorsCarryNoStackTrace() {
        given().get("/no/such/path").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:sealgate:problem:not-found"))
                .body(not(containsString("Exception"))).body(not(containsString("at io.")));
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json").body("{\"oops\":")
                .post("/api/v1/privacy/preview").then().statusCode(400).contentType("application/problem+json")
                .body(not(containsString("Exception"))).body(not(containsString("jackson")));
    }

    @Test
    void aPortalOriginMayCallTheApiFromABrowser() {
        given().header("Origin", PORTAL).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization").options("/api/v1/me")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", PORTAL)
                .header("Access-Control-Allow-Methods", containsString("GET"));
        given().header("Origin", PORTAL).auth().oauth2(TestRealm.userToken("citizen1")).get("/api/v1/me")
                .then().statusCode(200).header("Access-Control-Allow-Origin", PORTAL);
    }

    @Test
    void anyOtherOriginIsRefused() {
        String evil = "https://evil.example";
        given().header("Origin", evil).header("Access-Control-Request-Method", "GET").options("/api/v1/me")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", evil).auth().oauth2(TestRealm.userToken("citizen1")).get("/api/v1/me")
                .then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void thePublicPageStillWorksFromItsOwnOrigin() {
        given().header("Origin", "http://localhost:" + RestAssured.port).header("X-Forwarded-For", "198.51.100.201")
                .multiPart("signed", "x.bin", "not a signature".getBytes()).post("/verify")
                .then().statusCode(400).contentType(containsString("text/html"));
    }
}
