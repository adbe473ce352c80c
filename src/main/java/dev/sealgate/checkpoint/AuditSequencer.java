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
import io.quarkus.scheduler.Scheduled;

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
 *
 * <p>An idle holder does not write: between batches it only reads whether anything waits, and
 * renews its lease when a third of it has run out. The holder also thins out old tree heads
 * ({@link HeadThinning}).
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

    @ConfigProperty(name = "sealgate.audit.tree-head.keep-all", defaultValue = "P1D")
    Duration keepAllHeads;

    @ConfigProperty(name = "sealgate.audit.tree-head.keep-one-per", defaultValue = "PT1H")
    Duration keepOneHeadPer;

    private final String me = "sealgate-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private volatile boolean running;
    private volatile boolean holding;
    private Thread thread;
    private long lastHeadSize = -1;
    private Instant lastHeadAt = Instant.EPOCH;
    private Instant leaseRenewedAt = Instant.EPOCH;
    private boolean idle;
    private long treeSize;

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
                if (holding && idle && !leaseRenewalDue() && !QuarkusTransaction.requiringNew().call(this::anythingWaits)) {
                    headIfDue(treeSize);
                    Thread.sleep(pause.toMillis());
                    continue;
                }
                SequencerBatch.Batch batch = batch();
                idle = batch.holder() && batch.sequenced() == 0;
                if (batch.holder()) {
                    leaseRenewedAt = Instant.now();
                    treeSize = batch.treeSize();
                }
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
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Audit sequencer: %s; retrying", e.getMessage());
                idle = false;
                pause = Duration.ofSeconds(1);
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean leaseRenewalDue() {
        return !Instant.now().isBefore(leaseRenewedAt.plus(lease.dividedBy(3)));
    }

    /** Whether an entry waits for its number (the chain's entries are all adopted before the holder is idle). */
    private boolean anythingWaits() {
        return !em.createQuery("select e.id from AuditEntry e where e.seq is null").setMaxResults(1).getResultList().isEmpty();
    }

    /** Thins out old tree heads, on the holder only (one instance at a time does it). */
    @Scheduled(every = "${sealgate.audit.tree-head.thin-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void thinHeads() {
        if (!holding) {
            return;
        }
        HeadThinning thinning = new HeadThinning(keepAllHeads, keepOneHeadPer);
        int deleted = QuarkusTransaction.requiringNew().call(
                () -> em.unwrap(Session.class).doReturningWork(connection -> thinning.run(connection, Instant.now())));
        if (deleted > 0) {
            LOG.infof("Audit tree heads thinned out: %d older than %s deleted (one per %s kept)", deleted, keepAllHeads,
                    keepOneHeadPer);
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
