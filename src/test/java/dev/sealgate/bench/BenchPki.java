package dev.sealgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.service.crl.OnlineCRLSource;
import eu.europa.esig.dss.service.ocsp.OnlineOCSPSource;
import eu.europa.esig.dss.spi.client.http.DataLoader;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;

import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.KeyStoreCustody;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.pki.CertificateRegister;
import dev.sealgate.pki.IssuedCertificate;
import dev.sealgate.testsupport.Formats;
import dev.sealgate.verification.DocumentValidator;
import dev.sealgate.verification.OfflineValidation;
import dev.sealgate.verification.blocks.SignatureValidator;
import dev.sealgate.verification.gathering.Gatherer;
import dev.sealgate.verification.gathering.RevocationSources;
import dev.sealgate.verification.gathering.TrustAnchors;

/**
 * What the signing and verification benchmarks share, built once per JVM outside Quarkus: the dev
 * PKI (certs-dev/) as SealGate's CA with an in-memory register instead of the database, one
 * personal key per algorithm generated in a PKCS#12 signers' store and certified by the dev issuing
 * CA, and SealGate's validator over the dev root.
 *
 * <p>Revocation, the same for both validators and without network: SealGate answers its own CA's
 * certificates in-process (its OCSP responder for the signer, the root CRL for the issuing CA) and
 * runs offline otherwise; DSS gets the same two answers from the same CA object through a data loader
 * that serves the dev PKI's OCSP and root-CRL addresses in-process and refuses every other address.
 */
final class BenchPki {

    static final char[] SIGNERS_PASSWORD = "bench-signers".toCharArray();
    private static final Path DEV_PKI = Path.of("certs-dev");
    private static final String DEV_ORIGIN = "http://localhost:8080";

    private static BenchPki instance;

    final Path dir;
    final CertificateAuthority ca;
    final KeyStoreCustody signers;
    final Path signersFile;
    final X509Certificate root;
    final DocumentValidator validator;
    private final Map<KeyAlgorithm, SignerKey> keys = new EnumMap<>(KeyAlgorithm.class);
    private final Map<KeyAlgorithm, PrivateKey> privateKeys = new EnumMap<>(KeyAlgorithm.class);

    private BenchPki() throws Exception {
        dir = Files.createTempDirectory("sealgate-bench-");
        KeyStoreCustody pki = KeyStoreCustody.pkcs12(DEV_PKI.resolve("dev-pki.p12"), "sealgate-dev".toCharArray(), true);
        CertificateRegister register = new InMemoryRegister();
        ca = CertificateAuthority.standalone(pki, register, "root-ca", DEV_ORIGIN);
        root = ca.root();
        signersFile = dir.resolve("signers.p12");
        signers = KeyStoreCustody.pkcs12(signersFile, SIGNERS_PASSWORD, false);
        for (KeyAlgorithm algorithm : List.of(KeyAlgorithm.EC_P256, KeyAlgorithm.RSA_2048, KeyAlgorithm.SM2)) {
            String alias = "personal-bench-" + algorithm.name().toLowerCase();
            PublicKey key = signers.generate(alias, algorithm);
            X509Certificate cert = ca.issuePersonal("CN=Bench Signer " + algorithm + ",SERIALNUMBER=bench-" + algorithm
                    + ",OU=civil-affairs,O=SealGate Development,C=CN", key, "bench-" + algorithm, "civil-affairs", alias);
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            chain.addAll(ca.caChain());
            signers.installChain(alias, chain);
            keys.put(algorithm, new SignerKey(signers, alias, signers.chain(alias), SignatureScheme.forKey(key)));
        }
        KeyStore store = KeyStore.getInstance("PKCS12", new BouncyCastleProvider());
        try (var in = Files.newInputStream(signersFile)) {
            store.load(in, SIGNERS_PASSWORD);
        }
        for (var entry : keys.entrySet()) {
            privateKeys.put(entry.getKey(), (PrivateKey) store.getKey(entry.getValue().alias(), SIGNERS_PASSWORD));
        }
        RevocationSources revocations = RevocationSources.standalone(ca, true);
        Gatherer gatherer = new Gatherer(TrustAnchors.of(List.of(root)), revocations, register, ca.caChain());
        validator = new DocumentValidator(new SignatureValidator(), gatherer, Formats.all(), OfflineValidation.POLICIES,
                java.time.Clock.systemUTC());
    }

