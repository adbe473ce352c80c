package dev.sealgate.signing;

import dev.sealgate.formats.BaselineLevel;

/** What the caller asked for, already parsed and checked. */
public record SignatureRequest(SignatureFormat.Format format, SignatureFormat.Packaging packaging,
        BaselineLevel level, SignatureFormat.KeyKind keyKind, String documentName, String documentType) {
}
