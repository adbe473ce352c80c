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

    /** The aliases of every key in the store. */
    List<String> aliases();

    /** Removes the key and its chain (a superseded personal key). */
    void delete(String alias);

    /** A short description for logs and health: type and location, never a secret. */
    String describe();
}
