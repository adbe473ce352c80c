package dev.sealgate.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KeyStoreCustody#signDigest} on a PKCS#12 store: a digest hashed by the JDK and signed by the
 * custody gives a signature any verifier accepts over the data itself, exactly as {@link KeyStoreCustody#sign}
 * over the data does (the PKCS#11 side is in {@link Pkcs11KeyCustodyTest}).
 */
class DigestSigningTest {

    private static final byte[] DATA = "eyJhbGciOiJFUzI1NiJ9.eyJkZWNpc2lvbiI6ImdyYW50ZWQifQ".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void ecdsaAndRsaSignaturesOverADigestVerifyOverTheData() throws Exception {
        KeyStoreCustody custody = KeyStoreCustody.pkcs12(dir.resolve("keys.p12"), "test".toCharArray(), false);
        PublicKey ec = custody.generate("ec", KeyAlgorithm.EC_P256);
        PublicKey rsa = custody.generate("rsa", KeyAlgorithm.RSA_2048);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(DATA);

        assertTrue(verify("SHA256withECDSA", ec, DATA, custody.signDigest("ec", SignatureScheme.ECDSA_SHA256, digest)));
        byte[] fromDigest = custody.signDigest("rsa", SignatureScheme.RSA_PKCS1_SHA256, digest);
        assertTrue(verify("SHA256withRSA", rsa, DATA, fromDigest));
        // PKCS#1 v1.5 is deterministic: byte for byte the signature over the data
        assertArrayEquals(custody.sign("rsa", SignatureScheme.RSA_PKCS1_SHA256, DATA), fromDigest);

        byte[] other = MessageDigest.getInstance("SHA-256").digest("changed".getBytes(StandardCharsets.US_ASCII));
        assertTrue(!verify("SHA256withECDSA", ec, DATA, custody.signDigest("ec", SignatureScheme.ECDSA_SHA256, other)));
    }

    @Test
    void schemesThatHashThemselvesAndWrongLengthsAreRefused() {
        KeyStoreCustody custody = KeyStoreCustody.pkcs12(dir.resolve("keys.p12"), "test".toCharArray(), false);
        custody.generate("ec", KeyAlgorithm.EC_P256);
        custody.generate("ed", KeyAlgorithm.ED25519);
        custody.generate("rsa", KeyAlgorithm.RSA_2048);
        assertThrows(IllegalArgumentException.class, () -> custody.signDigest("ed", SignatureScheme.ED25519, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> custody.signDigest("rsa", SignatureScheme.RSA_PSS_SHA256, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> custody.signDigest("ec", SignatureScheme.ECDSA_SHA256, new byte[20]));
    }

    private static boolean verify(String algorithm, PublicKey key, byte[] data, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key);
        verifier.update(data);
        return verifier.verify(signature);
    }
}
