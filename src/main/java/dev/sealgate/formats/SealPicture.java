package dev.sealgate.formats;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * The picture of an official round seal (公章): a red ring, the organisation's name along the upper
 * edge, a five-pointed star in the middle and, when given, a line of text below the star (the seal's
 * purpose, such as 合同专用章). Drawn on a transparent background with the embedded font AR PL UMing CN
 * (Arphic Public License; GB 2312's characters, see {@code src/main/resources/fonts}); a character the
 * font lacks is drawn with the JDK's serif font.
 */
public final class SealPicture {

    /** The seal red of printed official seals. */
    public static final Color SEAL_RED = new Color(0xE6, 0x00, 0x12);

    private static final String FONT = "/fonts/ARPLUMingCN-GB2312.ttf";

    private static volatile Font font;

    private SealPicture() {
    }

    /** The embedded CJK font (1 pt; derive the size). */
    public static Font font() {
        Font f = font;
        if (f == null) {
            synchronized (SealPicture.class) {
                if (font == null) {
                    if (System.getProperty("java.awt.headless") == null) {
                        System.setProperty("java.awt.headless", "true");
                    }
                    try (InputStream in = SealPicture.class.getResourceAsStream(FONT)) {
                        if (in == null) {
                            throw new IllegalStateException("The seal font " + FONT + " is missing from the class path");
                        }
                        font = Font.createFont(Font.TRUETYPE_FONT, in);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (FontFormatException e) {
                        throw new IllegalStateException("The seal font cannot be read", e);
                    }
                }
                f = font;
            }
        }
        return f;
    }

    /** What replaces a character the embedded font lacks, wherever text is set in it (PDF appearances, reports). */
    public static final String REPLACEMENT = "?";

    /** The text with every character the embedded font lacks replaced by {@link #REPLACEMENT}. */
    public static String displayable(String text) {
        Font embedded = font();
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\t') {
                out.append("    ");
            } else if (embedded.canDisplay(cp) && !Character.isISOControl(cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append(REPLACEMENT);
            }
        });
        return out.toString();
    }

    /** The embedded font's bytes (a TrueType file), for PDF documents that embed a subset of it. */
    public static InputStream fontFile() {
        InputStream in = SealPicture.class.getResourceAsStream(FONT);
        if (in == null) {
            throw new IllegalStateException("The seal font " + FONT + " is missing from the class path");
        }
        return in;
    }

    /** Whether the embedded font draws every character of {@code text}. */
    public static boolean drawable(String text) {
        return font().canDisplayUpTo(text) == -1;
    }

    /**
     * What a seal is drawn with: a raster image ({@link #png}) or a vector page (a PDF appearance), so
     * that both show the same seal. Coordinates grow rightwards and downwards, as in a picture.
     */
    public interface Pen {
        void fill(Shape shape);

        /** The shape's outline, {@code width} wide; round joins and caps when {@code round}, else mitred joins (closed shapes only). */
        void stroke(Shape shape, double width, boolean round);
    }

    /**
     * Draws the seal in a {@code size} × {@code size} square with {@code pen} (in {@link #SEAL_RED}).
     *
     * @param name      drawn along the upper edge, clockwise
     * @param lowerText drawn straight below the star; null for none
     */
    public static void draw(Pen pen, String name, String lowerText, double size) {
        double r = size / 2.0;
        double ring = size * 0.03;
        double margin = size / 600; // a picture's pixel of room around the ring for its antialiased edge
        pen.stroke(new Ellipse2D.Double(ring / 2 + margin, ring / 2 + margin, size - ring - 2 * margin, size - ring - 2 * margin), ring,
                false);
        pen.fill(star(r, r, r * 0.30));
        drawArc(pen, name == null ? "" : name.strip(), r, r * 0.70, size * 0.17);
        if (lowerText != null && !lowerText.isBlank()) {
            drawLine(pen, lowerText.strip(), r, r * 1.52, size * 0.09);
        }
    }

    /**
     * A PNG of {@code pixels} × {@code pixels}.
     *
     * @param name      drawn along the upper edge, clockwise
     * @param lowerText drawn straight below the star; null for none
     */
    public static byte[] png(String name, String lowerText, int pixels) {
        BufferedImage image = new BufferedImage(pixels, pixels, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(SEAL_RED);
            draw(new Pen() {
                @Override
                public void fill(Shape shape) {
                    g.fill(shape);
                }

                @Override
                public void stroke(Shape shape, double width, boolean round) {
                    g.setStroke(round ? new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                            : new BasicStroke((float) width));
                    g.draw(shape);
                }
            }, name, lowerText, pixels);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A five-pointed star centred on (cx, cy), one point upwards. */
    static Path2D star(double cx, double cy, double outer) {
        double inner = outer * Math.sin(Math.toRadians(18)) / Math.sin(Math.toRadians(126));
        Path2D path = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double radius = i % 2 == 0 ? outer : inner;
            double angle = Math.toRadians(-90 + i * 36);
            double x = cx + radius * Math.cos(angle);
            double y = cy + radius * Math.sin(angle);
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        path.closePath();
        return path;
    }

    /**
     * The name along the upper arc: the characters' centres on a circle of {@code radius}, spread over
     * up to 250 degrees (narrower for short names), each turned to face the centre.
     */
    private static void drawArc(Pen g, String text, double centre, double radius, double size) {
        int[] codePoints = text.codePoints().toArray();
        if (codePoints.length == 0) {
            return;
        }
        double span = Math.min(235, Math.max(90, codePoints.length * 27.0));
        double step = codePoints.length == 1 ? 0 : span / (codePoints.length - 1);
        double start = codePoints.length == 1 ? 0 : -span / 2;
        // characters get narrower, not smaller, when the arc is crowded, as on carved seals
        double advance = Math.toRadians(step) * radius;
        double squeeze = codePoints.length == 1 ? 1 : Math.min(1, advance / (size * 1.02));
        for (int i = 0; i < codePoints.length; i++) {
            double angle = Math.toRadians(start + i * step);
            AffineTransform at = new AffineTransform();
            at.translate(centre, centre);
            at.rotate(angle);
            at.translate(0, -radius);
            at.scale(squeeze, 1);
            drawCentred(g, new String(codePoints, i, 1), size, at);
        }
    }

    private static void drawLine(Pen g, String text, double centre, double baselineY, double size) {
        int[] codePoints = text.codePoints().toArray();
        double width = codePoints.length * size;
        double x = centre - width / 2 + size / 2;
        for (int i = 0; i < codePoints.length; i++) {
            AffineTransform at = AffineTransform.getTranslateInstance(x + i * size, baselineY - size / 2);
            drawCentred(g, new String(codePoints, i, 1), size, at);
        }
    }

    /** One character whose box is centred on the transform's origin. */
    private static void drawCentred(Pen g, String character, double size, AffineTransform at) {
        Font base = font().canDisplayUpTo(character) == -1 ? font() : new Font(Font.SERIF, Font.PLAIN, 1);
        Font sized = base.deriveFont((float) size);
        GlyphVector glyphs = sized.createGlyphVector(OUTLINES, character);
        Rectangle2D box = glyphs.getVisualBounds();
        AffineTransform place = new AffineTransform(at);
        place.translate(-box.getCenterX(), -box.getCenterY());
        Shape outline = place.createTransformedShape(glyphs.getOutline());
        g.fill(outline);
        // the thin strokes of a Ming face thickened towards the look of a carved seal
        g.stroke(outline, size * 0.035, true);
    }

    /** Glyph outlines as an antialiased picture gets them (no device transform), whatever they are drawn on. */
    private static final FontRenderContext OUTLINES = new FontRenderContext(null, true, false);
}
