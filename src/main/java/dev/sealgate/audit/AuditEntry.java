package dev.sealgate.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One action in the hash-chained audit log. Never personal data in clear: subjects are keyed HMACs. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {

    @Id
    public Long seq;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "actor_subject", length = 64)
    public String actorSubject;

    @Column(name = "actor_username")
    public String actorUsername;

    @Column(name = "actor_client")
    public String actorClient;

    @Column(nullable = false)
    public String action;

    @Column(name = "object_type", length = 64)
    public String objectType;

    @Column(name = "object_id")
    public String objectId;

    @Column(name = "document_digest", length = 64)
    public String documentDigest;

    @Column(nullable = false, length = 500)
    public String outcome;

    @Column(name = "prev_hash", nullable = false, length = 64)
    public String prevHash;

    @Column(nullable = false, length = 64)
    public String hash;

    public ChainedEntry chained() {
        return new ChainedEntry(seq, occurredAt.toEpochMilli(), actorSubject, actorUsername, actorClient, action, objectType,
                objectId, documentDigest, outcome, prevHash, hash);
    }
}
