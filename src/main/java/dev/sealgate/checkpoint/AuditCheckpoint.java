package dev.sealgate.checkpoint;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The chain's head at one moment, signed by the audit key and time-stamped by the TSA. */
@Entity
@Table(name = "audit_checkpoint")
public class AuditCheckpoint extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public long seq;

    @Column(name = "head_hash", nullable = false, length = 64)
    public String headHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Detached CMS SignedData over the checkpoint statement, base64 DER. */
    @Column(nullable = false, length = 16000)
    public String signature;

    /** RFC 3161 time-stamp token over the checkpoint statement, base64 DER. */
    @Column(name = "time_stamp", nullable = false, length = 16000)
    public String timeStamp;

    public static AuditCheckpoint latest() {
        return find("order by seq desc, id desc").firstResult();
    }
}
