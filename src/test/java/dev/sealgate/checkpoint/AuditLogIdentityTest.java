package dev.sealgate.checkpoint;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.sealgate.audit.CheckpointSeals;
import dev.sealgate.audit.SignedTreeHead;
import dev.sealgate.crypto.AuditLogIdentity;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.testsupport.Pdfs;
import dev.sealgate.testsupport.TestRealm;

/**
 * The audit log's identity, tried as an attacker with an ordinary civil servant's account would: a tree
 * head for a made-up tree, signed through the public signing API (every key and level that can sign
 * bytes of one's choosing) and time-stamped at the public TSA, put into a proof the offline verifier is
 * given — NOT PROVEN every time, since the signer is not certified for the log; the genuine proof of the
 * same entry PROVEN. A head signed by the log's own key whose stated time is nine minutes from its
 * time-stamp is refused too, and the log's identity is published without a token.
 */
@QuarkusTest
class AuditLogIdentityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuditKey auditKey;

    @Inject
    CertificateAuthority ca;

    @TempDir
    Path dir;

    /** An entry of servant1's with a signed head over it: the genuine proof, as the API returns it. */
    private static ObjectNode genuineProof() throws Exception {
        String servant = TestRealm.userToken("servant1");
        Instant before = Instant.now().minusSeconds(1);
        given().auth().oauth2(servant).contentType("text/plain").body("letter " + UUID.randomUUID())
                .post("/api/v1/signatures?format=cades").then().statusCode(201);
        String auditor = TestRealm.userToken("auditor1");
        given().auth().oauth2(auditor).post("/api/v1/audit/checkpoints").then().statusCode(201);
        List<String> ids = given().auth().oauth2(auditor).queryParam("action", "signature.create").queryParam("from", before.toString())
                .queryParam("size", 200).get("/api/v1/audit/entries").then().statusCode(200).extract().jsonPath().getList("entries.id");
        String id = ids.get(ids.size() - 1);
        String proof = given().auth().oauth2(auditor).get("/api/v1/audit/entries/" + id + "/proof").then().statusCode(200).extract().asString();
        return (ObjectNode) JSON.readTree(proof);
    }

    private OfflineAudit.Offline offline(ObjectNode proof) throws Exception {
        Path file = Files.createTempFile(dir, "proof-", ".json");
        Files.writeString(file, JSON.writeValueAsString(proof));
        return OfflineAudit.run("proof", file.toString(), OfflineAudit.ROOT);
    }

    /**
     * The proof made over again for a one-entry tree holding only that entry (its place made 1: the leaf does
     * not bind it), its head signed and time-stamped as given.
     */
    private static ObjectNode forged(ObjectNode genuine, Instant createdAt, byte[] signature, byte[] timeStamp) {
        ObjectNode forged = genuine.deepCopy();
        String leaf = genuine.get("leafHash").asText();
        ((ObjectNode) forged.get("entry")).put("seq", 1);
        forged.put("leafIndex", 0);
        forged.put("treeSize", 1);
        forged.putArray("proof");
        ObjectNode head = forged.putObject("treeHead");
        head.put("treeSize", 1);
        head.put("rootHash", leaf);
        head.put("createdAt", createdAt.toString());
        head.put("signature", Base64.getEncoder().encodeToString(signature));
        head.put("timeStamp", Base64.getEncoder().encodeToString(timeStamp));
        return forged;
    }

    /** An RFC 3161 token over {@code statement} from the public TSA, as anyone may ask for one. */
    private static byte[] publicTimeStamp(byte[] statement) throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        byte[] request = generator.generate(NISTObjectIdentifiers.id_sha256, MessageDigest.getInstance("SHA-256").digest(statement))
                .getEncoded();
        byte[] response = given().contentType("application/timestamp-query").body(request).post("/tsa").then().statusCode(200)
                .extract().asByteArray();
        return new TimeStampResponse(response).getTimeStampToken().getEncoded();
    }

    @Test
    void aHeadSignedThroughTheSigningApiIsNeverTheLogs() throws Exception {
        ObjectNode genuine = genuineProof();
        OfflineAudit.Offline proven = offline(genuine);
        assertEquals(0, proven.exitCode(), proven.output());
        assertTrue(proven.output().startsWith("PROVEN"), proven.output());

        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        byte[] statement = SignedTreeHead.statement(1, genuine.get("leafHash").asText(), createdAt.toEpochMilli());
        byte[] timeStamp = publicTimeStamp(statement);
        Map<String, byte[]> signatures = new LinkedHashMap<>();
        for (String query : List.of("?format=cades", "?format=cades&key=seal", "?format=cades&level=B-T", "?format=cades&key=seal&level=B-LT",
                "?format=cades&packaging=enveloping")) {
            signatures.put("CAdES " + query, given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/octet-stream")
                    .body(statement).post("/api/v1/signatures" + query).then().statusCode(201).extract().asByteArray());
        }
        byte[] pdf = given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/pdf").body(Pdfs.letter("head"))
                .post("/api/v1/signatures?format=pades").then().statusCode(201).extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            signatures.put("PAdES's CMS", document.getSignatureDictionaries().get(0).getContents());
        }
        signatures.put("JAdES", given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json")
                .body("{\"treeSize\":1}").post("/api/v1/signatures?format=jades").then().statusCode(201).extract().asByteArray());
        byte[] ofd = given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/ofd")
                .body(dev.sealgate.testsupport.TestOfd.unsigned(1, "head")).post("/api/v1/signatures?format=ofd").then().statusCode(201)
                .extract().asByteArray();
        signatures.put("OFD's GB/T 35275 value", dev.sealgate.testsupport.TestOfd.entries(ofd).get("Doc_0/Signs/Sign_0/SignedValue.dat"));
        for (Map.Entry<String, byte[]> signature : signatures.entrySet()) {
            OfflineAudit.Offline forged = offline(forged(genuine, createdAt, signature.getValue(), timeStamp));
            assertEquals(1, forged.exitCode(), signature.getKey() + ": " + forged.output());
            assertTrue(forged.output().startsWith("NOT PROVEN"), signature.getKey() + ": " + forged.output());
        }
        OfflineAudit.Offline detached = offline(forged(genuine, createdAt, signatures.get("CAdES ?format=cades"), timeStamp));
        assertTrue(detached.output().contains("not the audit log"), detached.output());
    }

    @Test
    void aHeadWhoseTimeIsNotItsTimeStampsIsRefused() throws Exception {
        ObjectNode genuine = genuineProof();
        // signed by the log's own key, but stating a time nine minutes after the time-stamp it gets now
        Instant later = Instant.now().plus(9, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        byte[] statement = SignedTreeHead.statement(1, genuine.get("leafHash").asText(), later.toEpochMilli());
        CheckpointSeals.Seal seal = CheckpointSeals.seal(statement, auditKey.current(), ca::timestamp);
        OfflineAudit.Offline refused = offline(forged(genuine, later, seal.signature(), seal.timeStamp()));
        assertEquals(1, refused.exitCode(), refused.output());
        assertTrue(refused.output().contains("more than 60 s apart"), refused.output());
        // the same head stating the time it was made is the log's
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        byte[] honest = SignedTreeHead.statement(1, genuine.get("leafHash").asText(), now.toEpochMilli());
        CheckpointSeals.Seal sealed = CheckpointSeals.seal(honest, auditKey.current(), ca::timestamp);
        OfflineAudit.Offline proven = offline(forged(genuine, now, sealed.signature(), sealed.timeStamp()));
        assertEquals(0, proven.exitCode(), proven.output());
    }

    @Test
    void theLogsIdentityIsPublishedWithoutAToken() throws Exception {
        JsonPath key = given().get("/api/v1/audit/log-key").then().statusCode(200).extract().jsonPath();
        assertEquals(AuditLogIdentity.LOG_SIGNING.getId(), key.getString("extendedKeyUsage"));
        assertEquals(AuditLogIdentity.TREE_HEAD.getId(), key.getString("treeHeadContentType"));
        assertEquals(60, key.getLong("maxTimeStampGapSeconds"));
        List<Map<String, Object>> certificates = key.getList("certificates");
        Map<String, Object> current = certificates.get(certificates.size() - 1);
        assertEquals(Boolean.TRUE, current.get("certifiedForTheLog"));
        String pem = (String) current.get("pem");
        assertEquals(auditKey.current().certificate(), dev.sealgate.crypto.Pem.certificates(new java.io.StringReader(pem)).get(0));
        assertTrue(new String(pem.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII).startsWith("-----BEGIN CERTIFICATE-----"));
    }
}
