package dev.sealgate.checkpoint;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.sealgate.audit.AuditEntry;
import dev.sealgate.audit.ChainBreak;
import dev.sealgate.audit.ChainWalk;
import dev.sealgate.audit.ChainedEntry;
import dev.sealgate.audit.TreeWalk;
import dev.sealgate.formats.cades.CheckpointSeals;
import dev.sealgate.pki.CertificateAuthority;

/**
 * Recomputes the audit tree from its first entry up to the size the sequencer had committed when
 * it starts, in batches (memory does not grow with the log): every entry's leaf hash from its
 * fields, the chained entries' links, every stored subtree, every signed tree head's signature,
 * time-stamp and root at its size, and the chain's own checkpoints.
 */
@ApplicationScoped
public class AuditVerifier {

    private static final int BATCH = 500;

    @Inject
    EntityManager em;

    @Inject
    CertificateAuthority ca;

    @Inject
    TreeHeads heads;

    @Schema(description = "The result of recomputing the audit log")
    public record Verification(
            @Schema(description = "Whether every entry, subtree, tree head and checkpoint verified") boolean intact,
            @Schema(description = "Sequenced entries verified") long entries,
            @Schema(description = "Entries written but not sequenced yet (they join the tree within seconds)") long pending,
            @Schema(description = "Signed tree heads verified") long treeHeads,
            @Schema(description = "Checkpoints of the hash chain written before the tree, verified") long checkpoints,
            @Schema(description = "The tree the log was verified up to") Tree tree,
            @Schema(description = "The first break, when not intact") ChainBreak broken) {
    }

    @Schema(description = "The audit tree's size and root")
    public record Tree(long size, String rootHash) {
    }

    @Transactional
    public Verification verify() {
        List<X509Certificate> anchors = List.of(ca.root());
        Number largest = (Number) em.createQuery("select max(h.treeSize) from AuditTreeHead h").getSingleResult();
        long largestHead = largest == null ? 0 : largest.longValue();
        long recorded = heads.treeSize();
        long pending = em.createQuery("select count(e) from AuditEntry e where e.seq is null", Long.class).getSingleResult();
        Map<Long, List<AuditCheckpoint>> chainCheckpoints = new HashMap<>();
        for (AuditCheckpoint checkpoint : AuditCheckpoint.<AuditCheckpoint>listAll()) {
            chainCheckpoints.computeIfAbsent(checkpoint.seq, seq -> new ArrayList<>()).add(checkpoint);
        }
        Map<Long, String> chainHashes = new HashMap<>();
        Map<String, String> nodes = new HashMap<>();
        TreeWalk walk = new TreeWalk((level, index) -> nodes.get(level + "/" + index));
        long[] headsChecked = { 0 };
        ChainBreak broken = emptyTreeHeads(walk, anchors, headsChecked);
        long after = 0;
        while (broken == null && after < recorded) {
            long upTo = Math.min(recorded, after + BATCH);
            List<AuditEntry> batch = em.createQuery("from AuditEntry e where e.seq > :after and e.seq <= :upTo order by e.seq",
                    AuditEntry.class).setParameter("after", after).setParameter("upTo", upTo).getResultList();
            loadNodes(nodes, after, upTo);
            List<AuditTreeHead> due = em.createQuery("from AuditTreeHead h where h.treeSize > :after and h.treeSize <= :upTo "
                    + "order by h.treeSize, h.id", AuditTreeHead.class).setParameter("after", after).setParameter("upTo", upTo)
                    .getResultList();
            int nextHead = 0;
            for (AuditEntry entry : batch) {
                broken = walk.next(entry.logged());
                if (broken != null) {
                    break;
                }
                if (entry.version == 1 && chainCheckpoints.containsKey(entry.seq)) {
                    chainHashes.put(entry.seq, entry.hash);
                }
                while (broken == null && nextHead < due.size() && due.get(nextHead).treeSize == walk.size()) {
                    AuditTreeHead head = due.get(nextHead++);
                    broken = walk.head(head.treeSize, head.rootHash, head.signed().sealProblem(anchors));
                    headsChecked[0]++;
                }
                if (broken != null) {
                    break;
                }
            }
            after = upTo;
            nodes.clear();
            em.clear();
        }
        if (broken == null) {
            broken = walk.end(recorded, largestHead);
        }
        long checkpoints = 0;
        for (Map.Entry<Long, List<AuditCheckpoint>> at : chainCheckpoints.entrySet()) {
            for (AuditCheckpoint checkpoint : at.getValue()) {
                if (broken != null) {
                    break;
                }
                String problem = CheckpointSeals.check(ChainedEntry.checkpointStatement(checkpoint.seq, checkpoint.headHash),
                        java.util.Base64.getDecoder().decode(checkpoint.signature),
                        java.util.Base64.getDecoder().decode(checkpoint.timeStamp), anchors);
                broken = ChainWalk.checkpoint(checkpoint.seq, checkpoint.headHash, chainHashes.get(checkpoint.seq), problem);
                checkpoints++;
            }
        }
        return new Verification(broken == null, walk.size(), pending, headsChecked[0], broken == null ? checkpoints : 0,
                new Tree(walk.size(), walk.rootHex()), broken);
    }

    /** Heads of size 0 (signed before the first entry). */
    private ChainBreak emptyTreeHeads(TreeWalk walk, List<X509Certificate> anchors, long[] checked) {
        for (AuditTreeHead head : em.createQuery("from AuditTreeHead h where h.treeSize = 0", AuditTreeHead.class).getResultList()) {
            ChainBreak broken = walk.head(0, head.rootHash, head.signed().sealProblem(anchors));
            checked[0]++;
            if (broken != null) {
                return broken;
            }
        }
        return null;
    }

    /** The stored subtrees that entries {@code (after, upTo]} close, keyed {@code level/index}. */
    private void loadNodes(Map<String, String> nodes, long after, long upTo) {
        for (int level = 1; level < 63 && (upTo >> level) > 0; level++) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select level, idx, hash from audit_node where level = ?1 and idx >= ?2 "
                    + "and idx < ?3").setParameter(1, level).setParameter(2, after >> level).setParameter(3, (upTo >> level) + 1)
                    .getResultList();
            for (Object[] row : rows) {
                nodes.put(((Number) row[0]).intValue() + "/" + ((Number) row[1]).longValue(), (String) row[2]);
            }
        }
    }
}
