package dev.sealgate.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * The embedded AR PL UMing CN font for PDFs SealGate writes (visible signatures, reports): its
 * 4.7 MB read once, parsed fonts kept in a small pool. A parsed {@link TrueTypeFont} reads its glyphs
 * lazily and is not safe for two documents at once, so each use borrows one for the whole document
 * (the subset is taken when the document is saved) and gives it back.
 */
public final class EmbeddedFont {

    private static final byte[] BYTES = read();
    private static final BlockingQueue<TrueTypeFont> POOL = new ArrayBlockingQueue<>(4);

    /** Work with a borrowed font. */
    @FunctionalInterface
    public interface Use<T> {
        T apply(TrueTypeFont font) throws IOException;
    }

    private EmbeddedFont() {
    }

    public static <T> T with(Use<T> use) throws IOException {
        TrueTypeFont font = POOL.poll();
        if (font == null) {
            font = new TTFParser().parse(new RandomAccessReadBuffer(BYTES));
        }
        try {
            return use.apply(font);
        } finally {
            if (!POOL.offer(font)) {
                font.close();
            }
        }
    }

    private static final java.util.Map<String, byte[]> SUBSETS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A TrueType file holding only the glyphs of {@code text} (and the digits), named with a subset
     * tag: embedded whole, it costs a PDF what a subset costs, without subsetting the 4.7 MB font for
     * every document. The same characters give the same file, kept (up to 256 sets).
     */
    public static byte[] subset(String text) throws IOException {
        String key = characters(text);
        byte[] cached = SUBSETS.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] made = with(font -> {
            org.apache.fontbox.ttf.TTFSubsetter subsetter = new org.apache.fontbox.ttf.TTFSubsetter(font);
            key.codePoints().forEach(subsetter::add);
            subsetter.setPrefix(tag(key) + "+");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            subsetter.writeToStream(out);
            return out.toByteArray();
        });
        if (SUBSETS.size() < 256) {
            SUBSETS.put(key, made);
        }
        return made;
    }

    /** The characters a subset for {@code text} holds (its own and the digits), once each and in order: its name. */
    public static String characters(String text) {
        java.util.TreeSet<Integer> codePoints = new java.util.TreeSet<>();
        "0123456789".codePoints().forEach(codePoints::add);
        text.codePoints().forEach(codePoints::add);
        StringBuilder key = new StringBuilder();
        codePoints.forEach(key::appendCodePoint);
        return key.toString();
    }

    /** Six capital letters from the characters (a PDF subset tag, ISO 32000-1 9.6.4). */
    private static String tag(String characters) {
        int hash = characters.hashCode();
        StringBuilder tag = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            tag.append((char) ('A' + Math.floorMod(hash >> (i * 5), 26)));
        }
        return tag.toString();
    }

    private static byte[] read() {
        try (InputStream in = SealPicture.fontFile()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
