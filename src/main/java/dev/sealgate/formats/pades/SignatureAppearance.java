package dev.sealgate.formats.pades;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;

import dev.sealgate.formats.QrCode;
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
     * drawn straight into the document being signed, with the font, the seal and the QR code as new
     * objects of its incremental update (no separate template document to write and parse back).
     */
    void applyTo(PDDocument doc, PDAnnotationWidget widget, PDRectangle rect) throws IOException {
        StringBuilder text = new StringBuilder(SealPicture.displayable(qrCaption));
        lines.forEach(line -> text.append(SealPicture.displayable(line)));
        AppearanceFont font = AppearanceFont.of(text.toString());
        widget.setRectangle(rect);
        widget.setPrinted(true);
        PDAppearanceStream stream = new PDAppearanceStream(doc);
        PDResources resources = new PDResources();
        COSDictionary fonts = new COSDictionary();
        fonts.setItem(FONT, font.copyFor(doc));
        resources.getCOSObject().setItem(COSName.FONT, fonts);
        stream.setResources(resources);
        stream.setFormType(1);
        stream.setBBox(new PDRectangle(rect.getWidth(), rect.getHeight()));
        PDAppearanceDictionary appearance = new PDAppearanceDictionary();
        appearance.setNormalAppearance(stream);
        widget.setAppearance(appearance);
        byte[] content = draw(doc, resources, rect.getWidth(), rect.getHeight(), font).toString().getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = stream.getCOSObject().createOutputStream(COSName.FLATE_DECODE)) {
            out.write(content);
        }
    }

    /** The appearance's font in its resources. */
    private static final COSName FONT = COSName.getPDFName("F0");

    /** The content stream, written directly (a few operators; the seal and the QR code are form XObjects). */
    private StringBuilder draw(PDDocument doc, PDResources resources, float w, float h, AppearanceFont font) throws IOException {
        float unit = (float) (w / (naturalWidth() * MM)); // points per natural millimetre × MM
        StringBuilder cs = new StringBuilder(1024);
        float left;
        if (sealName != null) {
            float size = 40 * MM * unit;
            place(cs, resources.add(VectorSeal.form(doc, sealName)), size / VectorSeal.UNITS, 0, h - size);
            left = size + 3 * MM * unit;
        } else {
            // the person's lines beside the QR code, each as large as fits 46 mm
            float textWidth = 46 * MM * unit;
            float y = h - 2 * MM * unit;
            for (String line : lines) {
                float size = fitted(font, line, textWidth, 4.2f * MM * unit);
                y -= size;
                text(cs, font, size, 0, y, line);
                y -= size * 0.45f;
            }
            left = textWidth + 3 * MM * unit;
        }
        float qrSize = 22 * MM * unit;
        QrCode code = QrCode.of(qrText);
        int side = code.size() + 4;
        place(cs, resources.add(qrForm(doc, code)), qrSize / side, left, h - qrSize);
        // under the QR code: its caption, centred, one line per part; then (for a seal) the signing time
        float y = h - qrSize - 0.6f * MM * unit;
        for (String part : qrCaption.split("\n")) {
            float size = fitted(font, part, qrSize, 2.6f * MM * unit);
            y -= size;
            text(cs, font, size, left + (qrSize - font.width(drawable(part), size)) / 2, y, part);
            y -= size * 0.3f;
        }
        if (sealName != null) {
            y -= 0.6f * MM * unit;
            for (String line : lines) {
                float size = fitted(font, line, qrSize, 2.4f * MM * unit);
                y -= size;
                text(cs, font, size, left + (qrSize - font.width(drawable(line), size)) / 2, y, line);
                y -= size * 0.3f;
            }
        }
        return cs;
    }

    /** A form XObject drawn scaled by {@code scale} with its origin at (x, y). */
    private static void place(StringBuilder cs, COSName form, float scale, float x, float y) {
        cs.append("q ").append(number(scale)).append(" 0 0 ").append(number(scale)).append(' ').append(number(x)).append(' ')
                .append(number(y)).append(" cm /").append(form.getName()).append(" Do Q\n");
    }

    /** The preferred size, or smaller so that the text fits {@code width}. */
    private static float fitted(AppearanceFont font, String text, float width, float preferred) throws IOException {
        float atOne = font.width(drawable(text), 1);
        return atOne <= 0 ? preferred : Math.min(preferred, width / atOne);
    }

    private static void text(StringBuilder cs, AppearanceFont font, float size, float x, float y, String text) throws IOException {
        cs.append("BT 0.1 0.1 0.1 rg /").append(FONT.getName()).append(' ').append(number(size)).append(" Tf ").append(number(x))
                .append(' ').append(number(y)).append(" Td ").append(font.hex(drawable(text))).append(" Tj ET\n");
    }

    /** Three decimals: a thousandth of a point. */
    private static String number(float value) {
        return java.math.BigDecimal.valueOf(Math.round(value * 1000d), 3).stripTrailingZeros().toPlainString();
    }

    /** The text with every character the font lacks replaced by {@link #REPLACEMENT}. */
    static String drawable(String text) {
        return SealPicture.displayable(text);
    }

    /**
     * The QR code as filled rectangles (a row's run of dark modules is one), on a white square with a
     * two-module quiet zone: a form XObject one unit per module, its content written directly in whole
     * numbers (PDFBox formatting a few thousand coordinates cost more than encoding the code).
     */
    private static PDFormXObject qrForm(PDDocument doc, QrCode code) throws IOException {
        int side = code.size() + 4;
        StringBuilder content = new StringBuilder(16 * 1024);
        content.append("1 1 1 rg 0 0 ").append(side).append(' ').append(side).append(" re f 0 0 0 rg\n");
        code.forEachRun((row, col, length) -> content.append(col + 2).append(' ').append(side - row - 3).append(' ').append(length)
                .append(" 1 re\n"));
        content.append("f\n");
        // left uncompressed: a few kilobytes, where compressing took as long as encoding the code
        PDFormXObject form = new PDFormXObject(doc);
        form.setBBox(new PDRectangle(side, side));
        form.setFormType(1);
        try (OutputStream out = form.getCOSObject().createRawOutputStream()) {
            out.write(content.toString().getBytes(StandardCharsets.US_ASCII));
        }
        return form;
    }
}
