package dev.sealgate.signing;

/** What the caller asked for, already parsed and checked. */
public record SignatureRequest(SignatureFormat.Format format, SignatureFormat.Packaging packaging,
        SignatureFormat.Level level, SignatureFormat.KeyKind keyKind, String documentName, String documentType) {
}
