package dev.sealgate.bench;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
import dev.sealgate.formats.Appearance;
import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.Produced;
import dev.sealgate.formats.SignatureFormat;
import dev.sealgate.formats.SignatureRequest;
import dev.sealgate.signing.DocumentSigner;
import dev.sealgate.testsupport.Formats;

/**
 * What a visible appearance costs a PAdES signature: {@code DocumentSigner.produce} B-B with ECDSA
 * P-256, the same one-page PDF, invisible and visible (the seal as paths, the signing time, the QR
 * code, the embedded font's subset). See docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VisibleSignatureBenchmark {

    @Param({ "10240" })
    public int size;

    private SignerKey key;
    private DocumentSigner signer;
    private SignatureRequest invisible;
    private SignatureRequest visible;
    private DocumentSigner.AppearanceMaker appearance;
    private byte[] document;

    @Setup
    public void setUp() throws Exception {
        BenchPki pki = BenchPki.get();
        key = pki.key(KeyAlgorithm.EC_P256);
        signer = DocumentSigner.standalone(pki.ca, pki.dir, Formats.all());
        document = BenchPki.pdf(size);
        invisible = new SignatureRequest(SignatureFormat.Format.PADES, SignatureFormat.Packaging.ENVELOPED, BaselineLevel.B_B,
                SignatureFormat.KeyKind.SEAL, null, null);
        visible = new SignatureRequest(SignatureFormat.Format.PADES, SignatureFormat.Packaging.ENVELOPED, BaselineLevel.B_B,
                SignatureFormat.KeyKind.SEAL, null, null, null, SignatureRequest.Placement.DEFAULT);
        appearance = at -> new Appearance("示范市民政局", List.of("签署时间 " + at),
                "http://localhost:8080/v/AAAAAAAAAAAAAAAAAAAAAA", "扫码核验 Scan to verify");
        SigningBenchmark.require(signVisible().length > signInvisible().length, "the visible signature carries its appearance");
    }

    @Benchmark
    public byte[] signInvisible() throws Exception {
        Produced produced = signer.produce(invisible, key, null, null, new ByteArrayInputStream(document));
        try {
            return produced.bytes();
        } finally {
            produced.discard();
        }
    }

    @Benchmark
    public byte[] signVisible() throws Exception {
        Produced produced = signer.produce(visible, key, null, appearance, new ByteArrayInputStream(document));
        try {
            return produced.bytes();
        } finally {
            produced.discard();
        }
    }
}
