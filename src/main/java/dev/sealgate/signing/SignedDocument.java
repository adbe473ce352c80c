package dev.sealgate.signing;

/** A finished signature: its record and what to return (the caller discards it once sent). */
public record SignedDocument(SignatureRecord record, DocumentSigner.Produced produced) {

    public String mediaType() {
        return produced.mediaType();
    }
}
