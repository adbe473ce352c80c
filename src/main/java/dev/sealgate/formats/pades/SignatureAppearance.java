package dev.sealgate.formats.pades;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.util.Matrix;


import dev.sealgate.formats.SealPicture;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/**
 * What a visible PAdES signature shows: for a seal, the seal (drawn as paths); for a person, their name and
 * department; then the signing time and a QR code of the address where anyone can check the
 * signature. The text is set in the embedded AR PL UMing CN font (a subset goes into the PDF: no
 * viewer font is relied on), characters it lacks replaced by {@value #REPLACEMENT}; the QR code is
 * drawn as vector squares (error correction level H, 30 %), never as a raster image.
 *
 * @param page       1-based page number, null for the last page
 * @param x          millimetres from the page's left edge to the widget's, null for the default (bottom right)
 * @param y          millimetres from the page's top edge to the widget's
 * @param width      the widget's width in millimetres, null for its natural width (its height follows)
 * @param sealName   the name on the department's seal, drawn as {@link SealPicture} draws the seal's
 *                   picture, or null for a personal signature
 * @param lines      text lines (a person's name and department; the signing time), top to bottom
 * @param qrText     what the QR code encodes (the check address)
 * @param qrCaption  the words under the QR code, a line per {@code \\n}-separated part
 */
