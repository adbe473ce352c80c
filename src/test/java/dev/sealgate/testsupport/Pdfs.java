package dev.sealgate.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Small real PDFs made at test time. */
public final class Pdfs {

    private Pdfs() {
    }

    public static byte[] letter(String text) {
        return build(text, null, null);
    }

    /** A one-page letter with {@code annex} embedded as the file {@code annex.bin} (to make a PDF of a given size). */
    public static byte[] withAnnex(String text, byte[] annex) {
        return build(text, annex, null);
    }

    /** A PDF that opens without a password but is encrypted (owner password, restricted permissions). */
    public static byte[] encrypted(String text) {
        return build(text, null, "owner-secret");
    }

    private static byte[] build(String text, byte[] annex, String ownerPassword) {
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
            if (annex != null) {
                PDEmbeddedFile embedded = new PDEmbeddedFile(document, new ByteArrayInputStream(annex));
                PDComplexFileSpecification spec = new PDComplexFileSpecification();
                spec.setFile("annex.bin");
                spec.setEmbeddedFile(embedded);
                PDEmbeddedFilesNameTreeNode files = new PDEmbeddedFilesNameTreeNode();
                files.setNames(Map.of("annex.bin", spec));
                PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
                names.setEmbeddedFiles(files);
                document.getDocumentCatalog().setNames(names);
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
