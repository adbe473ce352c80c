package dev.sealgate.formats.pades;

import java.awt.Shape;
import java.awt.geom.PathIterator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;

import dev.sealgate.formats.SealPicture;

/**
 * A department's seal as PDF paths (the ring, the star and each character's outline, as
 * {@link SealPicture} draws the picture): sharp at any zoom and on any printer, a few kilobytes
 * instead of a 600 px picture. The content stream is made and compressed once per seal and written
 * into each signed document as it is, as a form XObject of {@value #UNITS} × {@value #UNITS} units.
 */
final class VectorSeal {

    static final int UNITS = 1000;

    private static final Map<String, byte[]> DEFLATED = new ConcurrentHashMap<>();

    private VectorSeal() {
    }

    /** The seal named {@code name} as a new form XObject of {@code doc}. */
    static PDFormXObject form(PDDocument doc, String name) throws IOException {
        byte[] content = DEFLATED.get(name);
        if (content == null) {
            content = deflate(content(name));
            if (DEFLATED.size() < 256) {
                DEFLATED.put(name, content);
            }
        }
        PDFormXObject form = new PDFormXObject(doc);
        form.setBBox(new PDRectangle(UNITS, UNITS));
        form.setFormType(1);
        try (OutputStream out = form.getCOSObject().createRawOutputStream()) {
            out.write(content);
        }
        form.getCOSObject().setItem(COSName.FILTER, COSName.FLATE_DECODE);
        return form;
    }

    /** The uncompressed content stream: the seal in its red, the picture's y axis turned upwards. */
    private static byte[] content(String name) {
        StringBuilder pdf = new StringBuilder(64 * 1024);
        float[] red = SealPicture.SEAL_RED.getRGBColorComponents(null);
        String colour = number(red[0]) + " " + number(red[1]) + " " + number(red[2]);
        pdf.append("q 1 0 0 -1 0 ").append(UNITS).append(" cm ").append(colour).append(" rg ").append(colour).append(" RG\n");
        SealPicture.draw(new SealPicture.Pen() {
            @Override
            public void fill(Shape shape) {
                path(pdf, shape);
                pdf.append(evenOdd(shape) ? "f*\n" : "f\n");
            }

            @Override
            public void stroke(Shape shape, double width, boolean round) {
                pdf.append(number(width)).append(round ? " w 1 J 1 j\n" : " w 0 J 0 j\n");
                path(pdf, shape);
                pdf.append("S\n");
            }
        }, name, null, UNITS);
        pdf.append("Q\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean evenOdd(Shape shape) {
        return shape.getPathIterator(null).getWindingRule() == PathIterator.WIND_EVEN_ODD;
    }

    /** The shape's path: lines and cubic curves (a quadratic curve raised to the cubic that draws it exactly). */
    private static void path(StringBuilder pdf, Shape shape) {
        double[] c = new double[6];
        double x = 0;
        double y = 0;
        for (PathIterator it = shape.getPathIterator(null); !it.isDone(); it.next()) {
            switch (it.currentSegment(c)) {
                case PathIterator.SEG_MOVETO -> {
                    x = c[0];
                    y = c[1];
                    point(pdf, x, y).append("m\n");
                }
                case PathIterator.SEG_LINETO -> {
                    x = c[0];
                    y = c[1];
                    point(pdf, x, y).append("l\n");
                }
                case PathIterator.SEG_QUADTO -> {
                    point(pdf, x + 2.0 / 3 * (c[0] - x), y + 2.0 / 3 * (c[1] - y));
                    point(pdf, c[2] + 2.0 / 3 * (c[0] - c[2]), c[3] + 2.0 / 3 * (c[1] - c[3]));
                    x = c[2];
                    y = c[3];
                    point(pdf, x, y).append("c\n");
                }
                case PathIterator.SEG_CUBICTO -> {
                    point(pdf, c[0], c[1]);
                    point(pdf, c[2], c[3]);
                    x = c[4];
                    y = c[5];
                    point(pdf, x, y).append("c\n");
                }
                case PathIterator.SEG_CLOSE -> pdf.append("h\n");
                default -> throw new IllegalStateException("unknown path segment");
            }
        }
    }

    private static StringBuilder point(StringBuilder pdf, double x, double y) {
        return pdf.append(number(x)).append(' ').append(number(y)).append(' ');
    }

    /** Two decimals: a hundredth of a unit is 0.4 µm on a 40 mm seal. */
    private static String number(double value) {
        return java.math.BigDecimal.valueOf(Math.round(value * 100), 2).stripTrailingZeros().toPlainString();
    }

    private static byte[] deflate(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, deflater)) {
            z.write(data);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }
}