public record SignatureAppearance(Integer page, Double x, Double y, Double width, String sealName, List<String> lines,
        String qrText, String qrCaption) {

    /** What replaces a character the embedded font does not have. */
    public static final String REPLACEMENT = SealPicture.REPLACEMENT;

    private static final float MM = 72f / 25.4f;

    /** The widget's natural size in millimetres: a 40 mm seal or three lines of text, and a 22 mm QR code. */
    double naturalWidth() {
        return sealName != null ? 40 + 3 + 24 : 46 + 3 + 24;
    }

    double naturalHeight() {
        return sealName != null ? 40 : 30;
    }

    /** Where the widget goes on a page of the given size (points): its rectangle, refused when it does not fit. */
    PDRectangle rectangle(PDRectangle pageBox, int pageNumber) {
        double scale = width == null ? 1 : width / naturalWidth();
        double w = naturalWidth() * scale;
        double h = naturalHeight() * scale;
        double pageW = pageBox.getWidth() / MM;
        double pageH = pageBox.getHeight() / MM;
        double left = x == null ? pageW - w - Math.min(20, pageW / 10) : x;
        double top = y == null ? pageH - h - Math.min(25, pageH / 10) : y;
        if (!(left >= 0 && top >= 0 && left + w <= pageW && top + h <= pageH)) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, String.format(Locale.ROOT,
                    "The signature (%.0f × %.0f mm) at x=%.1f, y=%.1f mm does not fit on page %d (%.0f × %.0f mm).", w, h, left, top,
                    pageNumber, pageW, pageH));
        }
        return new PDRectangle(pageBox.getLowerLeftX() + (float) (left * MM),
                pageBox.getLowerLeftY() + (float) ((pageH - top - h) * MM), (float) (w * MM), (float) (h * MM));
    }

    /**
     * Gives the signature's widget (already in {@code doc}, on its page) this appearance at {@code rect}:
     * drawn straight into the document being signed, with the font subset and the seal as new
     * objects of its incremental update (no separate template document to write and parse back).
     */
    void applyTo(PDDocument doc, PDAnnotationWidget widget, PDRectangle rect) throws IOException {
        StringBuilder text = new StringBuilder(SealPicture.displayable(qrCaption));
        lines.forEach(line -> text.append(SealPicture.displayable(line)));
        byte[] subset = dev.sealgate.formats.EmbeddedFont.subset(text.toString());
        widget.setRectangle(rect);
        widget.setPrinted(true);
        PDAppearanceStream stream = new PDAppearanceStream(doc);
        stream.setResources(new PDResources());
        stream.setFormType(1);
        stream.setBBox(new PDRectangle(rect.getWidth(), rect.getHeight()));
        PDAppearanceDictionary appearance = new PDAppearanceDictionary();
        appearance.setNormalAppearance(stream);
        widget.setAppearance(appearance);
        // the font file already holds only these characters: embedded whole, not subset again
        draw(doc, stream, rect.getWidth(), rect.getHeight(), PDType0Font.load(doc, new java.io.ByteArrayInputStream(subset), false));
    }

    private void draw(PDDocument doc, PDAppearanceStream stream, float w, float h, PDType0Font font) throws IOException {
        float unit = (float) (w / (naturalWidth() * MM)); // points per natural millimetre × MM
        try (PDPageContentStream cs = new PDPageContentStream(doc, stream)) {
            float left;
            if (sealName != null) {
                float size = 40 * MM * unit;
                cs.saveGraphicsState();
                cs.transform(new Matrix(size / VectorSeal.UNITS, 0, 0, size / VectorSeal.UNITS, 0, h - size));
                cs.drawForm(VectorSeal.form(doc, sealName));
                cs.restoreGraphicsState();
                left = size + 3 * MM * unit;
            } else {
                // the person's lines beside the QR code, each as large as fits 46 mm
                float textWidth = 46 * MM * unit;
                float y = h - 2 * MM * unit;
                cs.setNonStrokingColor(0.1f, 0.1f, 0.1f);
                for (String line : lines) {
                    float size = fitted(font, line, textWidth, 4.2f * MM * unit);
                    y -= size;
                    text(cs, font, size, 0, y, line);
                    y -= size * 0.45f;
                }
                left = textWidth + 3 * MM * unit;
            }
            float qrSize = 22 * MM * unit;
            qr(cs, left, h - qrSize, qrSize);
            cs.setNonStrokingColor(0.1f, 0.1f, 0.1f);
            // under the QR code: its caption, centred, one line per part; then (for a seal) the signing time
            float y = h - qrSize - 0.6f * MM * unit;
            for (String part : qrCaption.split("\n")) {
                float size = fitted(font, part, qrSize, 2.6f * MM * unit);
                y -= size;
                text(cs, font, size, left + (qrSize - width(font, size, part)) / 2, y, part);
                y -= size * 0.3f;
            }
            if (sealName != null) {
                y -= 0.6f * MM * unit;
                for (String line : lines) {
                    float size = fitted(font, line, qrSize, 2.4f * MM * unit);
                    y -= size;
                    text(cs, font, size, left + (qrSize - width(font, size, line)) / 2, y, line);
                    y -= size * 0.3f;
                }
            }
        }
    }

    /** The preferred size, or smaller so that the text fits {@code width}. */
    private static float fitted(PDType0Font font, String text, float width, float preferred) throws IOException {
        float atOne = width(font, 1, text);
        return atOne <= 0 ? preferred : Math.min(preferred, width / atOne);
    }

    private static float width(PDType0Font font, float size, String text) throws IOException {
        return font.getStringWidth(drawable(font, text)) / 1000 * size;
    }

    private static void text(PDPageContentStream cs, PDType0Font font, float size, float x, float y, String text) throws IOException {
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y);
        cs.showText(drawable(font, text));
        cs.endText();
    }

    /** The text with every character the font lacks replaced by {@link #REPLACEMENT}. */
    static String drawable(PDType0Font font, String text) {
        return SealPicture.displayable(text);
    }

    /** The QR code as filled squares, on a white square with a two-module quiet zone. */
    private void qr(PDPageContentStream cs, float x, float y, float size) throws IOException {
        dev.sealgate.formats.QrCode code = dev.sealgate.formats.QrCode.of(qrText);
        float module = size / (code.size() + 4);
        cs.setNonStrokingColor(1f, 1f, 1f);
        cs.addRect(x, y, size, size);
        cs.fill();
        cs.setNonStrokingColor(0f, 0f, 0f);
        code.forEachRun((row, col, length) -> cs.addRect(x + (col + 2) * module, y + size - (row + 3) * module, length * module, module));
        cs.fill();
    }
}
