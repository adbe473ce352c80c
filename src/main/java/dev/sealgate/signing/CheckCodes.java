package dev.sealgate.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Check codes: the unguessable part of the address a visible signature's QR code carries
 * ({@code /v/{code}}). 128 random bits, base64url without padding (22 characters): no personal data,
 * no sequence. Only the code's SHA-256 is stored, so the database neither holds the codes nor answers
 * faster for a code that shares a prefix with a real one.
 */
public final class CheckCodes {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{22}");

    private CheckCodes() {
    }

    public static String newCode() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** Whether the text has a code's form (22 base64url characters). */
    public static boolean wellFormed(String code) {
        return code != null && FORM.matcher(code).matches();
    }

    public static String hash(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
