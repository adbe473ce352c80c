package dev.sealgate.checkpoint;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A witness's co-signature (c2sp.org/tlog-cosignature, cosignature/v1) of a checkpoint the log signed. */
@Entity
@Table(name = "audit_cosignature")
public class AuditCosignature extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tree_size", nullable = false)
    public long treeSize;

    @Column(name = "root_hash", nullable = false, length = 64)
    public String rootHash;

    @Column(name = "witness_name", nullable = false)
    public String witnessName;

    /** The witness key's ID, 8 hex digits. */
    @Column(name = "key_id", nullable = false, length = 8)
    public String keyId;

    /** When the witness says it co-signed (the signature's own time). */
    @Column(name = "cosigned_at", nullable = false)
    public Instant cosignedAt;

    /** The signature line's bytes (key ID || time || Ed25519), base64. */
    @Column(nullable = false, length = 200)
    public String signature;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    public static List<AuditCosignature> of(long treeSize, String rootHash) {
        return list("treeSize = ?1 and rootHash = ?2 order by witnessName, keyId", treeSize, rootHash);
    }
}
