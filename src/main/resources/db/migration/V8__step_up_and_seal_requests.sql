-- What authorised each signature (RFC 9470 step-up): the token's acr and auth_time; for a seal used
-- with a custodian's approval, who approved it, with their acr and auth_time, and the request.
ALTER TABLE signature_record ADD COLUMN auth_acr VARCHAR(16);
ALTER TABLE signature_record ADD COLUMN auth_time TIMESTAMP WITH TIME ZONE;
ALTER TABLE signature_record ADD COLUMN approver_username VARCHAR(255);
ALTER TABLE signature_record ADD COLUMN approver_acr VARCHAR(16);
ALTER TABLE signature_record ADD COLUMN approver_auth_time TIMESTAMP WITH TIME ZONE;
ALTER TABLE signature_record ADD COLUMN seal_request_id VARCHAR(36);

-- Requests to use a department's seal (用印审批): the document waits, with what to do with it, until the
-- seal's custodian approves (the signature is made and kept for the requester), rejects or lets it expire
-- (the document is deleted).
CREATE TABLE seal_request (
    id                 VARCHAR(36)  PRIMARY KEY,
    state              VARCHAR(16)  NOT NULL,
    department         VARCHAR(64)  NOT NULL,
    requester_subject  VARCHAR(64)  NOT NULL,
    requester_username VARCHAR(255) NOT NULL,
    requester_name     VARCHAR(255),
    requester_client   VARCHAR(255),
    requester_acr      VARCHAR(16),
    requester_auth_time TIMESTAMP WITH TIME ZONE,
    purpose            VARCHAR(500) NOT NULL,
    format             VARCHAR(16)  NOT NULL,
    packaging          VARCHAR(16)  NOT NULL,
    level              VARCHAR(8)   NOT NULL,
    options            VARCHAR(1000),
    document_name      VARCHAR(255),
    document_type      VARCHAR(255),
    document_size      BIGINT       NOT NULL,
    document_sha256    VARCHAR(64)  NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at         TIMESTAMP WITH TIME ZONE,
    decider_subject    VARCHAR(64),
    decider_username   VARCHAR(255),
    reason             VARCHAR(500),
    signature_id       VARCHAR(36),
    result_type        VARCHAR(64),
    check_url          VARCHAR(500)
);
CREATE INDEX seal_request_pending ON seal_request (state, expires_at);
CREATE INDEX seal_request_department ON seal_request (department, state);

-- The waiting document, then the signed result; deleted when the request is rejected or expires.
CREATE TABLE seal_request_content (
    request_id VARCHAR(36) PRIMARY KEY REFERENCES seal_request (id),
    content    BYTEA       NOT NULL
);

-- An audit entry's outcome now also says how the actor had authenticated (and who approved a seal).
ALTER TABLE audit_entry ALTER COLUMN outcome SET DATA TYPE VARCHAR(500);
CREATE INDEX signature_record_certificate ON signature_record (certificate_serial, created_at);
