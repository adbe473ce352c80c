package dev.sealgate.verification;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sealgate.crypto.CertificateBuilder;
import dev.sealgate.crypto.CertificatePurpose;
import dev.sealgate.crypto.CertificateTemplate;
import dev.sealgate.crypto.KeyAlgorithm;
import dev.sealgate.crypto.KeyStoreCustody;
import dev.sealgate.crypto.Pem;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.pki.IssuedCertificate;
import dev.sealgate.testsupport.Bytes;
import dev.sealgate.testsupport.Pdfs;
import dev.sealgate.testsupport.DssTestInstanceLoader;
import dev.sealgate.testsupport.TestRealm;
import dev.sealgate.testsupport.Tool;
import eu.europa.esig.dss.cades.CAdESSignatureParameters;
import eu.europa.esig.dss.cades.signature.CAdESService;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.service.http.commons.TimestampDataLoader;
import eu.europa.esig.dss.service.tsp.OnlineTSPSource;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.jaxb.object.Message;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.service.crl.OnlineCRLSource;
import eu.europa.esig.dss.service.http.commons.CommonsDataLoader;
import eu.europa.esig.dss.service.http.commons.OCSPDataLoader;
import eu.europa.esig.dss.service.ocsp.OnlineOCSPSource;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.aia.DefaultAIASource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * SealGate and EU DSS 6.4 (the European Commission's reference validator) must reach the same
 * EN 319 102-1 indication and sub-indication for the same signature. The corpus is made at test
 * time by three signers: SealGate through its API, {@code openssl cms -sign}, and DSS's own
 * CAdESService; good signatures and bad ones (changed content, flipped signature value, untrusted
 * or expired signer, revoked signer with and without a prior time-stamp, a PDF changed after
 * signing). Both validators trust only the dev root and get revocation data from the instance under
 * test. Differences kept on purpose are listed in the README ("Deliberate differences from EU DSS").
 */
@QuarkusTest
class DssAgreementTest {

    private static final byte[] TEXT = "Permit 2026/88: street market on Sunday\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHANGED = "Permit 2026/88: street market on Monday\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] JSON = "{\"permit\":\"2026/88\",\"day\":\"Sunday\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CHANGED_JSON = "{\"permit\":\"2026/88\",\"day\":\"Monday\"}".getBytes(StandardCharsets.UTF_8);

    private static final List<String> TABLE = Collections.synchronizedList(new ArrayList<>());

    /** A signed object, and the original for a detached signature (null when enveloping or enveloped). */
    record Sample(byte[] signed, byte[] original) {
    }

    /** An indication with its sub-indication (null when TOTAL_PASSED). */
    record Verdict(String indication, String subIndication) {
        @Override
        public String toString() {
            return indication + (subIndication == null ? "" : "/" + subIndication);
        }
    }

    @FunctionalInterface
    interface Maker {
        Sample make(Path dir) throws Exception;
    }

    /**
     * One corpus entry. {@code sealGateOwn} is null when SealGate must agree with DSS; otherwise the
     * difference is deliberate (README) and SealGate's own answer is asserted instead.
     */
    record Case(String name, Maker maker, Verdict sealGateOwn) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> corpus() {
        return Stream.of(
                // signed by SealGate through the API (servant1's personal key)
                agree("SealGate CAdES detached B-B, good", dir -> new Sample(sign("cades&packaging=detached", TEXT), TEXT)),
                agree("SealGate CAdES enveloping B-B, good", dir -> new Sample(sign("cades&packaging=enveloping", TEXT), null)),
                agree("SealGate CAdES detached B-T, good", dir -> new Sample(sign("cades&packaging=detached&level=B-T", TEXT), TEXT)),
                agree("SealGate CAdES detached B-LTA, good", dir -> new Sample(sign("cades&packaging=detached&level=B-LTA", TEXT), TEXT)),
                agree("SealGate CAdES detached B-LTA, wrong original",
                        dir -> new Sample(sign("cades&packaging=detached&level=B-LTA", TEXT), CHANGED)),
                agree("SealGate CAdES detached, wrong original", dir -> new Sample(sign("cades&packaging=detached", TEXT), CHANGED)),
                agree("SealGate CAdES enveloping, content changed",
                        dir -> new Sample(replace(sign("cades&packaging=enveloping", TEXT), "Sunday", "Monday"), null)),
                agree("SealGate CAdES detached, signature value flipped",
                        dir -> new Sample(flipSignatureValue(sign("cades&packaging=detached", TEXT)), TEXT)),
                agree("SealGate CAdES detached, original not sent", dir -> new Sample(sign("cades&packaging=detached", TEXT), null)),
                agree("SealGate CAdES revoked signer, no time-stamp", dir -> revoked(false)),
                agree("SealGate CAdES revoked signer, time-stamped before revocation", dir -> revoked(true)),
                agree("SealGate PAdES B-B, good", dir -> new Sample(signPdf(), null)),
                agree("SealGate PAdES B-LTA, good", dir -> new Sample(signPdf("B-LTA"), null)),
                agree("SealGate PAdES, page changed by an incremental update after signing",
                        dir -> new Sample(Pdfs.changedAfterSigning(signPdf()), null)),
                agree("SealGate JAdES compact B-B, good", dir -> new Sample(signJson("enveloping"), null)),
                agree("SealGate JAdES compact, payload changed", dir -> new Sample(changePayload(signJson("enveloping")), null)),
                agree("SealGate JAdES compact, signature value flipped", dir -> new Sample(flipJwsSignature(signJson("enveloping")), null)),
                agree("SealGate JAdES detached, wrong original", dir -> new Sample(signJson("detached"), CHANGED_JSON)),
                // signed by openssl cms -sign (plain CMS, key and certificate from the dev issuing CA)
                agree("openssl detached, good", dir -> openssl(dir, Signer.GOOD, true, TEXT)),
                agree("openssl enveloping, good", dir -> openssl(dir, Signer.GOOD, false, null)),
                agree("openssl detached, wrong original", dir -> openssl(dir, Signer.GOOD, true, CHANGED)),
                agree("openssl enveloping, content changed", dir -> {
                    Sample s = openssl(dir, Signer.GOOD, false, null);
                    return new Sample(replace(s.signed(), "Sunday", "Monday"), null);
                }),
                agree("openssl detached, signature value flipped", dir -> {
                    Sample s = openssl(dir, Signer.GOOD, true, TEXT);
                    return new Sample(flipSignatureValue(s.signed()), TEXT);
                }),
                agree("openssl detached, signer under a self-made root", dir -> openssl(dir, Signer.UNTRUSTED, true, TEXT)),
                agree("openssl detached, expired signer", dir -> openssl(dir, Signer.EXPIRED, true, TEXT)),
                agree("openssl detached, revoked signer", dir -> {
                    Sample s = openssl(dir, Signer.GOOD, true, TEXT);
                    revoke(signerInfo(s.signed()).getSID().getSerialNumber().toString(16));
                    return s;
                }),
                // signed by EU DSS's CAdESService (key in a PKCS#12, certificate from the dev issuing CA)
                agree("DSS CAdES detached B-B, good", dir -> dss(dir, Signer.GOOD, true, TEXT)),
                agree("DSS CAdES enveloping B-B, good", dir -> dss(dir, Signer.GOOD, false, null)),
                agree("DSS CAdES detached, wrong original", dir -> dss(dir, Signer.GOOD, true, CHANGED)),
                agree("DSS CAdES enveloping, content changed", dir -> {
                    Sample s = dss(dir, Signer.GOOD, false, null);
                    return new Sample(replace(s.signed(), "Sunday", "Monday"), null);
                }),
                agree("DSS CAdES detached, signature value flipped", dir -> {
                    Sample s = dss(dir, Signer.GOOD, true, TEXT);
                    return new Sample(flipSignatureValue(s.signed()), TEXT);
                }),
                agree("DSS CAdES detached, signer under a self-made root", dir -> dss(dir, Signer.UNTRUSTED, true, TEXT)),
                agree("DSS CAdES detached B-T, signer's certificate expired after the time-stamp", dir -> {
                    Sample s = dss(dir, Signer.SHORT_LIVED, true, TEXT, SignatureLevel.CAdES_BASELINE_T);
                    Thread.sleep((SHORT_LIFE_SECONDS + 2) * 1000L);
                    return s;
                }),
                agree("DSS CAdES detached B-B, signer's certificate expired since", dir -> {
                    Sample s = dss(dir, Signer.SHORT_LIVED, true, TEXT);
                    Thread.sleep((SHORT_LIFE_SECONDS + 2) * 1000L);
                    return s;
                }));
    }

    private static Case agree(String name, Maker maker) {
        return new Case(name, maker, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void sealGateAgreesWithDss(Case c, @TempDir Path dir) throws Exception {
        Sample sample = c.maker().make(dir);

        JsonPath sealGate = sealGate(sample);
        Verdict ours = new Verdict(sealGate.getString("signatures[0].indication"), sealGate.getString("signatures[0].subIndication"));
        String oursText = "SealGate: " + ours + ", level " + sealGate.getString("signatures[0].level")
                + ", errors " + sealGate.getList("signatures[0].errors.code") + ", warnings " + sealGate.getList("signatures[0].warnings.code")
                + ", best signature time " + sealGate.getString("signatures[0].bestSignatureTime")
                + ", signer revocation " + sealGate.getString("signatures[0].chain[0].revocation.status");

        Reports reports = dss(sample);
        SimpleReport simple = reports.getSimpleReport();
        assertEquals(1, simple.getSignaturesCount(), describe(simple));
        String id = simple.getFirstSignatureId();
        Verdict theirs = new Verdict(simple.getIndication(id).name(),
                simple.getSubIndication(id) == null ? null : simple.getSubIndication(id).name());
        String message = c + "\n  " + oursText + "\n  " + describe(simple);

        boolean equal = ours.equals(theirs);
        if (!equal) {
            Path detailed = Path.of("target", "dss-agreement", c.name().replaceAll("[^A-Za-z0-9]+", "-") + ".xml");
            Files.createDirectories(detailed.getParent());
            Files.writeString(detailed, reports.getXmlDetailedReport());
            message += "\n  DSS detailed report: " + detailed;
        }
        TABLE.add(String.format("%-70s | DSS %-38s | SealGate %-38s | %s", c, theirs, ours,
                equal ? "equal" : c.sealGateOwn() != null ? "deliberate difference" : "DIFFERENT"));
        if (c.sealGateOwn() == null) {
            assertEquals(theirs, ours, message);
        } else {
            assertEquals(c.sealGateOwn(), ours, message);
        }
    }

    @AfterAll
    static void printTable() {
        System.out.println("SealGate and EU DSS 6.4 on the same signatures:");
        TABLE.forEach(line -> System.out.println("  " + line));
    }

    // ---- validation by both sides --------------------------------------------------------------

    private static JsonPath sealGate(Sample sample) {
        var request = given().auth().oauth2(TestRealm.clientToken("partner-tax-bureau", "partner-tax-bureau-dev-secret"))
                .multiPart("signed", "signed.bin", sample.signed(), "application/octet-stream");
        if (sample.original() != null) {
            request.multiPart("original", "original.bin", sample.original(), "application/octet-stream");
        }
        return request.when().post("/api/v1/verifications").then().statusCode(200).extract().jsonPath();
    }

    private static Reports dss(Sample sample) throws Exception {
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(sample.signed(), "signed"));
        validator.setCertificateVerifier(verifier());
        if (sample.original() != null) {
            validator.setDetachedContents(List.<DSSDocument>of(new InMemoryDocument(sample.original(), "original")));
        }
        return validator.validateDocument();
    }

    /** The dev root as the only trust anchor; OCSP, CRL and CA certificates from the instance under test. */
    private static CommonCertificateVerifier verifier() {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(devRoot()));
        verifier.setTrustedCertSources(trusted);
        verifier.setOcspSource(new OnlineOCSPSource(new DssTestInstanceLoader(new OCSPDataLoader(), null)));
        verifier.setCrlSource(new OnlineCRLSource(new DssTestInstanceLoader(new CommonsDataLoader(), null)));
        verifier.setAIASource(new DefaultAIASource(new DssTestInstanceLoader(new CommonsDataLoader(), null)));
        return verifier;
    }

    private static String describe(SimpleReport simple) {
        StringBuilder out = new StringBuilder("DSS:");
        for (String id : simple.getSignatureIdList()) {
            out.append(' ').append(simple.getIndication(id)).append('/').append(simple.getSubIndication(id))
                    .append(", level ").append(simple.getSignatureFormat(id))
                    .append(", best signature time ").append(simple.getBestSignatureTime(id) == null ? null
                            : simple.getBestSignatureTime(id).toInstant());
            messages(out, "error", simple.getAdESValidationErrors(id));
            messages(out, "warning", simple.getAdESValidationWarnings(id));
            messages(out, "info", simple.getAdESValidationInfo(id));
            simple.getSignatureTimestamps(id).forEach(t -> out.append("\n    time-stamp: ").append(t.getIndication())
                    .append('/').append(t.getSubIndication()));
        }
        return out.toString();
    }

    private static void messages(StringBuilder out, String kind, List<Message> messages) {
        out.append(messages.stream().map(m -> "\n    " + kind + ": " + m.getValue()).collect(Collectors.joining()));
    }

    // ---- signatures made by SealGate -----------------------------------------------------------

    private static byte[] sign(String query, byte[] document) {
        return given().auth().oauth2(TestRealm.userToken("servant1")).contentType("text/plain").body(document)
                .post("/api/v1/signatures?format=" + query).then().statusCode(201).extract().asByteArray();
    }

    private static byte[] signPdf() {
        return signPdf("B-B");
    }

    private static byte[] signPdf(String level) {
        return given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/pdf")
                .body(Pdfs.letter("Permit 2026/88: street market on Sunday"))
                .post("/api/v1/signatures?format=pades&level=" + level).then().statusCode(201).extract().asByteArray();
    }

    /** A detached signature whose signer is revoked through the API, optionally time-stamped (B-T) before that. */
    private static Sample revoked(boolean timeStamped) throws Exception {
        byte[] signature = sign("cades&packaging=detached" + (timeStamped ? "&level=B-T" : ""), TEXT);
        String serial = signerInfo(signature).getSID().getSerialNumber().toString(16);
        // time-stamps and revocation times have one-second resolution: revoke in a later second
        Thread.sleep(1100);
        revoke(serial);
        return new Sample(signature, TEXT);
    }

    private static void revoke(String serial) {
        given().auth().oauth2(TestRealm.userToken("auditor1")).contentType("application/json")
                .body("{\"reason\":\"keyCompromise\"}").post("/api/v1/certificates/" + serial + "/revocation")
                .then().statusCode(200);
    }


    private static byte[] signJson(String packaging) {
        return given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json").body(JSON)
                .post("/api/v1/signatures?format=jades&packaging=" + packaging).then().statusCode(201).extract().asByteArray();
    }

    /** Flips the last bit of a compact JWS's signature value. */
    private static byte[] flipJwsSignature(byte[] jws) {
        String[] parts = new String(jws, StandardCharsets.US_ASCII).strip().split("\\.", -1);
        byte[] value = Base64.getUrlDecoder().decode(parts[2]);
        value[value.length - 1] ^= 0x01;
        parts[2] = Base64.getUrlEncoder().withoutPadding().encodeToString(value);
        return String.join(".", parts).getBytes(StandardCharsets.US_ASCII);
    }

    /** Replaces the payload of a compact JWS with another JSON document. */
    private static byte[] changePayload(byte[] jws) {
        String[] parts = new String(jws, StandardCharsets.US_ASCII).strip().split("\\.", -1);
        parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(CHANGED_JSON);
        return String.join(".", parts).getBytes(StandardCharsets.US_ASCII);
    }

    // ---- signers outside SealGate ---------------------------------------------------------------

    enum Signer {
        /** Certified by the dev issuing CA, valid now. */
        GOOD,
        /** Certified by the dev issuing CA, expired yesterday. */
        EXPIRED,
        /** Certified by the dev issuing CA, expiring a few seconds after it signs. */
        SHORT_LIVED,
        /** Certified by a root made for the test, which no validator trusts. */
        UNTRUSTED
    }

    private static final int SHORT_LIFE_SECONDS = 4;

    /** A signer certificate for {@code key}, and the CA certificates above it (anchor last). */
    private static List<X509Certificate> certify(Path dir, PublicKey key, Signer signer, String name) {
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(120, new java.security.SecureRandom()).add(BigInteger.ONE);
        String subject = "CN=" + name + " " + signer.name().toLowerCase() + ",O=SealGate Agreement Test,C=CN";
        if (signer == Signer.UNTRUSTED) {
            KeyStoreCustody own = KeyStoreCustody.pkcs12(dir.resolve("own-root.p12"), "x".toCharArray(), false);
            PublicKey rootKey = own.generate("root", KeyAlgorithm.EC_P256);
            X509Certificate root = CertificateBuilder.issue(new CertificateTemplate("CN=Self-made root,O=Nobody,C=CN",
                    BigInteger.ONE, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), CertificatePurpose.ROOT_CA,
                    null, null, null), rootKey, null, own, "root");
            own.installChain("root", List.of(root));
            X509Certificate cert = CertificateBuilder.issue(new CertificateTemplate(subject, serial, now.minusSeconds(600),
                    now.plus(Duration.ofDays(1)), CertificatePurpose.DOCUMENT_SIGNING, null, null, null), key, root, own, "root");
            return List.of(cert, root);
        }
        KeyStoreCustody pki = KeyStoreCustody.pkcs12(Path.of("certs-dev/dev-pki.p12"), "sealgate-dev".toCharArray(), true);
        List<X509Certificate> caChain = pki.chain("issuing-ca");
        Instant notBefore = signer == Signer.EXPIRED ? now.minus(Duration.ofDays(30)) : now.minusSeconds(600);
        Instant notAfter = signer == Signer.EXPIRED ? now.minus(Duration.ofDays(1))
                : signer == Signer.SHORT_LIVED ? now.plusSeconds(SHORT_LIFE_SECONDS) : now.plus(Duration.ofDays(1));
        String base = ConfigProvider.getConfig().getValue("sealgate.pki.public-url", String.class);
        X509Certificate cert = CertificateBuilder.issue(new CertificateTemplate(subject, serial, notBefore, notAfter,
                CertificatePurpose.DOCUMENT_SIGNING, base + "/pki/crl", base + "/pki/ocsp", base + "/pki/ca"),
                key, caChain.get(0), pki, "issuing-ca");
        register(cert);
        List<X509Certificate> chain = new ArrayList<>(List.of(cert));
        chain.addAll(caChain);
        return chain;
    }

    /**
     * Enters a certificate the test had the dev issuing CA sign into the CA's register, as the CA
     * does for what it issues itself: its OCSP responder and CRL then answer for it.
     */
    private static void register(X509Certificate cert) {
        QuarkusTransaction.requiringNew().run(() -> {
            IssuedCertificate issued = new IssuedCertificate();
            issued.serial = cert.getSerialNumber().toString(16);
            issued.subjectDn = cert.getSubjectX500Principal().getName();
            issued.kind = IssuedCertificate.Kind.PERSONAL;
            issued.keyAlias = "external-" + issued.serial;
            issued.notBefore = cert.getNotBefore().toInstant();
            issued.notAfter = cert.getNotAfter().toInstant();
            try {
                issued.der = Base64.getEncoder().encodeToString(cert.getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
            issued.persist();
        });
    }

    /** {@code openssl cms -sign -binary -outform DER}, detached or enveloping, with a key openssl generated. */
    private static Sample openssl(Path dir, Signer signer, boolean detached, byte[] original) throws Exception {
        Assumptions.assumeTrue(Tool.available("openssl"), "openssl not installed");
        Path key = dir.resolve("key.pem");
        run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        Path publicKey = dir.resolve("public.der");
        run("openssl", "pkey", "-in", key.toString(), "-pubout", "-outform", "DER", "-out", publicKey.toString());
        PublicKey pub = java.security.KeyFactory.getInstance("EC")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(Files.readAllBytes(publicKey)));
        List<X509Certificate> chain = certify(dir, pub, signer, "OpenSSL signer");
        Path cert = Files.writeString(dir.resolve("cert.pem"), Pem.encode(chain.subList(0, 1)));
        Path cas = Files.writeString(dir.resolve("cas.pem"), Pem.encode(chain.subList(1, chain.size())));
        Path document = Files.write(dir.resolve("document.txt"), TEXT);
        Path out = dir.resolve("signature.p7s");
        List<String> command = new ArrayList<>(List.of("openssl", "cms", "-sign", "-binary", "-in", document.toString(),
                "-signer", cert.toString(), "-inkey", key.toString(), "-certfile", cas.toString(), "-md", "sha256",
                "-outform", "DER", "-out", out.toString()));
        if (!detached) {
            command.add("-nodetach");
        }
        run(command.toArray(String[]::new));
        return new Sample(Files.readAllBytes(out), detached ? original : null);
    }

    private static void run(String... command) {
        Tool.Result result = Tool.run(command);
        assertEquals(0, result.exitCode(), String.join(" ", command) + ": " + result.output());
    }

    /** A CAdES B-B made by DSS's CAdESService, signed with a key kept in a PKCS#12 made for the test. */
    private static Sample dss(Path dir, Signer signer, boolean detached, byte[] original) {
        return dss(dir, signer, detached, original, SignatureLevel.CAdES_BASELINE_B);
    }

    private static Sample dss(Path dir, Signer signer, boolean detached, byte[] original, SignatureLevel level) {
        KeyStoreCustody store = KeyStoreCustody.pkcs12(dir.resolve("dss-signer.p12"), "test".toCharArray(), false);
        PublicKey key = store.generate("signer", KeyAlgorithm.EC_P256);
        List<X509Certificate> chain = certify(dir, key, signer, "DSS signer");
        store.installChain("signer", chain);

        CAdESSignatureParameters parameters = new CAdESSignatureParameters();
        parameters.setSignatureLevel(level);
        parameters.setSignaturePackaging(detached ? SignaturePackaging.DETACHED : SignaturePackaging.ENVELOPING);
        parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
        parameters.setSigningCertificate(new CertificateToken(chain.get(0)));
        parameters.setCertificateChain(chain.subList(1, chain.size()).stream().map(CertificateToken::new).toList());
        parameters.bLevel().setSigningDate(new Date());
        CAdESService service = new CAdESService(new CommonCertificateVerifier());
        service.setTspSource(tsa());
        DSSDocument document = new InMemoryDocument(TEXT, "document.txt");
        ToBeSigned toBeSigned = service.getDataToSign(document, parameters);
        byte[] value = store.sign("signer", SignatureScheme.ECDSA_SHA256, toBeSigned.getBytes());
        DSSDocument signed = service.signDocument(document, parameters, new SignatureValue(SignatureAlgorithm.ECDSA_SHA256, value));
        return new Sample(toBytes(signed), detached ? original : null);
    }

    /** SealGate's own TSA, as DSS reaches it. */
    private static OnlineTSPSource tsa() {
        return new OnlineTSPSource("http://localhost:" + io.restassured.RestAssured.port + "/tsa",
                new DssTestInstanceLoader(new TimestampDataLoader(), null));
    }

    private static byte[] toBytes(DSSDocument document) {
        try (var in = document.openStream()) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- tampering -----------------------------------------------------------------------------

    private static SignerInformation signerInfo(byte[] cms) throws Exception {
        return new CMSSignedData(cms).getSignerInfos().getSigners().iterator().next();
    }

    /** Flips the last bit of the signature value (a DER ECDSA value stays well-formed). */
    private static byte[] flipSignatureValue(byte[] cms) throws Exception {
        byte[] value = signerInfo(cms).getSignature();
        byte[] out = cms.clone();
        out[Bytes.position(out, value) + value.length - 1] ^= 0x01;
        return out;
    }

    /** Replaces text of the same length inside the encapsulated content. */
    private static byte[] replace(byte[] cms, String from, String to) {
        byte[] out = cms.clone();
        byte[] needle = from.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, out, Bytes.position(out, needle), needle.length);
        return out;
    }


    /** SealGate CAdES B-LT signatures that DSS extends with an archive-time-stamp-v3 from SealGate's TSA: B-LTA for both. */
    @org.junit.jupiter.api.Test
    void cadesExtendedWithAnArchiveTimeStampIsBLta() throws Exception {
        for (boolean detached : new boolean[] { true, false }) {
            byte[] signed = sign("cades&packaging=" + (detached ? "detached" : "enveloping") + "&level=B-LT", TEXT);
            CAdESService service = new CAdESService(verifier());
            service.setTspSource(tsa());
            CAdESSignatureParameters parameters = new CAdESSignatureParameters();
            parameters.setSignatureLevel(SignatureLevel.CAdES_BASELINE_LTA);
            if (detached) {
                parameters.setDetachedContents(List.<DSSDocument>of(new InMemoryDocument(TEXT, "document.txt")));
            }
            byte[] archived = toBytes(service.extendDocument(new InMemoryDocument(signed, "signed.p7s"), parameters));
            Sample sample = new Sample(archived, detached ? TEXT : null);

            Reports reports = dss(sample);
            String id = reports.getSimpleReport().getFirstSignatureId();
            assertEquals(SignatureLevel.CAdES_BASELINE_LTA, reports.getSimpleReport().getSignatureFormat(id),
                    describe(reports.getSimpleReport()));
            JsonPath ours = sealGate(sample);
            assertEquals(reports.getSimpleReport().getIndication(id).name(), ours.getString("signatures[0].indication"));
            assertEquals("B-LTA", ours.getString("signatures[0].level"), ours.prettify());
            assertEquals(List.of("TOTAL_PASSED"),
                    ours.getList("signatures[0].timestamps.findAll { it.type == 'ARCHIVE_TIMESTAMP' }.indication"));

            // the content the archive time-stamp covers changed: its imprint no longer matches
            if (detached) {
                JsonPath changed = sealGate(new Sample(archived, CHANGED));
                assertEquals(List.of("HASH_FAILURE"),
                        changed.getList("signatures[0].timestamps.findAll { it.type == 'ARCHIVE_TIMESTAMP' }.subIndication"));
                assertEquals("TOTAL_FAILED", changed.getString("signatures[0].indication"));
            }
        }
    }

    /** A SealGate JAdES B-T (JSON serialisation) that DSS extends to B-LTA (xVals, rVals, arcTst from SealGate's TSA). */
    @org.junit.jupiter.api.Test
    void jadesExtendedWithAnArchiveTimeStampIsBLta() throws Exception {
        byte[] signed = given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/json").body(JSON)
                .post("/api/v1/signatures?format=jades&level=B-T").then().statusCode(201).extract().asByteArray();
        eu.europa.esig.dss.jades.signature.JAdESService service = new eu.europa.esig.dss.jades.signature.JAdESService(verifier());
        service.setTspSource(tsa());
        eu.europa.esig.dss.jades.JAdESSignatureParameters parameters = new eu.europa.esig.dss.jades.JAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.JAdES_BASELINE_LTA);
        parameters.setJwsSerializationType(eu.europa.esig.dss.enumerations.JWSSerializationType.FLATTENED_JSON_SERIALIZATION);
        byte[] archived = toBytes(service.extendDocument(new InMemoryDocument(signed, "signed.json"), parameters));

        Reports reports = dss(new Sample(archived, null));
        String id = reports.getSimpleReport().getFirstSignatureId();
        assertEquals(SignatureLevel.JAdES_BASELINE_LTA, reports.getSimpleReport().getSignatureFormat(id), describe(reports.getSimpleReport()));
        JsonPath ours = sealGate(new Sample(archived, null));
        assertEquals(reports.getSimpleReport().getIndication(id).name(), ours.getString("signatures[0].indication"));
        assertEquals("B-LTA", ours.getString("signatures[0].level"), ours.prettify());
        assertEquals(List.of("TOTAL_PASSED"), ours.getList("signatures[0].timestamps.findAll { it.type == 'ARCHIVE_TIMESTAMP' }.indication"));
    }

    /** A SealGate PAdES B-LT that DSS extends with a document time-stamp from SealGate's TSA: B-LTA for both. */
    @org.junit.jupiter.api.Test
    void padesExtendedWithADocumentTimeStampIsBLta() throws Exception {
        byte[] signed = given().auth().oauth2(TestRealm.userToken("servant1")).contentType("application/pdf")
                .body(Pdfs.letter("Permit 2026/88: archived")).post("/api/v1/signatures?format=pades&level=B-LT")
                .then().statusCode(201).extract().asByteArray();
        PAdESService service = new PAdESService(verifier());
        service.setTspSource(tsa());
        PAdESSignatureParameters parameters = new PAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.PAdES_BASELINE_LTA);
        byte[] archived = toBytes(service.extendDocument(new InMemoryDocument(signed, "signed.pdf"), parameters));

        Reports reports = dss(new Sample(archived, null));
        String id = reports.getSimpleReport().getFirstSignatureId();
        assertEquals(SignatureLevel.PAdES_BASELINE_LTA, reports.getSimpleReport().getSignatureFormat(id), describe(reports.getSimpleReport()));
        JsonPath ours = sealGate(new Sample(archived, null));
        assertEquals(reports.getSimpleReport().getIndication(id).name(), ours.getString("signatures[0].indication"));
        assertEquals(1, ours.getList("signatures").size(), "the document time-stamp is not a signature");
        assertEquals("B-LTA", ours.getString("signatures[0].level"), ours.prettify());
        assertEquals(List.of("TOTAL_PASSED"), ours.getList("signatures[0].timestamps.findAll { it.type == 'ARCHIVE_TIMESTAMP' }.indication"));

        // the same document with the time-stamp token's signature damaged: the archive time-stamp fails, the level drops
        byte[] damaged = archived.clone();
        try (PDDocument document = Loader.loadPDF(archived)) {
            var timeStamp = document.getLastSignatureDictionary();
            byte[] value = signerInfo(timeStamp.getContents(archived)).getSignature();
            String hex = java.util.HexFormat.of().withUpperCase().formatHex(value);
            int at = Bytes.indexOf(damaged, hex.getBytes(StandardCharsets.US_ASCII));
            if (at < 0) {
                at = Bytes.position(damaged, hex.toLowerCase().getBytes(StandardCharsets.US_ASCII));
            }
            damaged[at + 10] = (byte) (damaged[at + 10] == '0' ? '1' : '0');
        }
        JsonPath broken = sealGate(new Sample(damaged, null));
        assertEquals("B-LT", broken.getString("signatures[0].level"));
        assertEquals(List.of("SIG_CRYPTO_FAILURE"),
                broken.getList("signatures[0].timestamps.findAll { it.type == 'ARCHIVE_TIMESTAMP' }.subIndication"));
        assertEquals(List.of("TIMESTAMP_NOT_VALID"), broken.getList("signatures[0].warnings.code"));
    }

    private static X509Certificate devRoot() {
        try {
            return Pem.certificates(Files.newBufferedReader(Path.of("certs-dev/root-ca.pem"))).get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
