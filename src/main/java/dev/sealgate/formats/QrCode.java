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
 */
public final class QrCode {

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
            return new QrCode(Encoder.encode(text, ErrorCorrectionLevel.H, Map.of(EncodeHintType.CHARACTER_SET, "UTF-8")).getMatrix());
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
