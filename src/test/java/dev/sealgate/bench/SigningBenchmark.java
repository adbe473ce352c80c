package dev.sealgate.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import eu.europa.esig.dss.cades.CAdESSignatureParameters;
import eu.europa.esig.dss.cades.signature.CAdESService;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.jades.JAdESSignatureParameters;
import eu.europa.esig.dss.jades.signature.JAdESService;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.signature.AbstractSignatureParameters;
import eu.europa.esig.dss.signature.DocumentSignatureService;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.token.DSSPrivateKeyEntry;
import eu.europa.esig.dss.token.KeyStoreSignatureTokenConnection;
import eu.europa.esig.dss.validation.SignedDocumentValidator;

import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.Produced;
import dev.sealgate.formats.SignatureFormat;
import dev.sealgate.formats.SignatureRequest;
import dev.sealgate.signing.DocumentSigner;
import dev.sealgate.testsupport.Formats;
import dev.sealgate.verification.report.ValidationReport;

/**
 * Signing one document at baseline B, three ways in one run: SealGate ({@link DocumentSigner#produce},
 * the real signing path without the database record), the floor (SHA-256 over the document and one
 * JCA signature with the same key and provider), and EU DSS 6.4 (its CAdES/PAdES/JAdES service with
 * a key-store token over the same PKCS#12 key). Each output is validated once in setup. See
 * docs/benchmarks.md for the command and the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SigningBenchmark {

    @Param({ "CADES", "PADES", "JADES" })
    public SignatureFormat.Format format;

    @Param({ "EC_P256", "RSA_2048" })
    public KeyAlgorithm key;

    @Param({ "10240", "1048576" })
    public int size;

    private BenchPki pki;
    private byte[] document;
    private SignerKey signerKey;
    private DocumentSigner signer;
    private SignatureRequest request;
    private PrivateKey privateKey;
    private java.security.Provider provider;
    private KeyStoreSignatureTokenConnection token;
    private DSSPrivateKeyEntry entry;
    @SuppressWarnings("rawtypes")
    private DocumentSignatureService service;

    @Setup
    public void setUp() throws Exception {
        pki = BenchPki.get();
        document = switch (format) {
            case CADES -> BenchPki.binary(size);
            case PADES -> BenchPki.pdf(size);
            case JADES -> BenchPki.json(size);
            case OFD -> throw new IllegalArgumentException("DSS does not sign OFD: OfdBenchmark measures it");
        };
        signerKey = pki.key(key);
        signer = DocumentSigner.standalone(pki.ca, pki.dir, Formats.all());
        request = new SignatureRequest(format, format == SignatureFormat.Format.CADES ? SignatureFormat.Packaging.DETACHED
                : SignatureFormat.Packaging.ENVELOPING, BaselineLevel.B_B, SignatureFormat.KeyKind.PERSONAL, null, null);
        privateKey = pki.privateKey(key);
        provider = new BouncyCastleProvider();
        token = new KeyStoreSignatureTokenConnection(Files.readAllBytes(pki.signersFile), "PKCS12",
                new KeyStore.PasswordProtection(BenchPki.SIGNERS_PASSWORD));
        entry = token.getKey(signerKey.alias());
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        service = switch (format) {
            case CADES -> new CAdESService(verifier);
            case PADES -> new PAdESService(verifier);
            case JADES -> new JAdESService(verifier);
            case OFD -> throw new IllegalArgumentException("DSS does not sign OFD");
        };
        check();
    }

    @TearDown
    public void tearDown() {
        token.close();
    }

    /** A broken path must not look fast: every way's output is checked once. */
    private void check() throws Exception {
        Path signed = Files.write(pki.dir.resolve("check-signed"), sealGate());
        Path original = Files.write(pki.dir.resolve("check-original"), document);
        ValidationReport report = pki.validator.validate(signed, format == SignatureFormat.Format.CADES ? original : null, null);
        require(report.indication() == dev.sealgate.verification.report.Indication.TOTAL_PASSED && report.signatures().get(0).level() == BaselineLevel.B_B,
                "SealGate's signature: " + report.indication() + " " + report.signatures());
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(dss()));
        validator.setCertificateVerifier(pki.dssVerifier());
        if (format == SignatureFormat.Format.CADES) {
            validator.setDetachedContents(List.<DSSDocument>of(new InMemoryDocument(document)));
        }
        var simple = validator.validateDocument().getSimpleReport();
        require(simple.getIndication(simple.getFirstSignatureId()) == Indication.TOTAL_PASSED,
                "DSS's signature: " + simple.getIndication(simple.getFirstSignatureId()) + " " + simple.getSubIndication(simple.getFirstSignatureId()));
        Signature verify = Signature.getInstance(signerKey.scheme().jcaName(), provider);
        verify.initVerify(signerKey.certificate().getPublicKey());
        verify.update(MessageDigest.getInstance("SHA-256").digest(document));
        require(verify.verify(floor()), "floor signature does not verify");
        BenchPki.delete(signed);
        BenchPki.delete(original);
    }

    static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("Benchmark output invalid: " + what);
        }
    }

    @Benchmark
    public byte[] sealGate() throws IOException {
        Produced produced = signer.produce(request, signerKey, new ByteArrayInputStream(document));
        try {
            return produced.bytes();
        } finally {
            produced.discard();
        }
    }

    @Benchmark
    public byte[] floor() throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(document);
        Signature signature = Signature.getInstance(signerKey.scheme().jcaName(), provider);
        signature.initSign(privateKey);
        signature.update(digest);
        return signature.sign();
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public byte[] dss() throws IOException {
        AbstractSignatureParameters<?> parameters = parameters();
        parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
        parameters.setSigningCertificate(entry.getCertificate());
        parameters.setCertificateChain(entry.getCertificateChain());
        DSSDocument toSign = new InMemoryDocument(document);
        ToBeSigned toBeSigned = service.getDataToSign(toSign, parameters);
        SignatureValue value = token.sign(toBeSigned, DigestAlgorithm.SHA256, entry);
        DSSDocument signed = service.signDocument(toSign, parameters, value);
        try (InputStream in = signed.openStream()) {
            return in.readAllBytes();
        }
    }

    private AbstractSignatureParameters<?> parameters() {
        return switch (format) {
            case CADES -> {
                CAdESSignatureParameters p = new CAdESSignatureParameters();
                p.setSignatureLevel(SignatureLevel.CAdES_BASELINE_B);
                p.setSignaturePackaging(SignaturePackaging.DETACHED);
                yield p;
            }
            case PADES -> {
                PAdESSignatureParameters p = new PAdESSignatureParameters();
                p.setSignatureLevel(SignatureLevel.PAdES_BASELINE_B);
                yield p;
            }
            case JADES -> {
                JAdESSignatureParameters p = new JAdESSignatureParameters();
                p.setSignatureLevel(SignatureLevel.JAdES_BASELINE_B);
                p.setSignaturePackaging(SignaturePackaging.ENVELOPING);
                yield p;
            }
            case OFD -> throw new IllegalArgumentException("DSS does not sign OFD");
        };
    }
}
