package dev.sealgate.signing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;

/** JAdES through the API, checked with jose4j (an independent JOSE implementation). */
@QuarkusTest
class JadesSignatureTest {

    private static final String RECORD = "{\"certificate\":\"residence\",\"holder\":\"Li Wei\",\"issued\":\"2026-11-25\"}";

    private static io.restassured.response.Response sign(String query, String body) {
        return given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json").body(body)
                .post("/api/v1/signatures" + query);
    }

    private static X509Certificate signer(JsonWebSignature jws) throws Exception {
        List<?> x5c = (List<?>) jws.getHeaders().getObjectHeaderValue("x5c");
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode((String) x5c.get(0))));
    }

    @Test
    void compactBaselineSignatureVerifiesWithJose4j() throws Exception {
        String compact = sign("?format=jades", RECORD).then().statusCode(201).contentType("application/jose").extract().asString();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(compact);
        X509Certificate cert = signer(jws);
        assertTrue(cert.getSubjectX500Principal().getName().contains("OU=civil-affairs"));
        jws.setKey(cert.getPublicKey());
        assertTrue(jws.verifySignature());
        assertEquals("ES256", jws.getAlgorithmHeaderValue());
        assertEquals(RECORD, jws.getPayload());
        assertNotNull(jws.getHeaders().getStringHeaderValue("x5t#S256"));
    }

    @Test
    void detachedPayloadIsLeftOut() throws Exception {
        String compact = sign("?format=jades&packaging=detached&key=seal", RECORD).then().statusCode(201).extract().asString();
        assertTrue(compact.contains(".."), "detached compact JWS has an empty payload part");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(compact);
        jws.setPayload(RECORD);
        jws.setKey(signer(jws).getPublicKey());
        assertTrue(jws.verifySignature());
        JsonWebSignature tampered = new JsonWebSignature();
        tampered.setCompactSerialization(compact);
        tampered.setPayload(RECORD.replace("Li Wei", "Li Wen"));
        tampered.setKey(signer(jws).getPublicKey());
        assertFalse(tampered.verifySignature());
    }

    @Test
    void timeStampedLevelUsesTheFlattenedJsonSerialisation() throws Exception {
        String json = sign("?format=jades&level=B-T", RECORD).then().statusCode(201).contentType("application/jose+json")
                .extract().asString();
        JsonNode flattened = new ObjectMapper().readTree(json);
        assertNotNull(flattened.get("protected"));
        assertNotNull(flattened.get("signature"));
        JsonNode etsiU = flattened.get("header").get("etsiU");
        String sigTst = new String(Base64.getUrlDecoder().decode(etsiU.get(0).asText()));
        assertTrue(sigTst.contains("sigTst"), sigTst);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(flattened.get("protected").asText() + "." + flattened.get("payload").asText() + "."
                + flattened.get("signature").asText());
        jws.setKey(signer(jws).getPublicKey());
        assertTrue(jws.verifySignature());
    }

    @Test
    void nonJsonBodyIsAProblem() {
        sign("?format=jades", "{not json").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:sealgate:problem:not-json"));
        // the detail tells the sender what is wrong and where
        sign("?format=jades", "{\"case\":1,\"case\":2}").then().statusCode(400)
                .body("type", equalTo("urn:sealgate:problem:not-json"))
                .body("detail", org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.containsString("line 1"),
                        org.hamcrest.Matchers.containsString("Duplicate field 'case'")));
    }
}
