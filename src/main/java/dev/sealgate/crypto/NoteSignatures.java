package dev.sealgate.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The signatures of C2SP signed notes (c2sp.org/signed-note) that the audit log's checkpoints carry:
 * the log's own, type {@code 0x02} (ECDSA P-256 over the note text, DER; key ID the first four bytes of
 * SHA-256 of the key's SubjectPublicKeyInfo), and witnesses' co-signatures, type {@code 0x04}
 * (c2sp.org/tlog-cosignature: Ed25519 over {@code "cosignature/v1\ntime <t>\n" || note text}, the
 * signature an 8-byte big-endian POSIX time then the 64-byte Ed25519 signature; key ID the first four
 * bytes of SHA-256 of {@code name || 0x0A || 0x04 || 32-byte public key}).
 */
public final class NoteSignatures {

    public static final byte ECDSA = 0x02;
    public static final byte COSIGNATURE_V1 = 0x04;

    /** The X.509 SubjectPublicKeyInfo of an Ed25519 key is this prefix and the 32-byte key (RFC 8410). */
    private static final byte[] ED25519_SPKI_PREFIX = HexPrefix.ED25519;

    private NoteSignatures() {
    }

    /** A witness's key as a verifier holds it: its name, key ID and Ed25519 public key. */
    public record Cosigner(String name, int keyId, PublicKey key, byte[] raw) {

        /** The C2SP verifier key: {@code name+hex(key ID)+base64(0x04 || public key)}. */
        public String vkey() {
            byte[] typed = new byte[33];
            typed[0] = COSIGNATURE_V1;
            System.arraycopy(raw, 0, typed, 1, 32);
            return name + "+" + String.format("%08x", keyId) + "+" + Base64.getEncoder().encodeToString(typed);
        }
    }

    /** A co-signature read from a signature line: when the witness made it, and the Ed25519 signature. */
    public record Cosignature(long time, byte[] signature) {
    }

    // --- the log's signature (type 0x02) ---------------------------------------------------------------

    /** The key ID of a log key for type 0x02: SHA-256 of its DER SubjectPublicKeyInfo, first four bytes, big-endian. */
    public static int logKeyId(PublicKey key) {
        return ByteBuffer.wrap(sha256(key.getEncoded()), 0, 4).getInt();
    }

    /** The log's signature over {@code text} by the key in custody: key ID then the DER ECDSA signature. */
    public static byte[] signAsLog(SignerKey key, String text) {
        if (key.scheme() != SignatureScheme.ECDSA_SHA256) {
            throw new CryptoException("a checkpoint note is signed with ECDSA P-256 (C2SP signed-note type 0x02), not " + key.scheme());
        }
        byte[] signature = key.custody().sign(key.alias(), key.scheme(), text.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(4 + signature.length).putInt(logKeyId(key.certificate().getPublicKey())).put(signature).array();
    }

    /** Whether {@code signature} (key ID then DER ECDSA) is {@code key}'s over {@code text}. */
    public static boolean verifyLog(PublicKey key, String text, byte[] signature) {
        if (signature.length < 5 || ByteBuffer.wrap(signature, 0, 4).getInt() != logKeyId(key)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(text.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Arrays.copyOfRange(signature, 4, signature.length));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The C2SP verifier key of a log key: {@code name+hex(key ID)+base64(0x02 || SubjectPublicKeyInfo)}. */
    public static String logVkey(String name, PublicKey key) {
        byte[] spki = key.getEncoded();
        byte[] typed = new byte[spki.length + 1];
        typed[0] = ECDSA;
        System.arraycopy(spki, 0, typed, 1, spki.length);
        return name + "+" + String.format("%08x", logKeyId(key)) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /** The name and public key of a log verifier key ({@link #logVkey}); IllegalArgumentException when it is not one. */
    public static java.util.Map.Entry<String, PublicKey> parseLogVkey(String vkey) {
        String[] parts = vkey.trim().split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a verifier key is name+keyid+base64key");
        }
        byte[] typed = Base64.getDecoder().decode(parts[2]);
        if (typed.length < 2 || typed[0] != ECDSA) {
            throw new IllegalArgumentException("not a type 0x02 (ECDSA) verifier key");
        }
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Arrays.copyOfRange(typed, 1, typed.length)));
            if (logKeyId(key) != (int) Long.parseLong(parts[1], 16)) {
                throw new IllegalArgumentException("the verifier key's ID does not match its key");
            }
            return java.util.Map.entry(parts[0], key);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an EC public key: " + e.getMessage(), e);
        }
    }

