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

    private static byte[] read() {
        try (InputStream in = SealPicture.fontFile()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
