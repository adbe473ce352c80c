package dev.sealgate.audit;

/**
 * Every action the audit log records, with the name an entry carries (what {@code GET /api/v1/audit?action=} filters
 * on, and what the offline verifier prints). A refused request is recorded under its method and path template instead
 * ({@link AuditLog#recordDenied}), with the outcome {@link AuditLog#DENIED}.
 */
public enum AuditAction {
    /** A document signed or sealed (object: the signature record). */
    SIGNATURE_CREATE("signature.create"),
    /** A signature extended to a higher level (object: the uploaded document's digest). */
    SIGNATURE_EXTEND("signature.extend"),
    /** A document verified for a partner or a civil servant. */
    VERIFICATION_VALIDATE("verification.validate"),
    /** A seal request made, waiting for a custodian (object: the seal request). */
    SEAL_REQUEST_CREATE("seal-request.create"),
    /** A seal request approved by a custodian. */
    SEAL_REQUEST_APPROVE("seal-request.approve"),
    /** An approved seal request whose signature could not be made. */
    SEAL_REQUEST_SIGN_FAILED("seal-request.sign-failed"),
    /** A seal request rejected by a custodian. */
    SEAL_REQUEST_REJECT("seal-request.reject"),
    /** A seal request left undecided past its time. */
    SEAL_REQUEST_EXPIRE("seal-request.expire"),
    /** A sealed result no one fetched, deleted. */
    SEAL_REQUEST_RESULT_DELETED("seal-request.result-deleted"),
    /** A certificate revoked, by an auditor or because its holder's account changed. */
    CERTIFICATE_REVOKE("certificate.revoke"),
    /** A citizen's record published to a dataset by a civil servant. */
    DATASET_PUBLISH("dataset.publish"),
    /** Personal data released to a partner under its policy (object: the disclosure). */
    SHARE_RELEASE("share.release"),
    /** An auditor looked a user up in Keycloak. */
    ADMIN_USER_LOOKUP("admin.user-lookup");

    private final String logged;

    AuditAction(String logged) {
        this.logged = logged;
    }

    /** The name entries carry. */
    public String logged() {
        return logged;
    }
}
