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

    @Inject
    jakarta.enterprise.inject.Instance<KeptDetails> keptDetails;

    /** At most this many rows kept beside the log are named in one answer. */
    static final int MAX_FINDINGS = 100;

    @Schema(description = "The result of recomputing the audit log")
    public record Verification(
            @Schema(description = "Whether every entry, subtree, tree head and checkpoint verified") boolean intact,
            @Schema(description = "Sequenced entries verified") long entries,
            @Schema(description = "Entries written but not sequenced yet (they join the tree within seconds)") long pending,
            @Schema(description = "Signed tree heads verified") long treeHeads,
            @Schema(description = "Checkpoints of the hash chain written before the tree, verified") long checkpoints,
            @Schema(description = "The tree the log was verified up to") Tree tree,
            @Schema(description = "The first break, when not intact") ChainBreak broken,
            @Schema(description = "Rows kept beside the log (a citizen's disclosures) checked against the entries that bind them") long detailsChecked,
            @Schema(description = "Such rows that were changed after they were logged, have no entry, or whose entry outlived them "
                    + "(at most " + MAX_FINDINGS + ")") List<KeptDetails.Finding> detailsNotMatching) {
    }

    @Schema(description = "The audit tree's size and root")
    public record Tree(long size, String rootHash) {
    }

    @Transactional
    public Verification verify() {
        List<X509Certificate> anchors = List.of(ca.root());
        // the log's own keys as the register knows them: heads signed before the log had an identity of its own stay verifiable
        java.util.function.Predicate<X509Certificate> pins = ca.auditLogCertificates()::contains;
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
        HeadsDue due = new HeadsDue(anchors, pins);
        ChainBreak broken = null;
        long after = -1;
        while (broken == null && after < recorded) {
            long from = after + 1;
            long upTo = Math.min(recorded, Math.max(after, 0) + BATCH);
            List<AuditEntry> batch = em.createQuery("from AuditEntry e where e.seq >= :from and e.seq <= :upTo order by e.seq",
                    AuditEntry.class).setParameter("from", from).setParameter("upTo", upTo).getResultList();
            loadNodes(nodes, Math.max(after, 0), upTo);
            due.load(em.createQuery("from AuditTreeHead h where h.treeSize >= :from and h.treeSize <= :upTo order by h.treeSize, h.id",
                    AuditTreeHead.class).setParameter("from", from).setParameter("upTo", upTo).getResultList());
            broken = due.check(walk);
            for (int i = 0; broken == null && i < batch.size(); i++) {
                AuditEntry entry = batch.get(i);
                broken = walk.next(entry.logged());
                if (broken == null && entry.version == 1 && chainCheckpoints.containsKey(entry.seq)) {
                    chainHashes.put(entry.seq, entry.hash);
                }
                broken = broken != null ? broken : due.check(walk);
            }
            after = upTo;
            nodes.clear();
            em.clear();
        }
        if (broken == null) {
            broken = walk.end(recorded, largestHead);
        }
        long checkpoints = 0;
        for (List<AuditCheckpoint> at : chainCheckpoints.values()) {
            for (AuditCheckpoint checkpoint : at) {
                if (broken == null) {
                    broken = ChainWalk.checkpoint(checkpoint.seq, checkpoint.headHash, chainHashes.get(checkpoint.seq),
                            ChainedEntry.checkpointSealProblem(checkpoint.seq, checkpoint.headHash, checkpoint.signature,
                                    checkpoint.timeStamp, anchors, pins));
                    checkpoints++;
                }
            }
        }
        long detailsChecked = 0;
        List<KeptDetails.Finding> findings = new ArrayList<>();
        for (KeptDetails details : keptDetails) {
            KeptDetails.Result result = details.check(MAX_FINDINGS - findings.size());
            detailsChecked += result.checked();
            findings.addAll(result.findings());
        }
        return new Verification(broken == null && findings.isEmpty(), walk.size(), pending, due.checked,
                broken == null ? checkpoints : 0, new Tree(walk.size(), walk.rootHex()), broken, detailsChecked, findings);
    }

    /** The signed heads of one batch, in size order, checked as the walk reaches their size. */
    private static final class HeadsDue {
        private final List<X509Certificate> anchors;
        private final java.util.function.Predicate<X509Certificate> pins;
        private List<AuditTreeHead> heads = List.of();
        private int next;
        private long checked;

        HeadsDue(List<X509Certificate> anchors, java.util.function.Predicate<X509Certificate> pins) {
            this.anchors = anchors;
            this.pins = pins;
        }

        void load(List<AuditTreeHead> batch) {
            heads = batch;
            next = 0;
        }

        ChainBreak check(TreeWalk walk) {
            while (next < heads.size() && heads.get(next).treeSize == walk.size()) {
                AuditTreeHead head = heads.get(next++);
                checked++;
                ChainBreak broken = walk.head(head.treeSize, head.rootHash, head.signed().sealProblem(anchors, pins));
                if (broken != null) {
                    return broken;
                }
            }
            return null;
        }
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
