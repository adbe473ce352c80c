package dev.sealgate.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sealgate.audit.ChainedEntry;
import dev.sealgate.audit.CheckpointSeals;
import dev.sealgate.audit.LoggedEntry;
import dev.sealgate.audit.TreeWalk;
import dev.sealgate.audit.merkle.MerkleTree;
import dev.sealgate.crypto.ChainHash;
import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.KeyStoreCustody;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.pki.CertificateRegister;

/**
 * The migration to the audit tree on a database made by the previous version (schema V8, a hash
 * chain appended under {@code audit_head}), and the sequencer's lease and batches on plain JDBC:
 * the test database of the run (H2, or PostgreSQL with -Ppostgresql, in a schema of its own). The
 * previous version's log carries a checkpoint sealed as that version sealed them (the audit key
 * certified by the dev CA, the dev TSA's time-stamp), so the migrated log is checked by the offline
 * verifier from its exported tables and the root certificate, checkpoint included.
 */
class AuditMigrationTest {

    private static final String SCHEMA = "audit_migration_test";
    private static final int CHAINED = 7;
    private static final long RELEASE = 4;
    private static final String DISCLOSURE = "5b1e0c7a-93d4-4f2e-8a61-0d2c3b4a5f60";
    private static final long CHECKPOINTED = 5;

    @TempDir
    Path dir;

    private final SchemaOfItsOwn database = new SchemaOfItsOwn(SCHEMA);
    private Flyway flyway;

    @BeforeEach
    void databaseOfThePreviousVersion() throws SQLException {
        flyway = database.flyway("8");
        flyway.clean();
        flyway.migrate();
        try (Connection c = connect()) {
            String previous = ChainHash.GENESIS;
            Instant time = Instant.parse("2026-06-01T08:00:00.123Z");
            for (long seq = 1; seq <= CHAINED; seq++) {
                boolean release = seq == RELEASE;
                ChainedEntry entry = new ChainedEntry(seq, time.plusSeconds(seq).toEpochMilli(), "subject-" + seq,
                        release ? "service-account-partner-tax-bureau" : "servant1", release ? "partner-tax-bureau" : "backoffice",
                        release ? "share.release" : "signature.create", release ? "disclosure" : "signature",
                        release ? DISCLOSURE : UUID.randomUUID().toString(), "ab".repeat(32),
                        release ? "released" : "signed; acr 2 at 2026-06-01T08:00:00Z", previous, null);
                String hash = entry.computeHash(previous);
                try (PreparedStatement insert = c.prepareStatement("insert into audit_entry (seq, occurred_at, actor_subject, "
                        + "actor_username, actor_client, action, object_type, object_id, document_digest, outcome, prev_hash, hash) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setLong(1, seq);
                    insert.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(entry.timeMillis()), ZoneOffset.UTC));
                    insert.setString(3, entry.actorSubject());
                    insert.setString(4, entry.actorUsername());
                    insert.setString(5, entry.actorClient());
                    insert.setString(6, entry.action());
                    insert.setString(7, entry.objectType());
                    insert.setString(8, entry.objectId());
                    insert.setString(9, entry.documentDigest());
                    insert.setString(10, entry.outcome());
                    insert.setString(11, previous);
                    insert.setString(12, hash);
                    insert.executeUpdate();
                }
                previous = hash;
            }
            try (PreparedStatement disclosure = c.prepareStatement("insert into disclosure (id, subject_key, recipient, dataset, "
                    + "purpose, legal_basis, case_reference, policy_ref, fields_released, fields_withheld, released_at) values "
                    + "(?, 'hmac', 'partner-tax-bureau', 'business-licence', 'tax-registration', 'law', 'TAX-1', 'p@1', '[]', '[]', ?)")) {
                disclosure.setString(1, DISCLOSURE);
                disclosure.setObject(2, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
                disclosure.executeUpdate();
            }
            try (PreparedStatement head = c.prepareStatement("update audit_head set last_seq = ?, last_hash = ?")) {
                head.setLong(1, CHAINED);
                head.setString(2, previous);
                head.executeUpdate();
            }
            checkpoint(c, CHECKPOINTED);
        }
    }

