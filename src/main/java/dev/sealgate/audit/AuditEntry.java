package dev.sealgate.audit;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One action in the audit log, a leaf of the audit tree once sequenced ({@code seq} null until then).
 * Never personal data in clear: subjects are keyed HMACs.
 */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {

    /** Random (version 2); {@code v1-<seq>} for the chained entries written before the tree. */
    @Id
    @Column(length = 40)
    public String id;

    /** The position in the tree from 1 (leaf {@code seq - 1}); null until the sequencer has numbered it. */
    public Long seq;

    /** 1: a link of the hash chain written before the tree; 2: written as a leaf; 3: a leaf that binds its details' digest. */
    @Column(nullable = false)
    public short version;

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

    /** Version 1 only: the chain's links. */
    @Column(name = "prev_hash", length = 64)
    public String prevHash;

    @Column(length = 64)
    public String hash;

    @Column(name = "leaf_hash", length = 64)
    public String leafHash;

    /** Version 3: the digest of the details kept beside the entry (a disclosure's citizen-visible fields), or null. */
    @Column(name = "details_digest", length = 64)
    public String detailsDigest;

    @Column(name = "sequenced_at")
    public Instant sequencedAt;

    public LoggedEntry logged() {
        return new LoggedEntry(version, id, seq, occurredAt.toEpochMilli(), actorSubject, actorUsername, actorClient, action,
                objectType, objectId, documentDigest, outcome, prevHash, hash, leafHash, detailsDigest);
    }

    public static AuditEntry bySeq(long seq) {
        return find("seq", seq).firstResult();
    }
}
