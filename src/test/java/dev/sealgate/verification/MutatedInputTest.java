package dev.sealgate.verification;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;

import dev.sealgate.support.ProblemException;
import dev.sealgate.testsupport.Pdfs;
import dev.sealgate.testsupport.TestOfd;
import dev.sealgate.testsupport.TestRealm;
import dev.sealgate.verification.report.Indication;
import dev.sealgate.verification.report.ValidationReport;

/**
 * Thousands of damaged signatures — bit flips, truncations, splices of real signatures, inserted
 * and deleted bytes — and a few hostile PDFs. Each must end in a report or a 4xx problem (never
 * what the service would answer with 500) within a time bound.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutatedInputTest {

    private static final int IN_PROCESS_CASES = 3000;
    private static final int HTTP_CASES = 300;
    private static final int OFD_CASES = 600;
    /** Generous for a shared 2-core machine; a hang or a quadratic blow-up goes far past it. */
    private static final long BOUND_SECONDS = 10;
    private static final byte[] DOCUMENT = "Land registry extract 2026/5521, parcel 14-B\n".getBytes(StandardCharsets.UTF_8);

    @Inject
    DocumentValidator validator;

    private final List<byte[]> seeds = new ArrayList<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor();

    private static byte[] sign(String query, String contentType, byte[] body) {
        return given().auth().oauth2(TestRealm.userToken("servant1")).contentType(contentType).body(body)
                .post("/api/v1/signatures" + query).then().statusCode(201).extract().asByteArray();
    }

    /** Signed through the API at first use (RestAssured knows the test port only inside a test). */
    private void realSignatures() {
        if (!seeds.isEmpty()) {
            return;
        }
        seeds.add(sign("?format=cades&level=B-T", "text/plain", DOCUMENT));
        seeds.add(sign("?format=cades&packaging=enveloping&level=B-LT&key=seal", "text/plain", DOCUMENT));
        seeds.add(sign("?format=pades&level=B-T", "application/pdf", Pdfs.letter("Extract 5521")));
        seeds.add(sign("?format=jades", "application/json", "{\"parcel\":\"14-B\"}".getBytes()));
        seeds.add(sign("?format=jades&level=B-T", "application/json", "{\"parcel\":\"14-C\"}".getBytes()));
        ofdSeeds.add(sign("?format=ofd&key=seal", "application/ofd", TestOfd.unsigned(2, "Extract 5521")));
        ofdSeeds.add(sign("?format=ofd", "application/ofd", TestOfd.unsigned(1, "Extract 5522")));
    }

    private final List<byte[]> ofdSeeds = new ArrayList<>();

    /**
     * Mutations inside the package: one file of a sealed or signed OFD changed (bits flipped, cut short,
     * a slice repeated, an XML attribute emptied) and the package zipped again, so the mutation reaches
     * the XML and ASN.1 parsers rather than stopping at the ZIP's checksums.
     */
    @Test
    void mutatedOfdPackagesAreReportsOrProblemsInTime(@TempDir Path dir) throws Exception {
        realSignatures();
        Random random = new Random(20261201L);
        Path file = dir.resolve("mutated.ofd");
        int reports = 0;
        int problems = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < OFD_CASES; i++) {
            java.util.Map<String, byte[]> files = TestOfd.entries(ofdSeeds.get(random.nextInt(ofdSeeds.size())));
            List<String> names = new ArrayList<>(files.keySet());
            String name = names.get(random.nextInt(names.size()));
            byte[] original = files.get(name);
            byte[] content = original.clone();
            switch (random.nextInt(4)) {
                case 0 -> {
                    for (int f = 0, n = 1 + random.nextInt(6); f < n && content.length > 0; f++) {
                        content[random.nextInt(content.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> content = java.util.Arrays.copyOf(content, content.length == 0 ? 0 : random.nextInt(content.length));
                case 2 -> {
                    int from = content.length == 0 ? 0 : random.nextInt(content.length);
                    int to = Math.min(content.length, from + 1 + random.nextInt(64));
                    byte[] grown = java.util.Arrays.copyOf(content, content.length + (to - from));
                    System.arraycopy(content, from, grown, content.length, to - from);
                    content = grown;
                }
                default -> content = new String(content, StandardCharsets.ISO_8859_1).replaceFirst("=\"[^\"]*\"", "=\"\"")
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
            files.put(name, content);
            Files.write(file, TestOfd.zip(files));
            Future<ValidationReport> outcome = worker.submit(() -> validator.validate(file, null, null));
            try {
                ValidationReport report = outcome.get(BOUND_SECONDS, TimeUnit.SECONDS);
                boolean protectedByAll = name.equals("OFD.xml") || name.equals("Doc_0/Document.xml") || name.contains("/Pages/");
                if (protectedByAll && !java.util.Arrays.equals(content, original)
                        && report.signatures().stream().anyMatch(s -> s.indication() == Indication.TOTAL_PASSED)) {
                    failures.add("case " + i + ": " + name + " changed and a signature still passed");
                }
                reports++;
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof ProblemException problem && problem.type().status() < 500) {
                    problems++;
                } else if (failures.size() < 20) {
                    failures.add("case " + i + " (" + name + "): " + e.getCause() + " at " + java.util.Arrays.stream(e.getCause().getStackTrace())
                            .filter(frame -> frame.getClassName().startsWith("dev.sealgate")).findFirst().orElse(null));
                }
            } catch (TimeoutException e) {
                outcome.cancel(true);
                failures.add("case " + i + " took longer than " + BOUND_SECONDS + " s");
                break;
            }
        }
        System.out.printf("mutated OFD packages: %d, reports %d, 4xx problems %d%n", OFD_CASES, reports, problems);
        assertEquals(List.of(), failures);
        assertEquals(OFD_CASES, reports + problems);
    }

    /** Zip bombs, too many files, paths out of the package, external entities and entity expansion, pointers outside. */
    @Test
    void hostileOfdPackagesAreRefusedInTime(@TempDir Path dir) throws Exception {
        realSignatures();
        byte[] sealed = ofdSeeds.get(0);
        String doctype = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>";
        String laughs = "<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
                + "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>";
        java.util.Map<String, byte[]> refused = new java.util.LinkedHashMap<>();
        refused.put("zip bomb (257 MB of zeros)", TestOfd.bomb(257));
        refused.put("10,001 files", TestOfd.manyFiles(10_001));
        refused.put("entry name climbing out", TestOfd.zip(java.util.Map.of("OFD.xml", "<x/>".getBytes(), "../../evil.xml", new byte[] {1})));
        refused.put("absolute entry name", TestOfd.zip(java.util.Map.of("OFD.xml", "<x/>".getBytes(), "/etc/evil.xml", new byte[] {1})));
        refused.put("external entity", TestOfd.edit(sealed, "OFD.xml", xml -> xml.replaceFirst("\\?>", "?>" + doctype)));
        refused.put("billion laughs", TestOfd.edit(sealed, "Doc_0/Signs/Signatures.xml", xml -> xml.replaceFirst("\\?>", "?>" + laughs)
                .replace("<ofd:MaxSignId>1", "<ofd:MaxSignId>&f;1")));
        java.util.Map<String, byte[]> reported = new java.util.LinkedHashMap<>();
        reported.put("Signature.xml outside the package", TestOfd.edit(sealed, "Doc_0/Signs/Signatures.xml",
                xml -> xml.replace("BaseLoc=\"/Doc_0/Signs/Sign_0/Signature.xml\"", "BaseLoc=\"../../../../etc/passwd\"")));
        reported.put("signed value outside the package", TestOfd.edit(sealed, "Doc_0/Signs/Sign_0/Signature.xml",
                xml -> xml.replace("/Doc_0/Signs/Sign_0/SignedValue.dat", "../../../../../etc/hostname")));
        Path file = dir.resolve("hostile.ofd");
        for (var hostile : refused.entrySet()) {
            Files.write(file, hostile.getValue());
            Future<ValidationReport> outcome = worker.submit(() -> validator.validate(file, null, null));
            java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> outcome.get(BOUND_SECONDS, TimeUnit.SECONDS), hostile.getKey());
            assertTrue(e.getCause() instanceof ProblemException problem && problem.type() == dev.sealgate.support.ProblemType.MALFORMED_OFD,
                    hostile.getKey() + ": " + e.getCause());
        }
        for (var hostile : reported.entrySet()) {
            Files.write(file, hostile.getValue());
            ValidationReport report = worker.submit(() -> validator.validate(file, null, null)).get(BOUND_SECONDS, TimeUnit.SECONDS);
            assertTrue(report.signatures().stream().noneMatch(s -> s.indication() == Indication.TOTAL_PASSED),
                    hostile.getKey() + ": " + report.signatures());
        }
    }

    @AfterAll
    void stop() {
        worker.shutdownNow();
    }

    @Test
    void mutatedSignaturesNeverFailTheServiceNorHangIt(@TempDir Path dir) throws Exception {
        Random random = new Random(20261125L);
        Path signed = dir.resolve("signed");
        Path original = dir.resolve("original");
        Files.write(original, DOCUMENT);
        int reports = 0;
        int problems = 0;
        long slowest = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < IN_PROCESS_CASES; i++) {
            byte[] input = mutate(random);
            Files.write(signed, input);
            boolean withOriginal = random.nextBoolean();
            long start = System.nanoTime();
            Future<ValidationReport> outcome = worker.submit(() -> validator.validate(signed, withOriginal ? original : null, null));
            try {
                ValidationReport report = outcome.get(BOUND_SECONDS, TimeUnit.SECONDS);
                assertTrue(report.indication() != null);
                reports++;
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof ProblemException problem && problem.type().status() < 500) {
                    problems++;
                } else if (failures.size() < 20) {
                    failures.add("case " + i + ": " + e.getCause() + " at " + java.util.Arrays.stream(e.getCause().getStackTrace())
                            .filter(frame -> frame.getClassName().startsWith("dev.sealgate")).findFirst().orElse(null));
                }
            } catch (TimeoutException e) {
                outcome.cancel(true);
                failures.add("case " + i + " took longer than " + BOUND_SECONDS + " s");
                break;
            }
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        System.out.printf("mutated inputs: %d, reports %d, 4xx problems %d, slowest %d ms%n",
                IN_PROCESS_CASES, reports, problems, slowest / 1_000_000);
        assertEquals(List.of(), failures);
        assertEquals(IN_PROCESS_CASES, reports + problems);
    }

    @Test
    void overHttpEveryAnswerIsAReportOrAProblem() {
        Random random = new Random(7L);
        String token = TestRealm.userToken("auditor1");
        for (int i = 0; i < HTTP_CASES; i++) {
            byte[] input = mutate(random);
            var response = given().auth().oauth2(token).multiPart("signed", "s.bin", input, "application/octet-stream")
                    .post("/api/v1/verifications");
            int status = response.statusCode();
            assertTrue(status == 200 || status == 400, "case " + i + ": status " + status + " " + response.asString());
            if (status == 400) {
                assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
                assertTrue(response.jsonPath().getString("type").startsWith("urn:sealgate:problem:"));
            }
        }
    }

    @Test
    void hostilePdfsAreRefusedOrReported(@TempDir Path dir) throws Exception {
        List<byte[]> hostile = List.of(
                nestedArrays(200_000),
                selfReferencingPages(),
                manyObjects(90_000));
        for (byte[] pdf : hostile) {
            Path file = dir.resolve("hostile.pdf");
            Files.write(file, pdf);
            Future<ValidationReport> outcome = worker.submit(() -> validator.validate(file, null, null));
            try {
                ValidationReport report = outcome.get(BOUND_SECONDS, TimeUnit.SECONDS);
                assertTrue(report.signatures().isEmpty(), "no signature in it");
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof ProblemException problem && problem.type().status() == 400,
                        "expected a 400 problem, got " + e.getCause());
            }
        }
    }

    @Test
    void aPdfWithTooManyObjectsIsRefusedBeforeItIsWalked(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.pdf");
        // the test profile allows 100,000 objects
        Files.write(file, manyObjects(150_000));
        Future<ValidationReport> outcome = worker.submit(() -> validator.validate(file, null, null));
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> outcome.get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertEquals(dev.sealgate.support.ProblemType.PDF_TOO_COMPLEX, ((ProblemException) refused.getCause()).type());
    }

    private byte[] mutate(Random random) {
        realSignatures();
        byte[] seed = seeds.get(random.nextInt(seeds.size())).clone();
        return switch (random.nextInt(6)) {
            case 0, 1 -> {
                int flips = 1 + random.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    seed[random.nextInt(seed.length)] ^= (byte) (1 << random.nextInt(8));
                }
                yield seed;
            }
            case 2 -> java.util.Arrays.copyOf(seed, random.nextInt(seed.length));
            case 3 -> {
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int cut = random.nextInt(seed.length);
                int from = random.nextInt(other.length);
                byte[] spliced = new byte[cut + other.length - from];
                System.arraycopy(seed, 0, spliced, 0, cut);
                System.arraycopy(other, from, spliced, cut, other.length - from);
                yield spliced;
            }
            case 4 -> {
                int at = random.nextInt(seed.length);
                int length = 1 + random.nextInt(64);
                byte[] inserted = new byte[seed.length + length];
                System.arraycopy(seed, 0, inserted, 0, at);
                for (int k = 0; k < length; k++) {
                    inserted[at + k] = (byte) random.nextInt(256);
                }
                System.arraycopy(seed, at, inserted, at + length, seed.length - at);
                yield inserted;
            }
            default -> {
                int at = random.nextInt(seed.length);
                int length = Math.min(seed.length - at, 1 + random.nextInt(64));
                byte[] deleted = new byte[seed.length - length];
                System.arraycopy(seed, 0, deleted, 0, at);
                System.arraycopy(seed, at + length, deleted, at, seed.length - at - length);
                yield deleted;
            }
        };
    }

    private static byte[] pdf(String... objects) {
        StringBuilder body = new StringBuilder("%PDF-1.7\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.length; i++) {
            offsets.add(body.length());
            body.append(i + 1).append(" 0 obj\n").append(objects[i]).append("\nendobj\n");
        }
        int xref = body.length();
        body.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) {
            body.append(String.format("%010d 00000 n \n", offset));
        }
        body.append("trailer\n<< /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref)
                .append("\n%%EOF\n");
        return body.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] nestedArrays(int depth) {
        return pdf("<< /Type /Catalog /Pages 2 0 R /Deep " + "[".repeat(depth) + "]".repeat(depth) + " >>",
                "<< /Type /Pages /Kids [] /Count 0 >>");
    }

    private static byte[] selfReferencingPages() {
        return pdf("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [3 0 R] >> >>",
                "<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
                "<< /FT /Sig /Kids [3 0 R] /Parent 3 0 R >>");
    }

    private static byte[] manyObjects(int count) {
        String[] objects = new String[count];
        objects[0] = "<< /Type /Catalog /Pages 2 0 R >>";
        objects[1] = "<< /Type /Pages /Kids [] /Count 0 >>";
        for (int i = 2; i < count; i++) {
            objects[i] = "<< /N " + i + " /Next " + (i + 2) + " 0 R >>";
        }
        return pdf(objects);
    }
}
