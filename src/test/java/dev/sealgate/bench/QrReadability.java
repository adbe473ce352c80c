package dev.sealgate.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import com.google.zxing.EncodeHintType;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;

import dev.sealgate.formats.QrCode;
import dev.sealgate.testsupport.Tool;

/**
 * Why check codes are drawn with one mask pattern: for random check addresses, (1) ISO/IEC 18004's
 * penalty score of each of the eight masks, and of the best of the eight that a full search finds;
 * (2) how many codes zbarimg reads back from degraded pictures (module 3.5 px, turned 3°, blurred,
 * grey noise) with the searched mask and with {@link QrCode#MASK}. See docs/benchmarks.md.
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.sealgate.bench.QrReadability -Dexec.args="1000 300"} (codes scored, codes scanned).
 */
public final class QrReadability {

    private QrReadability() {
    }

    public static void main(String[] args) throws Exception {
        int scored = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int scanned = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Random random = new Random(42);
        // ZXing keeps the score to itself: read through reflection, for this measurement only
        Method penalty = Encoder.class.getDeclaredMethod("calculateMaskPenalty", ByteMatrix.class);
        penalty.setAccessible(true);
        long[] sum = new long[8];
        long best = 0;
        for (int i = 0; i < scored; i++) {
            String url = address(random, i);
            int min = Integer.MAX_VALUE;
            for (int mask = 0; mask < 8; mask++) {
                int score = (Integer) penalty.invoke(null, encode(url, mask));
                sum[mask] += score;
                min = Math.min(min, score);
            }
            best += min;
        }
        System.out.printf(Locale.ROOT, "penalty score, mean of %d check addresses (lower is better):%n", scored);
        for (int mask = 0; mask < 8; mask++) {
            System.out.printf(Locale.ROOT, "  mask %d%s %7.0f%n", mask, mask == QrCode.MASK ? " (used)" : "       ", sum[mask] / (double) scored);
        }
        System.out.printf(Locale.ROOT, "  best of 8 %6.0f%n", best / (double) scored);

        if (!Tool.available("zbarimg")) {
            System.out.println("zbarimg (zbar-tools) is not installed: no scan comparison");
            return;
        }
        Path dir = Files.createTempDirectory("qr-readability");
        for (int i = 0; i < scanned; i++) {
            String url = address(random, i);
            write(degraded(encode(url, null), random), dir.resolve("searched-" + i + ".png"));
            write(degraded(encode(url, QrCode.MASK), random), dir.resolve("fixed-" + i + ".png"));
        }
        System.out.printf(Locale.ROOT, "read back by zbarimg from degraded pictures of %d codes: searched mask %d, mask %d %d%n", scanned,
                read(dir, "searched-"), QrCode.MASK, read(dir, "fixed-"));
        try (var files = Files.list(dir)) {
            files.forEach(file -> file.toFile().delete());
        }
        Files.delete(dir);
    }

    private static String address(Random random, int i) {
        byte[] code = new byte[16];
        random.nextBytes(code);
        return (i % 2 == 0 ? "http://localhost:8080/v/" : "https://sealgate.mca.example.gov.cn/v/")
                + Base64.getUrlEncoder().withoutPadding().encodeToString(code);
    }

    private static ByteMatrix encode(String text, Integer mask) throws Exception {
        Map<EncodeHintType, Object> hints = new HashMap<>();
        hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
        if (mask != null) {
            hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
        }
        return Encoder.encode(text, ErrorCorrectionLevel.H, hints).getMatrix();
    }

    /** The code as a phone might see a printed copy: small modules, turned, blurred, noisy. */
    private static BufferedImage degraded(ByteMatrix matrix, Random random) {
        double module = 3.5;
        int size = (int) Math.round((matrix.getWidth() + 4) * module);
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.rotate(Math.toRadians(3), size / 2.0, size / 2.0);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y) == 1) {
                    g.fill(new Rectangle2D.Double((x + 2) * module, (y + 2) * module, module, module));
                }
            }
        }
        g.dispose();
        float[] kernel = new float[25];
        double total = 0;
        for (int i = 0; i < 25; i++) {
            int dx = i % 5 - 2;
            int dy = i / 5 - 2;
            kernel[i] = (float) Math.exp(-(dx * dx + dy * dy) / 2.0);
            total += kernel[i];
        }
        for (int i = 0; i < 25; i++) {
            kernel[i] /= (float) total;
        }
        BufferedImage blurred = new ConvolveOp(new Kernel(5, 5, kernel), ConvolveOp.EDGE_NO_OP, null).filter(image, null);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int grey = Math.max(0, Math.min(255, (int) ((blurred.getRGB(x, y) & 0xff) + random.nextGaussian() * 25)));
                blurred.setRGB(x, y, grey << 16 | grey << 8 | grey);
            }
        }
        return blurred;
    }

    private static void write(BufferedImage image, Path file) throws Exception {
        ImageIO.write(image, "png", file.toFile());
    }

    private static long read(Path dir, String prefix) throws Exception {
        String[] command;
        try (var files = Files.list(dir)) {
            command = java.util.stream.Stream.concat(java.util.stream.Stream.of("zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"),
                    files.filter(f -> f.getFileName().toString().startsWith(prefix)).map(Path::toString)).toArray(String[]::new);
        }
        return Tool.run(command).output().lines().filter(line -> line.startsWith("http")).count();
    }
}
