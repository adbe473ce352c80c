package dev.sealgate.sharing;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Page;

import dev.sealgate.crypto.ChainHash;
import dev.sealgate.crypto.DocumentDigest;

/** One release of one citizen's data to one partner: the disclosure log the citizen can read. */
@Entity
@Table(name = "disclosure")
public class Disclosure extends PanacheEntityBase {

    @Id
    @Column(length = 36)
    public String id;

    @Column(name = "subject_key", nullable = false, length = 64)
    public String subjectKey;

    @Column(nullable = false)
    public String recipient;

    @Column(nullable = false, length = 64)
    public String dataset;

    @Column(nullable = false, length = 128)
    public String purpose;

    @Column(name = "legal_basis", nullable = false, length = 1024)
    public String legalBasis;

    @Column(name = "case_reference", nullable = false)
    public String caseReference;

    @Column(name = "policy_ref", nullable = false, length = 128)
    public String policyRef;

    /** JSON array of {path, operator}. */
    @Column(name = "fields_released", nullable = false, length = 8000)
    public String fieldsReleased;

    /** JSON array of paths. */
    @Column(name = "fields_withheld", nullable = false, length = 8000)
    public String fieldsWithheld;

    @Column(name = "released_at", nullable = false)
    public Instant releasedAt;

    @Column(name = "hidden_until")
    public Instant hiddenUntil;

    @Column(name = "hidden_reason", length = 1024)
    public String hiddenReason;

    /** The audit entry that recorded the release. */
    @Column(name = "audit_entry_id", length = 40)
    public String auditEntryId;

    /** What the digest of a disclosure's details starts with: the version of the list of fields it covers. */
    public static final String DETAILS_V1 = "sealgate-disclosure-details-v1";

    /**
     * The digest its audit entry binds (leaf version 3): hex SHA-256 of the canonical encoding
     * ({@link ChainHash#canonical}) of {@value #DETAILS_V1}, the id, the subject key, the
     * recipient, the dataset, the purpose, the legal basis, the case reference, the policy, the fields released
     * and withheld (their JSON as stored), the release time and the end of confidentiality (epoch milliseconds,
     * null when none). Everything the citizen is shown, and whose disclosure it is, when it is shown.
     */
    public String detailsDigest() {
        return DocumentDigest.sha256HexOf(ChainHash.canonical(
                java.util.Arrays.asList(DETAILS_V1, id, subjectKey, recipient, dataset, purpose, legalBasis, caseReference, policyRef,
                        fieldsReleased, fieldsWithheld, releasedAt == null ? null : Long.toString(releasedAt.toEpochMilli()),
                        hiddenUntil == null ? null : Long.toString(hiddenUntil.toEpochMilli()))));
    }

    /** The releases about a subject a citizen may see now, newest first. */
    public static List<Disclosure> visibleTo(String subjectKey, Instant now, int page, int size) {
        return find("subjectKey = ?1 and (hiddenUntil is null or hiddenUntil <= ?2) order by releasedAt desc, id", subjectKey, now)
                .page(Page.of(page, size)).list();
    }
}
