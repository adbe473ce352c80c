package dev.sealgate.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OperationsTest {

    @Test
    void readinessChecksDatabaseAndKeycloak() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("keycloak", "Database connections health check"));
    }

    @Test
    void openApiDescribesTheIdentityEndpoints() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/api/v1/me'.get.summary", notNullValue())
                .body("paths.'/api/v1/admin/users'.get.parameters[0].name", equalTo("nationalId"))
                .body("components.schemas.Problem", notNullValue())
                // what the formats add to a signature's report is described where the report's JSON carries it
                .body("components.schemas.SignatureReport.properties.pdf", notNullValue())
                .body("components.schemas.SignatureReport.properties.ofd", notNullValue())
                .body("components.schemas.SignatureReport.properties.seal", notNullValue())
                .body("components.schemas.SignatureReport.properties.details", nullValue())
                .body("components.schemas.PdfFindings", nullValue());
    }

    @Test
    void swaggerUiIsServed() {
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void unknownApiPathIsAProblemNotAStackTrace() {
        given().auth().oauth2(TestRealm.userToken("citizen1"))
                .when().get("/api/v1/no-such-thing")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:sealgate:problem:not-found"))
                .body(not(containsString("Exception")));
    }

    @Test
    void wrongMethodIsAProblem() {
        given().auth().oauth2(TestRealm.userToken("citizen1"))
                .when().delete("/api/v1/me")
                .then().statusCode(405)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:sealgate:problem:method-not-allowed"));
    }
}
