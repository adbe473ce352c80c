package dev.sealgate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Base64;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;

import dev.sealgate.crypto.CertificateBuilder;
import dev.sealgate.crypto.CertificatePurpose;
import dev.sealgate.crypto.CertificateTemplate;
import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.KeyStoreCustody;
import dev.sealgate.crypto.Pem;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.pki.IssuedCertificate;
import eu.europa.esig.dss.cades.CAdESSignatureParameters;
import eu.europa.esig.dss.cades.signature.CAdESService;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Signatures made by software other than SealGate, inside a {@code @QuarkusTest}: {@code openssl cms
 * -sign} and EU DSS's CAdES and PAdES services, each with a key it holds itself and a certificate
 * that the dev issuing CA (or a root made for the test) issued for that key.
 */
public final class ForeignSigners {

    public enum Signer {
        /** Certified by the dev issuing CA, valid now. */
        GOOD,
        /** Certified by the dev issuing CA, expired yesterday. */
        EXPIRED,
        /** Certified by the dev issuing CA, expiring a few seconds after it signs. */
        SHORT_LIVED,
        /** Certified by a root made for the test, which no validator trusts. */
        UNTRUSTED
    }

    public static final int SHORT_LIFE_SECONDS = 4;

    private ForeignSigners() {
    }

