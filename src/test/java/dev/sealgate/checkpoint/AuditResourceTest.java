package dev.sealgate.checkpoint;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sealgate.audit.AuditEntry;
import dev.sealgate.audit.AuditHead;
import dev.sealgate.audit.AuditTrail;
import dev.sealgate.audit.ChainBreak;
import dev.sealgate.audit.ChainedEntry;
import dev.sealgate.audit.offline.AuditChainVerifier;
import dev.sealgate.crypto.Pem;
import dev.sealgate.testsupport.TestRealm;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class AuditResourceTest {

    private static final String ENTRY_COLUMNS = "seq, occurred_at, actor_subject, actor_username, actor_client, action, "
            + "object_type, object_id, document_digest, outcome, prev_hash, hash";

    @Inject
    EntityManager em;

    @Inject
    DataSource dataSource;

    @TempDir
    Path dir;

    private static String auditor() {
        return TestRealm.userToken("auditor1");
    }

    @BeforeEach
    void someActivity() {
        String servant = TestRealm.userToken("servant1");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(servant).contentType("text/plain").body("document " + UUID.randomUUID())
                    .post("/api/v1/signatures?format=cades").then().statusCode(201);
        }
    }

    private static JsonPath verify() {
        return given().auth().oauth2(auditor()).get("/api/v1/audit/verify").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath checkpoint() {
        return given().auth().oauth2(auditor()).post("/api/v1/audit/checkpoints").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void anIntactChainVerifiesWithItsCheckpoints() {
        long last = AuditTrail.lastSeq();
        JsonPath made = checkpoint();
        assertEquals(last, made.getLong("seq"));

        JsonPath result = verify();
        assertTrue(result.getBoolean("intact"), result.prettify());
        assertEquals(last, result.getLong("entries"));
        assertEquals(last, result.getLong("head.seq"));
        assertTrue(result.getLong("checkpoints") >= 1);
    }

    @Test
    void onlyAuditorsReadTheLogAndBadFiltersAreProblems() {
        given().auth().oauth2(TestRealm.userToken("servant1")).get("/api/v1/audit/verify").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(auditor()).queryParam("size", "1000").get("/api/v1/audit/entries").then().statusCode(400)
                .body("type", equalTo("urn:sealgate:problem:invalid-parameter"));
        given().auth().oauth2(auditor()).queryParam("from", "yesterday").get("/api/v1/audit/entries").then().statusCode(400)
                .body("type", equalTo("urn:sealgate:problem:invalid-parameter"));
        given().auth().oauth2(auditor()).queryParam("action", "signature.create").queryParam("actor", "servant1")
                .queryParam("from", "2000-01-01T00:00:00Z").queryParam("size", "2").get("/api/v1/audit/entries")
                .then().statusCode(200).body("entries.size()", equalTo(2))
                .body("entries.action", everyItem(equalTo("signature.create")))
                .body("entries.actorUsername", everyItem(equalTo("servant1")))
                .body("entries[1].seq", greaterThanOrEqualTo(2));
    }

    @Test
    void aCheckpointIsSignedByACertifiedAuditKeyAndTimeStampedByTheTsa() throws Exception {
        JsonPath made = checkpoint();
        byte[] statement = ChainedEntry.checkpointStatement(made.getLong("seq"), made.getString("headHash"));

        CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(statement),
                Base64.getDecoder().decode(made.getString("signature")));
        SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
        X509CertificateHolder cert = (X509CertificateHolder) cms.getCertificates().getMatches(signer.getSID()).iterator().next();
        assertTrue(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert)));
        assertTrue(cert.getSubject().toString().contains("CN=SealGate Audit Log"));
        List<X509Certificate> caChain = Pem.certificates(new FileReader("certs-dev/ca-chain.pem"));
        X509Certificate auditCert = Pem.fromDer(cert.getEncoded());
        auditCert.verify(caChain.get(0).getPublicKey());

        TimeStampToken token = new TimeStampToken(new CMSSignedData(Base64.getDecoder().decode(made.getString("timeStamp"))));
        X509Certificate tsa = Pem.certificates(new FileReader("certs-dev/tsa.pem")).get(0);
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsa));
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(statement), token.getTimeStampInfo().getMessageImprintDigest());
    }

    @Test
    void anEditedFieldIsAHashMismatch() throws Exception {
        long k = AuditTrail.lastSeq() - 1;
        tampered(() -> em.createNativeQuery("update audit_entry set outcome = 'tampered' where seq = " + k).executeUpdate(),
                k, ChainBreak.Reason.HASH_MISMATCH);
    }

    @Test
    void aDeletedEntryIsMissing() throws Exception {
        long k = AuditTrail.lastSeq() - 1;
        tampered(() -> em.createNativeQuery("delete from audit_entry where seq = " + k).executeUpdate(),
                k, ChainBreak.Reason.MISSING_ENTRY);
    }

    @Test
    void swappedEntriesBreakTheLink() throws Exception {
        long k = AuditTrail.lastSeq() - 2;
        tampered(() -> {
            AuditEntry a = em.find(AuditEntry.class, k);
            AuditEntry b = em.find(AuditEntry.class, k + 1);
            AuditEntry copy = copyOf(a);
            copyContent(b, a);
            copyContent(copy, b);
        }, k, ChainBreak.Reason.BROKEN_LINK);
    }

    @Test
    void aRewrittenEntryWithARecomputedHashBreaksTheNextLink() throws Exception {
        long k = AuditTrail.lastSeq() - 2;
        tampered(() -> {
            AuditEntry entry = em.find(AuditEntry.class, k);
            entry.outcome = "rewritten";
            entry.hash = entry.chained().computeHash(entry.prevHash);
        }, k + 1, ChainBreak.Reason.BROKEN_LINK);
    }

    @Test
    void historyRewrittenBehindACheckpointContradictsIt() throws Exception {
        long checkpointed = checkpoint().getLong("seq");
        long k = checkpointed - 1;
        tampered(() -> {
            String previous = em.find(AuditEntry.class, k - 1).hash;
            List<AuditEntry> tail = em.createQuery("from AuditEntry e where e.seq >= :k order by e.seq", AuditEntry.class)
                    .setParameter("k", k).getResultList();
            for (AuditEntry entry : tail) {
                if (entry.seq == k) {
                    entry.outcome = "rewritten";
                }
                entry.prevHash = previous;
                entry.hash = entry.chained().computeHash(previous);
                previous = entry.hash;
            }
            AuditHead head = em.find(AuditHead.class, AuditHead.ID);
            head.lastHash = previous;
        }, checkpointed, ChainBreak.Reason.CHECKPOINT_MISMATCH);
    }

    @Test
    void aForgedCheckpointSignatureIsFound() throws Exception {
        long id = checkpoint().getLong("id");
        long seq = AuditTrail.lastSeq();
        tampered(() -> {
            AuditCheckpoint checkpoint = em.find(AuditCheckpoint.class, id);
            byte[] signature = Base64.getDecoder().decode(checkpoint.signature);
            signature[signature.length - 5] ^= 0x01;
            checkpoint.signature = Base64.getEncoder().encodeToString(signature);
        }, seq, ChainBreak.Reason.CHECKPOINT_SIGNATURE);
    }

    @Test
    void theOfflineVerifierAgreesOnAnIntactExport() throws Exception {
        checkpoint();
        Offline result = offline();
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().startsWith("INTACT: " + AuditTrail.lastSeq() + " entries"), result.output());
    }

    /** Tampers in the database, expects both verifiers to name the break, then restores the log. */
    private void tampered(Runnable tamper, long seq, ChainBreak.Reason reason) throws Exception {
        List<AuditEntry> entries = QuarkusTransaction.requiringNew().call(() -> AuditEntry.<AuditEntry>list("order by seq"));
        List<AuditCheckpoint> checkpoints = QuarkusTransaction.requiringNew().call(() -> AuditCheckpoint.<AuditCheckpoint>listAll());
        AuditHead head = QuarkusTransaction.requiringNew().call(() -> em.find(AuditHead.class, AuditHead.ID));
        try {
            QuarkusTransaction.requiringNew().run(tamper);
            JsonPath result = verify();
            assertEquals(false, result.getBoolean("intact"), result.prettify());
            assertEquals(seq, result.getLong("broken.seq"), result.prettify());
            assertEquals(reason.name(), result.getString("broken.reason"), result.prettify());

            Offline offline = offline();
            assertEquals(1, offline.exitCode(), offline.output());
            assertTrue(offline.output().startsWith("BROKEN at entry " + seq + ": " + reason.name()), offline.output());
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                em.createNativeQuery("delete from audit_entry").executeUpdate();
                for (AuditEntry entry : entries) {
                    em.createNativeQuery("insert into audit_entry (" + ENTRY_COLUMNS
                            + ") values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
                            .setParameter(1, entry.seq).setParameter(2, java.sql.Timestamp.from(entry.occurredAt))
                            .setParameter(3, entry.actorSubject).setParameter(4, entry.actorUsername)
                            .setParameter(5, entry.actorClient).setParameter(6, entry.action).setParameter(7, entry.objectType)
                            .setParameter(8, entry.objectId).setParameter(9, entry.documentDigest).setParameter(10, entry.outcome)
                            .setParameter(11, entry.prevHash).setParameter(12, entry.hash).executeUpdate();
                }
                for (AuditCheckpoint checkpoint : checkpoints) {
                    em.createNativeQuery("update audit_checkpoint set signature = ?1, time_stamp = ?2 where id = ?3")
                            .setParameter(1, checkpoint.signature).setParameter(2, checkpoint.timeStamp)
                            .setParameter(3, checkpoint.id).executeUpdate();
                }
                em.createNativeQuery("update audit_head set last_seq = ?1, last_hash = ?2")
                        .setParameter(1, head.lastSeq).setParameter(2, head.lastHash).executeUpdate();
            });
        }
        JsonPath restored = verify();
        assertTrue(restored.getBoolean("intact"), () -> "restored: " + restored.prettify());
    }

    record Offline(int exitCode, String output) {
    }

    /** Exports the tables as {@code psql \copy ... csv header} would, and runs the offline verifier on them. */
    private Offline offline() throws Exception {
        Path entries = export("select " + ENTRY_COLUMNS + " from audit_entry order by seq", "entries.csv");
        Path checkpoints = export("select seq, head_hash, created_at, signature, time_stamp from audit_checkpoint order by id",
                "checkpoints.csv");
        Path head = export("select last_seq, last_hash from audit_head", "head.csv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = AuditChainVerifier.run(new String[] { entries.toString(), checkpoints.toString(), "certs-dev/root-ca.pem",
                head.toString() }, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Offline(code, out.toString(StandardCharsets.UTF_8));
    }

    private Path export(String query, String name) throws Exception {
        Path file = dir.resolve(name);
        try (Connection connection = dataSource.getConnection(); ResultSet rows = connection.createStatement().executeQuery(query);
                Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            int columns = rows.getMetaData().getColumnCount();
            for (int i = 1; i <= columns; i++) {
                out.write((i > 1 ? "," : "") + rows.getMetaData().getColumnLabel(i).toLowerCase());
            }
            out.write("\n");
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    String value = rows.getString(i);
                    out.write((i > 1 ? "," : "") + (value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\""));
                }
                out.write("\n");
            }
        }
        return file;
    }

    private static AuditEntry copyOf(AuditEntry source) {
        AuditEntry copy = new AuditEntry();
        copyContent(source, copy);
        return copy;
    }

    /** Everything but the sequence number. */
    private static void copyContent(AuditEntry from, AuditEntry to) {
        to.occurredAt = from.occurredAt;
        to.actorSubject = from.actorSubject;
        to.actorUsername = from.actorUsername;
        to.actorClient = from.actorClient;
        to.action = from.action;
        to.objectType = from.objectType;
        to.objectId = from.objectId;
        to.documentDigest = from.documentDigest;
        to.outcome = from.outcome;
        to.prevHash = from.prevHash;
        to.hash = from.hash;
    }
}
