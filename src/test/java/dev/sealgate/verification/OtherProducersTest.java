package dev.sealgate.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import eu.europa.esig.dss.alert.SilentOnStatusAlert;
import eu.europa.esig.dss.cades.CAdESSignatureParameters;
import eu.europa.esig.dss.cades.signature.CAdESCounterSignatureParameters;
import eu.europa.esig.dss.cades.signature.CAdESService;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.JWSSerializationType;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.jades.JAdESSignatureParameters;
import eu.europa.esig.dss.jades.signature.JAdESCounterSignatureParameters;
import eu.europa.esig.dss.jades.signature.JAdESService;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.signature.AbstractSignatureParameters;
import eu.europa.esig.dss.signature.DocumentSignatureService;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.revocation.crl.ExternalResourcesCRLSource;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.ExternalResourcesOCSPSource;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;

import dev.sealgate.crypto.Pem;
import dev.sealgate.testsupport.Tool;
import dev.sealgate.verification.GeneratedSpace.Material;
import dev.sealgate.verification.GeneratedSpace.Scenario;
import dev.sealgate.verification.report.ValidationReport;

/**
 * Signatures made by other producers reachable here, never seen by SealGate's authors before the
 * test makes them: EU DSS 6.4 at every level (B-B, B-T, B-LT, B-LTA) for CAdES, PAdES and JAdES,
 * counter-signed (CAdES and JAdES, also extended after counter-signing), and {@code openssl cms}.
 * The PKI, OCSP responses, CRLs and TSA are made with BouncyCastle ({@link GeneratedSpace}), DSS gets
 * them as its revocation sources and TSA. SealGate and DSS validate each offline with the same trust
 * anchors as of the same chosen time and must give every signature the same indication.
 */
class OtherProducersTest {

