-- One row per signature SealGate produced, written in the same transaction as the response.
CREATE TABLE signature_record (
    id                  VARCHAR(36)  PRIMARY KEY,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    signer_subject      VARCHAR(64)  NOT NULL,
    signer_username     VARCHAR(255) NOT NULL,
    department          VARCHAR(64),
    key_kind            VARCHAR(16)  NOT NULL,
    certificate_serial  VARCHAR(64)  NOT NULL,
    signature_algorithm VARCHAR(32)  NOT NULL,
    format              VARCHAR(16)  NOT NULL,
    packaging           VARCHAR(16)  NOT NULL,
    level               VARCHAR(8)   NOT NULL,
    document_name       VARCHAR(255),
    document_type       VARCHAR(255),
    document_size       BIGINT       NOT NULL,
    document_sha256     VARCHAR(64)  NOT NULL,
    client_azp          VARCHAR(255)
);
CREATE INDEX signature_record_signer ON signature_record (signer_subject);
CREATE INDEX signature_record_digest ON signature_record (document_sha256);
