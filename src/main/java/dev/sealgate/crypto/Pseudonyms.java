package dev.sealgate.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Keyed pseudonyms: HMAC-SHA256 (or HMAC-SM3) of a value within a scope, so tokens differ per scope. */
public final class Pseudonyms {

    private final byte[] key;
    private final String algorithm;
    /** One initialised MAC per thread: creating and keying one costs more than the HMAC of a field. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::mac);

    /** @param algorithm {@code HmacSHA256} or {@code HmacSM3} */
    public Pseudonyms(byte[] key, String algorithm) {
        if (key.length < 32) {
            throw new CryptoException("The pseudonym key must have at least 32 bytes");
        }
        this.key = key.clone();
        this.algorithm = algorithm;
        mac();
    }

    /** A stable token for {@code value} in {@code scope}; the value cannot be recovered from it without the key. */
    public String token(String scope, String value) {
        Mac mac = macs.get();
        mac.update(scope.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return "ps_" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
    }

    private Mac mac() {
        try {
            Mac mac = algorithm.equalsIgnoreCase("HmacSM3") ? Mac.getInstance("HMACSM3", CryptoProviders.bc())
                    : Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac;
        } catch (Exception e) {
            throw new CryptoException("Pseudonym algorithm " + algorithm + " unavailable: " + e.getMessage(), e);
        }
    }
}
