package dev.sealgate.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;

/**
 * The one pass over a document: SHA-256 (for the record) and the digest the signature scheme needs,
 * computed together while the bytes optionally flow on to a spool file.
 */
public record DocumentDigest(long size, byte[] sha256, ASN1ObjectIdentifier algorithm, byte[] value) {

    /** SHA-256, the digest every record carries. */
    public static final ASN1ObjectIdentifier SHA256 = NISTObjectIdentifiers.id_sha256;

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    /** The hex SHA-256 of bytes already in memory. */
    public static String sha256HexOf(byte[] bytes) {
        return HexFormat.of().formatHex(digest(NISTObjectIdentifiers.id_sha256).digest(bytes));
    }

    public static DocumentDigest of(InputStream in, ASN1ObjectIdentifier algorithm, OutputStream spool, long maxBytes)
            throws IOException {
        MessageDigest sha256 = digest(NISTObjectIdentifiers.id_sha256);
        MessageDigest other = algorithm.equals(NISTObjectIdentifiers.id_sha256) ? null : digest(algorithm);
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            size += read;
            if (size > maxBytes) {
                throw new DocumentTooLargeException(maxBytes);
            }
            sha256.update(buffer, 0, read);
            if (other != null) {
                other.update(buffer, 0, read);
            }
            if (spool != null) {
                spool.write(buffer, 0, read);
            }
        }
        byte[] sha = sha256.digest();
        return new DocumentDigest(size, sha, algorithm, other == null ? sha : other.digest());
    }

    /** The JDK's digests where it has them (they use the CPU's SHA instructions), BouncyCastle for SM3. */
    public static MessageDigest digest(ASN1ObjectIdentifier algorithm) {
        try {
            if (algorithm.equals(NISTObjectIdentifiers.id_sha256)) {
                return MessageDigest.getInstance("SHA-256");
            }
            if (algorithm.equals(NISTObjectIdentifiers.id_sha384)) {
                return MessageDigest.getInstance("SHA-384");
            }
            if (algorithm.equals(NISTObjectIdentifiers.id_sha512)) {
                return MessageDigest.getInstance("SHA-512");
            }
            if (algorithm.equals(GMObjectIdentifiers.sm3)) {
                return MessageDigest.getInstance("SM3", CryptoProviders.bc());
            }
            return MessageDigest.getInstance(algorithm.getId(), CryptoProviders.bc());
        } catch (NoSuchAlgorithmException e) {
            throw new CryptoException("Unsupported digest " + algorithm, e);
        }
    }

    /** The body exceeded the configured maximum document size. */
    public static class DocumentTooLargeException extends IOException {
        public DocumentTooLargeException(long max) {
            super("document larger than " + max + " bytes");
        }
    }
}
