-- The departments' electronic seals (GB/T 38540 SESeal, version 4) made by SealGate's seal maker.
-- A department uses its newest seal that is valid and lists its current seal certificate; older
-- seals stay, so the seals in documents sealed before can still be looked up.
CREATE TABLE electronic_seal (
    id                 VARCHAR(64)  PRIMARY KEY,
    department         VARCHAR(64)  NOT NULL,
    name               VARCHAR(255) NOT NULL,
    seal_type          INTEGER      NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_from         TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_to           TIMESTAMP WITH TIME ZONE NOT NULL,
    certificate_serial VARCHAR(64)  NOT NULL,
    maker_serial       VARCHAR(64)  NOT NULL,
    picture_png        BYTEA        NOT NULL,
    sealed_der         BYTEA        NOT NULL
);
CREATE INDEX electronic_seal_department ON electronic_seal (department, created_at);
