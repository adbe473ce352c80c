package dev.sealgate.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;

/**
 * The links of a hash chain: {@code hash = SHA-256(prev || canonical(fields))}, both hashes
 * lower-case hex. Canonical encoding, which an offline verifier must reproduce byte for byte:
 * {@code prev} as its 32 raw bytes (the first link uses 32 zero bytes, {@link #GENESIS}); then each
 * field in the caller's fixed order as a 4-byte big-endian length followed by its UTF-8 bytes, with
 * length {@code 0xFFFFFFFF} and no bytes for a null field. The length prefix makes every sequence
 * of fields encode differently, whatever characters the fields contain.
 */
public final class ChainHash {

    /** The previous hash of the first link. */
    public static final String GENESIS = "0".repeat(64);

    private ChainHash() {
    }

    public static String link(String previousHex, List<String> fields) {
        MessageDigest sha256 = DocumentDigest.digest(NISTObjectIdentifiers.id_sha256);
        sha256.update(HexFormat.of().parseHex(previousHex));
        sha256.update(canonical(fields));
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The canonical encoding of {@code fields} (also the bytes a checkpoint signs). */
    public static byte[] canonical(List<String> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (String field : fields) {
            if (field == null) {
                out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            } else {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }
}
