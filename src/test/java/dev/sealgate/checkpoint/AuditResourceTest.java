package dev.sealgate.checkpoint;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.util.Base64;
import java.util.HexFormat;
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

import dev.sealgate.audit.SignedTreeHead;
import dev.sealgate.audit.AuditEntry;
import dev.sealgate.audit.AuditTrail;
import dev.sealgate.audit.ChainBreak;
import dev.sealgate.audit.merkle.TreeStore;
import dev.sealgate.checkpoint.OfflineAudit.Offline;
import dev.sealgate.crypto.Pem;
import dev.sealgate.testsupport.TestRealm;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class AuditResourceTest {

    private static final List<String> TABLES = List.of("audit_entry", "audit_node", "audit_tree_head", "audit_checkpoint",
            "audit_sequencer");

    /** A changed leaf is contradicted by the subtree above it, or first by a head signed at its size. */
    private static final java.util.Set<ChainBreak.Reason> STORED_TREE_OR_HEAD = java.util.Set.of(ChainBreak.Reason.TREE_MISMATCH,
            ChainBreak.Reason.CHECKPOINT_MISMATCH);

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

    /** A tree head over everything committed so far. */
    private static JsonPath checkpoint() {
        return given().auth().oauth2(auditor()).post("/api/v1/audit/checkpoints").then().statusCode(201).extract().jsonPath();
    }

    private static String proofOf(String entryId, long treeSize) {
        return given().auth().oauth2(auditor()).queryParam("treeSize", treeSize).get("/api/v1/audit/entries/" + entryId + "/proof")
                .then().statusCode(200).extract().asString();
    }

    private static AuditEntry atSeq(long seq) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEntry.bySeq(seq));
    }

    @Test
    void anIntactLogVerifiesWithItsSignedTreeHeads() {
        JsonPath made = checkpoint();
        long last = AuditTrail.lastSeq();
        assertEquals(last, made.getLong("treeSize"));

        JsonPath result = verify();
        assertTrue(result.getBoolean("intact"), result.prettify());
        assertEquals(last, result.getLong("entries"));
        assertEquals(last, result.getLong("tree.size"));
        assertEquals(made.getString("rootHash"), result.getString("tree.rootHash"));
        assertTrue(result.getLong("treeHeads") >= 1);
    }

    @Test
    void onlyAuditorsReadTheLogAndBadFiltersAreProblems() {
        given().auth().oauth2(TestRealm.userToken("servant1")).get("/api/v1/audit/verify").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(auditor()).queryParam("size", "1000").get("/api/v1/audit/entries").then().statusCode(400)
                .body("type", equalTo("urn:sealgate:problem:invalid-parameter"));
        given().auth().oauth2(auditor()).queryParam("from", "yesterday").get("/api/v1/audit/entries").then().statusCode(400)
                .body("type", equalTo("urn:sealgate:problem:invalid-parameter"));
        AuditTrail.drain();
        given().auth().oauth2(auditor()).queryParam("action", "signature.create").queryParam("actor", "servant1")
                .queryParam("from", "2000-01-01T00:00:00Z").queryParam("size", "2").get("/api/v1/audit/entries")
                .then().statusCode(200).body("entries.size()", equalTo(2))
                .body("entries.action", everyItem(equalTo("signature.create")))
                .body("entries.actorUsername", everyItem(equalTo("servant1")))
                .body("entries.version", everyItem(equalTo(3)))
                .body("entries.detailsDigest", everyItem(org.hamcrest.Matchers.nullValue()))
                .body("entries[1].seq", greaterThanOrEqualTo(2));
    }

    @Test
    void aTreeHeadIsSignedByACertifiedAuditKeyAndTimeStampedByTheTsa() throws Exception {
        JsonPath made = checkpoint();
        byte[] statement = SignedTreeHead.statement(made.getLong("treeSize"), made.getString("rootHash"),
                java.time.Instant.parse(made.getString("createdAt")).toEpochMilli());

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
    void anEditedFieldIsAHashMismatchAndItsProofFails() throws Exception {
        long size = checkpoint().getLong("treeSize");
        long k = size - 1;
        String id = atSeq(k).id;
        String before = proofOf(id, size);
        tampered(() -> em.createNativeQuery("update audit_entry set outcome = 'tampered' where seq = " + k).executeUpdate(),
                k, k, ChainBreak.Reason.HASH_MISMATCH, () -> {
                    // the service says the row changed rather than serve its stored leaf hash as if it were fresh
                    given().auth().oauth2(auditor()).queryParam("treeSize", size).get("/api/v1/audit/entries/" + id + "/proof").then()
                            .statusCode(409).body("type", equalTo("urn:sealgate:problem:audit-entry-altered"));
                    // and the proof served before, with the entry as it now reads, proves nothing
                    Offline edited = offline("proof", json(before.replace("\"outcome\":\"", "\"outcome\":\"tampered\",\"was\":\"")));
                    assertEquals(1, edited.exitCode(), edited.output());
                });
    }

    @Test
    void aDeletedEntryIsMissingWhileItsEarlierProofStillHolds() throws Exception {
        long size = checkpoint().getLong("treeSize");
        long k = size - 1;
        String id = atSeq(k).id;
        Path earlier = json(proofOf(id, size));
        tampered(() -> em.createNativeQuery("delete from audit_entry where seq = " + k).executeUpdate(),
                k, k, ChainBreak.Reason.MISSING_ENTRY, () -> {
                    given().auth().oauth2(auditor()).get("/api/v1/audit/entries/" + id + "/proof").then().statusCode(404);
                    // the holder of the earlier proof can show that the entry existed under a signed head
                    Offline proven = offline("proof", earlier);
                    assertEquals(0, proven.exitCode(), proven.output());
                });
    }

    @Test
    void reorderedEntriesContradictTheStoredTreeOrAHeadSignedBefore() throws Exception {
        long size = checkpoint().getLong("treeSize");
        long k = size - 2;
        String moved = atSeq(k).id;
        tampered(() -> {
            em.createNativeQuery("update audit_entry set seq = -1 where seq = " + k).executeUpdate();
            em.createNativeQuery("update audit_entry set seq = " + k + " where seq = " + (k + 1)).executeUpdate();
            em.createNativeQuery("update audit_entry set seq = " + (k + 1) + " where seq = -1").executeUpdate();
        }, k, k + 1, STORED_TREE_OR_HEAD, () -> notProven(moved, size));
    }

    @Test
    void aRewrittenEntryWithARecomputedLeafContradictsTheStoredTreeOrAHeadSignedBefore() throws Exception {
        long size = checkpoint().getLong("treeSize");
        long k = size - 2;
        String id = atSeq(k).id;
        tampered(() -> {
            AuditEntry entry = AuditEntry.bySeq(k);
            entry.outcome = "rewritten";
            entry.leafHash = entry.logged().computeLeafHash();
        }, k, k + 1, STORED_TREE_OR_HEAD, () -> notProven(id, size));
    }

    @Test
    void historyRewrittenBehindASignedHeadContradictsIt() throws Exception {
        long size = checkpoint().getLong("treeSize");
        long k = size - 1;
        String id = atSeq(k).id;
        tampered(() -> {
            AuditEntry entry = AuditEntry.bySeq(k);
            entry.outcome = "rewritten";
            entry.leafHash = entry.logged().computeLeafHash();
            em.flush();
            rebuildStoredTree();
        }, k, size, ChainBreak.Reason.CHECKPOINT_MISMATCH, () -> notProven(id, size));
    }

    @Test
    void aForgedTreeHeadSignatureIsFound() throws Exception {
        long size = checkpoint().getLong("treeSize");
        tampered(() -> AuditTreeHead.<AuditTreeHead>list("treeSize", size).forEach(head -> head.signature = flipped(head.signature)),
                size, size, ChainBreak.Reason.CHECKPOINT_SIGNATURE, () -> notProven(atSeq(size).id, size));
    }

    @Test
    void theOfflineVerifierAgreesOnAnIntactExport() throws Exception {
        long size = checkpoint().getLong("treeSize");
        Offline result = offlineLog();
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().startsWith("INTACT: " + size + " entries"), result.output());
        assertTrue(result.output().contains("stored tree matches"), result.output());
    }

    @Test
    void consistencyBetweenTwoSignedHeadsIsProvenAndAFalseProofIsNot() throws Exception {
        long first = checkpoint().getLong("treeSize");
        someActivity();
        long second = checkpoint().getLong("treeSize");
        String proof = given().auth().oauth2(TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret"))
                .queryParam("from", first).queryParam("to", second).get("/api/v1/audit/consistency").then().statusCode(200)
                .body("from.treeSize", equalTo((int) first)).body("to.treeSize", equalTo((int) second)).extract().asString();
        Offline consistent = offline("consistency", json(proof));
        assertEquals(0, consistent.exitCode(), consistent.output());
        assertTrue(consistent.output().startsWith("CONSISTENT"), consistent.output());

        JsonPath parsed = JsonPath.from(proof);
        String hash = parsed.getString("proof[0]");
        String forged = proof.replace(hash, hash.substring(0, 63) + (hash.charAt(63) == '0' ? '1' : '0'));
        assertEquals(1, offline("consistency", json(forged)).exitCode());
        String refused = given().get("/api/v1/audit/consistency?from=x").then().statusCode(400).extract().asString();
        Offline unusable = offline("consistency", json(refused));
        assertEquals(2, unusable.exitCode(), unusable.output());
        assertTrue(unusable.output().contains("is not a consistency proof: it has no to (it is an error answer"), unusable.output());

        given().auth().oauth2(auditor()).queryParam("from", second).queryParam("to", first).get("/api/v1/audit/consistency")
                .then().statusCode(400).body("type", equalTo("urn:sealgate:problem:invalid-parameter"));
        given().auth().oauth2(auditor()).queryParam("from", "x").get("/api/v1/audit/consistency")
                .then().statusCode(400).body("type", equalTo("urn:sealgate:problem:invalid-parameter"));
        given().auth().oauth2(auditor()).get("/api/v1/audit/consistency")
                .then().statusCode(400).body("type", equalTo("urn:sealgate:problem:invalid-parameter"));
        given().auth().oauth2(auditor()).queryParam("from", Long.MAX_VALUE).get("/api/v1/audit/consistency")
                .then().statusCode(404).body("type", equalTo("urn:sealgate:problem:not-found"));
        // no token needed: anyone holding a head may check the log only grew
        given().get("/api/v1/audit/consistency?from=1").then().statusCode(200).body("fromSize", equalTo(1));
        given().get("/api/v1/audit/tree-heads/latest").then().statusCode(200).body("treeSize", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void aHeadThinnedOutOfTheLogStillProvesConsistentWithTheHeadItsHolderKept() throws Exception {
        long first = checkpoint().getLong("treeSize");
        Path held = json(proofOf(atSeq(first).id, first));
        someActivity();
        long second = checkpoint().getLong("treeSize");
        List<AuditTreeHead> thinned = QuarkusTransaction.requiringNew().call(() -> AuditTreeHead.<AuditTreeHead>list("treeSize", first));
        QuarkusTransaction.requiringNew().run(() -> AuditTreeHead.delete("treeSize", first));
        try {
            String proof = given().auth().oauth2(auditor()).queryParam("from", first).queryParam("to", second)
                    .get("/api/v1/audit/consistency").then().statusCode(200).body("fromSize", equalTo((int) first))
                    .body("from", nullValue()).body("to.treeSize", equalTo((int) second)).extract().asString();

            Offline without = offline("consistency", json(proof));
            assertEquals(2, without.exitCode(), without.output());
            assertTrue(without.output().contains("give the head you hold with --earlier"), without.output());

            Offline kept = run("consistency", json(proof).toString(), "certs-dev/root-ca.pem", "--earlier", held.toString());
            assertEquals(0, kept.exitCode(), kept.output());
            assertTrue(kept.output().startsWith("CONSISTENT: the tree head of " + second + " entries"), kept.output());
            assertTrue(kept.output().contains("extends the one of " + first), kept.output());

            String otherSize = given().auth().oauth2(auditor()).queryParam("from", first - 1).queryParam("to", second)
                    .get("/api/v1/audit/consistency").then().statusCode(200).extract().asString();
            Offline mismatched = run("consistency", json(otherSize).toString(), "certs-dev/root-ca.pem", "--earlier", held.toString());
            assertEquals(1, mismatched.exitCode(), mismatched.output());
            assertTrue(mismatched.output().contains("the proof starts at a tree of " + (first - 1) + " entries"), mismatched.output());

            String forgedRoot = Files.readString(held).replace(JsonPath.from(Files.readString(held)).getString("treeHead.rootHash"),
                    "ab".repeat(32));
            Offline forged = run("consistency", json(proof).toString(), "certs-dev/root-ca.pem", "--earlier", json(forgedRoot).toString());
            assertEquals(1, forged.exitCode(), forged.output());
            assertTrue(forged.output().startsWith("NOT CONSISTENT: earlier head:"), forged.output());
        } finally {
            QuarkusTransaction.requiringNew().run(() -> thinned.forEach(head -> {
                AuditTreeHead back = new AuditTreeHead();
                back.treeSize = head.treeSize;
                back.rootHash = head.rootHash;
                back.createdAt = head.createdAt;
                back.signature = head.signature;
                back.timeStamp = head.timeStamp;
                back.persist();
            }));
        }
    }

    @Test
    void proofsAreForTheirActorsAndAuditorsOnly() {
        long size = checkpoint().getLong("treeSize");
        AuditEntry signed = atSeq(size);
        assertEquals("signature.create", signed.action);
        String path = "/api/v1/audit/entries/" + signed.id + "/proof";
        given().auth().oauth2(TestRealm.userToken("servant1")).get(path).then().statusCode(200)
                .body("entry.id", equalTo(signed.id)).body("leafIndex", equalTo((int) (size - 1)));
        given().auth().oauth2(TestRealm.userToken("servant3")).get(path).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(TestRealm.userToken("citizen1")).get(path).then().statusCode(404);
        given().auth().oauth2(TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret")).get(path)
                .then().statusCode(404);
        given().auth().oauth2(auditor()).get("/api/v1/audit/entries/no-such-entry/proof").then().statusCode(404)
                .body("type", equalTo("urn:sealgate:problem:not-found"));
        given().auth().oauth2(auditor()).queryParam("treeSize", "-3").get(path).then().statusCode(400)
                .body("type", equalTo("urn:sealgate:problem:invalid-parameter"));
    }

    /** What the API serves for the entry now does not prove it against the head of {@code treeSize} signed before the change. */
    private void notProven(String id, long treeSize) throws Exception {
        Offline result = offline("proof", json(proofOf(id, treeSize)));
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().startsWith("NOT PROVEN"), result.output());
    }

    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    private static String flipped(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        bytes[bytes.length - 5] ^= 0x01;
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Replaces the stored subtrees by those of the entries as they now are: what someone rewriting history would do. */
    private void rebuildStoredTree() {
        List<AuditEntry> entries = AuditEntry.<AuditEntry>list("seq is not null order by seq");
        em.createNativeQuery("delete from audit_node").executeUpdate();
        TreeStore tree = new TreeStore(new TreeStore.Nodes() {
            private final TreeStore.InMemory memory = new TreeStore.InMemory();

            @Override
            public byte[] get(int level, long index) {
                return memory.get(level, index);
            }

            @Override
            public void put(int level, long index, byte[] hash) {
                memory.put(level, index, hash);
                if (level == 0) {
                    return;
                }
                em.createNativeQuery("insert into audit_node (level, idx, hash) values (?1, ?2, ?3)").setParameter(1, level)
                        .setParameter(2, index).setParameter(3, HexFormat.of().formatHex(hash)).executeUpdate();
            }
        }, 0);
        for (AuditEntry entry : entries) {
            tree.append(HexFormat.of().parseHex(entry.leafHash));
        }
    }

    /**
     * Tampers in the database, expects the gateway's and the offline verifier to name the break (at
     * {@code from}..{@code to}: a head signed by the background sequencer may find it first), runs
     * {@code whileTampered}, then restores the log as it was.
     */
    private void tampered(Runnable tamper, long from, long to, ChainBreak.Reason reason, Check whileTampered) throws Exception {
        tampered(tamper, from, to, java.util.Set.of(reason), whileTampered);
    }

    /** As above, where the first thing to contradict the change may be the stored tree or a head signed before it. */
    private void tampered(Runnable tamper, long from, long to, java.util.Set<ChainBreak.Reason> reasons, Check whileTampered)
            throws Exception {
        AuditTrail.drain();
        QuarkusTransaction.requiringNew().run(() -> {
            for (String table : TABLES) {
                em.createNativeQuery("create table " + table + "_saved as select * from " + table).executeUpdate();
            }
        });
        try {
            QuarkusTransaction.requiringNew().run(tamper);
            JsonPath result = verify();
            assertEquals(false, result.getBoolean("intact"), result.prettify());
            long at = result.getLong("broken.seq");
            assertTrue(at >= from && at <= to, result.prettify());
            String reason = result.getString("broken.reason");
            assertTrue(reasons.contains(ChainBreak.Reason.valueOf(reason)), result.prettify());

            Offline offline = offlineLog();
            assertEquals(1, offline.exitCode(), offline.output());
            assertTrue(offline.output().startsWith("BROKEN at entry " + at + ": " + reason), offline.output());
            whileTampered.run();
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                for (String table : TABLES) {
                    em.createNativeQuery("delete from " + table).executeUpdate();
                    em.createNativeQuery("insert into " + table + " select * from " + table + "_saved").executeUpdate();
                    em.createNativeQuery("drop table " + table + "_saved").executeUpdate();
                }
            });
        }
        JsonPath restored = verify();
        assertTrue(restored.getBoolean("intact"), () -> "restored: " + restored.prettify());
    }

    private Path json(String body) throws Exception {
        Path file = Files.createTempFile(dir, "proof", ".json");
        Files.writeString(file, body);
        return file;
    }

    private static Offline offline(String mode, Path file) {
        return run(mode, file.toString(), OfflineAudit.ROOT);
    }

    private static Offline run(String... args) {
        return OfflineAudit.run(args);
    }

    private Offline offlineLog() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return OfflineAudit.log(connection, dir);
        }
    }
}
