package dev.sealgate.formats.pades;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.multipdf.PDFCloneUtility;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import dev.sealgate.formats.EmbeddedFont;
import dev.sealgate.formats.SealPicture;

/**
 * The embedded font as a visible signature needs it: a subset holding the characters of its text
 * (see {@link EmbeddedFont#subset}), made into PDF font objects once per set of characters and
 * copied into each signed document as they are. Loading the font into every document compressed
 * its file again each time, which cost a visible signature more than anything else it draws.
 *
 * <p>The font objects live in a document of their own that is never saved; the copies share nothing
 * with it. A font is used by one thread at a time (PDFBox's fonts keep caches).
 */
final class AppearanceFont {

    private static final Map<String, AppearanceFont> MADE = new ConcurrentHashMap<>();
    private static final int KEPT = 64;

    private final PDType0Font font;

    private AppearanceFont(PDType0Font font) {
        this.font = font;
    }

    /**
     * The font for a text made of {@code characters} (each already {@link SealPicture#displayable}),
     * made when there is none for those characters yet (up to {@value #KEPT} are kept).
     */
    static AppearanceFont of(String characters) throws IOException {
        String key = EmbeddedFont.characters(characters);
        AppearanceFont kept = MADE.get(key);
        if (kept != null) {
            return kept;
        }
        PDDocument holder = new PDDocument();
        try {
            // the file already holds only these characters: embedded whole, not subset again
            AppearanceFont made = new AppearanceFont(PDType0Font.load(holder, new ByteArrayInputStream(EmbeddedFont.subset(key)), false));
            if (MADE.size() < KEPT) {
                AppearanceFont raced = MADE.putIfAbsent(key, made);
                if (raced != null) {
                    holder.close();
                    return raced;
                }
            }
            // not kept: the holder is left to the garbage collector (it has no file or scratch space)
            return made;
        } catch (IOException | RuntimeException e) {
            holder.close();
            throw e;
        }
    }

    /** The text's width in points at {@code size}. */
    synchronized float width(String text, float size) throws IOException {
        return font.getStringWidth(text) / 1000 * size;
    }

    /** The text as the string operand of a {@code Tj} operator: its glyphs' codes, in hexadecimal. */
    synchronized String hex(String text) throws IOException {
        return "<" + HexFormat.of().formatHex(font.encode(text)) + ">";
    }

    /** A copy of the font's objects for {@code doc}: its dictionary, the descendant font, widths, the file as compressed once. */
    synchronized COSDictionary copyFor(PDDocument doc) throws IOException {
        return new PDFCloneUtility(doc) {
        }.cloneForNewDocument(font.getCOSObject());
    }
}