    /** The dev CA as the previous versions used it, without their register. */
    private static CertificateAuthority devCa() {
        KeyStoreCustody pki = KeyStoreCustody.pkcs12(Path.of("certs-dev/dev-pki.p12"), "sealgate-dev".toCharArray(), true);
        return CertificateAuthority.standalone(pki, new CertificateRegister() {
            @Override
            public void add(dev.sealgate.pki.IssuedCertificate issued) {
                // the previous version's register is not part of this test
            }
        }, "root-ca", "http://localhost:8080");
    }

    /** A checkpoint over the chain's head at {@code seq}, sealed as the previous version sealed them. */
    private void checkpoint(Connection c, long seq) throws SQLException {
        String headHash;
        try (PreparedStatement select = c.prepareStatement("select hash from audit_entry where seq = ?")) {
            select.setLong(1, seq);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                headHash = row.getString(1);
            }
        }
        CertificateAuthority ca = devCa();
        KeyStoreCustody signers = KeyStoreCustody.pkcs12(dir.resolve("signers.p12"), "migration".toCharArray(), false);
        PublicKey key = signers.generate("audit-log", KeyAlgorithm.EC_P256);
        List<X509Certificate> chain = new ArrayList<>();
        // the previous version certified the audit key as it certified any document signer: no usage of its own
        chain.add(ca.issueSealMaker("CN=SealGate Audit Log,O=SealGate Development,C=CN", key, "audit-log"));
        try {
            Files.writeString(dir.resolve("legacy-log-key.pem"), dev.sealgate.crypto.Pem.encode(List.of(chain.get(0))));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        chain.addAll(ca.caChain());
        signers.installChain("audit-log", chain);
        CheckpointSeals.Seal seal = CheckpointSeals.seal(ChainedEntry.checkpointStatement(seq, headHash),
                new SignerKey(signers, "audit-log", signers.chain("audit-log"), SignatureScheme.forKey(key)), ca::timestamp);
        try (PreparedStatement insert = c.prepareStatement("insert into audit_checkpoint (seq, head_hash, created_at, signature, "
                + "time_stamp) values (?, ?, ?, ?, ?)")) {
            insert.setLong(1, seq);
            insert.setString(2, headHash);
            insert.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
            insert.setString(4, Base64.getEncoder().encodeToString(seal.signature()));
            insert.setString(5, Base64.getEncoder().encodeToString(seal.timeStamp()));
            insert.executeUpdate();
        }
    }

    /**
     * History rewritten behind the checkpoint by someone with write access to the previous version's
     * database: entry {@code seq}'s outcome changed and every later link recomputed, so the chain is
     * whole again, only the checkpoint no longer matches.
     */
    private static void rewriteChainFrom(Connection c, long seq, String outcome) throws SQLException {
        List<ChainedEntry> chain = new ArrayList<>();
        try (ResultSet row = c.createStatement().executeQuery("select seq, occurred_at, actor_subject, actor_username, "
                + "actor_client, action, object_type, object_id, document_digest, outcome, prev_hash, hash from audit_entry order by seq")) {
            while (row.next()) {
                chain.add(new ChainedEntry(row.getLong(1), row.getObject(2, OffsetDateTime.class).toInstant().toEpochMilli(),
                        row.getString(3), row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                        row.getString(9), row.getString(10), row.getString(11), row.getString(12)));
            }
        }
        String previous = ChainHash.GENESIS;
        for (ChainedEntry entry : chain) {
            String newOutcome = entry.seq() == seq ? outcome : entry.outcome();
            ChainedEntry rewritten = new ChainedEntry(entry.seq(), entry.timeMillis(), entry.actorSubject(), entry.actorUsername(),
                    entry.actorClient(), entry.action(), entry.objectType(), entry.objectId(), entry.documentDigest(), newOutcome,
                    previous, null);
            String hash = rewritten.computeHash(previous);
            try (PreparedStatement update = c.prepareStatement("update audit_entry set outcome = ?, prev_hash = ?, hash = ? where seq = ?")) {
                update.setString(1, newOutcome);
                update.setString(2, previous);
                update.setString(3, hash);
                update.setLong(4, entry.seq());
                update.executeUpdate();
            }
            previous = hash;
        }
        try (PreparedStatement head = c.prepareStatement("update audit_head set last_hash = ?")) {
            head.setString(1, previous);
            head.executeUpdate();
        }
    }

