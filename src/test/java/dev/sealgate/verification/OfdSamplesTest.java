package dev.sealgate.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sealgate.crypto.Pem;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.verification.report.Indication;
import dev.sealgate.verification.report.SubIndication;
import dev.sealgate.verification.report.ValidationReport;

/**
 * OFD packages sealed by other products ({@code ../shared/data/ofd-samples/}, read in place: ofdrw and
 * gomain_eseal seals, V4 SES_Signature) verified by SealGate: every seal cryptographically intact (the
 * protected files' SM3 digests, the digest of Signature.xml, the signer's SM2 signature, the seal
 * maker's signature), trust INDETERMINATE since no anchor of ours vouches for their test certificates;
 * and each sample with a page changed, a reference removed or the signed value flipped TOTAL_FAILED.
 */
class OfdSamplesTest {

    private static final Path SAMPLES = Path.of("..", "shared", "data", "ofd-samples");
    private static final List<String> SEALED = List.of("SESV4SignDoc.ofd", "v4signed.ofd", "signedFile.ofd", "1.ofd",
            "allprotected.ofd", "V4RideRight.ofd", "h.ofd");
    private static DocumentValidator validator;
    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    @BeforeAll
    static void validator() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(SAMPLES), "../shared/data/ofd-samples is absent here: other products' OFD files are not checked");
        validator = OfflineValidation.validator(Pem.certificates(Files.newBufferedReader(Path.of("certs-dev/root-ca.pem"))), AT);
    }

    /**
     * h.ofd's first seal protects the list of signatures (Signatures.xml); its second was added after it
     * and changed that list. A signature protecting the list allows no later one (ofdrw refuses to add it,
     * and its verifier fails the first seal: "Signatures.xml 文件被篡改"), so the first seal is broken.
     */
    private static boolean listChangedAfter(String sample, ValidationReport.SignatureReport s) {
        return sample.equals("h.ofd") && s.number() == 1;
    }

    @Test
    void aSealThatProtectsTheListOfSignaturesIsBrokenByALaterSignature() {
        List<ValidationReport.SignatureReport> signatures = validator.validate(SAMPLES.resolve("h.ofd"), null, null, AT).signatures();
        assertEquals(Indication.TOTAL_FAILED, signatures.get(0).indication());
        assertEquals(SubIndication.HASH_FAILURE, signatures.get(0).subIndication());
        assertEquals(List.of("Doc_0/Signs/Signatures.xml"), ReportParts.ofd(signatures.get(0)).changedFiles());
        assertEquals(SubIndication.NO_CERTIFICATE_CHAIN_FOUND, signatures.get(1).subIndication(), "the later seal is intact");
    }

    @Test
    void everySealOfOtherProductsIsIntact() {
        for (String name : SEALED) {
            ValidationReport report = validator.validate(SAMPLES.resolve(name), null, null, AT);
            assertEquals("OFD", report.documentFormat(), name);
            assertFalse(report.signatures().isEmpty(), name);
            for (ValidationReport.SignatureReport s : report.signatures()) {
                if (listChangedAfter(name, s)) {
                    continue;
                }
                assertEquals(Indication.INDETERMINATE, s.indication(), name + " " + s.errors());
                assertEquals(SubIndication.NO_CERTIFICATE_CHAIN_FOUND, s.subIndication(), name + ": intact, only its root is unknown");
                assertEquals("SM3WITHSM2", s.signatureAlgorithm(), name);
                assertTrue(ReportParts.ofd(s).protectedFiles() > 0, name);
                assertEquals(null, ReportParts.ofd(s).unprotectedFiles(), name + ": every file of the package is protected");
            }
        }
        assertEquals(2, validator.validate(SAMPLES.resolve("h.ofd"), null, null, AT).signatures().size(), "h.ofd carries two signatures");
    }

    @Test
    void theReportNamesTheSealAndJudgesItsValidity() {
        ValidationReport.SignatureReport seal = validator.validate(SAMPLES.resolve("v4signed.ofd"), null, null, AT).signatures().get(0);
        assertFalse(seal.seal().id().isBlank());
        assertTrue(seal.seal().makerSignatureValid());
        assertTrue(seal.seal().signerListed(), "the seal lists the signer's certificate");
        assertEquals(Boolean.TRUE, seal.seal().validAtSigning(), "sealed 2020-10-10, the seal valid 2020-10-07 to 2023-10-07");
        // ofdrw 2.4.0 sealed this one in 2026 with a seal that expired in 2022
        ValidationReport.SignatureReport late = validator.validate(SAMPLES.resolve("SESV4SignDoc.ofd"), null, null, AT).signatures().get(0);
        assertEquals(Boolean.FALSE, late.seal().validAtSigning());
        assertEquals(null, validator.validate(SAMPLES.resolve("DigitalSign.ofd"), null, null, AT).signatures().get(0).seal(),
                "an electronic signature without a seal");
    }

    @Test
    void aBareSignatureValueNamesNoSigner() {
        // DigitalSign.ofd: an electronic signature whose SignedValue.dat is a bare SM2 value (the certificate is kept elsewhere)
        ValidationReport report = validator.validate(SAMPLES.resolve("DigitalSign.ofd"), null, null, AT);
        assertEquals(SubIndication.NO_SIGNING_CERTIFICATE_FOUND, report.signatures().get(0).subIndication());
    }

    @Test
    void aFileAddedAfterSigningIsReported() throws IOException {
        Path added = rewrite("v4signed.ofd", "Doc_0/Res/added-later.png", new byte[] {1, 2, 3});
        ValidationReport.SignatureReport s = validator.validate(added, null, null, AT).signatures().get(0);
        assertEquals(SubIndication.NO_CERTIFICATE_CHAIN_FOUND, s.subIndication(), "what the signature protects is intact");
        assertEquals(List.of("Doc_0/Res/added-later.png"), ReportParts.ofd(s).unprotectedFiles());
        assertTrue(s.warnings().stream().anyMatch(w -> w.code().equals("UNPROTECTED_FILES")), String.valueOf(s.warnings()));
    }

    /**
     * With a sample's own signing certificate configured as the trust anchor (their roots are not
     * published with them), that certificate is trusted as it is, whatever its dates (RFC 5280 6.1.1 d; EU DSS
     * the same for a self-signed signer it trusts): as of today (2026-12-01), when all but v4signed.ofd's
     * certificates have expired, and as of 2021-06-01, when all are in force, every sample passes, but
     * SESV4SignDoc.ofd, which states a time in 2026 outside its seal's validity (2020-2022):
     * SIG_CONSTRAINTS_FAILURE. What the dates of a certificate that is not an anchor decide is
     * {@code GeneratedSpaceTest}'s.
     */
    @Test
    void withItsCertificateAsTheAnchorEachSampleGetsTheAnswerForItsDates() throws IOException {
        Instant then = Instant.parse("2021-06-01T00:00:00Z");
        for (String sample : SEALED) {
            java.security.cert.X509Certificate signer = signerCertificate(sample);
            ValidationReport now = OfflineValidation.validator(List.of(signer), AT).validate(SAMPLES.resolve(sample), null, null, AT);
            ValidationReport earlier = OfflineValidation.validator(List.of(signer), then).validate(SAMPLES.resolve(sample), null, null, then);
            for (ValidationReport.SignatureReport s : now.signatures()) {
                if (listChangedAfter(sample, s)) {
                    assertEquals(SubIndication.HASH_FAILURE, s.subIndication(), sample);
                } else if (sample.equals("SESV4SignDoc.ofd")) {
                    assertEquals(SubIndication.SIG_CONSTRAINTS_FAILURE, s.subIndication(), sample + " " + s.errors());
                } else {
                    assertEquals(Indication.TOTAL_PASSED, s.indication(), sample + " " + s.errors());
                }
            }
            for (ValidationReport.SignatureReport s : earlier.signatures()) {
                if (listChangedAfter(sample, s)) {
                    assertEquals(SubIndication.HASH_FAILURE, s.subIndication(), sample);
                } else if (sample.equals("SESV4SignDoc.ofd")) {
                    assertEquals(SubIndication.SIG_CONSTRAINTS_FAILURE, s.subIndication(), sample + " " + s.errors());
                } else {
                    assertEquals(Indication.TOTAL_PASSED, s.indication(), sample + " as of 2021 " + s.errors());
                }
            }
        }
    }

    /** Every sealed sample, its first signature's protected page, reference list and signed value each changed in turn. */
    @Test
    void everySealedSampleFailsWhenAPageAReferenceOrItsValueChanges() throws IOException {
        for (String sample : SEALED) {
            if (sample.equals("h.ofd")) {
                continue; // its first seal is broken already (the list of signatures changed after it)
            }
            Map<String, byte[]> files = entries(SAMPLES.resolve(sample));
            String signatureXml = first(files, "Signs/Sign_0/Signature.xml", sample);
            String references = new String(files.get(signatureXml), StandardCharsets.UTF_8);
            String page = files.keySet().stream().filter(n -> n.matches(".*Pages/Page_\\d+/Content\\.xml")
                    && references.contains("/" + n + "\"")).findFirst().orElseThrow(() -> new AssertionError(sample + ": no protected page"));
            assertFailed(sample + ", a page changed", mutate(sample, page, xml -> xml.substring(0, xml.lastIndexOf("</"))
                    + "<!-- changed -->" + xml.substring(xml.lastIndexOf("</"))), SubIndication.HASH_FAILURE);
            assertFailed(sample + ", a reference removed", mutate(sample, signatureXml,
                    xml -> xml.replaceFirst("(?s)<([\\w.-]+:)?Reference\\b.*?</([\\w.-]+:)?Reference>", "")), SubIndication.HASH_FAILURE);
            String valuePath = first(files, "Signs/Sign_0/SignedValue.dat", sample);
            byte[] value = files.get(valuePath).clone();
            byte[] signature = signatureValue(value);
            int at = indexOf(value, signature) + signature.length / 2;
            value[at] ^= 0x01;
            assertFailed(sample + ", the signature value flipped", rewrite(sample, valuePath, value), SubIndication.SIG_CRYPTO_FAILURE);
        }
    }

    /** The signer's certificate in the sample's first SES_Signature (V4: its second field). */
    private static java.security.cert.X509Certificate signerCertificate(String sample) throws IOException {
        Map<String, byte[]> files = entries(SAMPLES.resolve(sample));
        org.bouncycastle.asn1.ASN1Sequence root = org.bouncycastle.asn1.ASN1Sequence.getInstance(org.bouncycastle.asn1.ASN1Primitive
                .fromByteArray(files.get(first(files, "Signs/Sign_0/SignedValue.dat", sample))));
        try {
            return dev.sealgate.crypto.ParsedCertificates.of(org.bouncycastle.asn1.ASN1OctetString.getInstance(root.getObjectAt(1)).getOctets());
        } catch (java.security.cert.CertificateException e) {
            throw new AssertionError(sample + ": " + e);
        }
    }

    private static String first(Map<String, byte[]> files, String suffix, String sample) {
        return files.keySet().stream().filter(n -> n.endsWith(suffix)).findFirst()
                .orElseThrow(() -> new AssertionError(sample + " has no " + suffix));
    }

    /** The signer's signature inside an SES_Signature: the last BIT STRING of V4's outer sequence, the second of V1's. */
    private static byte[] signatureValue(byte[] der) throws IOException {
        org.bouncycastle.asn1.ASN1Sequence root = org.bouncycastle.asn1.ASN1Sequence.getInstance(
                org.bouncycastle.asn1.ASN1Primitive.fromByteArray(der));
        int version = org.bouncycastle.asn1.ASN1Integer.getInstance(
                org.bouncycastle.asn1.ASN1Sequence.getInstance(root.getObjectAt(0)).getObjectAt(0)).intValueExact();
        return org.bouncycastle.asn1.ASN1BitString.getInstance(root.getObjectAt(version >= 4 ? 3 : 1)).getOctets();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("signature value not found in its SES_Signature");
    }

    @Test
    void hostilePackagesAreRefused() throws IOException {
        Path traversal = rewrite("SESV4SignDoc.ofd", "../../etc/evil.xml", "<x/>".getBytes(StandardCharsets.UTF_8));
        assertMalformed(traversal);
        Path doctype = mutate("SESV4SignDoc.ofd", "OFD.xml", xml -> xml.replaceFirst("\\?>",
                "?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"));
        assertMalformed(doctype);
    }

    private void assertFailed(String what, Path file, SubIndication expected) {
        ValidationReport report = validator.validate(file, null, null, AT);
        assertEquals(Indication.TOTAL_FAILED, report.signatures().get(0).indication(), what + ": " + report.signatures().get(0).errors());
        assertEquals(expected, report.signatures().get(0).subIndication(), what);
    }

    private void assertMalformed(Path file) {
        ProblemException problem = assertThrows(ProblemException.class, () -> validator.validate(file, null, null, AT));
        assertEquals(ProblemType.MALFORMED_OFD, problem.type());
    }

    private Path mutate(String sample, String entry, UnaryOperator<String> change) throws IOException {
        byte[] original = entries(SAMPLES.resolve(sample)).get(entry);
        String changed = change.apply(new String(original, StandardCharsets.UTF_8));
        assertTrue(!changed.equals(new String(original, StandardCharsets.UTF_8)), "the mutation changed " + entry);
        return rewrite(sample, entry, changed.getBytes(StandardCharsets.UTF_8));
    }

    /** The sample with one entry replaced (or added). */
    private Path rewrite(String sample, String entry, byte[] content) throws IOException {
        Map<String, byte[]> files = entries(SAMPLES.resolve(sample));
        files.put(entry, content);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        Path target = dir.resolve("mutated-" + sample);
        Files.write(target, out.toByteArray());
        return target;
    }

    private static Map<String, byte[]> entries(Path ofd) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(ofd)))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (!entry.isDirectory()) {
                    files.put(entry.getName(), zip.readAllBytes());
                }
            }
        }
        return files;
    }
}
