package dev.sealgate.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;

import dev.sealgate.support.ProblemException;
import dev.sealgate.verification.GeneratedSpace.Made;
import dev.sealgate.verification.GeneratedSpace.Scenario;
import dev.sealgate.verification.report.ValidationReport;

/**
 * The generated differential suite: {@link GeneratedSpace} draws distinct scenarios from a fixed seed,
 * and SealGate (its {@code default} policy, offline) and EU DSS 6.4 (its default policy, offline)
 * validate each at the same validation time with the same trust anchors. Every signature must get
 * the same indication and sub-indication from both, or be one of the {@link #deliberate} differences
 * the README lists, each stricter than DSS. A scenario where SealGate is more lenient than DSS fails,
 * always.
 *
 * <p>{@code ./mvnw verify} runs {@value #DEFAULT_SCENARIOS} scenarios from seed {@value #DEFAULT_SEED}; a
 * larger run: {@code ./mvnw -B verify -DskipITs -Dtest=GeneratedSpaceTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dspace.scenarios=3000 -Dspace.seed=7}. The table of every scenario is written to
 * {@code target/generated-space.txt}.
 */
class GeneratedSpaceTest {

    static final int DEFAULT_SCENARIOS = 300;
    static final int DEFAULT_PDF_SCENARIOS = 150;
    static final int DEFAULT_JADES_SCENARIOS = 150;
    static final long DEFAULT_SEED = 31;

    @TempDir
    Path dir;

    @Test
    void sealGateAndDssAgreeOnEveryGeneratedCadesScenario() throws Exception {
        int count = Integer.getInteger("space.scenarios", DEFAULT_SCENARIOS);
        long seed = Long.getLong("space.seed", DEFAULT_SEED);
        Map<Scenario, Long> scenarios = GeneratedSpace.draw(seed, count);
        assertTrue(scenarios.size() >= Math.min(count, 200), "the space should give " + count + " distinct scenarios");
        compare("cades", seed, scenarios, (scenario, random) -> GeneratedSpace.make(scenario, random), Scenario::toString,
                (scenario, dss, ours) -> deliberate(scenario, dss, ours), ".p7m");
    }

    @Test
    void sealGateAndDssAgreeOnEveryGeneratedPadesScenario() throws Exception {
        int count = Integer.getInteger("space.pdf-scenarios", DEFAULT_PDF_SCENARIOS);
        long seed = Long.getLong("space.seed", DEFAULT_SEED);
        Map<GeneratedPdfSpace.PdfScenario, Long> scenarios = GeneratedPdfSpace.draw(seed, count);
        assertTrue(scenarios.size() >= Math.min(count, 100), "the space should give " + count + " distinct scenarios");
        compare("pades", seed, scenarios, (scenario, random) -> GeneratedPdfSpace.make(scenario, random), Object::toString,
                (scenario, dss, ours) -> deliberate(scenario.pki(), dss, ours), ".pdf");
    }

    @Test
    void sealGateAndDssAgreeOnEveryGeneratedJadesScenario() throws Exception {
        int count = Integer.getInteger("space.jades-scenarios", DEFAULT_JADES_SCENARIOS);
        long seed = Long.getLong("space.seed", DEFAULT_SEED);
        Map<GeneratedJadesSpace.JadesScenario, Long> scenarios = GeneratedJadesSpace.draw(seed, count);
        assertTrue(scenarios.size() >= Math.min(count, 100), "the space should give " + count + " distinct scenarios");
        compare("jades", seed, scenarios, (scenario, random) -> GeneratedJadesSpace.make(scenario, random), Object::toString,
                (scenario, dss, ours) -> deliberate(scenario.pki(), dss, ours), ".json");
    }

    interface Maker<S> {
        Made make(S scenario, Random random) throws Exception;
    }

    interface Deliberate<S> {
        String why(S scenario, String dss, String ours);
    }