    static synchronized BenchPki get() {
        if (instance == null) {
            try {
                instance = new BenchPki();
            } catch (Exception e) {
                throw new IllegalStateException("Benchmark PKI setup failed", e);
            }
        }
        return instance;
    }

    SignerKey key(KeyAlgorithm algorithm) {
        return keys.get(algorithm);
    }

    /** The same private key, read from the signers' PKCS#12 file, for the floor. */
    PrivateKey privateKey(KeyAlgorithm algorithm) {
        return privateKeys.get(algorithm);
    }

    /** DSS's certificate verifier: the dev root as the only trust anchor, OCSP and CRLs answered in-process. */
    CommonCertificateVerifier dssVerifier() {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(root));
        verifier.setTrustedCertSources(trusted);
        InProcessPki loader = new InProcessPki(ca);
        verifier.setOcspSource(new OnlineOCSPSource(loader));
        verifier.setCrlSource(new OnlineCRLSource(loader));
        verifier.setAIASource(null);
        return verifier;
    }

    // ---- documents -------------------------------------------------------------------------------

    /** Random bytes (CAdES signs any content). */
    static byte[] binary(int size) {
        byte[] out = new byte[size];
        new Random(size).nextBytes(out);
        return out;
    }

    /** A JSON document of about {@code size} bytes: an array of small records. */
    static byte[] json(int size) {
        Random random = new Random(size);
        StringBuilder out = new StringBuilder(size + 200).append("{\"dataset\":\"bench\",\"records\":[");
        for (int i = 0; out.length() < size - 100; i++) {
            out.append(i == 0 ? "" : ",").append("{\"n\":").append(i).append(",\"amount\":").append(random.nextInt(100000))
                    .append(",\"note\":\"record ").append(Long.toHexString(random.nextLong())).append("\"}");
        }
        return out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A one-page PDF carrying an attachment of random bytes, about {@code size} bytes in all. */
    static byte[] pdf(int size) {
        return dev.sealgate.testsupport.Pdfs.withAnnex("SealGate benchmark document", binary(Math.max(0, size - 1500)));
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CA's register in memory: what the benchmark issued, never revoked. */
    private static final class InMemoryRegister extends CertificateRegister {

        private final Map<String, IssuedCertificate> issued = new ConcurrentHashMap<>();

        @Override
        public IssuedCertificate find(String serial) {
            return issued.get(serial);
        }

        @Override
        public boolean unrevoked(String serial) {
            IssuedCertificate certificate = issued.get(serial);
            return certificate != null && !certificate.revoked();
        }

        @Override
        public void add(IssuedCertificate certificate) {
            issued.put(certificate.serial, certificate);
        }
    }

    /** Serves the dev PKI's OCSP responder and root CRL from the CA object; every other address is refused. */
    private static final class InProcessPki implements DataLoader {

        private static final long serialVersionUID = 1L;

        private final transient CertificateAuthority ca;

        InProcessPki(CertificateAuthority ca) {
            this.ca = ca;
        }

        @Override
        public byte[] get(String url) {
            if (url.equals(DEV_ORIGIN + "/pki/crl/root")) {
                return ca.rootCrl();
            }
            throw new DSSException("Not served in the benchmark: " + url);
        }

        @Override
        public DataAndUrl get(List<String> urls) {
            for (String url : urls) {
                try {
                    return new DataAndUrl(url, get(url));
                } catch (DSSException e) {
                    // try the next address
                }
            }
            throw new DSSException("None of " + urls + " is served in the benchmark");
        }

        @Override
        public byte[] post(String url, byte[] content) {
            if (url.equals(DEV_ORIGIN + "/pki/ocsp")) {
                return ca.ocsp(content);
            }
            throw new DSSException("Not served in the benchmark: " + url);
        }

        @Override
        public void setContentType(String contentType) {
            // the in-process answers need no content type
        }
    }
}
