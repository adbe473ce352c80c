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

    @Test
    void everySealOfOtherProductsIsIntact() {
        for (String name : SEALED) {
            ValidationReport report = validator.validate(SAMPLES.resolve(name), null, null, AT);
            assertEquals("OFD", report.documentFormat(), name);
            assertFalse(report.signatures().isEmpty(), name);
            for (ValidationReport.SignatureReport s : report.signatures()) {
                assertEquals(Indication.INDETERMINATE, s.indication(), name + " " + s);
                assertEquals(SubIndication.NO_CERTIFICATE_CHAIN_FOUND, s.subIndication(), name + ": intact, only its root is unknown");
                assertEquals("SM3WITHSM2", s.signatureAlgorithm(), name);
                assertTrue(s.ofd().protectedFiles() > 0, name);
                assertEquals(null, s.ofd().unprotectedFiles(), name + ": every file of the package is protected");
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
        assertEquals(List.of("Doc_0/Res/added-later.png"), s.ofd().unprotectedFiles());
        assertTrue(s.warnings().stream().anyMatch(w -> w.code().equals("UNPROTECTED_FILES")), s.toString());
    }

    @Test
    void aChangedPageFails() throws IOException {
        Path changed = mutate("SESV4SignDoc.ofd", "Doc_0/Pages/Page_0/Content.xml",
                xml -> xml.replace("</ofd:Page>", "<!-- changed --></ofd:Page>"));
        assertFailed(changed, SubIndication.HASH_FAILURE);
    }

    @Test
    void aRemovedReferenceFails() throws IOException {
        Path changed = mutate("SESV4SignDoc.ofd", "Doc_0/Signs/Sign_0/Signature.xml",
                xml -> xml.replaceFirst("<ofd:Reference FileRef=\"/Doc_0/PublicRes.xml\">.*?</ofd:Reference>", ""));
        assertFailed(changed, SubIndication.HASH_FAILURE);
    }

    @Test
    void aFlippedSignatureValueFails() throws IOException {
        byte[] value = entries(SAMPLES.resolve("SESV4SignDoc.ofd")).get("Doc_0/Signs/Sign_0/SignedValue.dat");
        value[value.length - 5] ^= 0x01; // inside the signer's signature, the last field
        Path changed = rewrite("SESV4SignDoc.ofd", "Doc_0/Signs/Sign_0/SignedValue.dat", value);
        assertFailed(changed, SubIndication.SIG_CRYPTO_FAILURE);
    }

    @Test
    void hostilePackagesAreRefused() throws IOException {
        Path traversal = rewrite("SESV4SignDoc.ofd", "../../etc/evil.xml", "<x/>".getBytes(StandardCharsets.UTF_8));
        assertMalformed(traversal);
        Path doctype = mutate("SESV4SignDoc.ofd", "OFD.xml", xml -> xml.replaceFirst("\\?>",
                "?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"));
        assertMalformed(doctype);
    }

    private void assertFailed(Path file, SubIndication expected) {
        ValidationReport report = validator.validate(file, null, null, AT);
        assertEquals(Indication.TOTAL_FAILED, report.signatures().get(0).indication(), report.toString());
        assertEquals(expected, report.signatures().get(0).subIndication());
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
