package dev.sealgate.sharing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sealgate.privacy.PrivacyGate;
import dev.sealgate.testsupport.TestRealm;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
class SharingTest {

    private static final String CITIZEN1 = "11010519491231002X";
    private static final String RESIDENCE = """
            {"name":"Li Wei","nationalId":"11010519491231002X","birthDate":"1949-12-31","sex":"M",
             "address":"北京市东城区景山前街4号","phone":"13812345678",
             "household":[{"name":"Wang Fang","relation":"spouse","nationalId":"310115199003071239"}]}""";

    @Inject
    PrivacyGate gate;

    private static String health() {
        return TestRealm.clientToken("partner-health-commission", "partner-health-commission-dev-secret");
    }

    private static io.restassured.response.Response share(String token, String dataset, String id, String purpose, String ref) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("dataset", dataset, "nationalId", id, "purpose", purpose, "caseReference", ref))
                .post("/api/v1/shares");
    }

    @BeforeEach
    void publish() {
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json").body(RESIDENCE)
                .post("/api/v1/datasets/residence/records").then().statusCode(201).body("owner", equalTo("civil-affairs"));
    }

    @Test
    void partnerReceivesTheMinimisedSealedRecordAndTheCitizenSeesIt() throws Exception {
        String ref = "EPI-" + UUID.randomUUID();
        String jws = share(health(), "residence", CITIZEN1, "epidemiological-survey", ref)
                .then().statusCode(200).contentType("application/jose").extract().asString();

        JsonWebSignature signature = new JsonWebSignature();
        signature.setCompactSerialization(jws);
        var x5c = (List<?>) signature.getHeaders().getObjectHeaderValue("x5c");
        var cert = dev.sealgate.crypto.Pem.fromDer(Base64.getDecoder().decode((String) x5c.get(0)));
        assertTrue(cert.getSubjectX500Principal().getName().contains("Civil Affairs Bureau (seal)"));
        signature.setKey(cert.getPublicKey());
        assertTrue(signature.verifySignature());
        JsonNode envelope = new ObjectMapper().readTree(signature.getPayload());
        assertEquals("health-commission-sharing@2", envelope.get("policy").asText());
        assertEquals("partner-health-commission", envelope.get("recipient").asText());
        assertEquals("epidemiological-survey", envelope.get("purpose").asText());
        assertEquals(ref, envelope.get("caseReference").asText());
        JsonNode record = envelope.get("record");
        assertFalse(record.has("name"));
        assertEquals("138****5678", record.get("phone").asText());
        assertEquals("北京市", record.get("address").asText());
        assertFalse(signature.getPayload().contains(CITIZEN1), "the national ID leaves only as a pseudonym");
        assertFalse(signature.getPayload().contains("Wang Fang"));

        // the health commission's own policy demands B-LT; under the default policy the seal is valid
        given().auth().oauth2(TestRealm.userToken("auditor1")).multiPart("signed", "release.jws", jws.getBytes())
                .post("/api/v1/verifications").then().statusCode(200).body("indication", equalTo("TOTAL_PASSED"));
        given().auth().oauth2(health()).multiPart("signed", "release.jws", jws.getBytes())
                .post("/api/v1/verifications").then().statusCode(200)
                .body("signatures[0].subIndication", equalTo("SIG_CONSTRAINTS_FAILURE"));

        given().auth().oauth2(TestRealm.userToken("citizen1")).get("/api/v1/me/disclosures")
                .then().statusCode(200)
                .body("caseReference", hasItem(ref))
                .body("find { it.caseReference == '" + ref + "' }.recipient", equalTo("partner-health-commission"))
                .body("find { it.caseReference == '" + ref + "' }.fieldsReleased.path", hasItem("nationalId"))
                .body("find { it.caseReference == '" + ref + "' }.fieldsWithheld", hasItem("name"));
        given().auth().oauth2(TestRealm.userToken("citizen2")).get("/api/v1/me/disclosures")
                .then().statusCode(200).body("caseReference", not(hasItem(ref)));
    }

    @Test
    void refusalsLeaveNoDisclosure() {
        long before = QuarkusTransaction.requiringNew().call(() -> Disclosure.count());
        share(health(), "residence", CITIZEN1, "marketing", "X-1").then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("urn:sealgate:problem:no-sharing-policy"));
        String tax = TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret");
        share(tax, "residence", CITIZEN1, "epidemiological-survey", "X-2").then().statusCode(403);
        String unknownPerson = share(health(), "residence", "440304200112314566", "epidemiological-survey", "X-3")
                .then().statusCode(404).extract().path("detail");
        String noRecord = share(health(), "residence", "310115199003071239", "epidemiological-survey", "X-4")
                .then().statusCode(404).extract().path("detail");
        assertEquals(unknownPerson, noRecord, "the answer does not reveal whether the person exists");
        share(health(), "residence", "12345", "epidemiological-survey", "X-5").then().statusCode(400);
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json")
                .body(Map.of("dataset", "residence", "nationalId", CITIZEN1, "purpose", "epidemiological-survey", "caseReference", "X"))
                .post("/api/v1/shares").then().statusCode(403);
        assertEquals(before, QuarkusTransaction.requiringNew().call(() -> Disclosure.count()));
    }

    @Test
    void anotherDepartmentCannotOverwriteARecord() {
        given().auth().oauth2(TestRealm.userToken("servant2")).contentType("application/json").body(RESIDENCE)
                .post("/api/v1/datasets/residence/records").then().statusCode(403);
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json").body("{\"name\":\"no id\"}")
                .post("/api/v1/datasets/residence/records").then().statusCode(400)
                .body("type", equalTo("urn:sealgate:problem:invalid-national-id"));
    }

    @Test
    void hiddenEntriesAppearOnlyAfterTheirDate() {
        String hidden = "HIDDEN-" + UUID.randomUUID();
        String shown = "SHOWN-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            entry(hidden, Instant.now().plus(30, ChronoUnit.DAYS)).persist();
            entry(shown, Instant.now().minus(1, ChronoUnit.DAYS)).persist();
        });
        given().auth().oauth2(TestRealm.userToken("citizen1")).get("/api/v1/me/disclosures?size=100")
                .then().statusCode(200)
                .body("caseReference", hasItem(shown))
                .body("caseReference", not(hasItem(hidden)));
    }

    @Test
    void aLawfulSecretEnquiryStaysHiddenUntilItsDateThenAppears() throws InterruptedException {
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json")
                .body("{\"nationalId\":\"" + CITIZEN1 + "\",\"employer\":\"Minjiang Tea Co.\",\"bankCard\":\"6217000000000000004\","
                        + "\"monthlyContributions\":[{\"month\":\"2026-10\",\"amount\":1180.5}]}")
                .post("/api/v1/datasets/social-insurance/records").then().statusCode(201);
        String tax = TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret");
        String ref = "TAX-INV-" + UUID.randomUUID();
        Instant until = Instant.now().plusSeconds(4);
        hiddenShare(tax, "tax-evasion-investigation", ref, until.toString(), "investigation 2026-117 in progress")
                .then().statusCode(200).contentType("application/jose");
        String citizen = TestRealm.userToken("citizen1");
        given().auth().oauth2(citizen).get("/api/v1/me/disclosures?size=100").then().statusCode(200)
                .body("caseReference", not(hasItem(ref)));
        Thread.sleep(java.time.Duration.between(Instant.now(), until).toMillis() + 1000);
        given().auth().oauth2(citizen).get("/api/v1/me/disclosures?size=100").then().statusCode(200)
                .body("caseReference", hasItem(ref))
                .body("find { it.caseReference == '" + ref + "' }.purpose", equalTo("tax-evasion-investigation"));

        // refused: a purpose without a confidentiality clause, beyond the maximum, in the past, without a reason
        String later = Instant.now().plus(30, ChronoUnit.DAYS).toString();
        hiddenShare(tax, "income-verification", "TAX-" + UUID.randomUUID(), later, "curious").then().statusCode(403)
                .body("type", equalTo("urn:sealgate:problem:confidentiality-not-allowed"));
        hiddenShare(tax, "tax-evasion-investigation", "TAX-" + UUID.randomUUID(), Instant.now().plus(200, ChronoUnit.DAYS).toString(),
                "too long").then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("180 days"));
        hiddenShare(tax, "tax-evasion-investigation", "TAX-" + UUID.randomUUID(), "2020-01-01", "past").then().statusCode(400)
                .body("type", equalTo("urn:sealgate:problem:invalid-parameter"));
        hiddenShare(tax, "tax-evasion-investigation", "TAX-" + UUID.randomUUID(), later, " ").then().statusCode(400);
        hiddenShare(tax, "tax-evasion-investigation", "TAX-" + UUID.randomUUID(), "next week", "x").then().statusCode(400);
    }

    @Test
    void anSm2SealedDepartmentSealsItsReleaseAsCades() throws Exception {
        // the health department's seal is SM2; a health servant publishes (the dev realm has none: a realm-signed token)
        org.jose4j.jwt.JwtClaims servant = dev.sealgate.testsupport.ForgedTokens.citizenClaims(0);
        servant.setClaim("preferred_username", "health-servant");
        servant.setClaim("azp", "backoffice");
        servant.setClaim("department", "health");
        servant.setClaim("realm_access", Map.of("roles", List.of("civil-servant")));
        given().auth().oauth2(dev.sealgate.testsupport.ForgedTokens.signedWithRealmKey(servant)).contentType("application/json")
                .body("{\"nationalId\":\"" + CITIZEN1 + "\",\"doses\":[{\"vaccine\":\"MMR\",\"date\":\"2026-03-02\"}]}")
                .post("/api/v1/datasets/vaccination/records").then().statusCode(201).body("owner", equalTo("health"));

        byte[] sealed = share(health(), "vaccination", CITIZEN1, "immunisation-follow-up", "IMM-" + UUID.randomUUID())
                .then().statusCode(200).contentType("application/pkcs7-mime").extract().asByteArray();
        org.bouncycastle.cms.CMSSignedData cms = new org.bouncycastle.cms.CMSSignedData(sealed);
        JsonNode envelope = new ObjectMapper().readTree((byte[]) cms.getSignedContent().getContent());
        assertEquals("health-commission-sharing@2", envelope.get("policy").asText());
        assertEquals("MMR", envelope.at("/record/doses/0/vaccine").asText());
        assertFalse(envelope.get("record").toString().contains(CITIZEN1), "the national ID left only as a pseudonym");
        given().auth().oauth2(TestRealm.userToken("servant1")).multiPart("signed", "release.p7m", sealed)
                .post("/api/v1/verifications").then().statusCode(200)
                .body("indication", equalTo("TOTAL_PASSED"))
                .body("signatures[0].signatureAlgorithm", org.hamcrest.Matchers.containsStringIgnoringCase("SM2"))
                .body("signatures[0].signer.keyKind", equalTo("seal"))
                .body("signatures[0].signer.department", equalTo("health"));
    }

    private static io.restassured.response.Response hiddenShare(String token, String purpose, String ref, String until, String reason) {
        return given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("dataset", "social-insurance", "nationalId", CITIZEN1, "purpose", purpose, "caseReference", ref,
                        "hiddenUntil", until, "hiddenReason", reason))
                .post("/api/v1/shares");
    }

    @Test
    void previewShowsEachFieldsFate() {
        given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json")
                .body(Map.of("partner", "partner-health-commission", "dataset", "residence", "purpose", "epidemiological-survey",
                        "record", Map.of("name", "Li Wei", "sex", "M", "birthDate", "1990-03-07")))
                .post("/api/v1/privacy/preview")
                .then().statusCode(200)
                .body("policy", equalTo("health-commission-sharing@2"))
                .body("released.sex", equalTo("M"))
                .body("fields.find { it.path == 'name' }.released", equalTo(false))
                .body("fields.find { it.path == 'birthDate' }.operator", equalTo("generalize"));
        given().auth().oauth2(TestRealm.userToken("citizen1")).contentType("application/json").body("{}")
                .post("/api/v1/privacy/preview").then().statusCode(403);
    }

    private Disclosure entry(String ref, Instant hiddenUntil) {
        Disclosure d = new Disclosure();
        d.id = UUID.randomUUID().toString();
        d.subjectKey = gate.subjectKey(CITIZEN1);
        d.recipient = "partner-tax-bureau";
        d.dataset = "residence";
        d.purpose = "lawful-enquiry";
        d.legalBasis = "Criminal Procedure Law art. 54";
        d.caseReference = ref;
        d.policyRef = "tax-bureau-sharing@1";
        d.fieldsReleased = "[]";
        d.fieldsWithheld = "[]";
        d.releasedAt = Instant.now().minus(2, ChronoUnit.DAYS);
        d.hiddenUntil = hiddenUntil;
        d.hiddenReason = "enquiry in progress";
        return d;
    }
}
