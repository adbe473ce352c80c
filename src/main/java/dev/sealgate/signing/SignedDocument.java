package dev.sealgate.signing;

import java.nio.file.Path;

/** A finished signature: its record and the bytes to return (a temporary file the caller deletes). */
public record SignedDocument(SignatureRecord record, Path file, String mediaType) {
}
