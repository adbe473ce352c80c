package dev.sealgate.support;

import java.net.URI;

/** The stable problem types SealGate answers with. The slug never changes once published. */
public enum ProblemType {
    UNAUTHORIZED("unauthorized", "Authentication required", 401),
    FORBIDDEN("forbidden", "Not allowed for this caller", 403),
    INSUFFICIENT_USER_AUTHENTICATION("insufficient-user-authentication", "Stronger or more recent authentication required", 401),
    OWN_SEAL_REQUEST("own-seal-request", "A custodian does not decide their own seal request", 403),
    SEAL_REQUEST_CLOSED("seal-request-closed", "The seal request is no longer pending", 409),
    NOT_FOUND("not-found", "No such resource", 404),
    AUDIT_ENTRY_PENDING("audit-entry-pending", "The audit entry is not in a signed tree head yet", 409),
    AUDIT_ENTRY_ALTERED("audit-entry-altered", "The audit entry's row no longer matches its leaf in the log", 409),
    WITNESS_UNKNOWN("witness-unknown", "No co-signature from a witness this log knows", 403),
    COSIGNATURE_INVALID("cosignature-invalid", "A witness's co-signature does not verify", 422),
    CHECKPOINT_UNKNOWN("checkpoint-unknown", "The log signed no such checkpoint", 409),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed on this resource", 405),
    NOT_ACCEPTABLE("not-acceptable", "No acceptable representation", 406),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
    PAYLOAD_TOO_LARGE("payload-too-large", "Request body too large", 413),
    MALFORMED_REQUEST("malformed-request", "Malformed request", 400),
    INVALID_PARAMETER("invalid-parameter", "Invalid parameter", 400),
    INVALID_NATIONAL_ID("invalid-national-id", "Not a valid resident identity number", 400),
    UNSUPPORTED_SIGNATURE_PARAMETERS("unsupported-signature-parameters", "Unsupported format, packaging or level", 400),
    EMPTY_DOCUMENT("empty-document", "Empty document", 400),
    NOT_A_PDF("not-a-pdf", "Not a PDF document", 400),
    PDF_TOO_COMPLEX("pdf-too-complex", "PDF too complex", 400),
    ENCRYPTED_PDF("encrypted-pdf", "Encrypted PDF", 400),
    NOT_JSON("not-json", "Not a JSON document", 400),
    UNRECOGNISED_SIGNATURE("unrecognised-signature", "Not a recognised signature format", 400),
    MALFORMED_SIGNATURE("malformed-signature", "Not a signature", 400),
    MALFORMED_OFD("malformed-ofd", "Not a readable OFD package", 400),
    DOCUMENT_LOCKED("document-locked", "An earlier signature allows no further signature", 409),
    SIGNATURE_NOT_VALID("signature-not-valid", "The signature does not validate", 422),
    LEVEL_NOT_HIGHER("level-not-higher", "The signature already has this level", 409),
    VALIDATION_DATA_UNAVAILABLE("validation-data-unavailable", "Validation data could not be obtained", 422),
    MISSING_PART("missing-part", "A required multipart part is missing", 400),
    TOO_MANY_REQUESTS("too-many-requests", "Rate limit exceeded", 429),
    NO_SHARING_POLICY("no-sharing-policy", "No sharing policy allows this release", 403),
    CONFIDENTIALITY_NOT_ALLOWED("confidentiality-not-allowed", "This release may not be hidden from its subject", 403),
    NO_DEPARTMENT_SEAL("no-department-seal", "No seal for the caller's department", 403),
    SIGNING_UNAVAILABLE("signing-unavailable", "Signing temporarily unavailable", 503),
    IDENTITY_PROVIDER_UNAVAILABLE("identity-provider-unavailable", "Identity provider unavailable", 503),
    SERVER_BUSY("server-busy", "Too busy to take this request now", 503),
    UPLOADS_BUSY("uploads-busy", "Too many uploads arriving at once", 503),
    DATABASE_UNAVAILABLE("database-unavailable", "Database unavailable", 503),
    INTERNAL_ERROR("internal-error", "Internal error", 500);

    private static final String PREFIX = "urn:sealgate:problem:";

    private final URI uri;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.uri = URI.create(PREFIX + slug);
        this.title = title;
        this.status = status;
    }

    public URI uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }
}
