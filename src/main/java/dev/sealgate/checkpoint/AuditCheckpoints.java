package dev.sealgate.checkpoint;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.sealgate.audit.AuditHead;
import dev.sealgate.audit.ChainedEntry;
import dev.sealgate.formats.cades.CheckpointSeals;
import dev.sealgate.pki.CertificateAuthority;
import io.quarkus.scheduler.Scheduled;

/**
 * Signs the chain's head with the audit key and has SealGate's TSA time-stamp it, so that nobody
 * with write access to the database can rewrite history behind a checkpoint unseen. Runs every
 * {@code sealgate.audit.checkpoint-interval} and on an auditor's demand.
 */
@ApplicationScoped
public class AuditCheckpoints {

    private static final Logger LOG = Logger.getLogger(AuditCheckpoints.class);

    @Inject
    EntityManager em;

    @Inject
    AuditKey key;

    @Inject
    CertificateAuthority ca;

    @Scheduled(every = "${sealgate.audit.checkpoint-interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void periodic() {
        AuditCheckpoint last = AuditCheckpoint.latest();
        AuditHead head = em.find(AuditHead.class, AuditHead.ID);
        if (last == null || last.seq != head.lastSeq) {
            AuditCheckpoint made = checkpoint();
            LOG.infof("Audit checkpoint at entry %d", made.seq);
        }
    }

    /** A checkpoint of the head as committed now (entries being appended are in the next one). */
    @Transactional
    public AuditCheckpoint checkpoint() {
        AuditHead head = em.find(AuditHead.class, AuditHead.ID);
        CheckpointSeals.Seal seal = CheckpointSeals.seal(ChainedEntry.checkpointStatement(head.lastSeq, head.lastHash),
                key.current(), ca::timestamp);
        AuditCheckpoint checkpoint = new AuditCheckpoint();
        checkpoint.seq = head.lastSeq;
        checkpoint.headHash = head.lastHash;
        checkpoint.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        checkpoint.signature = Base64.getEncoder().encodeToString(seal.signature());
        checkpoint.timeStamp = Base64.getEncoder().encodeToString(seal.timeStamp());
        checkpoint.persist();
        return checkpoint;
    }
}
