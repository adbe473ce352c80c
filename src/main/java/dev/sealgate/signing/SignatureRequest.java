package dev.sealgate.signing;

import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.ofd.OfdSigner;

/**
 * What the caller asked for, already parsed and checked.
 *
 * @param sealId    for an OFD seal: the department's seal to use, null for its current one
 * @param placement for an OFD seal: where its picture goes
 * @param visible   for PAdES: where the visible signature goes; null for an invisible one
 */
public record SignatureRequest(SignatureFormat.Format format, SignatureFormat.Packaging packaging,
        BaselineLevel level, SignatureFormat.KeyKind keyKind, String documentName, String documentType, String sealId,
        OfdSigner.Placement placement, Visible visible) {

    /** A visible PAdES signature's place: 1-based page (null: last), millimetres from the top-left corner, width. */
    public record Visible(Integer page, Double x, Double y, Double width) {
    }

    public SignatureRequest(SignatureFormat.Format format, SignatureFormat.Packaging packaging, BaselineLevel level,
            SignatureFormat.KeyKind keyKind, String documentName, String documentType) {
        this(format, packaging, level, keyKind, documentName, documentType, null, OfdSigner.Placement.DEFAULT, null);
    }
}
