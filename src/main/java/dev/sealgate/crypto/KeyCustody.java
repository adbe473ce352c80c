package dev.sealgate.crypto;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Where private keys live: a PKCS#12 file in development, a PKCS#11 token (HSM) in production.
 * Callers name a key by alias and hand over the bytes to be signed; the private key never leaves
 * the store.
 */
public interface KeyCustody {

    /** Whether a key with its certificate chain is stored under this alias. */
    boolean contains(String alias);

    /**
     * Generates a key pair inside the store under {@code alias}, held with a provisional self-signed
     * certificate until {@link #installChain} replaces it, and returns the public key.
     */
    PublicKey generate(String alias, KeyAlgorithm algorithm);

    /** Installs the certificate chain (signer first) issued for the key under {@code alias}. */
    void installChain(String alias, List<X509Certificate> chain);

    /** The certificate chain stored with the key, signer first. */
    List<X509Certificate> chain(String alias);

    /** Signs {@code toBeSigned} (for CMS: the DER of the signed attributes) with the key under {@code alias}. */
    byte[] sign(String alias, SignatureScheme scheme, byte[] toBeSigned);

    /**
     * Signs a SHA-256 digest the caller computed over the data to be signed: the same signature as
     * {@link #sign} over that data, for the schemes defined over the digest alone (ECDSA and RSA
     * PKCS#1 v1.5 with SHA-256). Lets a large input be hashed once by the JDK's digest (the CPU's SHA
     * instructions) instead of by the provider's.
     *
     * @throws IllegalArgumentException for another scheme, or a digest that is not 32 bytes
     */
    byte[] signDigest(String alias, SignatureScheme scheme, byte[] sha256);

    /** Whether {@link #signDigest} accepts {@code scheme}. */
    static boolean signsDigests(SignatureScheme scheme) {
        return scheme == SignatureScheme.ECDSA_SHA256 || scheme == SignatureScheme.RSA_PKCS1_SHA256;
    }

    /** The aliases of every key in the store. */
    List<String> aliases();

    /** Removes the key and its chain (a superseded personal key). */
    void delete(String alias);

    /** A short description for logs and health: type and location, never a secret. */
    String describe();
}
