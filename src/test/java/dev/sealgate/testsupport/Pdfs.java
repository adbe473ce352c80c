package dev.sealgate.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Small real PDFs made at test time. */
public final class Pdfs {

    private Pdfs() {
    }

    public static byte[] letter(String text) {
        return build(text, null);
    }

    /** A PDF that opens without a password but is encrypted (owner password, restricted permissions). */
    public static byte[] encrypted(String text) {
        return build(text, "owner-secret");
    }

    private static byte[] build(String text, String ownerPassword) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 720);
                content.showText(text);
                content.endText();
            }
            if (ownerPassword != null) {
                AccessPermission permissions = new AccessPermission();
                permissions.setCanModify(false);
                StandardProtectionPolicy policy = new StandardProtectionPolicy(ownerPassword, "", permissions);
                policy.setEncryptionKeyLength(128);
                document.protect(policy);
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds a black rectangle to the first page in an incremental update (the signed revision stays intact). */
    public static byte[] changedAfterSigning(byte[] signed) {
        try (PDDocument document = org.apache.pdfbox.Loader.loadPDF(signed); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = document.getPage(0);
            try (PDPageContentStream content = new PDPageContentStream(document, page, PDPageContentStream.AppendMode.APPEND, false)) {
                content.addRect(10, 10, 100, 100);
                content.fill();
            }
            page.getCOSObject().setNeedToBeUpdated(true);
            document.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
            document.getPages().getCOSObject().setNeedToBeUpdated(true);
            document.saveIncremental(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
