package dev.sealgate.formats.pades;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;


import dev.sealgate.formats.SealPicture;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/**
 * What a visible PAdES signature shows: for a seal, the seal's picture; for a person, their name and
 * department; then the signing time and a QR code of the address where anyone can check the
 * signature. The text is set in the embedded AR PL UMing CN font (a subset goes into the PDF: no
 * viewer font is relied on), characters it lacks replaced by {@value #REPLACEMENT}; the QR code is
 * drawn as vector squares (error correction level H, 30 %), never as a raster image.
 *
 * @param page       1-based page number, null for the last page
 * @param x          millimetres from the page's left edge to the widget's, null for the default (bottom right)
 * @param y          millimetres from the page's top edge to the widget's
 * @param width      the widget's width in millimetres, null for its natural width (its height follows)
 * @param sealPng    the seal's picture, or null for a personal signature
 * @param lines      text lines (a person's name and department; the signing time), top to bottom
 * @param qrText     what the QR code encodes (the check address)
 * @param qrCaption  the words under the QR code, a line per {@code \\n}-separated part
 */
public record SignatureAppearance(Integer page, Double x, Double y, Double width, byte[] sealPng, List<String> lines,
        String qrText, String qrCaption) {

    /** What replaces a character the embedded font does not have. */
    public static final String REPLACEMENT = SealPicture.REPLACEMENT;

    private static final float MM = 72f / 25.4f;

    /** The widget's natural size in millimetres: a 40 mm seal or three lines of text, and a 22 mm QR code. */
    double naturalWidth() {
        return sealPng != null ? 40 + 3 + 24 : 46 + 3 + 24;
    }

    double naturalHeight() {
        return sealPng != null ? 40 : 30;
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
     * drawn straight into the document being signed, with the font subset and the seal picture as new
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
            if (sealPng != null) {
                PDImageXObject seal = EncodedPicture.of(sealPng).image(doc);
                float size = 40 * MM * unit;
                cs.drawImage(seal, 0, h - size, size, size);
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
            if (sealPng != null) {
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

    /**
     * A picture decoded and deflated once (RGB, and its alpha as a soft mask), then written into each
     * document as it is: decoding and compressing a 600 px seal took longer than the whole signature.
     */
    private record EncodedPicture(int width, int height, byte[] rgb, byte[] alpha) {

        private static final java.util.Map<String, EncodedPicture> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        static EncodedPicture of(byte[] png) throws IOException {
            String key = java.util.HexFormat.of().formatHex(sha256(png));
            EncodedPicture cached = CACHE.get(key);
            if (cached != null) {
                return cached;
            }
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
            if (image == null) {
                throw new IllegalArgumentException("The seal's picture is not an image");
            }
            int w = image.getWidth();
            int h = image.getHeight();
            byte[] rgb = new byte[w * h * 3];
            byte[] alpha = new byte[w * h];
            for (int y = 0, i = 0; y < h; y++) {
                for (int x = 0; x < w; x++, i++) {
                    int argb = image.getRGB(x, y);
                    rgb[i * 3] = (byte) (argb >> 16);
                    rgb[i * 3 + 1] = (byte) (argb >> 8);
                    rgb[i * 3 + 2] = (byte) argb;
                    alpha[i] = (byte) (argb >>> 24);
                }
            }
            EncodedPicture encoded = new EncodedPicture(w, h, deflate(rgb), deflate(alpha));
            if (CACHE.size() < 64) {
                CACHE.put(key, encoded);
            }
            return encoded;
        }

        PDImageXObject image(PDDocument doc) throws IOException {
            PDImageXObject image = new PDImageXObject(doc, new java.io.ByteArrayInputStream(rgb), org.apache.pdfbox.cos.COSName.FLATE_DECODE,
                    width, height, 8, org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB.INSTANCE);
            PDImageXObject mask = new PDImageXObject(doc, new java.io.ByteArrayInputStream(alpha), org.apache.pdfbox.cos.COSName.FLATE_DECODE,
                    width, height, 8, org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray.INSTANCE);
            image.getCOSObject().setItem(org.apache.pdfbox.cos.COSName.SMASK, mask);
            return image;
        }

        private static byte[] deflate(byte[] data) {
            java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION);
            try {
                deflater.setInput(data);
                deflater.finish();
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(data.length / 8);
                byte[] buffer = new byte[64 * 1024];
                while (!deflater.finished()) {
                    out.write(buffer, 0, deflater.deflate(buffer));
                }
                return out.toByteArray();
            } finally {
                deflater.end();
            }
        }

        private static byte[] sha256(byte[] data) {
            try {
                return java.security.MessageDigest.getInstance("SHA-256").digest(data);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
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
