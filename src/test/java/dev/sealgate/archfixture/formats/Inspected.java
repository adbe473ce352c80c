package dev.sealgate.archfixture.formats;

import dev.sealgate.archfixture.formats.pades.PdfCoverage;

/** The shape of the cycle formats ↔ formats.pades had before format plug-ins: the shared model naming a format's type. */
public record Inspected(PdfCoverage pdf) {
}
