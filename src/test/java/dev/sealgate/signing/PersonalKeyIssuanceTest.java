package dev.sealgate.signing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.Test;

import dev.sealgate.testsupport.TestRealm;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * A civil servant's first signatures with a new key, several at once: the key is issued once and
 * every signature is made by the key its certificate names.
 */
@QuarkusTest
class PersonalKeyIssuanceTest {

    private static final byte[] DOCUMENT = "a permit".getBytes(StandardCharsets.UTF_8);

    private static Response sign(String token) {
        return given().auth().oauth2(token).contentType("text/plain").body(DOCUMENT)
                .post("/api/v1/signatures?format=cades&packaging=detached&level=B-B&key=personal");
    }

    private static String serialOf(String token, Response signed) {
        return given().auth().oauth2(token).get(signed.header("Location")).then().statusCode(200).extract().path("certificateSerial");
    }

    @Test
    void concurrentFirstSignaturesShareOneNewKeyAndEachVerifies() throws Exception {
        String token = TestRealm.userToken("servant3");
        Response before = sign(token);
        before.then().statusCode(201);
        String revoked = serialOf(token, before);
        given().auth().oauth2(TestRealm.userToken("auditor1")).contentType("application/json")
                .body(Map.of("reason", "keyCompromise")).post("/api/v1/certificates/" + revoked + "/revocation").then().statusCode(200);

        int parallel = 6;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return sign(token);
            }));
        }
        start.countDown();
        Set<String> serials = new HashSet<>();
        for (Future<Response> result : results) {
            Response signed = result.get();
            signed.then().statusCode(201);
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(DOCUMENT), signed.asByteArray());
            SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
            X509CertificateHolder cert = (X509CertificateHolder) cms.getCertificates().getMatches(signer.getSID()).iterator().next();
            assertTrue(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert)), "made by the key its certificate names");
            serials.add(serialOf(token, signed));
        }
        pool.shutdown();
        assertEquals(1, serials.size(), "one new key, issued once: " + serials);
        assertNotEquals(revoked, serials.iterator().next());
    }
}