    private static final byte[] TEXT = "Business licence 2026-0042 granted on Sunday\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] JSON = "{\"licence\":\"2026-0042\",\"granted\":\"Sunday\"}".getBytes(StandardCharsets.UTF_8);
    private static final List<String> TABLE = new ArrayList<>();

    /** An ordinary PKI: a root, an issuing CA (with the root's CRL), an OCSP response for the signer, a TSA under its own root. */
    private static final Material PKI;

    static {
        try {
            PKI = GeneratedSpace.material(new Scenario(GeneratedSpace.Anchor.ROOT_VIA_CA, GeneratedSpace.Validity.VALID,
                    GeneratedSpace.IssuerValidity.VALID, GeneratedSpace.RevocationKind.OCSP_BY_CA, GeneratedSpace.RevocationTime.AFTER_SIGNING,
                    GeneratedSpace.Status.GOOD, GeneratedSpace.CaRevocation.CRL, GeneratedSpace.TimeStamp.VALID,
                    GeneratedSpace.Crypto.RSA2048_SHA256, GeneratedSpace.Reference.V2, GeneratedSpace.Tamper.NONE), new Random(7));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @TempDir
    Path dir;

    static Stream<Arguments> levels() {
        return Stream.of("B", "T", "LT", "LTA").flatMap(level -> Stream.of(Arguments.of("CAdES", level), Arguments.of("PAdES", level),
                Arguments.of("JAdES", level)));
    }

    @ParameterizedTest(name = "EU DSS {0}-BASELINE-{1}")
    @MethodSource("levels")
    void dssAtEveryLevel(String format, String level) throws Exception {
        byte[] signed = switch (format) {
            case "CAdES" -> sign(new CAdESService(verifier()), cades(level), TEXT, "licence.txt");
            case "PAdES" -> sign(new PAdESService(verifier()), pades(level), GeneratedPdfSpace.letter(), "licence.pdf");
            default -> sign(new JAdESService(verifier()), jades(level), JSON, "licence.json");
        };
        String ours = agree("DSS " + format + "-BASELINE-" + level, signed,
                format.equals("PAdES") ? ".pdf" : format.equals("JAdES") ? ".json" : ".p7m", 1);
        // validated offline: from B-LT on the signature carries its revocation data and passes; below it, nothing shows the
        // signer's certificate unrevoked
        assertEquals(level.startsWith("LT") ? "TOTAL_PASSED" : "INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE", ours);
    }

    @Test
    void dssCadesCounterSigned() throws Exception {
        CAdESService service = new CAdESService(verifier());
        byte[] signed = sign(service, cades("B"), TEXT, "licence.txt");
        DSSDocument document = new InMemoryDocument(signed, "signed.p7m");
        CAdESCounterSignatureParameters parameters = new CAdESCounterSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.CAdES_BASELINE_B);
        common(parameters);
        parameters.bLevel().setSigningDate(Date.from(GeneratedSpace.SIGNED.plusSeconds(600)));
        parameters.setSignatureIdToCounterSign(firstSignatureId(document));
        ToBeSigned toBeSigned = service.getDataToBeCounterSigned(document, parameters);
        byte[] counterSigned = bytes(service.counterSignSignature(document, parameters, value(toBeSigned)));
        agree("DSS CAdES-BASELINE-B counter-signed", counterSigned, ".p7m", 2);
    }

    @Test
    void dssJadesCounterSignedThenExtended() throws Exception {
        JAdESService service = new JAdESService(verifier());
        service.setTspSource(tsa(GeneratedSpace.SIGNED.plusSeconds(60)));
        byte[] signed = sign(service, jades("B"), JSON, "licence.json");
        DSSDocument document = new InMemoryDocument(signed, "signed.json");
        JAdESCounterSignatureParameters parameters = new JAdESCounterSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.JAdES_BASELINE_B);
        parameters.setJwsSerializationType(JWSSerializationType.FLATTENED_JSON_SERIALIZATION);
        common(parameters);
        parameters.bLevel().setSigningDate(Date.from(GeneratedSpace.SIGNED.plusSeconds(600)));
        parameters.setSignatureIdToCounterSign(firstSignatureId(document));
        ToBeSigned toBeSigned = service.getDataToBeCounterSigned(document, parameters);
        byte[] counterSigned = bytes(service.counterSignSignature(document, parameters, value(toBeSigned)));
        agree("DSS JAdES-BASELINE-B counter-signed", counterSigned, ".json", 2);

        JAdESSignatureParameters extension = jades("LT");
        byte[] extended = bytes(service.extendDocument(new InMemoryDocument(counterSigned, "counter-signed.json"), extension));
        assertEquals("TOTAL_PASSED, TOTAL_PASSED", agree("DSS JAdES counter-signed, then extended to B-LT", extended, ".json", 2),
                "the signature and its counter-signature, both with the revocation data the extension added");
    }

    @Test
    void opensslCms() throws Exception {
        assertTrue(Tool.available("openssl"), "openssl is required: .ci/run installs it");
        Path key = dir.resolve("signer.key");
        Path cert = dir.resolve("signer.pem");
        Path chain = dir.resolve("chain.pem");
        Path content = dir.resolve("licence.txt");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(PKI.signer().key().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(cert, Pem.encode(List.of(PKI.signer().certificate())));
        Files.writeString(chain, Pem.encode(PKI.carried()));
        Files.write(content, TEXT);
        for (boolean detached : List.of(false, true)) {
            Path out = dir.resolve(detached ? "detached.p7s" : "attached.p7m");
            List<String> command = new ArrayList<>(List.of("openssl", "cms", "-sign", "-binary", "-in", content.toString(), "-signer",
                    cert.toString(), "-inkey", key.toString(), "-certfile", chain.toString(), "-outform", "DER", "-out", out.toString(),
                    "-cades", "-md", "sha256"));
            if (!detached) {
                command.add("-nodetach");
            }
            Tool.Result result = Tool.run(command.toArray(String[]::new));
            assertEquals(0, result.exitCode(), result.output());
            byte[] signed = Files.readAllBytes(out);
            agreeDetached("openssl cms -sign -cades " + (detached ? "(detached)" : "(attached)"), signed, detached ? TEXT : null);
        }
    }

    // ---- DSS as a producer ---------------------------------------------------------------------

    private static CommonCertificateVerifier verifier() throws Exception {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        // DSS checks what it extends as of the day the test runs; the PKI is placed around the chosen validation time
        verifier.setAlertOnExpiredCertificate(new SilentOnStatusAlert());
        verifier.setAlertOnNotYetValidCertificate(new SilentOnStatusAlert());
        verifier.setAlertOnMissingRevocationData(new SilentOnStatusAlert());
        verifier.setAlertOnUncoveredPOE(new SilentOnStatusAlert());
        verifier.setAlertOnNoRevocationAfterBestSignatureTime(new SilentOnStatusAlert());
        verifier.setAlertOnInvalidTimestamp(new SilentOnStatusAlert());
        verifier.setAlertOnRevokedCertificate(new SilentOnStatusAlert());
        List<java.io.InputStream> ocsp = PKI.ocsps().stream().map(o -> (java.io.InputStream) new ByteArrayInputStream(o)).toList();
        List<java.io.InputStream> crls = new ArrayList<>();
        for (X509CRL crl : PKI.crls()) {
            crls.add(new ByteArrayInputStream(crl.getEncoded()));
        }
        verifier.setOcspSource(new ExternalResourcesOCSPSource(ocsp.toArray(java.io.InputStream[]::new)));
        verifier.setCrlSource(new ExternalResourcesCRLSource(crls.toArray(java.io.InputStream[]::new)));
        verifier.setAIASource(null);
        eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource trusted = new eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource();
        PKI.anchors().forEach(anchor -> trusted.addCertificate(new CertificateToken(anchor)));
        verifier.setTrustedCertSources(trusted);
        return verifier;
    }

    /** The scenario's TSA (BouncyCastle's generator) answering DSS at {@code at}. */
    private static TSPSource tsa(java.time.Instant at) {
        return (digestAlgorithm, digest) -> {
            try {
                return new TimestampBinary(GeneratedSpace.timeStamp(PKI.tsa(), PKI.tsaRoot(),
                        new org.bouncycastle.asn1.ASN1ObjectIdentifier(digestAlgorithm.getOid()), digest, at).getEncoded());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static void common(AbstractSignatureParameters<?> parameters) {
        parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
        parameters.setSigningCertificate(new CertificateToken(PKI.signer().certificate()));
        parameters.setCertificateChain(PKI.carried().stream().map(CertificateToken::new).toList());
        parameters.bLevel().setSigningDate(Date.from(GeneratedSpace.SIGNED));
    }

    private static CAdESSignatureParameters cades(String level) {
        CAdESSignatureParameters parameters = new CAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.valueOf("CAdES_BASELINE_" + level));
        parameters.setSignaturePackaging(SignaturePackaging.ENVELOPING);
        common(parameters);
        return parameters;
    }

    private static PAdESSignatureParameters pades(String level) {
        PAdESSignatureParameters parameters = new PAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.valueOf("PAdES_BASELINE_" + level));
        common(parameters);
        return parameters;
    }

    private static JAdESSignatureParameters jades(String level) {
        JAdESSignatureParameters parameters = new JAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.valueOf("JAdES_BASELINE_" + level));
        parameters.setSignaturePackaging(SignaturePackaging.ENVELOPING);
        parameters.setJwsSerializationType(JWSSerializationType.FLATTENED_JSON_SERIALIZATION);
        common(parameters);
        return parameters;
    }

    private static <P extends AbstractSignatureParameters<?>> byte[] sign(DocumentSignatureService<P, ?> service, P parameters,
            byte[] document, String name) throws Exception {
        // signature time-stamps a minute after signing, archive time-stamps two hours after (after the revocation data)
        if (service instanceof eu.europa.esig.dss.signature.AbstractSignatureService<?, ?> timed) {
            timed.setTspSource(tsa(parameters.getSignatureLevel().name().endsWith("LTA")
                    ? GeneratedSpace.SIGNED.plusSeconds(7200) : GeneratedSpace.SIGNED.plusSeconds(60)));
        }
        DSSDocument toSign = new InMemoryDocument(document, name);
        ToBeSigned toBeSigned = service.getDataToSign(toSign, parameters);
        return bytes(service.signDocument(toSign, parameters, value(toBeSigned)));
    }

    private static SignatureValue value(ToBeSigned toBeSigned) throws Exception {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(PKI.signer().key());
        signature.update(toBeSigned.getBytes());
        return new SignatureValue(SignatureAlgorithm.RSA_SHA256, signature.sign());
    }

    private static String firstSignatureId(DSSDocument document) {
        return SignedDocumentValidator.fromDocument(document).getSignatures().get(0).getId();
    }

    private static byte[] bytes(DSSDocument document) throws Exception {
        try (var in = document.openStream()) {
            return in.readAllBytes();
        }
    }

    // ---- the two validators --------------------------------------------------------------------

    private String agree(String what, byte[] signed, String suffix, int signatures) throws Exception {
        Path file = dir.resolve("signed" + suffix);
        Files.write(file, signed);
        String dss = GeneratedSpaceTest.dss(signed, PKI.anchors());
        String ours = GeneratedSpaceTest.sealGate(file, PKI.anchors());
        TABLE.add(String.format("%-55s | DSS %-60s | SealGate %s", what, dss, ours));
        Path report = Path.of("target", "other-producers", what.replaceAll("[^A-Za-z0-9]+", "-") + ".xml");
        Files.createDirectories(report.getParent());
        Files.writeString(report, GeneratedSpaceTest.dssReports(signed, PKI.anchors()).getXmlDetailedReport());
        Files.write(report.resolveSibling(report.getFileName().toString().replace(".xml", suffix)), signed);
        assertEquals(dss, ours, what);
        assertEquals(signatures, ours.split(", ").length, what + ": every signature reported");
        return ours;
    }

    private void agreeDetached(String what, byte[] signed, byte[] original) throws Exception {
        Path file = dir.resolve("signed.p7s");
        Files.write(file, signed);
        Path content = null;
        if (original != null) {
            content = dir.resolve("licence.txt");
            Files.write(content, original);
        }
        eu.europa.esig.dss.validation.reports.Reports reports = GeneratedSpaceTest.dssReports(signed, PKI.anchors(),
                original == null ? null : new InMemoryDocument(original, "licence.txt"));
        var simple = reports.getSimpleReport();
        String dss = simple.getSignatureIdList().stream().map(id -> simple.getIndication(id).name()
                + (simple.getSubIndication(id) == null ? "" : "/" + simple.getSubIndication(id).name())).reduce((a, b) -> a + ", " + b)
                .orElse("");
        String ours;
        ValidationReport report = OfflineValidation.validator(PKI.anchors(), GeneratedSpace.AT).validate(file, content, null, GeneratedSpace.AT);
        ours = report.signatures().stream().map(s -> s.indication() + (s.subIndication() == null ? "" : "/" + s.subIndication()))
                .reduce((a, b) -> a + ", " + b).orElse("");
        TABLE.add(String.format("%-55s | DSS %-60s | SealGate %s", what, dss, ours));
        assertEquals(dss, ours, what);
    }

    @AfterAll
    static void printTable() {
        System.out.println("SealGate and EU DSS 6.4 on signatures made by other producers:");
        TABLE.forEach(line -> System.out.println("  " + line));
    }
}
