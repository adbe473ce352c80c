package dev.sealgate.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;

/** A citizen opens /me, is sent to Keycloak's login (code flow with PKCE), and reads their disclosures. */
@QuarkusTest
class CitizenPageTest {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, Map<String, String>> jars = new HashMap<>();

    @Test
    void citizenSeesTheirDisclosuresAfterLoggingIn() throws Exception {
        String ref = "PAGE-" + UUID.randomUUID();
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json")
                .body("{\"nationalId\":\"11010519491231002X\",\"sex\":\"M\",\"name\":\"Li Wei\"}")
                .post("/api/v1/datasets/residence/records").then().statusCode(201);
        given().auth().oauth2(TestRealm.clientToken("partner-health-commission", "partner-health-commission-dev-secret"))
                .contentType("application/json")
                .body(Map.of("dataset", "residence", "nationalId", "11010519491231002X", "purpose", "epidemiological-survey",
                        "caseReference", ref))
                .post("/api/v1/shares").then().statusCode(200);

        HttpResponse<String> response = follow(URI.create("http://localhost:8081/me"), null);
        assertEquals(200, response.statusCode(), "Keycloak's login page");
        assertTrue(response.uri().toString().contains("code_challenge_method=S256"), "the page asks for PKCE: " + response.uri());
        Matcher form = FORM_ACTION.matcher(response.body());
        assertTrue(form.find());
        response = follow(URI.create(form.group(1).replace("&amp;", "&")), "username=citizen1&password=citizen1&credentialId=");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("partner-health-commission"), response.body());
        assertTrue(response.body().contains(ref), response.body());
        assertTrue(response.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
    }

    /** In dev the browser may be at 127.0.0.1 as well as at localhost: Keycloak accepts both return addresses. */
    @Test
    void theLoginPageOpensFromTheLoopbackAddressToo() throws Exception {
        HttpResponse<String> response = follow(URI.create("http://127.0.0.1:8081/me"), null);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(FORM_ACTION.matcher(response.body()).find(), "Keycloak's login form, not 'Invalid parameter: redirect_uri'");
        assertTrue(response.uri().toString().contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A8081%2Fme"), response.uri().toString());
    }

    /** Follows redirects like a browser, keeping cookies per host (Keycloak's Secure cookies included, as on localhost). */
    private HttpResponse<String> follow(URI uri, String form) throws Exception {
        URI current = uri;
        String body = form;
        for (int hop = 0; hop < 10; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(current);
            String cookies = jar(current).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; "));
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies);
            }
            if (body != null) {
                request.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                for (HttpCookie cookie : HttpCookie.parse(header)) {
                    if (cookie.getMaxAge() == 0) {
                        jar(current).remove(cookie.getName());
                    } else {
                        jar(current).put(cookie.getName(), cookie.getValue());
                    }
                }
            }
            if (response.statusCode() / 100 != 3) {
                return response;
            }
            current = current.resolve(response.headers().firstValue("Location").orElseThrow());
            body = null;
        }
        throw new IllegalStateException("too many redirects");
    }

    private Map<String, String> jar(URI uri) {
        return jars.computeIfAbsent(uri.getHost() + ":" + uri.getPort(), k -> new LinkedHashMap<>());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
