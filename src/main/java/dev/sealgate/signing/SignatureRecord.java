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

/** Who signed what, when, how: one row per signature produced. */
@Entity
@Table(name = "signature_record")
public class SignatureRecord extends PanacheEntityBase {

    @Id
    @Column(length = 36)
    public String id;

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

    public static List<SignatureRecord> findByDigest(String sha256) {
        return list("documentSha256", sha256);
    }
}
