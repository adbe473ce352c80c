package dev.sealgate.verification.blocks;

import java.security.PublicKey;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * When algorithms stop being trusted to prove anything (ETSI TS 119 312; the table EU DSS's default
 * policy carries): digests by name ({@code SHA1=2012-08-01}), key algorithms by family and the smallest
 * key size an entry applies to ({@code RSA-1900=2029-01-01} covers RSA keys from 1,900 bits up to the next
 * entry's size; {@code none} for no end of life). A signature made with an expired algorithm proves
 * nothing unless something proves it existed before the expiry (EN 319 102-1 5.2.8 and 5.6.2.5); an
 * archive time-stamp stops proving anything at the expiry of its own algorithms, so its renewal is due
 * then at the latest.
 */
final class AlgorithmExpiry {

    private final Map<String, Instant> digests = new HashMap<>();
    /** Family → (smallest key size → expiry, null for none). */
    private final Map<String, TreeMap<Integer, Instant>> keys = new HashMap<>();

    private AlgorithmExpiry(List<String> entries) {
        for (String entry : entries) {
            String[] parts = entry.trim().split("=", 2);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("algorithm-expiry entry '" + entry + "' is not NAME=yyyy-MM-dd or NAME-BITS=none");
            }
            String name = parts[0].trim().toUpperCase(Locale.ROOT);
            Instant date = parts[1].trim().equalsIgnoreCase("none") ? null
                    : LocalDate.parse(parts[1].trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
            int dash = name.lastIndexOf('-');
            if (dash > 0 && name.substring(dash + 1).chars().allMatch(Character::isDigit)) {
                keys.computeIfAbsent(name.substring(0, dash), k -> new TreeMap<>()).put(Integer.parseInt(name.substring(dash + 1)), date);
            } else {
                digests.put(normalise(name), date);
            }
        }
    }

    static AlgorithmExpiry of(ValidationPolicies.Policy policy) {
        return new AlgorithmExpiry(policy.algorithmExpiry());
    }

    /** When a digest algorithm (as the report names it: SHA256, SHA-1, ...) expires; null when it does not. */
    Instant digest(String name) {
        return name == null ? null : digests.get(normalise(name));
    }

    /** When a key of this algorithm and size expires for signing; null when it does not (or the family is not in the table). */
    Instant key(PublicKey key, String signatureAlgorithm) {
        String family;
        int bits;
        if (key instanceof RSAKey rsa) {
            boolean pss = signatureAlgorithm != null && signatureAlgorithm.toUpperCase(Locale.ROOT).contains("PSS");
            family = pss ? "RSASSA-PSS" : "RSA";
            bits = rsa.getModulus().bitLength();
        } else if (key instanceof ECKey ec) {
            family = "ECDSA";
            bits = ec.getParams().getCurve().getField().getFieldSize();
        } else if (key instanceof DSAKey dsa) {
            family = "DSA";
            bits = dsa.getParams().getP().bitLength();
        } else {
            return null;
        }
        TreeMap<Integer, Instant> sizes = keys.get(family);
        if (sizes == null) {
            return null;
        }
        Map.Entry<Integer, Instant> applicable = sizes.floorEntry(bits);
        // below the smallest listed size: as short as the shortest listed, expired at least as early
        return applicable != null ? applicable.getValue() : sizes.firstEntry().getValue();
    }

    /** The earlier of the digest's and the key's expiry; null when neither expires. */
    Instant earliest(String digest, PublicKey key, String signatureAlgorithm) {
        return earlier(digest(digest), key == null ? null : key(key, signatureAlgorithm));
    }

    static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static String normalise(String name) {
        return name.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
