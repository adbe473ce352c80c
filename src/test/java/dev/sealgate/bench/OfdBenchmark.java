package dev.sealgate.bench;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
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

import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.Produced;
import dev.sealgate.formats.SealPicture;
import dev.sealgate.formats.SesSeal;
import dev.sealgate.formats.SignatureFormat;
import dev.sealgate.formats.SignatureRequest;
import dev.sealgate.signing.DocumentSigner;
import dev.sealgate.testsupport.Formats;
import dev.sealgate.testsupport.TestOfd;
import dev.sealgate.verification.report.Indication;
import dev.sealgate.verification.report.ValidationReport;

/**
 * Sealing and verifying one OFD document (GB/T 38540 seal, SM2) beside the SM2 floor: SealGate's
 * {@code DocumentSigner.produce} (one pass over the package for the SM3 digests of every file, one
 * to copy it out, {@code Signature.xml}, the SM2 signature over {@code TBS_Sign}) and
 * {@code DocumentValidator.validate} (every reference's SM3 digest, the seal maker's and the signer's
 * SM2 signatures, the path to the dev root, revocation, report); the floor is SM3 over the package
 * and one SM2 signature (or verification). The package is a one-page OFD with a random resource
 * making up its size. See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OfdBenchmark {

    @Param({ "10240", "1048576" })
    public int size;

    private BenchPki pki;
    private SignerKey key;
    private DocumentSigner signer;
    private SignatureRequest request;
    private byte[] seal;
    private byte[] document;
    private Path signedFile;
    private PrivateKey privateKey;
    private PublicKey publicKey;
    private byte[] floorSignature;
    private BouncyCastleProvider provider;

    @Setup
    public void setUp() throws Exception {
        pki = BenchPki.get();
        key = pki.key(KeyAlgorithm.SM2);
        Instant now = Instant.now();
        seal = SesSeal.make(new SesSeal.Info("SGBENCH", "示范市民政局", SesSeal.OFFICIAL, key.certificate(), now, now,
                now.plusSeconds(86_400 * 365), SealPicture.png("示范市民政局", null, 600), 40), key);
        Map<String, byte[]> files = TestOfd.entries(TestOfd.unsigned(1, "营业执照"));
        byte[] resource = new byte[Math.max(0, size - 2048)];
        new Random(size).nextBytes(resource);
        files.put("Doc_0/Res/attachment.bin", resource);
        document = TestOfd.zip(files);
        signer = DocumentSigner.standalone(pki.ca, pki.dir, Formats.all());
        request = new SignatureRequest(SignatureFormat.Format.OFD, SignatureFormat.Packaging.ENVELOPED, BaselineLevel.B_B,
                SignatureFormat.KeyKind.SEAL, null, null);
        signedFile = pki.dir.resolve("bench-sealed-" + size + ".ofd");
        Files.write(signedFile, sealGateSeal());
        privateKey = pki.privateKey(KeyAlgorithm.SM2);
        publicKey = key.certificate().getPublicKey();
        provider = new BouncyCastleProvider();
        floorSignature = floorSign();

        ValidationReport report = sealGateVerify();
        SigningBenchmark.require(report.indication() == Indication.TOTAL_PASSED && report.signatures().get(0).seal() != null,
                "SealGate says " + report.indication() + " " + report.signatures());
        SigningBenchmark.require(floorVerify(), "floor signature does not verify");
    }

    @Benchmark
    public byte[] sealGateSeal() throws Exception {
        Produced produced = signer.produce(request, key, seal, new ByteArrayInputStream(document));
        try {
            return produced.bytes();
        } finally {
            produced.discard();
        }
    }

    @Benchmark
    public ValidationReport sealGateVerify() {
        return pki.validator.validate(signedFile, null, null);
    }

    @Benchmark
    public byte[] floorSign() throws GeneralSecurityException {
        Signature signature = Signature.getInstance("SM3withSM2", provider);
        signature.initSign(privateKey);
        signature.update(MessageDigest.getInstance("SM3", provider).digest(document));
        return signature.sign();
    }

    @Benchmark
    public boolean floorVerify() throws GeneralSecurityException {
        Signature signature = Signature.getInstance("SM3withSM2", provider);
        signature.initVerify(publicKey);
        signature.update(MessageDigest.getInstance("SM3", provider).digest(document));
        return signature.verify(floorSignature);
    }
}
