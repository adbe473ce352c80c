package dev.sealgate.formats;

/**
 * What the caller asked for, already parsed and checked.
 *
 * @param sealId for a format sealing with an electronic seal (GB/T 38540): the department's seal to use, null for its current one
 * @param mark   where the visible mark (a visible signature, a seal's picture) goes; null for none, or for a format whose
 *               mark is always shown, its default place
 */
public record SignatureRequest(SignatureFormat.Format format, SignatureFormat.Packaging packaging,
        BaselineLevel level, SignatureFormat.KeyKind keyKind, String documentName, String documentType, String sealId,
        Placement mark) {

    /** A visible mark's place: 1-based page (null: last), millimetres from the top-left corner, width (null: natural). */
    public record Placement(Integer page, Double x, Double y, Double width) {

        public static final Placement DEFAULT = new Placement(null, null, null, null);
    }

    public SignatureRequest(SignatureFormat.Format format, SignatureFormat.Packaging packaging, BaselineLevel level,
            SignatureFormat.KeyKind keyKind, String documentName, String documentType) {
        this(format, packaging, level, keyKind, documentName, documentType, null, null);
    }
}
