package dev.sealgate.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;

import dev.sealgate.crypto.CertificateBuilder;
import dev.sealgate.crypto.CertificatePurpose;
import dev.sealgate.crypto.CertificateTemplate;
import dev.sealgate.crypto.CrlBuilder;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.KeyStoreCustody;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.crypto.TimeStampSource;
import dev.sealgate.crypto.TimeStamps;
import dev.sealgate.formats.cades.CadesSigner;
import dev.sealgate.verification.report.ValidationReport;

/**
 * Validation "as of" a chosen time: the same signatures, made now under a PKI made for the test
 * (nothing dated is committed), validated at now, now + 30 days, now + 400 days and now + 30 years with the validator's
 * clock set to each, offline (only the revocation data the signatures embed). Under the default policy
 * SealGate must give EU DSS 6.4's answer at the same validation time, and both are asserted against the
 * answer EN 319 102-1 gives; under the {@code long-term} policy (B-LT, signer's revocation data at
 * most a day old) SealGate's own answers are asserted.
 *
 * <p>The PKI: a root (10 years) whose CRL is published quarterly (nextUpdate now + 90 days), an issuing
 * CA (5 years) whose CRL has nextUpdate now + 7 days, signers valid a year (or 20 days), a TSA valid 5
 * years, a short-lived TSA valid 200 days and a TSA certified an hour ago. At now + 30 years every
 * certificate of that hierarchy has expired: no signature made under it alone proves anything then
 * ({@code OUT_OF_BOUNDS_NO_POE}), a B-LTA included. What keeps a B-LTA valid is renewal: a second
 * hierarchy (root 50 years, a time-stamp unit 40 years) that the archive adds a further archive
 * time-stamp from at now + 4 years, with the first unit's revocation data as of then (the tokens'
 * time comes from the test TSA's clock).
 */
class ValidationTimeTest {

    private static final byte[] TEXT = "Decision 2026/311: building permit granted\n".getBytes(StandardCharsets.UTF_8);
    private static final Instant T0 = Instant.now();
    /** Now, a month, a year and a bit, thirty years (every certificate of the first hierarchy expired). */
    private static final List<Integer> DAYS = List.of(0, 30, 400, 30 * 365);
    /** When an archive renews a B-LTA: before its 5-year time-stamp unit expires. */
    private static final Instant RENEWAL = T0.plus(Duration.ofDays(4 * 365));
    private static final List<String> TABLE = new ArrayList<>();

    @TempDir
    static Path dir;

    private static KeyStoreCustody store;
    private static X509Certificate root;
    private static X509Certificate ca;
    private static X509CRL rootCrl;
    private static X509CRL caCrl;
    private static List<X509Certificate> tsa;
    private static List<X509Certificate> shortTsa;
    private static List<X509Certificate> newTsa;
    /** A second hierarchy, valid 50 years (a root an archive trusts for the long run), and its 40-year time-stamp unit. */
    private static X509Certificate root2;
    private static X509Certificate ca2;
    private static List<X509Certificate> longTsa;

    /** What both validators should answer at now, +30 days, +400 days and +30 years; "PASSED" for TOTAL_PASSED. */
    record Expected(String atNow, String at30, String at400, String at30Years) {
        String at(int days) {
            return days == 0 ? atNow : days == 30 ? at30 : days == 400 ? at400 : at30Years;
        }
    }

    /** A signature made for the test, with what each policy must answer. */
    record Case(String name, SignatureMaker maker, Expected byDefault, Expected longTerm) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    interface SignatureMaker {
        byte[] make() throws Exception;
    }

