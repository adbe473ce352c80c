package dev.sealgate.signing;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import dev.sealgate.formats.SignatureFormat;

/** Who signed what, when, how: one row per signature produced. */
@Entity
@Table(name = "signature_record")
public class SignatureRecord extends PanacheEntityBase {

    @Id
    @Column(length = 36)
    public String id;

    /** The audit entry that recorded the signature's making. */
    @Column(name = "audit_entry_id", length = 40)
    public String auditEntryId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "signer_subject", nullable = false, length = 64)
    public String signerSubject;

    @Column(name = "signer_username", nullable = false)
    public String signerUsername;

    @Column(length = 64)
    public String department;

    @Enumerated(EnumType.STRING)
    @Column(name = "key_kind", nullable = false, length = 16)
    public SignatureFormat.KeyKind keyKind;

    @Column(name = "certificate_serial", nullable = false, length = 64)
    public String certificateSerial;

    @Column(name = "signature_algorithm", nullable = false, length = 32)
    public String signatureAlgorithm;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public SignatureFormat.Format format;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public SignatureFormat.Packaging packaging;

    @Column(nullable = false, length = 8)
    public String level;

    @Column(name = "document_name")
    public String documentName;

    @Column(name = "document_type")
    public String documentType;

    @Column(name = "document_size", nullable = false)
    public long documentSize;

    @Column(name = "document_sha256", nullable = false, length = 64)
    public String documentSha256;

    @Column(name = "client_azp")
    public String clientAzp;

    /** Hex SHA-256 of the check code a visible signature's QR code carries; null without one. */
    @Column(name = "check_code_hash", length = 64)
    public String checkCodeHash;

    /** Hex SHA-256 of the signed PDF (the holder's copy), for visible signatures. */
    @Column(name = "signed_sha256", length = 64)
    public String signedSha256;

    @Column(name = "page_count")
    public Integer pageCount;

    /** The civil servant's name as the public check page shows it. */
    @Column(name = "signer_name")
    public String signerName;

    /** The {@code acr} of the token that authorised the signature (RFC 9470 step-up). */
    @Column(name = "auth_acr", length = 16)
    public String authAcr;

    /** When the signer last authenticated ({@code auth_time}) before signing. */
    @Column(name = "auth_time")
    public Instant authTime;

    /** For a seal used with approval: the custodian who approved it, and their authentication. */
    @Column(name = "approver_username")
    public String approverUsername;

    @Column(name = "approver_acr", length = 16)
    public String approverAcr;

    @Column(name = "approver_auth_time")
    public Instant approverAuthTime;

    @Column(name = "seal_request_id", length = 36)
    public String sealRequestId;

    /** The record a check code names; null when none (the lookup is by the code's hash). */
    public static SignatureRecord findByCheckCode(String code) {
        return find("checkCodeHash", CheckCodes.hash(code)).firstResult();
    }

    public static List<SignatureRecord> findByDigest(String sha256) {
        return list("documentSha256", sha256);
    }
}
