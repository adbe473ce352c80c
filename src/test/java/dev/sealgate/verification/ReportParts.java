package dev.sealgate.verification;

import dev.sealgate.formats.ofd.OfdCoverage;
import dev.sealgate.formats.ofd.OfdFindings;
import dev.sealgate.formats.pades.PdfCoverage;
import dev.sealgate.formats.pades.PdfFindings;
import dev.sealgate.verification.report.ValidationReport;

/** What a format added to one signature's report, for tests that read it as Java rather than JSON. */
final class ReportParts {

    private ReportParts() {
    }

    /** The OFD package coverage of an OFD signature's report (a failing cast for any other). */
    static OfdCoverage ofd(ValidationReport.SignatureReport signature) {
        return ((OfdFindings) signature.details()).ofd();
    }

    /** The PDF coverage of a PDF signature's report, or null for a signature without one. */
    static PdfCoverage pdf(ValidationReport.SignatureReport signature) {
        return signature.details() instanceof PdfFindings found ? found.pdf() : null;
    }
}
