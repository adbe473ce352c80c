package dev.sealgate.checkpoint;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.Base64;
import java.util.List;

import dev.sealgate.audit.CheckpointNote;
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

    /** The origin line it was signed under as a checkpoint; null for heads signed before checkpoints. */
    @Column(length = 255)
    public String origin;

    /** The log's C2SP note signature of the checkpoint (key ID || ECDSA), base64; null as {@link #origin}. */
    @Column(name = "note_signature", length = 400)
    public String noteSignature;

    public SignedTreeHead signed() {
        return signed(List.of());
    }

    /** The head with its checkpoint carrying the log's signature and then {@code cosignatures}. */
    public SignedTreeHead signed(List<AuditCosignature> cosignatures) {
        return new SignedTreeHead(treeSize, rootHash, createdAt.toString(), signature, timeStamp, checkpoint(cosignatures));
    }

    /** The signed checkpoint note, or null for a head signed before checkpoints. */
    public String checkpoint(List<AuditCosignature> cosignatures) {
        if (origin == null || noteSignature == null) {
            return null;
        }
        CheckpointNote note = new CheckpointNote(origin, treeSize, java.util.HexFormat.of().parseHex(rootHash),
                List.of(new CheckpointNote.Line(origin, Base64.getDecoder().decode(noteSignature))));
        for (AuditCosignature cosignature : cosignatures) {
            note = note.with(new CheckpointNote.Line(cosignature.witnessName, Base64.getDecoder().decode(cosignature.signature)));
        }
        return note.note();
    }

    /** The witnesses' co-signatures of this head's size and root. */
    public List<AuditCosignature> cosignatures() {
        return AuditCosignature.of(treeSize, rootHash);
    }

    public static AuditTreeHead latest() {
        return find("order by treeSize desc, id desc").firstResult();
    }

    /** The latest head co-signed by at least {@code witnesses} distinct witnesses (known ones: only those are stored), or null. */
    public static AuditTreeHead latestWitnessed(int witnesses) {
        @SuppressWarnings("unchecked")
        java.util.List<Object[]> rows = getEntityManager().createQuery("select c.treeSize, c.rootHash from AuditCosignature c "
                + "group by c.treeSize, c.rootHash having count(distinct c.witnessName) >= :k order by c.treeSize desc")
                .setParameter("k", (long) witnesses).setMaxResults(1).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        return find("treeSize = ?1 and rootHash = ?2 order by id desc", rows.get(0)[0], rows.get(0)[1]).firstResult();
    }

    /** The latest head of exactly this size. */
    public static AuditTreeHead ofSize(long treeSize) {
        return find("treeSize = ?1 order by id desc", treeSize).firstResult();
    }
}