    // --- witnesses' co-signatures (type 0x04) --------------------------------------------------------

    /** A new witness key pair (Ed25519). */
    public static KeyPair newCosignerKey() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("no Ed25519 in this JVM", e);
        }
    }

    /** A witness's private key from its PKCS#8 encoding. */
    public static PrivateKey cosignerPrivateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /** A witness's public key from its X.509 SubjectPublicKeyInfo encoding. */
    public static PublicKey cosignerPublicKey(byte[] spki) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** The cosigner {@code name} with the Ed25519 public key {@code key}. */
    public static Cosigner cosigner(String name, PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki.length != ED25519_SPKI_PREFIX.length + 32
                || !Arrays.equals(Arrays.copyOf(spki, ED25519_SPKI_PREFIX.length), ED25519_SPKI_PREFIX)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return cosigner(name, Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length));
    }

    private static Cosigner cosigner(String name, byte[] raw) {
        checkName(name);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] input = ByteBuffer.allocate(nameBytes.length + 2 + 32).put(nameBytes).put((byte) '\n').put(COSIGNATURE_V1).put(raw).array();
        try {
            byte[] spki = ByteBuffer.allocate(ED25519_SPKI_PREFIX.length + 32).put(ED25519_SPKI_PREFIX).put(raw).array();
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            return new Cosigner(name, ByteBuffer.wrap(sha256(input), 0, 4).getInt(), key, raw.clone());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** A cosigner's verifier key ({@link Cosigner#vkey}); IllegalArgumentException when it is not one. */
    public static Cosigner parseCosignerVkey(String vkey) {
        String[] parts = vkey.trim().split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a verifier key is name+keyid+base64key");
        }
        byte[] typed;
        try {
            typed = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the verifier key's key is not base64");
        }
        if (typed.length != 33 || typed[0] != COSIGNATURE_V1) {
            throw new IllegalArgumentException("not a type 0x04 (Ed25519 cosignature/v1) verifier key");
        }
        Cosigner cosigner = cosigner(parts[0], Arrays.copyOfRange(typed, 1, 33));
        if (!String.format("%08x", cosigner.keyId()).equalsIgnoreCase(parts[1])) {
            throw new IllegalArgumentException("the verifier key's ID does not match its name and key");
        }
        return cosigner;
    }

    /** What a cosignature/v1 signs: the header, the time line, then the note text. */
    public static byte[] cosignedMessage(long time, String text) {
        return ("cosignature/v1\ntime " + time + "\n" + text).getBytes(StandardCharsets.UTF_8);
    }

    /** The witness's co-signature of {@code text} at {@code time}: key ID, time, Ed25519 signature. */
    public static byte[] cosign(Cosigner cosigner, PrivateKey key, long time, String text) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(cosignedMessage(time, text));
            return ByteBuffer.allocate(4 + 8 + 64).putInt(cosigner.keyId()).putLong(time).put(signer.sign()).array();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("cannot co-sign: " + e.getMessage(), e);
        }
    }

    /** The co-signature in {@code signature} when it is {@code cosigner}'s over {@code text}; null otherwise. */
    public static Cosignature verifyCosignature(Cosigner cosigner, String text, byte[] signature) {
        if (signature.length != 4 + 8 + 64 || ByteBuffer.wrap(signature, 0, 4).getInt() != cosigner.keyId()) {
            return null;
        }
        long time = ByteBuffer.wrap(signature, 4, 8).getLong();
        if (time < 0) {
            return null;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(cosigner.key());
            verifier.update(cosignedMessage(time, text));
            return verifier.verify(Arrays.copyOfRange(signature, 12, signature.length)) ? new Cosignature(time, signature.clone()) : null;
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** A key name: non-empty, no Unicode space, no plus (signed-note). */
    public static void checkName(String name) {
        if (name == null || name.isEmpty() || name.codePoints().anyMatch(c -> c == '+' || Character.isWhitespace(c)
                || Character.isSpaceChar(c) || c < 0x20)) {
            throw new IllegalArgumentException("a key name is non-empty, without spaces or '+'");
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class HexPrefix {
        /** SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (33 bytes) } up to the key. */
        static final byte[] ED25519 = java.util.HexFormat.of().parseHex("302a300506032b6570032100");
    }
}