    /** A signer certificate for {@code key}, and the CA certificates above it (anchor last). */
    public static List<X509Certificate> certify(Path dir, PublicKey key, Signer signer, String name) {
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(120, new java.security.SecureRandom()).add(BigInteger.ONE);
        String subject = "CN=" + name + " " + signer.name().toLowerCase() + ",O=SealGate Agreement Test,C=CN";
        if (signer == Signer.UNTRUSTED) {
            KeyStoreCustody own = KeyStoreCustody.pkcs12(dir.resolve("own-root.p12"), "x".toCharArray(), false);
            PublicKey rootKey = own.generate("root", KeyAlgorithm.EC_P256);
            X509Certificate root = CertificateBuilder.issue(new CertificateTemplate("CN=Self-made root,O=Nobody,C=CN",
                    BigInteger.ONE, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), CertificatePurpose.ROOT_CA,
                    null, null, null), rootKey, null, own, "root");
            own.installChain("root", List.of(root));
            X509Certificate cert = CertificateBuilder.issue(new CertificateTemplate(subject, serial, now.minusSeconds(600),
                    now.plus(Duration.ofDays(1)), CertificatePurpose.DOCUMENT_SIGNING, null, null, null), key, root, own, "root");
            return List.of(cert, root);
        }
        KeyStoreCustody pki = KeyStoreCustody.pkcs12(Path.of("certs-dev/dev-pki.p12"), "sealgate-dev".toCharArray(), true);
        List<X509Certificate> caChain = pki.chain("issuing-ca");
        Instant notBefore = signer == Signer.EXPIRED ? now.minus(Duration.ofDays(30)) : now.minusSeconds(600);
        Instant notAfter = signer == Signer.EXPIRED ? now.minus(Duration.ofDays(1))
                : signer == Signer.SHORT_LIVED ? now.plusSeconds(SHORT_LIFE_SECONDS) : now.plus(Duration.ofDays(1));
        String base = ConfigProvider.getConfig().getValue("sealgate.pki.public-url", String.class);
        X509Certificate cert = CertificateBuilder.issue(new CertificateTemplate(subject, serial, notBefore, notAfter,
                CertificatePurpose.DOCUMENT_SIGNING, base + "/pki/crl", base + "/pki/ocsp", base + "/pki/ca"),
                key, caChain.get(0), pki, "issuing-ca");
        register(cert);
        List<X509Certificate> chain = new ArrayList<>(List.of(cert));
        chain.addAll(caChain);
        return chain;
    }

    /**
     * Enters a certificate the test had the dev issuing CA sign into the CA's register, as the CA
     * does for what it issues itself: its OCSP responder and CRL then answer for it.
     */
    private static void register(X509Certificate cert) {
        QuarkusTransaction.requiringNew().run(() -> {
            IssuedCertificate issued = new IssuedCertificate();
            issued.serial = cert.getSerialNumber().toString(16);
            issued.subjectDn = cert.getSubjectX500Principal().getName();
            issued.kind = IssuedCertificate.Kind.PERSONAL;
            issued.keyAlias = "external-" + issued.serial;
            issued.notBefore = cert.getNotBefore().toInstant();
            issued.notAfter = cert.getNotAfter().toInstant();
            try {
                issued.der = Base64.getEncoder().encodeToString(cert.getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
            issued.persist();
        });
    }

    /** {@code openssl cms -sign -binary -outform DER} of {@code document}, detached or enveloping, with a key openssl generated. */
    public static byte[] openssl(Path dir, Signer signer, boolean detached, byte[] document) throws Exception {
        Assumptions.assumeTrue(Tool.available("openssl"), "openssl not installed");
        Path key = dir.resolve("key.pem");
        run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        Path publicKey = dir.resolve("public.der");
        run("openssl", "pkey", "-in", key.toString(), "-pubout", "-outform", "DER", "-out", publicKey.toString());
        PublicKey pub = java.security.KeyFactory.getInstance("EC")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(Files.readAllBytes(publicKey)));
        List<X509Certificate> chain = certify(dir, pub, signer, "OpenSSL signer");
        Path cert = Files.writeString(dir.resolve("cert.pem"), Pem.encode(chain.subList(0, 1)));
        Path cas = Files.writeString(dir.resolve("cas.pem"), Pem.encode(chain.subList(1, chain.size())));
        Path input = Files.write(dir.resolve("document.bin"), document);
        Path out = dir.resolve("signature.p7s");
        List<String> command = new ArrayList<>(List.of("openssl", "cms", "-sign", "-binary", "-in", input.toString(),
                "-signer", cert.toString(), "-inkey", key.toString(), "-certfile", cas.toString(), "-md", "sha256",
                "-outform", "DER", "-out", out.toString()));
        if (!detached) {
            command.add("-nodetach");
        }
        run(command.toArray(String[]::new));
        return Files.readAllBytes(out);
    }

    private static void run(String... command) {
        Tool.Result result = Tool.run(command);
        assertEquals(0, result.exitCode(), String.join(" ", command) + ": " + result.output());
    }

    /** A key in a PKCS#12 made for the test (alias {@code signer}) and its certificate chain. */
    private record Keyed(KeyStoreCustody store, List<X509Certificate> chain) {
    }

    private static Keyed keyed(Path dir, String file, Signer signer, String name) {
        KeyStoreCustody store = KeyStoreCustody.pkcs12(dir.resolve(file), "test".toCharArray(), false);
        PublicKey key = store.generate("signer", KeyAlgorithm.EC_P256);
        List<X509Certificate> chain = certify(dir, key, signer, name);
        store.installChain("signer", chain);
        return new Keyed(store, chain);
    }

    /** What a DSS service signs with: the certificate, its chain, SHA-256, the signing date now. */
    private static void common(eu.europa.esig.dss.signature.AbstractSignatureParameters<?> parameters, List<X509Certificate> chain) {
        parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
        parameters.setSigningCertificate(new CertificateToken(chain.get(0)));
        parameters.setCertificateChain(chain.subList(1, chain.size()).stream().map(CertificateToken::new).toList());
        parameters.bLevel().setSigningDate(new Date());
    }

    /** DSS's two-step signing: the data to sign from the service, the value from the test's key, the signed document. */
    private static <P extends eu.europa.esig.dss.signature.AbstractSignatureParameters<?>> byte[] signWith(
            eu.europa.esig.dss.signature.DocumentSignatureService<P, ?> service, P parameters, Keyed keyed, byte[] document, String name) {
        common(parameters, keyed.chain());
        DSSDocument toSign = new InMemoryDocument(document, name);
        ToBeSigned toBeSigned = service.getDataToSign(toSign, parameters);
        byte[] value = keyed.store().sign("signer", SignatureScheme.ECDSA_SHA256, toBeSigned.getBytes());
        return Dss.toBytes(service.signDocument(toSign, parameters, new SignatureValue(SignatureAlgorithm.ECDSA_SHA256, value)));
    }

    /** A CAdES made by DSS's CAdESService at {@code level} (SealGate's TSA from B-T on), with a key in a PKCS#12 made for the test. */
    public static byte[] dssCades(Path dir, Signer signer, boolean detached, byte[] document, SignatureLevel level) {
        Keyed keyed = keyed(dir, "dss-signer.p12", signer, "DSS signer");

        CAdESSignatureParameters parameters = new CAdESSignatureParameters();
        parameters.setSignatureLevel(level);
        parameters.setSignaturePackaging(detached ? SignaturePackaging.DETACHED : SignaturePackaging.ENVELOPING);
        CAdESService service = new CAdESService(new CommonCertificateVerifier());
        service.setTspSource(Dss.tsa());
        return signWith(service, parameters, keyed, document, "document.txt");
    }

    /** A JAdES-BASELINE-B (compact serialisation) made by DSS's JAdESService, with a key in a PKCS#12 made for the test. */
    public static byte[] dssJades(Path dir, byte[] json) {
        Keyed keyed = keyed(dir, "dss-jws-signer.p12", Signer.GOOD, "DSS JWS signer");

        eu.europa.esig.dss.jades.JAdESSignatureParameters parameters = new eu.europa.esig.dss.jades.JAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.JAdES_BASELINE_B);
        parameters.setSignaturePackaging(SignaturePackaging.ENVELOPING);
        parameters.setJwsSerializationType(eu.europa.esig.dss.enumerations.JWSSerializationType.COMPACT_SERIALIZATION);
        return signWith(new eu.europa.esig.dss.jades.signature.JAdESService(new CommonCertificateVerifier()), parameters, keyed,
                json, "document.json");
    }

    /** A PAdES-BASELINE-B made by DSS's PAdESService, with a key in a PKCS#12 made for the test. */
    public static byte[] dssPades(Path dir, byte[] pdf) {
        Keyed keyed = keyed(dir, "dss-pdf-signer.p12", Signer.GOOD, "DSS PDF signer");
        PAdESSignatureParameters parameters = new PAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.PAdES_BASELINE_B);
        return signWith(new PAdESService(new CommonCertificateVerifier()), parameters, keyed, pdf, "document.pdf");
    }
}
