package dev.sealgate.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * {@link KeyCustody} over a JCA {@link KeyStore}: a PKCS#12 file (BouncyCastle's implementation,
 * which also holds SM2 keys) or a PKCS#11 token through the JDK's SunPKCS11 provider, where keys
 * are generated on the token and private key objects are only handles.
 */
public final class KeyStoreCustody implements KeyCustody {

    private final KeyStore store;
    private final Provider keyProvider;
    private final char[] password;
    private final Path file;
    private final boolean readOnly;
    private final String description;
    private final java.util.Map<String, PrivateKey> unwrapped = new java.util.concurrent.ConcurrentHashMap<>();

    private KeyStoreCustody(KeyStore store, Provider keyProvider, char[] password, Path file, boolean readOnly,
            String description) {
        this.store = store;
        this.keyProvider = keyProvider;
        this.password = password;
        this.file = file;
        this.readOnly = readOnly;
        this.description = description;
    }

    /** A PKCS#12 file; created empty when absent and writable. */
    public static KeyStoreCustody pkcs12(Path file, char[] password, boolean readOnly) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12", CryptoProviders.bc());
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    store.load(in, password);
                }
            } else if (readOnly) {
                throw new CryptoException("Key store " + file + " does not exist");
            } else {
                store.load(null, password);
            }
            return new KeyStoreCustody(store, CryptoProviders.bc(), password.clone(), file, readOnly,
                    "PKCS#12 " + file.toAbsolutePath());
        } catch (IOException | GeneralSecurityException e) {
            throw new CryptoException("Cannot open key store " + file + ": " + e.getMessage(), e);
        }
    }

    /** A PKCS#11 token through SunPKCS11, configured by a SunPKCS11 configuration file. */
    public static KeyStoreCustody pkcs11(Path config, char[] pin) {
        try {
            Provider provider = java.security.Security.getProvider("SunPKCS11").configure(config.toString());
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
            return new KeyStoreCustody(store, provider, pin.clone(), null, false, "PKCS#11 " + provider.getName());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new CryptoException("Cannot open PKCS#11 token with " + config + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean contains(String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Key store not readable", e);
        }
    }

    @Override
    public synchronized PublicKey generate(String alias, KeyAlgorithm algorithm) {
        requireWritable();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.jcaName(), providerFor(algorithm));
            switch (algorithm) {
                case EC_P256 -> generator.initialize(new ECGenParameterSpec("secp256r1"));
                case SM2 -> generator.initialize(new ECGenParameterSpec("sm2p256v1"));
                case RSA_2048 -> generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
                case RSA_3072 -> generator.initialize(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4));
                case ED25519 -> { }
            }
            KeyPair pair = generator.generateKeyPair();
            unwrapped.remove(alias);
            X509Certificate provisional = CertificateBuilder.provisional(alias, pair, algorithm.defaultScheme(), keyProvider);
            store.setKeyEntry(alias, pair.getPrivate(), password, new Certificate[] { provisional });
            persist();
            return pair.getPublic();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Cannot generate " + algorithm + " key in " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void installChain(String alias, List<X509Certificate> chain) {
        requireWritable();
        PrivateKey key = privateKey(alias);
        if (chain.isEmpty() || !chain.get(0).getPublicKey().equals(chain(alias).get(0).getPublicKey())) {
            throw new CryptoException("Certificate for '" + alias + "' does not match its key");
        }
        try {
            store.setKeyEntry(alias, key, password, chain.toArray(new Certificate[0]));
            persist();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Cannot install chain for '" + alias + "': " + e.getMessage(), e);
        }
    }

    private void requireWritable() {
        if (readOnly) {
            throw new CryptoException("Key store " + description + " is read-only");
        }
    }

    @Override
    public synchronized List<X509Certificate> chain(String alias) {
        try {
            Certificate[] chain = store.getCertificateChain(alias);
            if (chain == null) {
                throw new CryptoException("No key '" + alias + "' in " + description);
            }
            return Arrays.stream(chain).map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Key store not readable", e);
        }
    }

    @Override
    public byte[] sign(String alias, SignatureScheme scheme, byte[] toBeSigned) {
        PrivateKey key = privateKey(alias);
        try {
            Signature signature = signatureFor(scheme);
            signature.initSign(key);
            signature.update(toBeSigned);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Signing with '" + alias + "' (" + scheme + ") failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] signDigest(String alias, SignatureScheme scheme, byte[] sha256) {
        if (!KeyCustody.signsDigests(scheme) || sha256.length != 32) {
            throw new IllegalArgumentException("signDigest takes a SHA-256 digest for ECDSA or RSA PKCS#1 v1.5, not "
                    + scheme + " with " + sha256.length + " bytes");
        }
        PrivateKey key = privateKey(alias);
        try {
            Signature signature;
            byte[] input;
            if (scheme == SignatureScheme.ECDSA_SHA256) {
                // ECDSA signs the leftmost bits of the hash: for P-256, the 32 bytes as they are
                signature = Signature.getInstance("NONEwithECDSA", keyProvider);
                input = sha256;
            } else {
                // PKCS#1 v1.5 signs the DER DigestInfo of the hash (RFC 8017 section 9.2)
                signature = Signature.getInstance("NONEwithRSA", keyProvider);
                input = new DigestInfo(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE), sha256)
                        .getEncoded(ASN1Encoding.DER);
            }
            signature.initSign(key);
            signature.update(input);
            return signature.sign();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new CryptoException("Signing with '" + alias + "' (" + scheme + ") failed: " + e.getMessage(), e);
        }
    }

    /**
     * The provider's signature engine for {@code scheme}. BouncyCastle knows RSA-PSS with SHA-256 as
     * {@code SHA256withRSAandMGF1}; SunPKCS11 only as {@code SHA256withRSASSA-PSS}, which takes the
     * PSS parameters (SHA-256, MGF1 with SHA-256, 32-byte salt) explicitly.
     */
    private Signature signatureFor(SignatureScheme scheme) throws GeneralSecurityException {
        if (scheme != SignatureScheme.RSA_PSS_SHA256 || keyProvider.getName().equals(CryptoProviders.bc().getName())) {
            return Signature.getInstance(scheme.jcaName(), keyProvider);
        }
        Signature signature = Signature.getInstance("SHA256withRSASSA-PSS", keyProvider);
        signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        return signature;
    }

    @Override
    public synchronized void delete(String alias) {
        requireWritable();
        try {
            unwrapped.remove(alias);
            store.deleteEntry(alias);
            persist();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Cannot delete '" + alias + "'", e);
        }
    }

    @Override
    public synchronized List<String> aliases() {
        try {
            return java.util.Collections.list(store.aliases()).stream().filter(this::contains).sorted().toList();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Key store not readable", e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    /**
     * The key handle for {@code alias}, unwrapped once: a PKCS#12 store decrypts the key (PBKDF2) on
     * every {@code getKey}, which cost milliseconds per signature and serialised all signers. The
     * handle stays inside this custody; a PKCS#11 handle is only a reference to the token's key.
     */
    private PrivateKey privateKey(String alias) {
        PrivateKey cached = unwrapped.get(alias);
        return cached != null ? cached : unwrap(alias);
    }

    private synchronized PrivateKey unwrap(String alias) {
        try {
            Key key = store.getKey(alias, password);
            if (!(key instanceof PrivateKey privateKey)) {
                throw new CryptoException("No private key '" + alias + "' in " + description);
            }
            unwrapped.put(alias, privateKey);
            return privateKey;
        } catch (GeneralSecurityException e) {
            throw new CryptoException("Cannot use key '" + alias + "': " + e.getMessage(), e);
        }
    }

    private Provider providerFor(KeyAlgorithm algorithm) {
        // SunPKCS11 has no SM2 or EdDSA mechanisms; those keys are software keys from BouncyCastle
        boolean token = !keyProvider.getName().equals(CryptoProviders.bc().getName());
        if (token && (algorithm == KeyAlgorithm.SM2 || algorithm == KeyAlgorithm.ED25519)) {
            throw new CryptoException(algorithm + " keys cannot be generated on this PKCS#11 token");
        }
        return keyProvider;
    }

    private void persist() throws GeneralSecurityException {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                store.store(out, password);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CryptoException("Cannot write key store " + file + ": " + e.getMessage(), e);
        }
    }
}
