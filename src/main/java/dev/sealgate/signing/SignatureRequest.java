package dev.sealgate.signing;

import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.ofd.OfdSigner;

/**
 * What the caller asked for, already parsed and checked.
 *
 * @param sealId    for an OFD seal: the department's seal to use, null for its current one
 * @param placement for an OFD seal: where its picture goes
 */
public record SignatureRequest(SignatureFormat.Format format, SignatureFormat.Packaging packaging,
        BaselineLevel level, SignatureFormat.KeyKind keyKind, String documentName, String documentType, String sealId,
        OfdSigner.Placement placement) {

    public SignatureRequest(SignatureFormat.Format format, SignatureFormat.Packaging packaging, BaselineLevel level,
            SignatureFormat.KeyKind keyKind, String documentName, String documentType) {
        this(format, packaging, level, keyKind, documentName, documentType, null, OfdSigner.Placement.DEFAULT);
    }
}
