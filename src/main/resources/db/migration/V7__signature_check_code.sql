-- Visible signatures carry a QR code of {public URL}/v/{code}: the record keeps the SHA-256 of the
-- code (never the code itself), the signed PDF's SHA-256 (what a holder uploads to compare), its
-- number of pages and the signer's name as shown on the public check page.
ALTER TABLE signature_record ADD COLUMN check_code_hash VARCHAR(64);
ALTER TABLE signature_record ADD COLUMN signed_sha256 VARCHAR(64);
ALTER TABLE signature_record ADD COLUMN page_count INTEGER;
ALTER TABLE signature_record ADD COLUMN signer_name VARCHAR(255);
CREATE UNIQUE INDEX signature_record_check_code ON signature_record (check_code_hash);