    /** The offline check of the export, with the previous version's log key pinned (as GET /api/v1/audit/log-key lists it). */
    private String offlineLog(Connection c) throws SQLException, IOException {
        OfflineAudit.Offline said = OfflineAudit.log(c, dir, "--log-key", dir.resolve("legacy-log-key.pem").toString());
        return said.exitCode() + " " + said.output().strip();
    }

    private static void sequenceAll(Connection c) throws SQLException {
        while (batch(c, "instance-a").sequenced() > 0) {
            // batches of three until nothing is left
        }
    }

    @AfterEach
    void dropIt() {
        flyway.clean();
    }

    private Connection connect() throws SQLException {
        return database.connect();
    }

    private static SequencerBatch.Batch batch(Connection c, String holder) throws SQLException {
        c.setAutoCommit(false);
        try {
            SequencerBatch.Batch batch = new SequencerBatch(holder, Duration.ofSeconds(5), 3).run(c);
            c.commit();
            return batch;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void writeEntry(Connection c, String outcome) throws SQLException {
        LoggedEntry entry = new LoggedEntry(2, UUID.randomUUID().toString(), null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toEpochMilli(), null, "citizen1", "portal", "share.release",
                "disclosure", UUID.randomUUID().toString(), null, outcome, null, null, null);
        try (PreparedStatement insert = c.prepareStatement("insert into audit_entry (id, version, occurred_at, actor_username, "
                + "actor_client, action, object_type, object_id, outcome, leaf_hash) values (?, 2, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, entry.id());
            insert.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(entry.timeMillis()), ZoneOffset.UTC));
            insert.setString(3, entry.actorUsername());
            insert.setString(4, entry.actorClient());
            insert.setString(5, entry.action());
            insert.setString(6, entry.objectType());
            insert.setString(7, entry.objectId());
            insert.setString(8, entry.outcome());
            insert.setString(9, entry.computeLeafHash());
            insert.executeUpdate();
        }
    }

    private static List<LoggedEntry> sequenced(Connection c) throws SQLException {
        List<LoggedEntry> entries = new ArrayList<>();
        try (ResultSet row = c.createStatement().executeQuery("select version, id, seq, occurred_at, actor_subject, actor_username, "
                + "actor_client, action, object_type, object_id, document_digest, outcome, prev_hash, hash, leaf_hash, details_digest "
                + "from audit_entry where seq is not null order by seq")) {
            while (row.next()) {
                entries.add(new LoggedEntry(row.getInt(1), row.getString(2), row.getLong(3),
                        row.getObject(4, OffsetDateTime.class).toInstant().toEpochMilli(), row.getString(5), row.getString(6),
                        row.getString(7), row.getString(8), row.getString(9), row.getString(10), row.getString(11),
                        row.getString(12), row.getString(13), row.getString(14), row.getString(15), row.getString(16)));
            }
        }
        return entries;
    }

    /** An entry as this version writes one (leaf version 3, binding a details digest). */
    private static void writeVersion3Entry(Connection c, String detailsDigest) throws SQLException {
        LoggedEntry entry = new LoggedEntry(3, UUID.randomUUID().toString(), null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toEpochMilli(), null, "partner", "partner-tax-bureau", "share.release",
                "disclosure", UUID.randomUUID().toString(), "ef".repeat(32), "released", null, null, null, detailsDigest);
        try (PreparedStatement insert = c.prepareStatement("insert into audit_entry (id, version, occurred_at, actor_username, "
                + "actor_client, action, object_type, object_id, document_digest, outcome, leaf_hash, details_digest) "
                + "values (?, 3, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, entry.id());
            insert.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(entry.timeMillis()), ZoneOffset.UTC));
            insert.setString(3, entry.actorUsername());
            insert.setString(4, entry.actorClient());
            insert.setString(5, entry.action());
            insert.setString(6, entry.objectType());
            insert.setString(7, entry.objectId());
            insert.setString(8, entry.documentDigest());
            insert.setString(9, entry.outcome());
            insert.setString(10, entry.computeLeafHash());
            insert.setString(11, detailsDigest);
            insert.executeUpdate();
        }
    }

