package dev.sealgate.formats.pades;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.sealgate.formats.FormatFindings;

/** What a PDF adds to the validation of one of its signatures: the bytes it covers and what later revisions did. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "PdfFindings", extensions = @Extension(name = "x-sealgate-format-findings", value = "true"))
public record PdfFindings(@Schema(description = "For PAdES: which bytes the signature covers") PdfCoverage pdf) implements FormatFindings {

    @Override
    public String forbiddenChange() {
        return pdf.forbiddenChange();
    }

    /** A PDF signature's time is its dictionary's /M (ETSI EN 319 142-1 5.4: a PAdES CMS carries no signing-time; EU DSS reads /M). */
    @Override
    public Instant claimedSigningTime(Instant inSignature) {
        if (pdf.signDate() == null) {
            return null;
        }
        try {
            return Instant.parse(pdf.signDate());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public boolean documentTimeStampsProveExistence() {
        return true;
    }

    @Override
    public List<Note> warnings() {
        return pdf.contentChangedAfterSigning() ? List.of(new Note("MODIFIED_AFTER_SIGNING",
                "A later revision of the PDF changes what the pages show; the signature covers only its own revision.")) : List.of();
    }

    @Override
    public List<String> reportLines() {
        return List.of("PDF: signed revision " + pdf.signedRevisionLength() + " of " + pdf.documentLength()
                + " bytes; covers whole document: " + pdf.coversWholeDocument() + "; later revisions: "
                + pdf.laterRevisions() + "; content changed after signing: " + pdf.contentChangedAfterSigning());
    }
}
