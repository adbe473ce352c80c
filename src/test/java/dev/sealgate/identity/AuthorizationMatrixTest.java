package dev.sealgate.identity;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.ForgedTokens;
import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Every operation of the OpenAPI document × every kind of caller: no token, each way a token can be
 * wrong, each role. The expected callers are written down here, and an operation the table does
 * not know fails the test, so a new endpoint cannot be added without deciding who may call it.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    private static final String PUBLIC = "public";
    private static final String CITIZEN = "citizen1";
    private static final String SIGNER = "servant1";
    private static final String SERVANT = "servant2";
    private static final String AUDITOR = "auditor1";
    private static final String PARTNER = "partner-tax-bureau";
    /** A seal custodian who is also a signer: allowed what a signer is, and deciding seal requests. */
    private static final String CUSTODIAN = "custodian4";

    /** Operation → who may call it (PUBLIC: anyone, with or without a token). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("GET /api/v1/me", Set.of(CITIZEN, SIGNER, SERVANT, AUDITOR, PARTNER)),
            Map.entry("GET /api/v1/admin/users", Set.of(AUDITOR)),
            Map.entry("POST /api/v1/signatures", Set.of(SIGNER)),
            Map.entry("POST /api/v1/signatures/extensions", Set.of(SIGNER, SERVANT, PARTNER)),
            Map.entry("GET /api/v1/signatures/{id}", Set.of(CITIZEN, SIGNER, SERVANT, AUDITOR, PARTNER)),
            Map.entry("GET /api/v1/seals", Set.of(SIGNER, SERVANT)),
            Map.entry("GET /api/v1/seals/{id}/picture", Set.of(SIGNER, SERVANT)),
            Map.entry("GET /api/v1/seals/{id}/esl", Set.of(SIGNER, SERVANT)),
            Map.entry("GET /api/v1/seal-requests", Set.of(SIGNER, SERVANT, AUDITOR)),
            Map.entry("GET /api/v1/seal-requests/{id}", Set.of(SIGNER, SERVANT, AUDITOR)),
            Map.entry("GET /api/v1/seal-requests/{id}/document", Set.of(SIGNER, SERVANT)),
            Map.entry("POST /api/v1/seal-requests/{id}/approve", Set.of(CUSTODIAN)),
            Map.entry("POST /api/v1/seal-requests/{id}/reject", Set.of(CUSTODIAN)),
            Map.entry("POST /api/v1/verifications", Set.of(SIGNER, SERVANT, AUDITOR, PARTNER)),
            Map.entry("POST /api/v1/certificates/{serial}/revocation", Set.of(AUDITOR)),
            Map.entry("POST /api/v1/privacy/preview", Set.of(SIGNER, SERVANT)),
            Map.entry("POST /api/v1/datasets/{name}/records", Set.of(SIGNER, SERVANT)),
            Map.entry("POST /api/v1/shares", Set.of(PARTNER)),
            Map.entry("GET /api/v1/me/disclosures", Set.of(CITIZEN)),
            Map.entry("GET /api/v1/audit/verify", Set.of(AUDITOR)),
            Map.entry("GET /api/v1/audit/entries", Set.of(AUDITOR)),
            Map.entry("POST /api/v1/audit/checkpoints", Set.of(AUDITOR)),
            Map.entry("GET /api/v1/audit/log-key", Set.of(PUBLIC)),
            Map.entry("GET /api/v1/audit/tree-heads/latest", Set.of(PUBLIC)),
            Map.entry("GET /api/v1/audit/checkpoint", Set.of(PUBLIC)),
            Map.entry("POST /api/v1/audit/checkpoint/cosignatures", Set.of(PUBLIC)),
            Map.entry("GET /api/v1/audit/entries/{id}/proof", Set.of(CITIZEN, SIGNER, SERVANT, AUDITOR, PARTNER)),
            Map.entry("GET /api/v1/audit/consistency", Set.of(PUBLIC)),
            Map.entry("GET /pki/ca", Set.of(PUBLIC)),
            Map.entry("GET /pki/crl", Set.of(PUBLIC)),
            Map.entry("GET /pki/crl/root", Set.of(PUBLIC)),
            Map.entry("POST /pki/ocsp", Set.of(PUBLIC)),
            Map.entry("POST /tsa", Set.of(PUBLIC)));

    private record Operation(String method, String path, String contentType) {
        String key() {
            return method + " " + path;
        }
    }

    private record Caller(String name, String token) {
    }

    @Test
    void everyOperationAnswersEveryCallerAsTheTableSays() throws Exception {
        List<Operation> operations = operations();
        assertEquals(new TreeSet<>(ALLOWED.keySet()), new TreeSet<>(operations.stream().map(Operation::key).toList()),
                "the OpenAPI document and this table must list the same operations");
        List<Caller> badTokens = badTokens();
        List<Caller> roles = List.of(new Caller(CITIZEN, TestRealm.userToken(CITIZEN)), new Caller(SIGNER, TestRealm.userToken(SIGNER)),
                new Caller(SERVANT, TestRealm.userToken(SERVANT)), new Caller(AUDITOR, TestRealm.userToken(AUDITOR)),
                new Caller(PARTNER, TestRealm.clientToken(PARTNER, PARTNER + "-dev-secret")),
                new Caller(CUSTODIAN, TestRealm.userToken(CUSTODIAN)));
        List<String> wrong = new ArrayList<>();
        int cases = 0;
        for (Operation operation : operations) {
            boolean open = ALLOWED.get(operation.key()).contains(PUBLIC);
            for (Caller caller : badTokens) {
                cases++;
                Response response = call(operation, caller.token());
                if (open) {
                    expectServed(operation, caller, response, wrong);
                } else {
                    expectProblem(operation, caller, response, 401, "unauthorized", wrong);
                    if (response.statusCode() == 401 && response.header("WWW-Authenticate") == null) {
                        wrong.add(operation.key() + " as " + caller.name() + ": 401 without WWW-Authenticate");
                    }
                }
            }
            for (Caller caller : roles) {
                cases++;
                Response response = call(operation, caller.token());
                Set<String> allowed = ALLOWED.get(operation.key());
                if (open || allowed.contains(caller.name()) || caller.name().equals(CUSTODIAN) && allowed.contains(SIGNER)) {
                    expectServed(operation, caller, response, wrong);
                } else {
                    expectProblem(operation, caller, response, 403, "forbidden", wrong);
                }
            }
        }
        System.out.printf("authorisation matrix: %d operations x %d callers = %d cases%n", operations.size(),
                badTokens.size() + roles.size(), cases);
        assertEquals(List.of(), wrong);
    }

    /** Allowed: anything but an authentication or authorisation refusal and a server error; errors are problems. */
    private static void expectServed(Operation operation, Caller caller, Response response, List<String> wrong) {
        int status = response.statusCode();
        if (status == 401 || status == 403 || status >= 500) {
            wrong.add(operation.key() + " as " + caller.name() + ": " + status + " " + response.asString());
        } else if (status >= 400 && !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
            wrong.add(operation.key() + " as " + caller.name() + ": " + status + " without a problem body");
        }
    }

    private static void expectProblem(Operation operation, Caller caller, Response response, int status, String type,
            List<String> wrong) {
        if (response.statusCode() != status || !String.valueOf(response.contentType()).startsWith("application/problem+json")
                || !("urn:sealgate:problem:" + type).equals(response.jsonPath().getString("type"))) {
            wrong.add(operation.key() + " as " + caller.name() + ": expected " + status + " " + type + ", got "
                    + response.statusCode() + " " + response.asString());
        }
    }

    private static Response call(Operation operation, String token) {
        var request = given().redirects().follow(false);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        String path = operation.path().replace("{id}", "1").replace("{serial}", "0a1b2c").replace("{name}", "residence");
        if (operation.method().equals("GET")) {
            return request.get(path);
        }
        String type = operation.contentType() == null ? "application/octet-stream" : operation.contentType();
        if (type.startsWith("multipart/")) {
            request.multiPart("signed", "empty.bin", new byte[0], "application/octet-stream");
        } else if (type.contains("json")) {
            request.contentType(type).body("{}");
        } else {
            request.contentType(type).body(new byte[0]);
        }
        return request.post(path);
    }

    /** The operations of the live OpenAPI document, with the first media type each accepts. */
    private static List<Operation> operations() {
        Map<String, Map<String, Map<String, Object>>> paths = given().accept("application/json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<Operation> out = new ArrayList<>();
        for (var path : paths.entrySet()) {
            for (var method : path.getValue().entrySet()) {
                if (!Set.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
                    continue;
                }
                String contentType = null;
                Object body = method.getValue().get("requestBody");
                if (body instanceof Map<?, ?> requestBody && requestBody.get("content") instanceof Map<?, ?> content
                        && !content.isEmpty()) {
                    contentType = content.keySet().iterator().next().toString();
                }
                out.add(new Operation(method.getKey().toUpperCase(), path.getKey(), contentType));
            }
        }
        return out;
    }

    /** Tokens that must all be refused, each carrying every SealGate role so the refusal is about the token. */
    private static List<Caller> badTokens() throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("malformed", "not-a-jwt");
        tokens.put("expired", ForgedTokens.signedWithRealmKey(allRoles(-3600)));
        tokens.put("not yet valid", ForgedTokens.signedWithRealmKey(allRoles(3600)));
        JwtClaims wrongIssuer = allRoles(0);
        wrongIssuer.setIssuer(TestRealm.keycloakUrl() + "/realms/master");
        tokens.put("wrong issuer", ForgedTokens.signedWithRealmKey(wrongIssuer));
        JwtClaims wrongAudience = allRoles(0);
        wrongAudience.setAudience("account");
        tokens.put("wrong audience", ForgedTokens.signedWithRealmKey(wrongAudience));
        tokens.put("other realm", TestRealm.masterAdminToken());
        tokens.put("alg none", ForgedTokens.unsigned(allRoles(0)));
        tokens.put("HS256 with the realm public key", ForgedTokens.hmacWithPublicKey(allRoles(0), realmPublicKeyDer(), realmKid()));
        String real = TestRealm.userToken(AUDITOR);
        tokens.put("tampered payload", ForgedTokens.withPayloadByteChanged(real, "\"auditor1\"", "\"auditor2\""));
        List<Caller> out = new ArrayList<>();
        tokens.forEach((name, token) -> out.add(new Caller(name, token)));
        return out;
    }

    private static JwtClaims allRoles(long offsetSeconds) {
        JwtClaims claims = ForgedTokens.citizenClaims(offsetSeconds);
        claims.setClaim("realm_access", Map.of("roles", Roles.ALL));
        return claims;
    }

    private static String realmKid() {
        return given().get(TestRealm.issuer() + "/protocol/openid-connect/certs").jsonPath()
                .getString("keys.find { it.use == 'sig' && it.alg == 'RS256' }.kid");
    }

    private static byte[] realmPublicKeyDer() throws Exception {
        String kid = realmKid();
        String x5c = given().get(TestRealm.issuer() + "/protocol/openid-connect/certs").jsonPath()
                .getString("keys.find { it.kid == '" + kid + "' }.x5c[0]");
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(x5c)));
        assertTrue(cert.getPublicKey().getEncoded().length > 0);
        return cert.getPublicKey().getEncoded();
    }
}
