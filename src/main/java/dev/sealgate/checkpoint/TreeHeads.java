package dev.sealgate.checkpoint;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.sealgate.audit.CheckpointNote;
import dev.sealgate.audit.CheckpointSeals;
import dev.sealgate.audit.SignedTreeHead;
import dev.sealgate.audit.merkle.TreeStore;
import dev.sealgate.crypto.NoteSignatures;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.pki.CertificateAuthority;

/**
 * Signed tree heads and proofs over the stored audit tree. A head can be signed by any instance: it
 * covers the tree as the sequencer last committed it.
 */
@ApplicationScoped
public class TreeHeads {

    private static final Logger LOG = Logger.getLogger(TreeHeads.class);
    private static final HexFormat HEX = HexFormat.of();

    @Inject
    EntityManager em;

    @Inject
    AuditKey key;

    @Inject
    CertificateAuthority ca;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "sealgate.audit.origin")
    String origin;

    /** The origin line of the log's checkpoints. */
    public String origin() {
        return origin;
    }

    /** Signs and time-stamps the head of the tree as committed now. */
    public AuditTreeHead sign() {
        return QuarkusTransaction.requiringNew().call(() -> {
            long size = treeSize();
            AuditTreeHead head = new AuditTreeHead();
            head.treeSize = size;
            head.rootHash = HEX.formatHex(withTree(size, tree -> tree.root(size)));
            head.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            SignerKey logKey = key.current();
            CheckpointSeals.Seal seal = CheckpointSeals.seal(SignedTreeHead.statement(size, head.rootHash, head.createdAt.toEpochMilli()),
                    logKey, ca::timestamp);
            head.signature = Base64.getEncoder().encodeToString(seal.signature());
            head.timeStamp = Base64.getEncoder().encodeToString(seal.timeStamp());
            // the same head as a C2SP checkpoint, for witnesses and transparency-log tooling: signed by the same key
            head.origin = origin;
            head.noteSignature = Base64.getEncoder().encodeToString(
                    NoteSignatures.signAsLog(logKey, CheckpointNote.text(origin, size, head.rootHash)));
            head.persist();
            LOG.debugf("Audit tree head at %d entries", size);
            return head;
        });
    }

    /** The inclusion proof of leaf {@code index} in the tree of {@code treeSize} leaves, in the caller's transaction. */
    public List<String> inclusion(long index, long treeSize) {
        return hex(withTree(treeSize, tree -> tree.inclusionProof(index, treeSize)));
    }

    /** The consistency proof between the trees of {@code first} and {@code second} leaves, in the caller's transaction. */
    public List<String> consistency(long first, long second) {
        return hex(withTree(second, tree -> tree.consistencyProof(first, second)));
    }

    private <T> T withTree(long size, Function<TreeStore, T> use) {
        return em.unwrap(Session.class).doReturningWork(connection -> use.apply(new TreeStore(new StoredNodes(connection), size)));
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    /** The tree size the sequencer has committed, in the caller's transaction. */
    public long treeSize() {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select tree_size from audit_sequencer where id = 1");
                    ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }
}