    static List<Case> cases() {
        return List.of(
                new Case("B-B, signer valid a year, CRLs embedded",
                        () -> sign("signer-b", Duration.ofMinutes(10), Duration.ofDays(365), null, caCrl),
                        new Expected("PASSED", "PASSED", "INDETERMINATE/OUT_OF_BOUNDS_NOT_REVOKED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE"),
                        new Expected("INDETERMINATE/SIG_CONSTRAINTS_FAILURE", "INDETERMINATE/SIG_CONSTRAINTS_FAILURE",
                                "INDETERMINATE/OUT_OF_BOUNDS_NOT_REVOKED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE")),
                new Case("B-B, signer expires after 20 days (expired signer)",
                        () -> sign("signer-short-b", Duration.ofMinutes(10), Duration.ofDays(20), null, caCrl),
                        new Expected("PASSED", "INDETERMINATE/OUT_OF_BOUNDS_NOT_REVOKED", "INDETERMINATE/OUT_OF_BOUNDS_NOT_REVOKED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE"),
                        new Expected("INDETERMINATE/SIG_CONSTRAINTS_FAILURE", "INDETERMINATE/OUT_OF_BOUNDS_NOT_REVOKED",
                                "INDETERMINATE/OUT_OF_BOUNDS_NOT_REVOKED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE")),
                new Case("B-LT, signer valid a year, TSA valid 5 years",
                        () -> sign("signer-lt", Duration.ofMinutes(10), Duration.ofDays(365), tsa, caCrl),
                        new Expected("PASSED", "PASSED", "PASSED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE"),
                        new Expected("PASSED", "PASSED", "PASSED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE")),
                new Case("B-LT, signer expires after 20 days, time-stamped before",
                        () -> sign("signer-short-lt", Duration.ofMinutes(10), Duration.ofDays(20), tsa, caCrl),
                        new Expected("PASSED", "PASSED", "PASSED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE"),
                        new Expected("PASSED", "PASSED", "PASSED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE")),
                new Case("B-LT, time-stamp unit expires after 200 days (expired time-stamp unit)",
                        () -> sign("signer-short-tsa", Duration.ofMinutes(10), Duration.ofDays(365), shortTsa, caCrl),
                        new Expected("PASSED", "PASSED", "INDETERMINATE/OUT_OF_BOUNDS_NOT_REVOKED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE"),
                        new Expected("PASSED", "PASSED", "INDETERMINATE/OUT_OF_BOUNDS_NOT_REVOKED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE")),
                new Case("B-LTA, time-stamp unit expires after 200 days, archive time-stamp by the 5-year unit",
                        () -> archive(sign("signer-lta", Duration.ofMinutes(10), Duration.ofDays(365), shortTsa, caCrl), tsa),
                        new Expected("PASSED", "PASSED", "PASSED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE"),
                        new Expected("PASSED", "PASSED", "PASSED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE")),
                new Case("B-LTA as above, renewed after 4 years by a 40-year unit under a 50-year root",
                        () -> renew(archive(sign("signer-renewed", Duration.ofMinutes(10), Duration.ofDays(365), shortTsa, caCrl), tsa)),
                        new Expected("PASSED", "PASSED", "PASSED", "PASSED"),
                        new Expected("PASSED", "PASSED", "PASSED", "PASSED")),
                new Case("B-LT, signer's CRL issued 10 days before signing (revocation freshness)",
                        () -> sign("signer-stale", Duration.ofDays(30), Duration.ofDays(365), tsa,
                                crl(ca, "issuing-ca", T0.minus(Duration.ofDays(10)), T0.plus(Duration.ofDays(20)))),
                        new Expected("PASSED", "PASSED", "PASSED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE"),
                        new Expected("INDETERMINATE/TRY_LATER", "INDETERMINATE/TRY_LATER", "INDETERMINATE/TRY_LATER", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE")),
                new Case("B-LT, signer's CRL past its nextUpdate when signed (CRL nextUpdate passed)",
                        () -> sign("signer-expired-crl", Duration.ofDays(30), Duration.ofDays(365), tsa,
                                crl(ca, "issuing-ca", T0.minus(Duration.ofDays(3)), T0.minus(Duration.ofDays(1)))),
                        new Expected("PASSED", "PASSED", "PASSED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE"),
                        new Expected("INDETERMINATE/TRY_LATER", "INDETERMINATE/TRY_LATER", "INDETERMINATE/TRY_LATER", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE")),
                new Case("B-LT, TSA certified after the only CRL (time-stamp unit's revocation data not acceptable)",
                        () -> sign("signer-new-tsa", Duration.ofDays(1), Duration.ofDays(365), newTsa,
                                crl(ca, "issuing-ca", T0.minus(Duration.ofHours(2)), T0.plus(Duration.ofDays(7)))),
                        new Expected("PASSED", "PASSED", "INDETERMINATE/OUT_OF_BOUNDS_NOT_REVOKED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE"),
                        // no valid time-stamp, so no proof of existence: the signer's CRL must be fresh at the validation time
                        new Expected("PASSED", "INDETERMINATE/TRY_LATER", "INDETERMINATE/OUT_OF_BOUNDS_NOT_REVOKED", "INDETERMINATE/OUT_OF_BOUNDS_NO_POE")),
                new Case("B-LT, signer's CRL issued before the certificate (not acceptable at any time)",
                        () -> sign("signer-crl-before", Duration.ofMinutes(10), Duration.ofDays(365), tsa,
                                crl(ca, "issuing-ca", T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(6)))),
                        new Expected("INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE", "INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE",
                                "INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE", "INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE"),
                        new Expected("INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE", "INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE",
                                "INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE", "INDETERMINATE/CERTIFICATE_CHAIN_GENERAL_FAILURE")));
    }

    @BeforeAll
    static void pki() {
        store = KeyStoreCustody.pkcs12(dir.resolve("pki.p12"), "test".toCharArray(), false);
        PublicKey rootKey = store.generate("root", KeyAlgorithm.EC_P256);
        root = CertificateBuilder.issue(template("CN=Time Test Root,O=SealGate Test,C=CN", CertificatePurpose.ROOT_CA,
                Duration.ofDays(3650)), rootKey, null, store, "root");
        store.installChain("root", List.of(root));
        PublicKey caKey = store.generate("issuing-ca", KeyAlgorithm.EC_P256);
        ca = CertificateBuilder.issue(template("CN=Time Test Issuing CA,O=SealGate Test,C=CN", CertificatePurpose.ISSUING_CA,
                Duration.ofDays(1825)), caKey, root, store, "root");
        store.installChain("issuing-ca", List.of(ca, root));
        rootCrl = crl(root, "root", T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofDays(90)));
        caCrl = crl(ca, "issuing-ca", T0.minus(Duration.ofMinutes(1)), T0.plus(Duration.ofDays(7)));
        tsa = tsa("tsa", Duration.ofDays(60), Duration.ofDays(1825));
        shortTsa = tsa("tsa-short", Duration.ofDays(60), Duration.ofDays(200));
        newTsa = tsa("tsa-new", Duration.ofHours(1), Duration.ofDays(1825));
        PublicKey root2Key = store.generate("root-2", KeyAlgorithm.EC_P256);
        root2 = CertificateBuilder.issue(template("CN=Time Test Archive Root,O=SealGate Test,C=CN", CertificatePurpose.ROOT_CA,
                Duration.ofDays(50 * 365)), root2Key, null, store, "root-2");
        store.installChain("root-2", List.of(root2));
        PublicKey ca2Key = store.generate("issuing-ca-2", KeyAlgorithm.EC_P256);
        ca2 = CertificateBuilder.issue(template("CN=Time Test Archive CA,O=SealGate Test,C=CN", CertificatePurpose.ISSUING_CA,
                Duration.ofDays(45 * 365)), ca2Key, root2, store, "root-2");
        store.installChain("issuing-ca-2", List.of(ca2, root2));
        PublicKey longKey = store.generate("tsa-long", KeyAlgorithm.EC_P256);
        X509Certificate longCert = CertificateBuilder.issue(new CertificateTemplate("CN=tsa-long,O=SealGate Test,C=CN", serial(),
                T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(40 * 365)), CertificatePurpose.TIME_STAMPING, null, null, null),
                longKey, ca2, store, "issuing-ca-2");
        longTsa = List.of(longCert, ca2, root2);
        store.installChain("tsa-long", longTsa);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAtEachValidationTime(Case c) throws Exception {
        byte[] signature = c.maker().make();
        Path signed = Files.write(dir.resolve("signed.p7s"), signature);
        Path original = Files.write(dir.resolve("original.txt"), TEXT);
        for (int days : DAYS) {
            Instant at = T0.plus(Duration.ofDays(days));
            eu.europa.esig.dss.validation.reports.Reports reports = dss(signature, at);
            String dss = verdict(reports.getSimpleReport());
            if (!dss.equals(c.byDefault().at(days))) {
                Path detailed = Path.of("target", "validation-time", c.name().replaceAll("[^A-Za-z0-9]+", "-") + "-" + days + ".xml");
                Files.createDirectories(detailed.getParent());
                Files.writeString(detailed, reports.getXmlDetailedReport());
            }
            String ours = sealGate(signed, original, "default", at);
            String longTerm = sealGate(signed, original, "long-term", at);
            TABLE.add(String.format("%-78s | now+%3dd | DSS %-40s | SealGate %-40s | long-term %s", c, days, dss, ours, longTerm));
            assertEquals(c.byDefault().at(days), dss, c + " at now + " + days + " days: EU DSS");
            assertEquals(c.byDefault().at(days), ours, c + " at now + " + days + " days: SealGate, default policy");
            assertEquals(c.longTerm().at(days), longTerm, c + " at now + " + days + " days: SealGate, long-term policy");
        }
    }

    @AfterAll
    static void printTable() {
        System.out.println("Validation as of now, now + 30 days, now + 400 days, now + 30 years:");
        TABLE.forEach(line -> System.out.println("  " + line));
    }

    // ---- the two validators ------------------------------------------------------------------

    private static String sealGate(Path signed, Path original, String policy, Instant at) {
        DocumentValidator validator = OfflineValidation.validator(List.of(root, root2), at);
        ValidationReport report = validator.validate(signed, original, policy.equals("default") ? null : OfflineValidation.LONG_TERM_PARTNER);
        assertEquals(at.toString(), report.validationTime(), "the report states the clock's time");
        ValidationReport.SignatureReport signature = report.signatures().get(0);
        return verdict(signature.indication().name(), signature.subIndication() == null ? null : signature.subIndication().name());
    }

    private static eu.europa.esig.dss.validation.reports.Reports dss(byte[] signature, Instant at) {
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(signature, "signed.p7s"));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(root));
        trusted.addCertificate(new CertificateToken(root2));
        verifier.setTrustedCertSources(trusted);
        verifier.setOcspSource(null);
        verifier.setCrlSource(null);
        verifier.setAIASource(null);
        validator.setCertificateVerifier(verifier);
        validator.setDetachedContents(List.<DSSDocument>of(new InMemoryDocument(TEXT, "original.txt")));
        validator.setValidationTime(Date.from(at));
        return validator.validateDocument();
    }

