package dev.sealgate.crypto;

/** What a certificate is for; decides its key usage and extensions. */
public enum CertificatePurpose {
    ROOT_CA,
    ISSUING_CA,
    TIME_STAMPING,
    OCSP_SIGNING,
    /** A civil servant's personal signing certificate or a department seal. */
    DOCUMENT_SIGNING,
    /** The audit log's own key: signs tree heads, nothing else ({@link AuditLogIdentity#LOG_SIGNING}). */
    AUDIT_LOG
}
