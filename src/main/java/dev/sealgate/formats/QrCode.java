package dev.sealgate.formats;

import java.util.Map;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;

/**
 * The QR code of a check address (ZXing's encoder, error correction level H: 30 % of the code may be
 * lost, as on a printed and photographed page), as runs of dark modules for vector drawing: each
 * row's run of adjacent dark modules is one rectangle.
 *
 * <p>Every code is drawn with mask pattern {@value #MASK} rather than the best of the eight by ISO/IEC
 * 18004's penalty score. Scoring eight masks was nine tenths of the encoding and most of what a
 * visible signature's appearance cost; for random check addresses mask 2 scores best on average
 * (mean 1 240 against 1 194 for the best of eight), and zbarimg reads degraded pictures of them as
 * well as those of the searched mask ({@code dev.sealgate.bench.QrReadability}, docs/benchmarks.md).
 * Any reader decodes any mask: the pattern is in the code's format information.
 */
public final class QrCode {

    /** The mask pattern of every check code (ISO/IEC 18004, 7.8.2: module dark when column mod 3 = 0). */
    public static final int MASK = 2;

    /** A run of dark modules: row, first column and length, in modules from the code's top-left corner. */
    @FunctionalInterface
    public interface Runs<E extends Exception> {
        void run(int row, int column, int length) throws E;
    }

    private final ByteMatrix matrix;

    private QrCode(ByteMatrix matrix) {
        this.matrix = matrix;
    }

    public static QrCode of(String text) {
        try {
            return new QrCode(Encoder.encode(text, ErrorCorrectionLevel.H, Map.of(EncodeHintType.CHARACTER_SET, "UTF-8",
                    EncodeHintType.QR_MASK_PATTERN, MASK)).getMatrix());
        } catch (WriterException e) {
            throw new IllegalArgumentException("The text cannot be a QR code", e);
        }
    }

    /** Modules per side, without the quiet zone. */
    public int size() {
        return matrix.getWidth();
    }

    public <E extends Exception> void forEachRun(Runs<E> runs) throws E {
        for (int row = 0; row < matrix.getHeight(); row++) {
            for (int col = 0; col < matrix.getWidth(); col++) {
                if (matrix.get(col, row) == 1) {
                    int end = col;
                    while (end + 1 < matrix.getWidth() && matrix.get(end + 1, row) == 1) {
                        end++;
                    }
                    runs.run(row, col, end - col + 1);
                    col = end;
                }
            }
        }
    }
}
