package dev.sealgate.testsupport;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;
import org.apache.xmpbox.XMPMetadata;
import org.apache.xmpbox.schema.PDFAIdentificationSchema;
import org.apache.xmpbox.xml.XmpSerializer;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.VeraPDFFoundry;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/** PDF/A-2b documents made at test time (PDFBox), and veraPDF's verdict on a PDF's PDF/A-2b or -3b conformance. */
public final class PdfA {

    private PdfA() {
    }

    /** A one-page PDF/A-2b letter: text in an embedded font, an sRGB output intent, XMP identification. */
    public static byte[] letter(String text) {
        return letter(text, 2);
    }

    /** {@link #letter(String)} identified as PDF/A-{@code part}b (2 or 3). */
    public static byte[] letter(String text, int part) {
        try (PDDocument document = new PDDocument(); InputStream font = dev.sealgate.formats.SealPicture.fontFile()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            PDType0Font type0 = PDType0Font.load(document, font, true);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(type0, 14);
                content.newLineAtOffset(72, 760);
                content.showText(text);
                content.endText();
            }
            XMPMetadata xmp = XMPMetadata.createXMPMetadata();
            PDFAIdentificationSchema id = xmp.createAndAddPDFAIdentificationSchema();
            id.setPart(part);
            id.setConformance("B");
            xmp.createAndAddDublinCoreSchema().setTitle(text);
            ByteArrayOutputStream metadata = new ByteArrayOutputStream();
            new XmpSerializer().serialize(xmp, metadata, true);
            PDMetadata pdMetadata = new PDMetadata(document);
            pdMetadata.importXMPMetadata(metadata.toByteArray());
            document.getDocumentCatalog().setMetadata(pdMetadata);
            document.getDocumentInformation().setTitle(text);
            PDOutputIntent intent = new PDOutputIntent(document,
                    new ByteArrayInputStream(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData()));
            intent.setInfo("sRGB IEC61966-2.1");
            intent.setOutputCondition("sRGB IEC61966-2.1");
            intent.setOutputConditionIdentifier("sRGB IEC61966-2.1");
            intent.setRegistryName("http://www.color.org");
            document.getDocumentCatalog().addOutputIntent(intent);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException | javax.xml.transform.TransformerException | org.apache.xmpbox.type.BadFieldValueException e) {
            throw new IllegalStateException("PDF/A letter", e);
        }
    }

    /** The PDF/A-2b rules the PDF breaks ("clause-test: message"); empty when it conforms. */
    public static List<String> violations(byte[] pdf) {
        return violations(pdf, 2);
    }

    /** The PDF/A-{@code part}b rules (2 or 3) the PDF breaks; empty when it conforms. */
    public static List<String> violations(byte[] pdf, int part) {
        VeraGreenfieldFoundryProvider.initialise();
        PDFAFlavour flavour = part == 3 ? PDFAFlavour.PDFA_3_B : PDFAFlavour.PDFA_2_B;
        try (VeraPDFFoundry foundry = Foundries.defaultInstance();
                PDFAParser parser = foundry.createParser(new ByteArrayInputStream(pdf), flavour);
                PDFAValidator validator = foundry.createValidator(flavour, false)) {
            ValidationResult result = validator.validate(parser);
            return result.getTestAssertions().stream().filter(a -> a.getStatus() == TestAssertion.Status.FAILED)
                    .map(a -> a.getRuleId().getClause() + "-" + a.getRuleId().getTestNumber() + ": " + a.getMessage()).distinct().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("veraPDF could not validate the PDF", e);
        }
    }
}
