package dev.sealgate.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The citizen portal's login, as a browser does it: authorization request with a PKCE challenge,
 * Keycloak's real login form posted with the session cookies, the code exchanged with the verifier,
 * and the resulting token used on the API.
 */
@QuarkusTest
class CitizenPortalLoginTest {

    private static final String CLIENT = "citizen-portal";
    private static final String REDIRECT = "http://localhost:3000/callback";
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final HttpClient browser = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    // Keycloak marks its cookies Secure; browsers still send them to http://localhost (a secure
    // context), java.net's CookieManager does not, so the test keeps the jar itself.
    private final Map<String, String> cookies = new LinkedHashMap<>();

    @Test
    void citizenLogsInThroughThePortalWithPkceAndCallsTheApi() throws Exception {
        String verifier = randomUrlSafe(48);
        Map<String, String> callback = login("citizen1", challengeOf(verifier), "state-1");
        assertEquals("state-1", callback.get("state"));

        String token = exchange(callback.get("code"), verifier)
                .then().statusCode(200).extract().path("access_token");

        given().auth().oauth2(token).when().get("/api/v1/me")
                .then().statusCode(200)
                .body("username", equalTo("citizen1"))
                .body("kind", equalTo("citizen"))
                .body("nationalIdBound", equalTo(true));
    }

    @Test
    void codeCannotBeRedeemedWithAnotherVerifier() throws Exception {
        Map<String, String> callback = login("citizen2", challengeOf(randomUrlSafe(48)), "state-2");
        exchange(callback.get("code"), randomUrlSafe(48))
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void authorizationRequestWithoutChallengeIsRefused() throws Exception {
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(authorizationUrl(null, "s")))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, response.statusCode(), "Keycloak should send the portal an error, not a login form");
        String location = response.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT) && location.contains("error=invalid_request"), location);
    }

    private Map<String, String> login(String username, String challenge, String state) throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(authorizationUrl(challenge, state)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), "Keycloak should show its login page");
        for (String header : page.headers().allValues("Set-Cookie")) {
            HttpCookie.parse(header).forEach(c -> cookies.put(c.getName(), c.getValue()));
        }
        Matcher form = FORM_ACTION.matcher(page.body());
        assertTrue(form.find(), "login page has the kc-form-login form");
        String action = form.group(1).replace("&amp;", "&");

        HttpResponse<String> submitted = browser.send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                        .collect(Collectors.joining("; ")))
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", username, "password", username,
                        "credentialId", ""))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, submitted.statusCode(), "a correct password redirects back to the portal");
        URI location = URI.create(submitted.headers().firstValue("Location").orElseThrow());
        assertTrue(location.toString().startsWith(REDIRECT), location.toString());
        return query(location.getRawQuery());
    }

    private static io.restassured.response.Response exchange(String code, String verifier) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "authorization_code")
                .formParam("client_id", CLIENT)
                .formParam("code", code)
                .formParam("redirect_uri", REDIRECT)
                .formParam("code_verifier", verifier)
                .post(TestRealm.tokenEndpoint(TestRealm.REALM));
    }

    private static String authorizationUrl(String challenge, String state) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", CLIENT);
        params.put("response_type", "code");
        params.put("scope", "openid");
        params.put("redirect_uri", REDIRECT);
        params.put("state", state);
        if (challenge != null) {
            params.put("code_challenge", challenge);
            params.put("code_challenge_method", "S256");
        }
        return TestRealm.issuer() + "/protocol/openid-connect/auth?" + form(params);
    }

    private static String challengeOf(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String form(Map<String, String> params) {
        return dev.sealgate.testsupport.StepUpLogin.form(params);
    }

    private static Map<String, String> query(String rawQuery) {
        return dev.sealgate.testsupport.StepUpLogin.query(rawQuery);
    }
}
