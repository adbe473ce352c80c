package dev.sealgate.bench;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
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

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;

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
 * Validating one SealGate B-B signature, three ways in one run: SealGate's {@code DocumentValidator}
 * (format detection, parsing, chain to the dev root, revocation from its own CA in-process, report),
 * EU DSS 6.4's {@code SignedDocumentValidator} (same trust anchor, same OCSP and CRL answers, its
 * default policy loaded once), and the floor (SHA-256 over the document and one JCA signature
 * verification). Both validators must say TOTAL_PASSED in setup. See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VerificationBenchmark {

    @Param({ "CADES", "PADES", "JADES" })
    public SignatureFormat.Format format;

    @Param({ "EC_P256", "RSA_2048" })
    public KeyAlgorithm key;

    @Param({ "10240", "1048576" })
    public int size;

    private BenchPki pki;
    private byte[] document;
    private byte[] signed;
    private Path signedFile;
    private Path originalFile;
    private CommonCertificateVerifier verifier;
    private ValidationPolicy policy;
    private PublicKey publicKey;
    private String jcaName;
    private byte[] floorSignature;
    private Provider provider;

    @Setup
    public void setUp() throws Exception {
        pki = BenchPki.get();
        document = switch (format) {
            case CADES -> BenchPki.binary(size);
            case PADES -> BenchPki.pdf(size);
            case JADES -> BenchPki.json(size);
            case OFD -> throw new IllegalArgumentException("DSS does not verify OFD: OfdBenchmark measures it");
        };
        SignerKey signerKey = pki.key(key);
        SignatureRequest request = new SignatureRequest(format, format == SignatureFormat.Format.CADES
                ? SignatureFormat.Packaging.DETACHED : SignatureFormat.Packaging.ENVELOPING, BaselineLevel.B_B,
                SignatureFormat.KeyKind.PERSONAL, null, null);
        Produced produced = DocumentSigner.standalone(pki.ca, pki.dir, Formats.all()).produce(request, signerKey,
                new ByteArrayInputStream(document));
        signed = produced.bytes();
        produced.discard();
        String name = format + "-" + key + "-" + size;
        signedFile = Files.write(pki.dir.resolve("signed-" + name), signed);
        originalFile = format == SignatureFormat.Format.CADES ? Files.write(pki.dir.resolve("original-" + name), document) : null;
        verifier = pki.dssVerifier();
        policy = ValidationPolicyLoader.fromDefaultValidationPolicy().create();
        provider = new BouncyCastleProvider();
        publicKey = signerKey.certificate().getPublicKey();
        jcaName = signerKey.scheme().jcaName();
        Signature sign = Signature.getInstance(jcaName, provider);
        sign.initSign(pki.privateKey(key));
        sign.update(MessageDigest.getInstance("SHA-256").digest(document));
        floorSignature = sign.sign();

        ValidationReport ours = sealGate();
        SimpleReport theirs = dss();
        String dssIndication = String.valueOf(theirs.getIndication(theirs.getFirstSignatureId()));
        SigningBenchmark.require(ours.indication() == dev.sealgate.verification.report.Indication.TOTAL_PASSED && dssIndication.equals(Indication.TOTAL_PASSED.name()),
                "SealGate says " + ours.indication() + " " + ours.signatures() + ", DSS says " + dssIndication + " "
                        + theirs.getSubIndication(theirs.getFirstSignatureId()));
        SigningBenchmark.require(floor(), "floor signature does not verify");
    }

    @Benchmark
    public ValidationReport sealGate() {
        return pki.validator.validate(signedFile, originalFile, null);
    }

    @Benchmark
    public SimpleReport dss() {
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(signed));
        validator.setCertificateVerifier(verifier);
        if (originalFile != null) {
            validator.setDetachedContents(List.<DSSDocument>of(new InMemoryDocument(document)));
        }
        return validator.validateDocument(policy).getSimpleReport();
    }

    @Benchmark
    public boolean floor() throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(document);
        Signature signature = Signature.getInstance(jcaName, provider);
        signature.initVerify(publicKey);
        signature.update(digest);
        return signature.verify(floorSignature);
    }
}
