package dev.sealgate.signing;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import dev.sealgate.formats.SignatureFormat;

/**
 * A request to use a department's seal (用印审批): who asked, for what, on which document, and what the
 * seal's custodian decided. The document itself is in {@link SealRequestContent} while it waits.
 */
@Entity
@Table(name = "seal_request")
public class SealRequest extends PanacheEntityBase {

    /** PENDING → APPROVED (being signed) → SIGNED; PENDING → REJECTED or EXPIRED; APPROVED → PENDING if signing failed. */
    public enum State {
        PENDING, APPROVED, SIGNED, REJECTED, EXPIRED
    }

    @Id
    @Column(length = 36)
    public String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public State state;

    @Column(nullable = false, length = 64)
    public String department;

    @Column(name = "requester_subject", nullable = false, length = 64)
    public String requesterSubject;

    @Column(name = "requester_username", nullable = false)
    public String requesterUsername;

    @Column(name = "requester_name")
    public String requesterName;

    @Column(name = "requester_client")
    public String requesterClient;

    @Column(name = "requester_acr", length = 16)
    public String requesterAcr;

    @Column(name = "requester_auth_time")
    public Instant requesterAuthTime;

    @Column(nullable = false, length = 500)
    public String purpose;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public SignatureFormat.Format format;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public SignatureFormat.Packaging packaging;

    @Column(nullable = false, length = 8)
    public String level;

    /** The placement and appearance parameters of the signing request, as a query string. */
    @Column(length = 1000)
    public String options;

    @Column(name = "document_name")
    public String documentName;

    @Column(name = "document_type")
    public String documentType;

    @Column(name = "document_size", nullable = false)
    public long documentSize;

    @Column(name = "document_sha256", nullable = false, length = 64)
    public String documentSha256;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "decider_subject", length = 64)
    public String deciderSubject;

    @Column(name = "decider_username")
    public String deciderUsername;

    @Column(length = 500)
    public String reason;

    @Column(name = "signature_id", length = 36)
    public String signatureId;

    @Column(name = "result_type", length = 64)
    public String resultType;

    /** The audit entry of the request's latest step its requester or custodian took (made, approved, rejected). */
    @Column(name = "audit_entry_id", length = 40)
    public String auditEntryId;

    @Column(name = "check_url", length = 500)
    public String checkUrl;
}
