package dev.sealgate.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.ForgedTokens;
import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Every way a bearer token can be wrong ends in 401 with a problem body, never in a 200 or a 500. */
@QuarkusTest
class TokenRejectionTest {

    private static ValidatableResponse callMe(String token) {
        var request = given();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.when().get("/api/v1/me").then();
    }

    private static void assertUnauthorized(String token) {
        callMe(token).statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("urn:sealgate:problem:unauthorized"))
                .body("status", equalTo(401))
                .body("instance", equalTo("/api/v1/me"));
    }

    @Test
    void forgedTokenWithValidClaimsIsAcceptedSoTheRejectionsBelowAreAboutTheClaims() {
        callMe(ForgedTokens.signedWithRealmKey(ForgedTokens.citizenClaims(0)))
                .statusCode(200).body("kind", equalTo("citizen")).body("username", equalTo("forged-citizen"));
    }

    @Test
    void noToken() {
        assertUnauthorized(null);
    }

    @Test
    void malformedToken() {
        assertUnauthorized("not-a-jwt");
        assertUnauthorized("eyJhbGciOiJSUzI1NiJ9.e30");
    }

    @Test
    void payloadByteChanged() {
        String token = TestRealm.userToken("citizen1");
        callMe(token).statusCode(200);
        assertUnauthorized(ForgedTokens.withPayloadByteChanged(token, "\"citizen1\"", "\"citizen2\""));
    }

    @Test
    void expiredToken() {
        assertUnauthorized(ForgedTokens.signedWithRealmKey(ForgedTokens.citizenClaims(-3600)));
    }

    @Test
    void notYetValidToken() {
        assertUnauthorized(ForgedTokens.signedWithRealmKey(ForgedTokens.citizenClaims(3600)));
    }

    @Test
    void tokenFromAnotherRealm() {
        assertUnauthorized(TestRealm.masterAdminToken());
    }

    @Test
    void tokenWithoutAudienceSealgateApi() {
        // egov's built-in admin-cli client has no audience mapper for sealgate-api
        assertUnauthorized(TestRealm.passwordGrant("egov", "admin-cli", "citizen1", "citizen1"));
        JwtClaims claims = ForgedTokens.citizenClaims(0);
        claims.setAudience("account");
        assertUnauthorized(ForgedTokens.signedWithRealmKey(claims));
    }

    @Test
    void tokenWithWrongIssuerSignedByRealmKey() {
        JwtClaims claims = ForgedTokens.citizenClaims(0);
        claims.setIssuer(TestRealm.keycloakUrl() + "/realms/master");
        assertUnauthorized(ForgedTokens.signedWithRealmKey(claims));
    }

    @Test
    void algNone() {
        assertUnauthorized(ForgedTokens.unsigned(ForgedTokens.citizenClaims(0)));
    }

    @Test
    void hs256SignedWithTheRealmsPublicKey() throws Exception {
        var jwks = given().get(TestRealm.issuer() + "/protocol/openid-connect/certs").jsonPath();
        String kid = jwks.getString("keys.find { it.use == 'sig' && it.alg == 'RS256' }.kid");
        String x5c = jwks.getString("keys.find { it.kid == '" + kid + "' }.x5c[0]");
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(x5c)));
        byte[] der = cert.getPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
        assertUnauthorized(ForgedTokens.hmacWithPublicKey(ForgedTokens.citizenClaims(0),
                pem.getBytes(StandardCharsets.US_ASCII), kid));
        assertUnauthorized(ForgedTokens.hmacWithPublicKey(ForgedTokens.citizenClaims(0), der, kid));
    }

    @Test
    void tokenWithNoSealgateRoleIsForbidden() {
        JwtClaims claims = ForgedTokens.citizenClaims(0);
        claims.setClaim("realm_access", java.util.Map.of("roles", java.util.List.of("offline_access")));
        callMe(ForgedTokens.signedWithRealmKey(claims)).statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:sealgate:problem:forbidden"));
    }
}