    private <S> void compare(String name, long seed, Map<S, Long> scenarios, Maker<S> maker, java.util.function.Function<S, String> describe,
            Deliberate<S> deliberateFor, String suffix) throws Exception {
        List<String> table = new ArrayList<>();
        Map<String, List<String>> failures = new TreeMap<>();
        int equal = 0;
        int deliberate = 0;
        Map<String, Integer> verdicts = new TreeMap<>();
        int n = 0;
        for (Map.Entry<S, Long> entry : scenarios.entrySet()) {
            S scenario = entry.getKey();
            Made made = maker.make(scenario, new Random(entry.getValue()));
            Path file = dir.resolve(name + "-" + (++n) + suffix);
            Files.write(file, made.signed());
            String dss = dss(made.signed(), made.anchors());
            String ours = sealGate(file, made.anchors());
            verdicts.merge(dss, 1, Integer::sum);
            String outcome;
            String why = dss.equals(ours) ? null : deliberateFor.why(scenario, dss, ours);
            if (dss.equals(ours)) {
                equal++;
                outcome = "equal";
            } else if (why != null) {
                deliberate++;
                outcome = "deliberate: " + why;
            } else if (moreLenient(ours, dss)) {
                outcome = "MORE LENIENT";
                failures.computeIfAbsent("more lenient than DSS", k -> new ArrayList<>())
                        .add(describe.apply(scenario) + " | DSS " + dss + " | SealGate " + ours);
            } else {
                outcome = "DIFFERENT";
                failures.computeIfAbsent("different from DSS", k -> new ArrayList<>())
                        .add(describe.apply(scenario) + " | DSS " + dss + " | SealGate " + ours);
            }
            if (!outcome.equals("equal") && !dss.equals("refused")) {
                Path report = Path.of("target", "generated-space", name + "-" + n + ".xml");
                Files.createDirectories(report.getParent());
                Files.writeString(report, dssReports(made.signed(), made.anchors()).getXmlDetailedReport());
                Files.write(report.resolveSibling(name + "-" + n + suffix), made.signed());
            }
            table.add(String.format("%4d | %-170s | DSS %-40s | SealGate %-40s | %s", n, describe.apply(scenario), dss, ours, outcome));
        }
        String summary = String.format("%s, seed %d: %d scenarios, %d equal, %d deliberate differences (stricter), %d more lenient, %d other"
                + " differences; DSS's verdicts: %s", name, seed, scenarios.size(), equal, deliberate,
                failures.getOrDefault("more lenient than DSS", List.of()).size(),
                failures.getOrDefault("different from DSS", List.of()).size(), verdicts);
        table.add(summary);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "generated-space-" + name + ".txt"), table);
        System.out.println("Generated space, SealGate and EU DSS 6.4: " + summary);
        assertEquals(Map.of(), failures.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size())),
                "scenarios where SealGate and DSS disagree (see target/generated-space-" + name + ".txt):\n" + failures.entrySet().stream()
                        .map(e -> e.getKey() + ":\n  " + String.join("\n  ", e.getValue())).collect(Collectors.joining("\n")));
    }

    /** Whether SealGate's verdicts are, for some signature, more lenient than DSS's (both lists in the same order). */
    static boolean moreLenient(String ours, String dss) {
        String[] mine = ours.split(", ");
        String[] theirs = dss.split(", ");
        for (int i = 0; i < Math.min(mine.length, theirs.length); i++) {
            if (rank(mine[i]) > rank(theirs[i])) {
                return true;
            }
        }
        // a signature DSS reports and SealGate does not is never more lenient only if SealGate refused the file
        return mine.length < theirs.length && !ours.startsWith("refused");
    }

    /**
     * Why a difference is deliberate (listed in the README, stricter than DSS), or null. Only ever for a verdict
     * no more lenient than DSS's.
     */
    static String deliberate(Scenario scenario, String dss, String ours) {
        if (dss.equals("refused") && !ours.contains("TOTAL_PASSED")) {
            // DSS cannot analyse the file at all (an exception); SealGate reports every signature, none passing
            return "DSS refuses the file, SealGate reports its signatures";
        }
        if (dss.isEmpty() && !ours.isEmpty() && java.util.Arrays.stream(ours.split(", ")).allMatch(v -> v.startsWith("TOTAL_FAILED"))) {
            // a signature field whose /ByteRange is not four numbers: DSS leaves it out of its report, SealGate reports it
            // and says it fails (the README's deliberate difference for one-range fields)
            return "DSS leaves out a signature whose /ByteRange it cannot use, SealGate reports it failing";
        }
        if (moreLenient(ours, dss)) {
            return null;
        }
        String[] mine = ours.split(", ");
        String[] theirs = dss.split(", ");
        if (mine.length != theirs.length) {
            return null;
        }
        String why = null;
        for (int i = 0; i < mine.length; i++) {
            if (mine[i].equals(theirs[i])) {
                continue;
            }
            if (i == 0 && scenario.reference() == GeneratedSpace.Reference.WRONG && scenario.anchor() != GeneratedSpace.Anchor.SIGNER
                    && scenario.anchor() != GeneratedSpace.Anchor.ROOT && mine[i].equals("INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND")) {
                // the signing-certificate attribute names the issuing CA's certificate instead of the signer's: RFC 5035 5.4 makes
                // the first ESSCertIDv2 the signing certificate; DSS accepts a reference to any certificate of the chain
                why = "signing-certificate names another certificate of the chain";
            } else if (i == 0 && scenario.reference() == GeneratedSpace.Reference.WRONG && theirs[i].equals("INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND")
                    && (mine[i].equals("TOTAL_FAILED/HASH_FAILURE") || mine[i].equals("TOTAL_FAILED/SIG_CRYPTO_FAILURE"))) {
                // the reference does not match and the content or the value is broken too: SealGate reports the failure
                why = "a broken signature with a wrong reference is FAILED";
            } else if (mine[i].equals("TOTAL_FAILED/NOT_YET_VALID")) {
                // a time-stamp proves the signature older than its certificate: FAILED/NOT_YET_VALID (EN 319 102-1 5.5.4) is
                // decided before the signing-time constraint and the revocation issuer's validity, which DSS reports instead
                why = "a time-stamp older than the certificate fails first";
            } else if (i == 0 && (scenario.status() == GeneratedSpace.Status.REVOKED_AFTER_SIGNING
                    || scenario.signer() == GeneratedSpace.Validity.EXPIRED)
                    && scenario.timeStamp() == GeneratedSpace.TimeStamp.VALID
                    && (theirs[i].equals("TOTAL_PASSED") && (mine[i].equals("INDETERMINATE/REVOCATION_OUT_OF_BOUNDS_NO_POE")
                            || mine[i].equals("INDETERMINATE/CRYPTO_CONSTRAINTS_FAILURE_NO_POE"))
                        || theirs[i].equals("INDETERMINATE/CRYPTO_CONSTRAINTS_FAILURE_NO_POE")
                            && mine[i].equals("INDETERMINATE/REVOCATION_OUT_OF_BOUNDS_NO_POE"))) {
                // revoked or expired after a time-stamp: DSS's basic validation stops at the revocation or the expiry, and its
                // long-term validation accepts the time-stamp without returning to the checks after it (the revocation data's
                // signer expired, an algorithm past its end of life before the time-stamp); SealGate applies them
                why = "checks DSS skips for a signer revoked or expired after its time-stamp";
            } else if (i > 0 && mine[i].equals("INDETERMINATE/OUT_OF_BOUNDS_NO_POE") && theirs[i].equals("INDETERMINATE/OUT_OF_BOUNDS_NOT_REVOKED")) {
                // the counter-signature twin of the next case: "not revoked" needs revocation data from a signer still valid
                why = "a counter-signature's revocation data signed by an expired certificate";
            } else if (i > 0 && mine[i].equals("INDETERMINATE/REVOCATION_OUT_OF_BOUNDS_NO_POE")) {
                // a counter-signature whose signer's revocation data was signed by a certificate expired by now: DSS's default
                // policy has no RevocationIssuerNotExpired for counter-signatures; SealGate applies to them what it applies to
                // every signature
                why = "a counter-signature's revocation data signed by an expired certificate";
            } else {
                return null;
            }
        }
        return why;
    }

    /** TOTAL_FAILED below INDETERMINATE below TOTAL_PASSED: a higher rank for SealGate than for DSS is more lenient. */
    static int rank(String verdict) {
        if (verdict.startsWith("TOTAL_PASSED")) {
            return 2;
        }
        if (verdict.startsWith("INDETERMINATE")) {
            return 1;
        }
        return 0;
    }

    static String sealGate(Path file, List<X509Certificate> anchors) {
        try {
            ValidationReport report = OfflineValidation.validator(anchors, GeneratedSpace.AT).validate(file, null, null, GeneratedSpace.AT);
            return report.signatures().stream()
                    .sorted(java.util.Comparator.comparing((ValidationReport.SignatureReport s) -> String.valueOf(s.claimedSigningTime() != null
                            ? s.claimedSigningTime() : ReportParts.pdf(s) == null ? null : java.time.Instant.parse(ReportParts.pdf(s).signDate()))))
                    .map(s -> s.indication() + (s.subIndication() == null ? "" : "/" + s.subIndication()))
                    .collect(Collectors.joining(", "));
        } catch (ProblemException e) {
            return "refused (" + e.type() + ")";
        }
    }

    static String dss(byte[] signed, List<X509Certificate> anchors) {
        SimpleReport simple;
        try {
            simple = dssReports(signed, anchors).getSimpleReport();
        } catch (RuntimeException e) {
            return "refused";
        }
        return simple.getSignatureIdList().stream()
                .sorted(java.util.Comparator.comparing((String id) -> String.valueOf(simple.getSigningTime(id) == null ? null
                        : simple.getSigningTime(id).toInstant())))
                .map(id -> simple.getIndication(id).name()
                + (simple.getSubIndication(id) == null ? "" : "/" + simple.getSubIndication(id).name())).collect(Collectors.joining(", "));
    }

    static eu.europa.esig.dss.validation.reports.Reports dssReports(byte[] signed, List<X509Certificate> anchors) {
        return dssReports(signed, anchors, null);
    }

    static eu.europa.esig.dss.validation.reports.Reports dssReports(byte[] signed, List<X509Certificate> anchors,
            eu.europa.esig.dss.model.DSSDocument original) {
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(signed));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        anchors.forEach(anchor -> trusted.addCertificate(new CertificateToken(anchor)));
        verifier.setTrustedCertSources(trusted);
        verifier.setOcspSource(null);
        verifier.setCrlSource(null);
        verifier.setAIASource(null);
        validator.setCertificateVerifier(verifier);
        validator.setValidationTime(Date.from(GeneratedSpace.AT));
        if (original != null) {
            validator.setDetachedContents(List.of(original));
        }
        return validator.validateDocument();
    }
}
