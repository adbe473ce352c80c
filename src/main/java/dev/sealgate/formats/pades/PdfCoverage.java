package dev.sealgate.formats.pades;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What part of the PDF a signature's byte ranges cover, and what later revisions changed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "PdfCoverage")
public record PdfCoverage(List<Long> byteRange, long signedRevisionLength, long documentLength,
        boolean coversWholeDocument, int laterRevisions,
        @Schema(description = "Whether a later revision changed what the pages show") boolean contentChangedAfterSigning,
        @Schema(description = "A change after signing that no later revision may make (pages added or removed, the"
                + " signature dictionary altered): the signature then fails its format check") String forbiddenChange,
        @Schema(description = "The signing time the signature dictionary states (/M), as the signer claims it") String signDate) {

    public PdfCoverage(List<Long> byteRange, long signedRevisionLength, long documentLength, boolean coversWholeDocument,
            int laterRevisions, boolean contentChangedAfterSigning, String forbiddenChange) {
        this(byteRange, signedRevisionLength, documentLength, coversWholeDocument, laterRevisions, contentChangedAfterSigning,
                forbiddenChange, null);
    }

    /** The same coverage with the signature dictionary's /M. */
    public PdfCoverage withSignDate(java.util.Calendar m) {
        return new PdfCoverage(byteRange, signedRevisionLength, documentLength, coversWholeDocument, laterRevisions,
                contentChangedAfterSigning, forbiddenChange, m == null ? null : m.toInstant().toString());
    }
}
