package dev.sealgate.pki;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.junit.jupiter.api.Test;

import dev.sealgate.crypto.Pem;
import dev.sealgate.testsupport.StepUpLogin;
import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** A civil servant disabled or deleted in Keycloak loses their signing certificate within the check interval. */
@QuarkusTest
class SignerAccountWatchTest {

    private static String admin(String path) {
        return TestRealm.keycloakUrl() + "/admin/realms/" + TestRealm.REALM + path;
    }

    /** A new signing civil servant in civil-affairs, created through Keycloak's admin API. */
    private static String createSigner(String username) {
        String token = TestRealm.masterAdminToken();
        String location = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("username", username, "enabled", true, "firstName", "Temp", "lastName", "Signer",
                        "email", username + "@egov.example", "emailVerified", true, "groups", List.of("/civil-affairs"),
                        "credentials", List.of(Map.of("type", "password", "value", username, "temporary", false),
                                // signers have a one-time code (signing demands a step-up login); the dev secret's convention
                                Map.of("type", "otp", "userLabel", "dev authenticator",
                                        "secretData", "{\"value\":\"" + StepUpLogin.devSecret(username) + "\"}",
                                        "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,"
                                                + "\"algorithm\":\"HmacSHA1\"}"))))
                .post(admin("/users")).then().statusCode(201).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        List<Map<String, Object>> roles = List.of(
                given().auth().oauth2(token).get(admin("/roles/signer")).then().statusCode(200).extract().jsonPath().getMap("$"),
                given().auth().oauth2(token).get(admin("/roles/civil-servant")).then().statusCode(200).extract().jsonPath().getMap("$"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(roles)
                .post(admin("/users/" + id + "/role-mappings/realm")).then().statusCode(204);
        return id;
    }

    /** Signs once as the user and returns the serial of the personal certificate that was issued. */
    private static BigInteger signOnce(String username) {
        String token = TestRealm.loginAt(username, "2");
        String location = given().auth().oauth2(token).contentType("text/plain").body("minutes of the meeting")
                .post("/api/v1/signatures").then().statusCode(201).extract().header("Location");
        String serial = given().auth().oauth2(token).get(location).then().statusCode(200).extract().path("certificateSerial");
        return new BigInteger(serial, 16);
    }

    private static boolean revokedWithin(BigInteger serial, int seconds) throws Exception {
        var issuer = Pem.certificates(new StringReader(given().get("/pki/ca").asString())).get(0);
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            BasicOCSPResp answer = PkiResourceTest.ocsp(serial, issuer, null);
            if (answer.getResponses()[0].getCertStatus() instanceof RevokedStatus) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    @Test
    void disablingTheAccountRevokesTheCertificate() throws Exception {
        String username = "signer-" + UUID.randomUUID().toString().substring(0, 8);
        String id = createSigner(username);
        BigInteger serial = signOnce(username);
        BasicOCSPResp before = PkiResourceTest.ocsp(serial, Pem.certificates(new StringReader(given().get("/pki/ca").asString())).get(0), null);
        assertEquals(org.bouncycastle.cert.ocsp.CertificateStatus.GOOD, before.getResponses()[0].getCertStatus());

        given().auth().oauth2(TestRealm.masterAdminToken()).contentType(ContentType.JSON).body(Map.of("enabled", false))
                .put(admin("/users/" + id)).then().statusCode(204);
        assertTrue(revokedWithin(serial, 60), "revoked within a minute of the account being disabled");
        RevokedStatus status = (RevokedStatus) PkiResourceTest.ocsp(serial,
                Pem.certificates(new StringReader(given().get("/pki/ca").asString())).get(0), null).getResponses()[0].getCertStatus();
        assertEquals(RevocationReason.PRIVILEGE_WITHDRAWN.code(), status.getRevocationReason());
    }

    @Test
    void deletingTheAccountRevokesTheCertificate() throws Exception {
        String username = "signer-" + UUID.randomUUID().toString().substring(0, 8);
        String id = createSigner(username);
        BigInteger serial = signOnce(username);
        given().auth().oauth2(TestRealm.masterAdminToken()).delete(admin("/users/" + id)).then().statusCode(204);
        assertTrue(revokedWithin(serial, 60), "revoked within a minute of the account being deleted");
    }
}
