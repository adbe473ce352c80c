package dev.sealgate.checkpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Gives audit entries their place in the audit tree. Every instance runs one sequencer thread; the
 * one holding the lease in {@code audit_sequencer} (taken when free or expired, renewed by every
 * batch) numbers the committed entries that have none, in batches: in one transaction it renews the
 * lease (which locks the row, so two batches never overlap, and one whose lease was taken over
 * cannot commit), gives the next entries consecutive sequence numbers ({@code where seq is null}, so
 * none is numbered twice), stores the complete subtrees they close, and records the tree's new size.
 * A batch cut short by a crash rolls back whole and is done again by the next holder. When the tree
 * has grown, it signs a tree head every {@code sealgate.audit.tree-head.interval} or every
 * {@code sealgate.audit.tree-head.entries} entries.
 *
 * <p>The chain written before the tree (entries of version 1, numbered already) is adopted first, in
 * its own order.
 */
@ApplicationScoped
public class AuditSequencer {

    private static final Logger LOG = Logger.getLogger(AuditSequencer.class);

    @Inject
    EntityManager em;

    @Inject
    TreeHeads heads;

    @ConfigProperty(name = "sealgate.audit.sequencer.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "sealgate.audit.sequencer.batch-size", defaultValue = "1000")
    int batchSize;

    @ConfigProperty(name = "sealgate.audit.sequencer.poll", defaultValue = "PT0.2S")
    Duration poll;

    @ConfigProperty(name = "sealgate.audit.sequencer.lease", defaultValue = "PT5S")
    Duration lease;

    @ConfigProperty(name = "sealgate.audit.tree-head.interval", defaultValue = "PT1S")
    Duration headInterval;

    @ConfigProperty(name = "sealgate.audit.tree-head.entries", defaultValue = "1000")
    long headEntries;

    private final String me = "sealgate-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private volatile boolean running;
    private volatile boolean holding;
    private Thread thread;
    private long lastHeadSize = -1;
    private Instant lastHeadAt = Instant.EPOCH;

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.info("Audit sequencer disabled on this instance (sealgate.audit.sequencer.enabled=false)");
            return;
        }
        running = true;
        thread = new Thread(this::loop, "audit-sequencer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(5000);
            if (holding) {
                QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update audit_sequencer set holder = null, lease_until = null where id = 1 and holder = ?1")
                        .setParameter(1, me).executeUpdate());
                LOG.info("Audit sequencer lease released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("Audit sequencer lease not released (it expires by itself): %s", e.getMessage());
        }
    }

    private void loop() {
        while (running) {
            Duration pause = poll;
            try {
                SequencerBatch.Batch batch = batch();
                if (batch.holder() != holding) {
                    LOG.infof(batch.holder() ? "Audit sequencer: this instance (%s) now sequences the audit log at %d entries"
                            : "Audit sequencer: this instance (%s) no longer sequences (lease held elsewhere at %d entries)", me,
                            batch.treeSize());
                    holding = batch.holder();
                    lastHeadSize = -1;
                }
                if (batch.holder()) {
                    headIfDue(batch.treeSize());
                    if (batch.sequenced() == batchSize) {
                        pause = Duration.ZERO;
                    }
                } else {
                    pause = Duration.ofSeconds(1);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Audit sequencer: %s; retrying", e.getMessage());
                pause = Duration.ofSeconds(1);
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void headIfDue(long treeSize) {
        if (lastHeadSize < 0 || due(treeSize)) {
            // an auditor may have had one signed since (any instance can)
            AuditTreeHead latest = QuarkusTransaction.requiringNew().call(AuditTreeHead::latest);
            lastHeadSize = latest == null ? 0 : latest.treeSize;
            lastHeadAt = latest == null ? Instant.EPOCH : latest.createdAt;
        }
        if (due(treeSize)) {
            AuditTreeHead made = heads.sign();
            lastHeadSize = made.treeSize;
            lastHeadAt = made.createdAt;
        }
    }

    private boolean due(long treeSize) {
        return treeSize > lastHeadSize
                && (treeSize - lastHeadSize >= headEntries || !Instant.now().isBefore(lastHeadAt.plus(headInterval)));
    }

    /** Sequences until nothing committed is left unnumbered (tests, and an auditor's checkpoint). */
    public long drain() {
        Instant giveUp = Instant.now().plus(lease).plusSeconds(2);
        while (true) {
            SequencerBatch.Batch batch = batch();
            if (batch.holder() && batch.sequenced() == 0) {
                return batch.treeSize();
            }
            if (!batch.holder()) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new IllegalStateException("another instance holds the audit sequencer's lease");
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
    }

    /** One batch in its own transaction. */
    public SequencerBatch.Batch batch() {
        SequencerBatch work = new SequencerBatch(me, lease, batchSize);
        return QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class).doReturningWork(work::run));
    }
}
