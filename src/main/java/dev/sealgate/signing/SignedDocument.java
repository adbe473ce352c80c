package dev.sealgate.signing;

import dev.sealgate.formats.Produced;

/**
 * A finished signature: its record, what to return (the caller discards it once sent), and for a
 * visible signature the check address its QR code carries (null otherwise).
 */
public record SignedDocument(SignatureRecord record, Produced produced, String checkUrl, String auditEntry) {

    public String mediaType() {
        return produced.mediaType();
    }
}
