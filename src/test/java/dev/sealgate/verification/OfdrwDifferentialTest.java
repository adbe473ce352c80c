package dev.sealgate.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sealgate.crypto.Pem;
import dev.sealgate.support.ProblemException;
import dev.sealgate.verification.report.Indication;
import dev.sealgate.verification.report.SubIndication;
import dev.sealgate.verification.report.ValidationReport;

/**
 * OFD verification against an independent implementation on a generated space. ofdrw 2.3.3, in a JVM
 * of its own, makes OFD packages with its own signature containers ({@code src/test/ofdrw/OfdrwForge.java}:
 * GB/T 38540 V4 seals with and without a time-stamp, GM/T 0031 V1 seals, GB/T 35275 signatures in both
 * of ofdrw's forms, bare SM2 values; one to three signatures; the list of signatures protected or not;
 * GB/T 33190's namespace and Suwell's) and tampers with them (a page changed, a file added or removed,
 * references removed or duplicated, a CheckValue altered, the seal file replaced, signed values
 * truncated, flipped, swapped between signatures and grafted from other documents, an entry of the list
 * removed); then ofdrw's verifier and SealGate's judge every signature of every package, and the two
 * verdicts must agree: ofdrw OK where SealGate finds the signature intact, ofdrw FAILED where SealGate
 * says {@code TOTAL_FAILED}. The deliberate differences are listed in {@link #stricter} and in the
 * README; each is SealGate refusing what ofdrw accepts or cannot judge, never the reverse.
 *
 * <p>{@code ./mvnw verify} runs 40 documents (about 320 packages) from seed 42; thousands:
 * {@code ./mvnw test -Dtest=OfdrwDifferentialTest -Dsealgate.ofd.documents=400 -Dsealgate.ofd.seed=7}.
 */
class OfdrwDifferentialTest {

    private static final Path WORK = Path.of("target", "ofdrw-differential");
    private static final long SEED = Long.getLong("sealgate.ofd.seed", 42);
    private static final int DOCUMENTS = Integer.getInteger("sealgate.ofd.documents", 40);

    /** One signature's verdict in ofdrw: OK, FAILED, or for the package UNREADABLE / NO_SIGNATURE. */
    private record OfdrwVerdict(String id, String verdict, String message) {
    }

    /** A case from the forge's manifest. */
    private record Case(String file, String containers, String namespace, String mode, String tampering, String target) {
    }

    private static final Map<String, Case> CASES = new LinkedHashMap<>();
    private static final Map<String, List<OfdrwVerdict>> OFDRW = new TreeMap<>();
    private static X509Certificate root;