    /**
     * A tree head over the tree as it stands, signed as the tree's first version (schema V9) signed them: the
     * statement and CMS by a key certified for the log, the TSA's time-stamp, and no checkpoint note.
     */
    private void headAsTheFirstTreeVersionSignedIt(Connection c) throws SQLException, IOException {
        Map<String, String> nodes = nodes(c);
        TreeWalk walk = new TreeWalk((level, index) -> nodes.get(level + "/" + index));
        for (LoggedEntry entry : sequenced(c)) {
            assertNull(walk.next(entry));
        }
        CertificateAuthority ca = devCa();
        KeyStoreCustody signers = KeyStoreCustody.pkcs12(dir.resolve("tree-signers-" + UUID.randomUUID() + ".p12"), "migration".toCharArray(), false);
        PublicKey key = signers.generate("audit-log", KeyAlgorithm.EC_P256);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(ca.issueAuditSeal("CN=SealGate Audit Log,O=SealGate Development,C=CN", key, "audit-log"));
        chain.addAll(ca.caChain());
        signers.installChain("audit-log", chain);
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CheckpointSeals.Seal seal = CheckpointSeals.seal(dev.sealgate.audit.SignedTreeHead.statement(walk.size(), walk.rootHex(),
                created.toEpochMilli()), new SignerKey(signers, "audit-log", signers.chain("audit-log"), SignatureScheme.forKey(key)),
                ca::timestamp);
        try (PreparedStatement insert = c.prepareStatement("insert into audit_tree_head (tree_size, root_hash, created_at, signature, "
                + "time_stamp) values (?, ?, ?, ?, ?)")) {
            insert.setLong(1, walk.size());
            insert.setString(2, walk.rootHex());
            insert.setObject(3, OffsetDateTime.ofInstant(created, ZoneOffset.UTC));
            insert.setString(4, Base64.getEncoder().encodeToString(seal.signature()));
            insert.setString(5, Base64.getEncoder().encodeToString(seal.timeStamp()));
            insert.executeUpdate();
        }
    }

    /**
     * A log of the tree's first version (schema V9: version 2 entries written, heads without checkpoints)
     * migrated to this one: everything stays verifiable, offline too, new
     * entries are version 3, and a version 3 entry's details digest edited in the database breaks it.
     */
    @Test
    void aLogOfTheTreesFirstVersionStaysVerifiableWhenEntriesStartBindingDetails() throws SQLException, IOException {
        flyway = Flyway.configure().configuration(flyway.getConfiguration()).target("9").load();
        flyway.migrate();
        try (Connection c = connect()) {
            writeEntry(c, "released");
            writeEntry(c, "released");
        }
        flyway = Flyway.configure().configuration(flyway.getConfiguration()).target("latest").load();
        flyway.migrate();
        try (Connection c = connect()) {
            // numbered as that version numbered them (the sequencer's batches are unchanged since), and a head signed as it did
            sequenceAll(c);
            headAsTheFirstTreeVersionSignedIt(c);
            assertEquals(0, count(c, "select count(*) from audit_entry where details_digest is not null"));
            assertEquals(1, count(c, "select count(*) from audit_tree_head where origin is null and note_signature is null"));
            String before = offlineLog(c);
            assertTrue(before.startsWith("0 INTACT: " + (CHAINED + 2) + " entries, 1 tree heads, 1 chain checkpoints"), before);

            writeVersion3Entry(c, "12".repeat(32));
            sequenceAll(c);
            headAsTheFirstTreeVersionSignedIt(c);
            String after = offlineLog(c);
            assertTrue(after.startsWith("0 INTACT: " + (CHAINED + 3) + " entries, 2 tree heads, 1 chain checkpoints"), after);

            c.createStatement().executeUpdate("update audit_entry set details_digest = '" + "34".repeat(32) + "' where version = 3");
            String edited = offlineLog(c);
            assertTrue(edited.startsWith("1 BROKEN at entry " + (CHAINED + 3) + ": HASH_MISMATCH"), edited);
        }
    }

