package dev.sealgate.checkpoint;

import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.sealgate.audit.AuditEntry;
import dev.sealgate.audit.AuditHead;
import dev.sealgate.audit.ChainBreak;
import dev.sealgate.audit.ChainWalk;
import dev.sealgate.audit.ChainedEntry;
import dev.sealgate.formats.cades.CheckpointSeals;
import dev.sealgate.pki.CertificateAuthority;

/**
 * Recomputes the audit chain from its first entry up to the head as committed when it starts, in
 * batches (memory does not grow with the log), then checks every checkpoint's signature,
 * time-stamp and hash against the verified chain.
 */
@ApplicationScoped
public class AuditVerifier {

    private static final int BATCH = 500;

    @Inject
    EntityManager em;

    @Inject
    CertificateAuthority ca;

    @Schema(description = "The result of recomputing the audit chain")
    public record Verification(
            @Schema(description = "Whether every entry and checkpoint verified") boolean intact,
            @Schema(description = "Entries verified") long entries,
            @Schema(description = "Checkpoints verified") long checkpoints,
            @Schema(description = "The head the chain was verified up to") Head head,
            @Schema(description = "The first break, when not intact") ChainBreak broken) {
    }

    @Schema(description = "The chain's last entry")
    public record Head(long seq, String hash) {
    }

    @Transactional
    public Verification verify() {
        AuditHead current = em.find(AuditHead.class, AuditHead.ID);
        Head head = new Head(current.lastSeq, current.lastHash);
        ChainWalk walk = new ChainWalk();
        ChainBreak broken = walkEntries(walk, head);
        if (broken == null) {
            broken = walk.end(head.seq(), head.hash());
        }
        long checkpoints = 0;
        List<X509Certificate> anchors = List.of(ca.root());
        long afterId = 0;
        while (broken == null) {
            List<AuditCheckpoint> batch = em.createQuery(
                    "from AuditCheckpoint c where c.seq <= :head and c.id > :after order by c.id", AuditCheckpoint.class)
                    .setParameter("head", head.seq()).setParameter("after", afterId).setMaxResults(BATCH).getResultList();
            if (batch.isEmpty()) {
                break;
            }
            for (AuditCheckpoint checkpoint : batch) {
                AuditEntry at = checkpoint.seq == 0 ? null : em.find(AuditEntry.class, checkpoint.seq);
                broken = ChainWalk.checkpoint(checkpoint.seq, checkpoint.headHash, at == null ? null : at.hash,
                        sealProblem(checkpoint, anchors));
                if (broken != null) {
                    break;
                }
                checkpoints++;
                afterId = checkpoint.id;
            }
            em.clear();
        }
        return new Verification(broken == null, walk.count(), checkpoints, head, broken);
    }

    private ChainBreak walkEntries(ChainWalk walk, Head head) {
        long after = 0;
        while (true) {
            List<AuditEntry> batch = em.createQuery("from AuditEntry e where e.seq > :after and e.seq <= :head order by e.seq",
                    AuditEntry.class).setParameter("after", after).setParameter("head", head.seq()).setMaxResults(BATCH)
                    .getResultList();
            if (batch.isEmpty()) {
                return null;
            }
            for (AuditEntry entry : batch) {
                ChainBreak broken = walk.next(entry.chained());
                if (broken != null) {
                    return broken;
                }
                after = entry.seq;
            }
            em.clear();
        }
    }

    private static String sealProblem(AuditCheckpoint checkpoint, List<X509Certificate> anchors) {
        try {
            return CheckpointSeals.check(ChainedEntry.checkpointStatement(checkpoint.seq, checkpoint.headHash),
                    Base64.getDecoder().decode(checkpoint.signature), Base64.getDecoder().decode(checkpoint.timeStamp), anchors);
        } catch (IllegalArgumentException e) {
            return "the stored signature or time-stamp is not base64";
        }
    }
}