    @BeforeAll
    static void generateAndJudgeWithOfdrw() throws Exception {
        assertTrue(Files.isDirectory(Path.of("target", "ofdrw")), "ofdrw's class path (./mvnw generate-test-resources)");
        Files.createDirectories(WORK);
        run(List.of("src/test/ofdrw/OfdrwForge.java", WORK.toString(), Long.toString(SEED), Integer.toString(DOCUMENTS)), null);
        Path verdicts = WORK.resolve("ofdrw.tsv");
        run(List.of("src/test/ofdrw/OfdrwVerify.java", "--batch", WORK.resolve("cases").toString()), verdicts);
        List<String> manifest = Files.readAllLines(WORK.resolve("cases.tsv"), StandardCharsets.UTF_8);
        for (String line : manifest.subList(1, manifest.size())) {
            String[] f = line.split("\t", -1);
            CASES.put(f[0], new Case(f[0], f[1], f[2], f[3], f[4], f[5]));
        }
        for (String line : Files.readAllLines(verdicts, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length >= 3) {
                OFDRW.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new OfdrwVerdict(f[1], f[2], f.length > 3 ? f[3] : ""));
            }
        }
        root = Pem.certificates(Files.newBufferedReader(WORK.resolve("root.pem"))).get(0);
    }

    /** A program of ofdrw's run in its own JVM with its own class path; its standard output to {@code out} when given. */
    private static void run(List<String> arguments, Path out) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-cp", Path.of("target", "ofdrw").toAbsolutePath() + "/*"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(WORK.resolve("ofdrw-stderr.log").toFile());
        builder.redirectOutput(out == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(out.toFile()));
        Process process = builder.start();
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "ofdrw finished: " + arguments);
        assertEquals(0, process.exitValue(), "ofdrw " + arguments + " (see " + WORK.resolve("ofdrw-stderr.log") + ")");
    }

    /**
     * Where SealGate deliberately refuses what ofdrw accepts or cannot judge (each also in the README):
     * null when the two verdicts must simply agree, else why SealGate's stricter or other verdict is right.
     */
    static String stricter(Case c, OfdrwVerdict ofdrw, ValidationReport.SignatureReport ours) {
        if (ofdrw.verdict().equals("FAILED") && ofdrw.message().contains("cannot be cast") && ours.indication() == Indication.INDETERMINATE
                && ours.subIndication() == SubIndication.NO_SIGNING_CERTIFICATE_FOUND) {
            // ofdrw's GB/T 35275 container cannot read a bare SM2 value; SealGate checks the files and names no signer
            return "a bare SM2 value: its certificate is not in the package";
        }
        if (ofdrw.verdict().equals("OK") && ours.indication() != Indication.TOTAL_PASSED && c.tampering().equals("signedvalue-byte-flipped")
                && (ours.subIndication() == SubIndication.NO_CERTIFICATE_CHAIN_FOUND || ours.indication() == Indication.TOTAL_FAILED)) {
            // the byte fell in the signer's certificate inside the signed value: ofdrw uses its key without checking the
            // certificate itself, SealGate finds no chain to the anchor for a certificate whose issuer's signature fails
            return "the signed value's certificate altered: ofdrw uses its key without checking it";
        }
        return null;
    }

    @Test
    void sealGateAndOfdrwAgreeOnEverySignatureOfEveryGeneratedPackage() throws IOException {
        Instant now = Instant.now();
        DocumentValidator validator = OfflineValidation.validator(List.of(root), now);
        List<String> disagreements = new ArrayList<>();
        Map<String, int[]> byKind = new TreeMap<>();
        int signatures = 0;
        int listed = 0;
        for (Case c : CASES.values()) {
            List<OfdrwVerdict> theirs = OFDRW.getOrDefault(c.file(), List.of());
            Path file = WORK.resolve("cases").resolve(c.file());
            List<ValidationReport.SignatureReport> ours;
            try {
                ours = validator.validate(file, null, null, now).signatures();
            } catch (ProblemException e) {
                if (!theirs.stream().allMatch(v -> v.verdict().equals("UNREADABLE") || v.verdict().equals("FAILED"))) {
                    disagreements.add(c.file() + ": SealGate refuses the package (" + e.getMessage() + "), ofdrw " + theirs);
                }
                continue;
            }
            if (theirs.size() == 1 && theirs.get(0).verdict().equals("NO_SIGNATURE")) {
                if (!ours.isEmpty()) {
                    disagreements.add(c.file() + ": ofdrw finds no signature, SealGate " + ours.size());
                }
                continue;
            }
            for (OfdrwVerdict v : theirs) {
                signatures++;
                ValidationReport.SignatureReport s = ours.stream().filter(r -> r.field().startsWith("Signature " + v.id() + " ("))
                        .findFirst().orElse(null);
                int[] counts = byKind.computeIfAbsent(c.tampering(), k -> new int[3]);
                if (s == null) {
                    disagreements.add(c.file() + ": ofdrw judges signature " + v.id() + " (" + v.verdict() + "), SealGate does not list it");
                    continue;
                }
                boolean intact = s.indication() != Indication.TOTAL_FAILED;
                boolean agree = v.verdict().equals("OK") ? intact : v.verdict().equals("FAILED") && !intact;
                if (agree && intact && s.indication() != Indication.TOTAL_PASSED) {
                    // intact in both; SealGate does not pass it only for what ofdrw does not judge: the forge's certificates
                    // name no CRL or OCSP responder (EN 319 102-1: no revocation data, INDETERMINATE)
                    agree = s.subIndication() == SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE && s.errors() != null
                            && s.errors().stream().allMatch(m -> m.code().equals("REVOCATION_UNAVAILABLE"));
                }
                counts[v.verdict().equals("OK") ? 0 : 1]++;
                if (!agree) {
                    if (stricter(c, v, s) != null) {
                        listed++;
                        counts[2]++;
                    } else {
                        disagreements.add(c.file() + " signature " + v.id() + ": ofdrw " + v.verdict() + " (" + v.message() + "), SealGate "
                                + s.indication() + "/" + s.subIndication() + " " + s.errors());
                    }
                }
            }
        }
        StringBuilder summary = new StringBuilder("OFD differential, seed " + SEED + ", " + CASES.size() + " packages, " + signatures
                + " signatures, " + listed + " listed differences:\n");
        byKind.forEach((kind, n) -> summary.append(String.format("  %-28s ofdrw OK %4d, FAILED %4d, listed %3d%n", kind, n[0], n[1], n[2])));
        System.out.println(summary);
        disagreements.forEach(d -> System.out.println("  DISAGREES " + d));
        assertTrue(CASES.size() >= 8 * DOCUMENTS, "the forge made its packages: " + CASES.size());
        assertTrue(signatures > CASES.size(), "signatures judged: " + signatures);
        assertEquals(List.of(), disagreements.size() > 40 ? disagreements.subList(0, 40) : disagreements,
                disagreements.size() + " disagreements with ofdrw");
    }

    @Test
    void everyKindOfTamperingIsGenerated() {
        List<String> kinds = CASES.values().stream().map(Case::tampering).distinct().toList();
        for (String kind : Stream.of("intact", "page-changed", "file-added", "protected-file-removed", "reference-removed",
                "reference-duplicated", "checkvalue-altered", "seal-replaced", "signedvalue-truncated", "signedvalue-byte-flipped",
                "signedvalues-swapped", "signedvalue-grafted", "signatures-entry-removed").toList()) {
            assertTrue(kinds.contains(kind), kind + " among " + kinds);
        }
        assertTrue(CASES.values().stream().anyMatch(c -> c.namespace().equals("nssuwell")), "Suwell's namespace");
        for (String container : List.of("v4", "v4ts", "v1", "gbt35275", "pkcs9", "digital")) {
            assertTrue(CASES.values().stream().anyMatch(c -> List.of(c.containers().split("\\+")).contains(container)), container);
        }
    }

    /**
     * SealGate seals every intact package ofdrw made: where an earlier signature protects the list of
     * signatures the document is locked and sealing is refused ({@code document-locked}); elsewhere every
     * earlier signature keeps the verdict it had, in ofdrw and in SealGate, and SealGate's seal is OK in both.
     */
    @Test
    void sealingAnotherProductsDocumentKeepsEveryEarlierVerdict() throws Exception {
        Path resealed = Files.createDirectories(WORK.resolve("resealed"));
        try (Stream<Path> old = Files.list(resealed)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        SealGateSeal seal = SealGateSeal.make(WORK.resolve("sealgate-seal.p12"));
        Instant now = Instant.now();
        int sealed = 0;
        int locked = 0;
        for (Case c : CASES.values()) {
            if (!c.tampering().equals("intact")) {
                continue;
            }
            byte[] original = Files.readAllBytes(WORK.resolve("cases").resolve(c.file()));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try {
                dev.sealgate.formats.ofd.OfdSigner.sign(dev.sealgate.formats.Spool.of(original), new dev.sealgate.formats.ofd.OfdSigner.Request(
                        seal.key(), seal.seal(), 40, dev.sealgate.formats.ofd.OfdSigner.Placement.DEFAULT, now, null), out);
            } catch (ProblemException e) {
                assertEquals(dev.sealgate.support.ProblemType.DOCUMENT_LOCKED, e.type(), c.file() + ": " + e.getMessage());
                assertEquals("whole", c.mode(), c.file() + " is refused as locked, but no signature of it protects the list");
                locked++;
                continue;
            }
            Files.write(resealed.resolve(c.file()), out.toByteArray());
            sealed++;
        }
        Path verdicts = WORK.resolve("ofdrw-resealed.tsv");
        run(List.of("src/test/ofdrw/OfdrwVerify.java", "--batch", resealed.toString()), verdicts);
        Map<String, List<OfdrwVerdict>> after = new TreeMap<>();
        for (String line : Files.readAllLines(verdicts, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            after.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new OfdrwVerdict(f[1], f[2], f.length > 3 ? f[3] : ""));
        }
        DocumentValidator validator = OfflineValidation.validator(List.of(root, seal.key().certificate()), now);
        List<String> changed = new ArrayList<>();
        try (Stream<Path> files = Files.list(resealed)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                List<OfdrwVerdict> before = OFDRW.get(name);
                List<OfdrwVerdict> now2 = after.get(name);
                List<ValidationReport.SignatureReport> oursBefore = validator.validate(WORK.resolve("cases").resolve(name), null, null, now)
                        .signatures();
                List<ValidationReport.SignatureReport> oursAfter = validator.validate(file, null, null, now).signatures();
                if (now2 == null || now2.size() != before.size() + 1 || oursAfter.size() != oursBefore.size() + 1) {
                    changed.add(name + ": " + before + " became " + now2);
                    continue;
                }
                for (int i = 0; i < before.size(); i++) {
                    if (!before.get(i).verdict().equals(now2.get(i).verdict())) {
                        changed.add(name + " signature " + before.get(i).id() + " in ofdrw: " + before.get(i).verdict() + " → "
                                + now2.get(i).verdict() + " " + now2.get(i).message());
                    }
                    if (oursBefore.get(i).indication() != oursAfter.get(i).indication()
                            || oursBefore.get(i).subIndication() != oursAfter.get(i).subIndication()) {
                        changed.add(name + " signature " + before.get(i).id() + " in SealGate: " + oursBefore.get(i).subIndication() + " → "
                                + oursAfter.get(i).subIndication() + " " + oursAfter.get(i).errors());
                    }
                }
                OfdrwVerdict added = now2.get(before.size());
                if (!added.verdict().equals("OK")) {
                    changed.add(name + ": SealGate's seal in ofdrw " + added.verdict() + " " + added.message());
                }
                ValidationReport.SignatureReport ours = oursAfter.get(oursBefore.size());
                if (ours.indication() == Indication.TOTAL_FAILED) {
                    changed.add(name + ": SealGate's seal in SealGate " + ours.subIndication() + " " + ours.errors());
                }
            }
        }
        System.out.println("OFD resealing: " + sealed + " packages of ofdrw's sealed by SealGate, " + locked + " locked and refused, "
                + changed.size() + " verdicts changed");
        assertTrue(sealed > DOCUMENTS / 4, "sealed: " + sealed);
        assertEquals(List.of(), changed);
    }

    /** An SM2 seal key in a PKCS#12 of its own, certified by a self-signed test certificate, and its GB/T 38540 seal. */
    private record SealGateSeal(dev.sealgate.crypto.SignerKey key, byte[] seal) {

        static SealGateSeal make(Path store) throws Exception {
            Files.deleteIfExists(store);
            dev.sealgate.crypto.KeyStoreCustody custody = dev.sealgate.crypto.KeyStoreCustody.pkcs12(store, "differential".toCharArray(), false);
            java.security.PublicKey publicKey = custody.generate("seal", dev.sealgate.crypto.KeyAlgorithm.SM2);
            org.bouncycastle.jce.provider.BouncyCastleProvider bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC", bc);
            generator.initialize(new java.security.spec.ECGenParameterSpec("sm2p256v1"));
            java.security.KeyPair issuer = generator.generateKeyPair();
            Instant now = Instant.now();
            org.bouncycastle.asn1.x500.X500Name issuerName = new org.bouncycastle.asn1.x500.X500Name("CN=Differential test CA,C=CN");
            X509Certificate certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().setProvider(bc).getCertificate(
                    new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(issuerName, java.math.BigInteger.valueOf(now.toEpochMilli()),
                            java.util.Date.from(now.minusSeconds(3600)), java.util.Date.from(now.plusSeconds(86_400L * 30)),
                            new org.bouncycastle.asn1.x500.X500Name("CN=示范市民政局,C=CN"), publicKey)
                            .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SM3withSM2").setProvider(bc)
                                    .build(issuer.getPrivate())));
            custody.installChain("seal", List.of(certificate));
            dev.sealgate.crypto.SignerKey key = new dev.sealgate.crypto.SignerKey(custody, "seal", List.of(certificate),
                    dev.sealgate.crypto.SignatureScheme.SM2_SM3);
            byte[] seal = dev.sealgate.formats.SesSeal.make(new dev.sealgate.formats.SesSeal.Info("SG-DIFFERENTIAL", "示范市民政局",
                    dev.sealgate.formats.SesSeal.OFFICIAL, certificate, now, now.minusSeconds(60), now.plusSeconds(86_400L * 30),
                    new byte[] {(byte) 0x89, 'P', 'N', 'G'}, 40), key);
            return new SealGateSeal(key, seal);
        }
    }
}
