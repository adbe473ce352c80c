package dev.sealgate.verification.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import dev.sealgate.formats.EmbeddedFont;
import dev.sealgate.formats.SealPicture;
import dev.sealgate.support.VerificationSettings;
import dev.sealgate.verification.report.ValidationReport.CertificateReport;
import dev.sealgate.verification.report.ValidationReport.Message;
import dev.sealgate.verification.report.ValidationReport.SignatureReport;

/**
 * The validation report as a PDF a person can read and file, set in the embedded AR PL UMing CN font
 * (a subset goes into the PDF, so Chinese names print as such) or in the TrueType font configured
 * as {@code sealgate.verification.report-font}; characters the embedded font lacks are shown as
 * {@code ?}. A value the report does not have is said so, never printed as {@code null}.
 */
@ApplicationScoped
public class ReportDocument {

    private static final float MARGIN = 50;
    private static final float LEADING = 14;
    private static final int WRAP = 95;

    @jakarta.inject.Inject
    VerificationSettings settings;

    public byte[] render(ValidationReport report) {
        try {
            return EmbeddedFont.with(ttf -> render(report, ttf));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] render(ValidationReport report, org.apache.fontbox.ttf.TrueTypeFont ttf) {
        List<String> lines = lines(report);
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            // the configured font, else the embedded AR PL UMing CN (a subset goes into the report): Chinese names print as such
            boolean configured = settings.reportFont().filter(Files::isReadable).isPresent();
            PDFont font = configured ? load(document, settings.reportFont().get()) : PDType0Font.load(document, ttf, true);
            PDPage page = null;
            PDPageContentStream content = null;
            float y = 0;
            for (String raw : lines) {
                for (String line : wrap(configured ? raw : SealPicture.displayable(raw))) {
                    if (content == null || y < MARGIN) {
                        if (content != null) {
                            content.endText();
                            content.close();
                        }
                        page = new PDPage(PDRectangle.A4);
                        document.addPage(page);
                        content = new PDPageContentStream(document, page);
                        content.beginText();
                        content.setFont(font, 10);
                        y = page.getMediaBox().getHeight() - MARGIN;
                        content.newLineAtOffset(MARGIN, y);
                    }
                    content.showText(line);
                    content.newLineAtOffset(0, -LEADING);
                    y -= LEADING;
                }
            }
            if (content != null) {
                content.endText();
                content.close();
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(ValidationReport report) {
        List<String> lines = new ArrayList<>();
        lines.add("SealGate signature validation report");
        lines.add("");
        lines.add("Result: " + report.indication().words() + " (" + report.indication() + ")   Format: " + report.documentFormat());
        lines.add("Validated at: " + report.validationTime() + "   Policy: " + report.policy()
                + "   Revocation: " + report.revocationMode());
        if (report.errors() != null) {
            report.errors().forEach(m -> lines.add("Document: " + m.code() + " - " + m.text()));
        }
        for (SignatureReport s : report.signatures()) {
            lines.add("");
            lines.add("Signature " + s.number() + (s.field() == null ? "" : " (field " + s.field() + ")") + ": " + s.indication().words()
                    + " (" + s.indication() + (s.subIndication() == null ? "" : " / " + s.subIndication()) + ")");
            lines.add("  Format and level: " + s.format() + " " + (s.level() == null ? "" : s.level())
                    + "   Algorithms: " + s.signatureAlgorithm() + ", " + s.digestAlgorithm());
            if (s.signer() != null) {
                lines.add("  Signer: " + s.signer().subject());
                lines.add("  Issuer: " + s.signer().issuer() + "   Serial: " + s.signer().serial());
                if (s.signer().keycloakSubject() != null) {
                    lines.add("  Issued by SealGate to Keycloak subject " + s.signer().keycloakSubject() + " (" + s.signer().keyKind()
                            + (s.signer().department() == null ? "" : ", " + s.signer().department()) + ")");
                }
                ValidationReport.Authorisation a = s.signer().authorisation();
                if (a != null) {
                    lines.add("  Authorised by a login at acr " + a.acr() + " (" + (a.authTime() == null ? "time not stated" : a.authTime())
                            + ")" + (a.approvedBy() == null ? "" : "; seal approved by " + a.approvedBy() + " at acr " + a.approverAcr()
                                    + " (" + a.approverAuthTime() + ")"));
                }
            }
            lines.add("  Claimed signing time: " + (s.claimedSigningTime() == null ? "none stated" : s.claimedSigningTime())
                    + "   Best signature time: " + (s.bestSignatureTime() == null ? "none" : s.bestSignatureTime()));
            if (s.timestamps() != null) {
                s.timestamps().forEach(t -> lines.add("  Time-stamp " + t.time() + " by " + t.tsa() + ": " + t.indication()));
            }
            if (s.chain() != null) {
                for (CertificateReport c : s.chain()) {
                    lines.add("  Certificate " + c.subject() + (c.trustAnchor() ? " (trust anchor)" : "")
                            + (c.revocation() == null ? "" : ": revocation " + c.revocation().status()
                                    + (c.revocation().source() == null ? "" : " from " + c.revocation().source())));
                }
            }
            if (s.details() != null) {
                s.details().reportLines().forEach(line -> lines.add("  " + line));
            }
            for (Message m : s.errors() == null ? List.<Message>of() : s.errors()) {
                lines.add("  Error " + m.code() + ": " + m.text());
            }
            for (Message m : s.warnings() == null ? List.<Message>of() : s.warnings()) {
                lines.add("  Warning " + m.code() + ": " + m.text());
            }
        }
        return lines;
    }

    private static List<String> wrap(String line) {
        List<String> out = new ArrayList<>();
        String rest = line;
        while (rest.length() > WRAP) {
            out.add(rest.substring(0, WRAP));
            rest = "    " + rest.substring(WRAP);
        }
        out.add(rest);
        return out;
    }

    private static PDFont load(PDDocument document, Path file) {
        try {
            return PDType0Font.load(document, file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load report font " + file, e);
        }
    }
}
