package dev.sealgate.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/**
 * Appends to the audit chain inside the caller's transaction: the entry commits or rolls back with
 * the action it records. The head row is locked ({@code SELECT ... FOR UPDATE}) until that
 * transaction ends, so concurrent requests, and several instances on one database, append one
 * after another; callers record last, to hold the lock briefly.
 */
@ApplicationScoped
public class AuditLog {

    /** The outcome of an attempt the caller was not authenticated or allowed to make. */
    public static final String DENIED = "denied";

    @Inject
    EntityManager em;

    /**
     * Records one action. {@code objectId} must never be personal data in clear (use the subject's
     * keyed HMAC); {@code documentDigest} is the hex SHA-256 of the document involved, if any.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEntry record(Actor actor, String action, String objectType, String objectId, String documentDigest,
            String outcome) {
        AuditHead head = em.find(AuditHead.class, AuditHead.ID, LockModeType.PESSIMISTIC_WRITE);
        AuditEntry entry = new AuditEntry();
        entry.seq = head.lastSeq + 1;
        entry.occurredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        entry.actorSubject = text(actor.subject());
        entry.actorUsername = text(actor.username());
        entry.actorClient = text(actor.client());
        entry.action = action;
        entry.objectType = text(objectType);
        entry.objectId = text(objectId);
        entry.documentDigest = text(documentDigest);
        entry.outcome = outcome;
        entry.prevHash = head.lastHash;
        entry.hash = entry.chained().computeHash(head.lastHash);
        em.persist(entry);
        head.lastSeq = entry.seq;
        head.lastHash = entry.hash;
        return entry;
    }

    /** Empty text is stored as null, so that an export (where both look alike) hashes the same. */
    private static String text(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
