package dev.sealgate.archfixture.formats.pades;

import dev.sealgate.archfixture.formats.Inspected;

/** A format's type that builds on the shared model (as every inspector builds {@code Inspected}). */
public record PdfCoverage(long length) {

    public Inspected inspected() {
        return new Inspected(this);
    }
}
