package dev.sealgate.testsupport;

import static io.restassured.RestAssured.given;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The test realm: Keycloak's URL, tokens for the dev users and clients, and the forgery key that
 * {@link KeycloakTestResource} registered as a genuine (low-priority) realm signing key.
 */
@QuarkusTestResource(KeycloakTestResource.class)
public final class TestRealm {

    static final String URL_PROPERTY = "sealgate.test.keycloak-url";
    private static final Path FORGERY_KEY = Path.of("target", "test-forgery-key.pk8");
    private static final Path FORGERY_KID = Path.of("target", "test-forgery-key.kid");
    public static final String REALM = "egov";

    private TestRealm() {
    }

    public static String keycloakUrl() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null) {
            throw new IllegalStateException("Keycloak was not started: KeycloakTestResource did not run");
        }
        return url;
    }

    public static String issuer() {
        return keycloakUrl() + "/realms/" + REALM;
    }

    public static String tokenEndpoint(String realm) {
        return keycloakUrl() + "/realms/" + realm + "/protocol/openid-connect/token";
    }

    /** The dev users with a one-time code (TOTP): the signers and the seal custodians. */
    public static final java.util.Set<String> WITH_ONE_TIME_CODE = java.util.Set.of("servant1", "servant3", "servant4", "custodian1",
            "custodian4");

    /** Step-up tokens by user, with when they were issued: reused for up to {@link #STEP_UP_REUSE}. */
    private static final Map<String, Map.Entry<Long, String>> STEP_UP = new java.util.concurrent.ConcurrentHashMap<>();
    private static final long STEP_UP_REUSE = 150_000;

    /**
     * An access token for a dev user (password = username in the dev realm): for users with a one-time
     * code, a step-up login ({@code acr} 2, {@link StepUpLogin}), what signing needs, reused for a few
     * minutes as a back office would; for the others a direct grant through the dev-cli client.
     */
    public static String userToken(String username) {
        if (!WITH_ONE_TIME_CODE.contains(username)) {
            return passwordGrant(REALM, "dev-cli", username, username);
        }
        Map.Entry<Long, String> cached = STEP_UP.get(username);
        if (cached != null && System.currentTimeMillis() - cached.getKey() < STEP_UP_REUSE) {
            return cached.getValue();
        }
        long issued = System.currentTimeMillis();
        String token = loginAt(username, "2");
        STEP_UP.put(username, Map.entry(issued, token));
        return token;
    }

    /** A fresh login through Keycloak's login form at {@code acr} "1" (password) or "2" (and a one-time code). */
    public static String loginAt(String username, String acr) {
        try {
            return new StepUpLogin(keycloakUrl(), REALM).login(username, username, acr);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A direct grant with the user's current one-time code: Keycloak checks both and still issues {@code acr} 1. */
    public static String passwordAndCodeGrant(String username) {
        try {
            return given().contentType(ContentType.URLENC)
                    .formParam("grant_type", "password").formParam("client_id", "dev-cli")
                    .formParam("username", username).formParam("password", username)
                    .formParam("totp", StepUpLogin.freshCode(username))
                    .post(tokenEndpoint(REALM))
                    .then().statusCode(200).extract().path("access_token");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String passwordGrant(String realm, String clientId, String username, String password) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "password").formParam("client_id", clientId)
                .formParam("username", username).formParam("password", password)
                .post(tokenEndpoint(realm))
                .then().statusCode(200).extract().path("access_token");
    }

    /** An access token for a partner agency's service account (client credentials). */
    public static String clientToken(String clientId, String secret) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .post(tokenEndpoint(REALM))
                .then().statusCode(200).extract().path("access_token");
    }

    public static String masterAdminToken() {
        return passwordGrant("master", "admin-cli", "admin", "admin");
    }

    public static PrivateKey forgeryKey() {
        try {
            byte[] der = Base64.getDecoder().decode(Files.readString(FORGERY_KEY).trim());
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (Exception e) {
            throw new IllegalStateException("forgery key not registered", e);
        }
    }

    public static String forgeryKid() {
        try {
            return Files.readString(FORGERY_KID).trim();
        } catch (Exception e) {
            throw new IllegalStateException("forgery key not registered", e);
        }
    }

    static void registerForgeryKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String pkcs8 = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
            String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
            String admin = masterAdminToken();
            String realmId = given().auth().oauth2(admin).get(keycloakUrl() + "/admin/realms/" + REALM)
                    .then().statusCode(200).extract().path("id");
            Map<String, Object> component = Map.of(
                    "name", "test-token-forgery",
                    "providerId", "rsa",
                    "providerType", "org.keycloak.keys.KeyProvider",
                    "parentId", realmId,
                    "config", Map.of("priority", List.of("-100"), "enabled", List.of("true"), "active", List.of("true"),
                            "algorithm", List.of("RS256"), "privateKey", List.of(pem)));
            given().auth().oauth2(admin).contentType(ContentType.JSON).body(component)
                    .post(keycloakUrl() + "/admin/realms/" + REALM + "/components")
                    .then().statusCode(201);
            String modulus = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(unsigned(((RSAPublicKey) pair.getPublic()).getModulus()));
            JsonPath jwks = given().get(issuer() + "/protocol/openid-connect/certs").then().statusCode(200).extract().jsonPath();
            String kid = jwks.getString("keys.find { it.n == '" + modulus + "' }.kid");
            if (kid == null) {
                throw new IllegalStateException("the forgery key does not appear in the realm's JWKS");
            }
            Files.createDirectories(FORGERY_KEY.getParent());
            Files.writeString(FORGERY_KEY, pkcs8);
            Files.writeString(FORGERY_KID, kid);
        } catch (Exception e) {
            throw new IllegalStateException("Could not register the test signing key in realm " + REALM, e);
        }
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