    private static long count(Connection c, String query) throws SQLException {
        try (ResultSet row = c.createStatement().executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static Map<String, String> nodes(Connection c) throws SQLException {
        Map<String, String> nodes = new HashMap<>();
        try (ResultSet row = c.createStatement().executeQuery("select level, idx, hash from audit_node")) {
            while (row.next()) {
                nodes.put(row.getInt(1) + "/" + row.getLong(2), row.getString(3));
            }
        }
        return nodes;
    }

    @Test
    void theChainBecomesTheTreesFirstLeavesAndStaysVerifiableLinkByLink() throws SQLException, IOException {
        flyway = Flyway.configure().configuration(flyway.getConfiguration()).target("latest").load();
        flyway.migrate();
        try (Connection c = connect()) {
            assertEquals(CHAINED, count(c, "select count(*) from audit_entry where version = 1 and id = 'v1-' || seq and leaf_hash is null"));
            assertEquals(0, count(c, "select tree_size from audit_sequencer"));
            try (ResultSet row = c.createStatement().executeQuery("select audit_entry_id from disclosure")) {
                row.next();
                assertEquals("v1-" + RELEASE, row.getString(1), "a release made before names its audit entry");
            }
            writeEntry(c, "released");
            writeEntry(c, "released");

            long sequenced = 0;
            SequencerBatch.Batch batch;
            do {
                batch = batch(c, "instance-a");
                assertTrue(batch.holder());
                sequenced += batch.sequenced();
            } while (batch.sequenced() > 0);
            assertEquals(CHAINED + 2, sequenced);
            assertEquals(CHAINED + 2, batch.treeSize());

            List<LoggedEntry> entries = sequenced(c);
            assertEquals(CHAINED + 2, entries.size());
            for (int i = 0; i < CHAINED; i++) {
                assertEquals(1, entries.get(i).version(), "the chain comes first, in its order");
                assertEquals(i + 1, entries.get(i).seq());
            }
            Map<String, String> nodes = nodes(c);
            TreeWalk walk = new TreeWalk((level, index) -> nodes.get(level + "/" + index));
            for (LoggedEntry entry : entries) {
                assertNull(walk.next(entry), () -> "entry " + entry.seq());
            }
            assertNull(walk.end(CHAINED + 2, 0));
            assertEquals(CHAINED, walk.chain().count(), "every link of the old chain verified");
            List<byte[]> leaves = entries.stream().map(e -> HexFormat.of().parseHex(e.computeLeafHash())).toList();
            assertEquals(HexFormat.of().formatHex(MerkleTree.root(leaves)), walk.rootHex());

            String offline = offlineLog(c);
            assertTrue(offline.startsWith("0 INTACT: " + (CHAINED + 2) + " entries, 0 tree heads, 1 chain checkpoints, root "
                    + walk.rootHex() + ", stored tree matches"), offline);
            // without the pin, a checkpoint by a key certified like any document signer's is not the log's
            OfflineAudit.Offline unpinned = OfflineAudit.log(c, dir);
            assertTrue(unpinned.exitCode() == 1 && unpinned.output().contains("CHECKPOINT_SIGNATURE")
                    && unpinned.output().contains("not the audit log"), unpinned.output());

            c.createStatement().executeUpdate("update audit_checkpoint set head_hash = '" + "cd".repeat(32) + "'");
            offline = offlineLog(c);
            assertTrue(offline.startsWith("1 BROKEN at entry " + CHECKPOINTED + ": CHECKPOINT_"), offline);
        }
    }

    @Test
    void historyRewrittenBeforeTheMigrationBehindAChainCheckpointIsFoundAfterIt() throws SQLException, IOException {
        try (Connection c = connect()) {
            rewriteChainFrom(c, 2, "signed; nothing to see");
        }
        flyway = Flyway.configure().configuration(flyway.getConfiguration()).target("latest").load();
        flyway.migrate();
        try (Connection c = connect()) {
            sequenceAll(c);
            assertEquals(CHAINED, count(c, "select tree_size from audit_sequencer"), "the rewritten chain is whole link by link");
            String offline = offlineLog(c);
            assertTrue(offline.startsWith("1 BROKEN at entry " + CHECKPOINTED + ": CHECKPOINT_MISMATCH"), offline);
        }
    }

    @Test
    void oneHolderAtATimeTakeoverAfterTheLeaseAndABatchCutShortLeavesNothing() throws SQLException {
        flyway = Flyway.configure().configuration(flyway.getConfiguration()).target("latest").load();
        flyway.migrate();
        try (Connection a = connect(); Connection b = connect()) {
            assertTrue(batch(a, "instance-a").holder());
            assertFalse(batch(b, "instance-b").holder(), "the lease is held");
            while (batch(a, "instance-a").sequenced() > 0) {
                // the chain is adopted
            }
            writeEntry(a, "first");
            writeEntry(a, "second");

            // instance a dies in the middle of its batch: the transaction never commits
            a.setAutoCommit(false);
            SequencerBatch.Batch cut = new SequencerBatch("instance-a", Duration.ofSeconds(5), 10).run(a);
            assertEquals(2, cut.sequenced());
            a.rollback();
            a.setAutoCommit(true);
            assertEquals(2, count(b, "select count(*) from audit_entry where seq is null"));
            assertEquals(CHAINED, count(b, "select tree_size from audit_sequencer"));
            assertEquals(0, count(b, "select count(*) from audit_node where level = 1 and idx >= " + CHAINED / 2));

            assertFalse(batch(b, "instance-b").holder(), "until the lease runs out");
            b.createStatement().executeUpdate("update audit_sequencer set lease_until = current_timestamp - interval '1' second");
            SequencerBatch.Batch taken = batch(b, "instance-b");
            assertTrue(taken.holder());
            assertEquals(2, taken.sequenced());
            assertEquals(CHAINED + 2, taken.treeSize());
            assertFalse(batch(a, "instance-a").holder(), "the old holder cannot sequence once the lease moved");

            assertEquals(0, count(b, "select count(*) from audit_entry where seq is null"));
            assertEquals(CHAINED + 2, count(b, "select count(distinct seq) from audit_entry"));
            Map<String, String> nodes = nodes(b);
            TreeWalk walk = new TreeWalk((level, index) -> nodes.get(level + "/" + index));
            for (LoggedEntry entry : sequenced(b)) {
                assertNull(walk.next(entry));
            }
        }
    }

    @Test
    void aMissingChainedEntryStopsTheTreeBeforeIt() throws SQLException {
        try (Connection c = connect()) {
            c.createStatement().executeUpdate("delete from audit_entry where seq = 3");
        }
        flyway = Flyway.configure().configuration(flyway.getConfiguration()).target("latest").load();
        flyway.migrate();
        try (Connection c = connect()) {
            assertEquals(2, batch(c, "instance-a").treeSize(), "the entries before the gap are adopted");
            IllegalStateException stopped = assertThrows(IllegalStateException.class, () -> batch(c, "instance-a"));
            assertTrue(stopped.getMessage().contains("chained audit entry 3 is missing"), stopped.getMessage());
            assertEquals(2, count(c, "select tree_size from audit_sequencer"));
        }
    }
}