    private static String verdict(SimpleReport simple) {
        String id = simple.getFirstSignatureId();
        return verdict(simple.getIndication(id).name(), simple.getSubIndication(id) == null ? null : simple.getSubIndication(id).name());
    }

    private static String verdict(String indication, String subIndication) {
        return "TOTAL_PASSED".equals(indication) ? "PASSED" : indication + "/" + subIndication;
    }

    // ---- the signatures ----------------------------------------------------------------------

    /** A detached CAdES by a signer certified {@code age} ago for {@code validity} from now; with a TSA, time-stamped and then given certificate and revocation values (B-LT). */
    private static byte[] sign(String alias, Duration age, Duration validity, List<X509Certificate> tsaChain, X509CRL signerCrl)
            throws Exception {
        PublicKey key = store.generate(alias, KeyAlgorithm.EC_P256);
        X509Certificate cert = CertificateBuilder.issue(new CertificateTemplate("CN=" + alias + ",O=SealGate Test,C=CN", serial(),
                T0.minus(age), T0.plus(validity), CertificatePurpose.DOCUMENT_SIGNING, null, null, null),
                key, ca, store, "issuing-ca");
        store.installChain(alias, List.of(cert, ca, root));
        SignerKey signer = new SignerKey(store, alias, List.of(cert, ca, root), SignatureScheme.ECDSA_SHA256);
        DocumentDigest digest = DocumentDigest.of(new ByteArrayInputStream(TEXT), DocumentDigest.SHA256, null, Long.MAX_VALUE);
        TimeStampSource timeStamps = tsaChain == null ? null : source(tsaChain);
        byte[] cms = CadesSigner.detached(digest, signer, new CadesSigner.Options(T0, true, timeStamps));
        List<X509Certificate> certificates = new ArrayList<>(List.of(cert, ca, root));
        if (tsaChain != null) {
            certificates.add(tsaChain.get(0));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CadesSigner.addValidationData(new ByteArrayInputStream(cms), certificates, List.of(signerCrl, rootCrl), List.of(), out);
        return out.toByteArray();
    }

    /** The signature with an archive-time-stamp-v3 (B-LTA) from {@code tsaChain}'s unit. */
    private static byte[] archive(byte[] cms, List<X509Certificate> tsaChain) throws Exception {
        byte[] contentSha256 = java.security.MessageDigest.getInstance("SHA-256").digest(TEXT);
        return CadesSigner.addArchiveTimeStamp(cms, contentSha256, source(tsaChain));
    }

    /**
     * What an archive does before the archive time-stamp's unit expires (EN 319 102-1 5.6.3): adds the
     * validation data of that unit as of the renewal, then a further archive time-stamp, here at
     * {@link #RENEWAL} by a unit of the long-lived hierarchy.
     */
    private static byte[] renew(byte[] cms) throws Exception {
        org.bouncycastle.cms.CMSSignedData signed = new org.bouncycastle.cms.CMSSignedData(cms);
        signed = dev.sealgate.formats.cades.CadesExtensions.addValidationData(signed, List.of(tsa.get(0), longTsa.get(0), ca2, root2),
                List.of(crl(ca, "issuing-ca", RENEWAL, RENEWAL.plus(Duration.ofDays(7))),
                        crl(root, "root", RENEWAL, RENEWAL.plus(Duration.ofDays(90))),
                        crl(ca2, "issuing-ca-2", RENEWAL, RENEWAL.plus(Duration.ofDays(7))),
                        crl(root2, "root-2", RENEWAL, RENEWAL.plus(Duration.ofDays(90)))), List.of());
        byte[] contentSha256 = java.security.MessageDigest.getInstance("SHA-256").digest(TEXT);
        signed = CadesSigner.addArchiveTimeStamp(signed, contentSha256,
                request -> TimeStamps.respond(request, longTsa, store, "tsa-long", new ASN1ObjectIdentifier("2.25.1"), RENEWAL));
        return dev.sealgate.formats.cades.CadesExtensions.encode(signed);
    }

    private static TimeStampSource source(List<X509Certificate> tsaChain) {
        return request -> TimeStamps.respond(request, tsaChain, store,
                tsaChain == tsa ? "tsa" : tsaChain == shortTsa ? "tsa-short" : "tsa-new", new ASN1ObjectIdentifier("2.25.1"));
    }

    private static List<X509Certificate> tsa(String alias, Duration age, Duration validity) {
        PublicKey key = store.generate(alias, KeyAlgorithm.EC_P256);
        X509Certificate cert = CertificateBuilder.issue(new CertificateTemplate("CN=" + alias + ",O=SealGate Test,C=CN", serial(),
                T0.minus(age), T0.plus(validity), CertificatePurpose.TIME_STAMPING, null, null, null), key, ca, store, "issuing-ca");
        store.installChain(alias, List.of(cert, ca, root));
        return List.of(cert, ca, root);
    }

    private static CertificateTemplate template(String subject, CertificatePurpose purpose, Duration validity) {
        return new CertificateTemplate(subject, serial(), T0.minus(Duration.ofDays(1)), T0.plus(validity), purpose, null, null, null);
    }

    private static X509CRL crl(X509Certificate issuer, String alias, Instant thisUpdate, Instant nextUpdate) {
        return CrlBuilder.build(issuer, store, alias, List.of(), thisUpdate, nextUpdate, BigInteger.valueOf(thisUpdate.toEpochMilli()));
    }

    private static BigInteger serial() {
        return new BigInteger(120, new SecureRandom()).add(BigInteger.ONE);
    }
}
