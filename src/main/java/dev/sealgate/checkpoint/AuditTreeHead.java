package dev.sealgate.checkpoint;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.sealgate.audit.SignedTreeHead;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The audit tree's head at one size, signed by the audit key and time-stamped by the TSA. */
@Entity
@Table(name = "audit_tree_head")
public class AuditTreeHead extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tree_size", nullable = false)
    public long treeSize;

    @Column(name = "root_hash", nullable = false, length = 64)
    public String rootHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Detached CMS SignedData over {@link SignedTreeHead#statement}, base64 DER. */
    @Column(nullable = false, length = 16000)
    public String signature;

    /** RFC 3161 time-stamp token over {@link SignedTreeHead#statement}, base64 DER. */
    @Column(name = "time_stamp", nullable = false, length = 16000)
    public String timeStamp;

    public SignedTreeHead signed() {
        return new SignedTreeHead(treeSize, rootHash, createdAt.toString(), signature, timeStamp);
    }

    public static AuditTreeHead latest() {
        return find("order by treeSize desc, id desc").firstResult();
    }

    /** The latest head of exactly this size. */
    public static AuditTreeHead ofSize(long treeSize) {
        return find("treeSize = ?1 order by id desc", treeSize).firstResult();
    }
}
