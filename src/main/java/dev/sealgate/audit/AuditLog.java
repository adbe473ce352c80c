package dev.sealgate.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Writes an audit entry inside the caller's transaction: the entry commits or rolls back with the
 * action it records. It touches no shared row and waits for no other request: it gets a random id
 * and its leaf hash now, and the sequencer gives it its place in the audit tree shortly after it
 * commits ({@code AuditSequencer}).
 */
@ApplicationScoped
public class AuditLog {

    /** The outcome of an attempt the caller was not authenticated or allowed to make. */
    public static final String DENIED = "denied";

    @Inject
    EntityManager em;

    /** The response header naming the audit entry of what a request did: its proof is {@code GET /api/v1/audit/entries/{id}/proof}. */
    public static final String ENTRY_HEADER = "SealGate-Audit-Entry";

    /**
     * Records one action. {@code objectId} must never be personal data in clear (use the subject's
     * keyed HMAC); {@code documentDigest} is the hex SHA-256 of the document involved, if any.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEntry record(Actor actor, AuditAction action, String objectType, String objectId, String documentDigest,
            String outcome) {
        return record(actor, action, objectType, objectId, documentDigest, outcome, null);
    }

    /** A refused request: its method and path template ({@code POST /api/v1/signatures}) stand for the action. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEntry recordDenied(Actor actor, String attempted) {
        return write(actor, attempted, null, null, null, DENIED, null);
    }

    /**
     * Records one action and binds {@code detailsDigest}, the hex SHA-256 of details kept beside the entry (see
     * {@link LoggedEntry}, version 3): a change to those details no longer matches the signed log.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEntry record(Actor actor, AuditAction action, String objectType, String objectId, String documentDigest,
            String outcome, String detailsDigest) {
        return write(actor, action.logged(), objectType, objectId, documentDigest, outcome, detailsDigest);
    }

    private AuditEntry write(Actor actor, String action, String objectType, String objectId, String documentDigest,
            String outcome, String detailsDigest) {
        AuditEntry entry = new AuditEntry();
        entry.id = UUID.randomUUID().toString();
        entry.version = 3;
        entry.detailsDigest = text(detailsDigest);
        entry.occurredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        entry.actorSubject = text(actor.subject());
        entry.actorUsername = text(actor.username());
        entry.actorClient = text(actor.client());
        entry.action = action;
        entry.objectType = text(objectType);
        entry.objectId = text(objectId);
        entry.documentDigest = text(documentDigest);
        entry.outcome = outcome;
        entry.leafHash = entry.logged().computeLeafHash();
        em.persist(entry);
        return entry;
    }

    /** Empty text is stored as null, so that an export (where both look alike) hashes the same. */
    private static String text(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
