package dev.sealgate.formats.jades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sealgate.crypto.SignatureFacts;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;

/**
 * {@code crit} as RFC 7515 4.1.11 says: a JWS that requires an extension SealGate does not process is not
 * valid, whatever its signature value; the same JWS with only the extensions SealGate processes is. Each
 * JWS is made here (a P-256 key and a self-signed certificate made now, the certificate trusted by EU DSS
 * for the comparison), signed correctly, and judged by SealGate's inspector and by DSS 6.4: SealGate never
 * passes one that DSS does not.
 */
class JadesCriticalHeaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static KeyPair key;
    private static X509Certificate certificate;

    @BeforeAll
    static void signer() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        key = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=crit test signer,O=SealGate tests,C=CN");
        certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(30, ChronoUnit.DAYS)), name, key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }

    /** A compact JWS over {@code payload} whose protected header is the base header plus {@code extra}. */
    private static String jws(String extra) throws Exception {
        ObjectNode header = JSON.createObjectNode();
        header.put("alg", "ES256");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        header.put("x5t#S256", URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded())));
        header.put("sigT", Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60).toString());
        if (extra != null) {
            JSON.readTree(extra).fields().forEachRemaining(field -> header.set(field.getKey(), field.getValue()));
        }
        String input = URL.encodeToString(JSON.writeValueAsBytes(header)) + "." + URL.encodeToString("{\"decision\":42}".getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
        signature.initSign(key.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + URL.encodeToString(signature.sign());
    }

    private static SignatureFacts sealgate(String jws) throws Exception {
        return JadesInspector.inspect(jws.getBytes(StandardCharsets.US_ASCII), null);
    }

    private static Indication dss(String jws) {
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(jws.getBytes(StandardCharsets.US_ASCII), "signed.json"));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(certificate));
        verifier.setTrustedCertSources(trusted);
        verifier.setOcspSource(null);
        verifier.setCrlSource(null);
        verifier.setAIASource(null);
        validator.setCertificateVerifier(verifier);
        Reports reports = validator.validateDocument();
        return reports.getSimpleReport().getIndication(reports.getSimpleReport().getFirstSignatureId());
    }

    private static boolean accepted(SignatureFacts facts) {
        return facts.parsed() && facts.signatureValid();
    }

    @Test
    void withoutCritAndWithTheExtensionsSealGateProcessesTheSignatureStands() throws Exception {
        // an empty list requires nothing (producers must not send it; DSS and SealGate judge it as absent)
        for (String extra : new String[] { null, "{\"crit\":[\"sigT\"]}", "{\"crit\":[]}" }) {
            SignatureFacts facts = sealgate(jws(extra));
            assertTrue(accepted(facts), extra + ": " + facts.formatProblem());
            assertNull(facts.formatProblem());
        }
    }

    @Test
    void anExtensionSealGateDoesNotProcessMakesTheJwsInvalid() throws Exception {
        String jws = jws("{\"crit\":[\"exp-unknown\"],\"exp-unknown\":true}");
        SignatureFacts facts = sealgate(jws);
        assertFalse(facts.parsed());
        assertTrue(facts.formatProblem().contains("'exp-unknown'"), facts.formatProblem());
        // EU DSS 6.4 passes it (TOTAL_PASSED: it does not enforce crit), a difference the README lists: SealGate is the
        // stricter here, as RFC 7515 requires; the signature value itself is sound, which DSS's verdict shows
        Indication oracle = dss(jws);
        assertTrue(oracle == Indication.TOTAL_PASSED || oracle == Indication.TOTAL_FAILED, "DSS judged it: " + oracle);
    }

    @Test
    void malformedCritListsAreRefused() throws Exception {
        List<String> cases = List.of(
                "{\"crit\":\"sigT\"}",                         // not a list
                "{\"crit\":[\"sigT\",\"sigT\"]}",              // duplicate
                "{\"crit\":[\"srCms\"]}",                      // names a parameter the header does not carry
                "{\"crit\":[\"alg\"]}",                        // a parameter RFC 7515 defines
                "{\"crit\":[\"sigPl\"],\"sigPl\":{\"addressCountry\":\"CN\"}}"); // a JAdES parameter SealGate reads but does not act on
        for (String extra : cases) {
            String jws = jws(extra);
            SignatureFacts facts = sealgate(jws);
            assertFalse(facts.parsed(), extra + " must not stand");
            Indication oracle = dss(jws);
            // never more lenient than DSS: where DSS refuses, so does SealGate (the reverse is a listed, stricter difference)
            assertFalse(oracle != Indication.TOTAL_PASSED && accepted(facts), extra);
        }
    }

    @Test
    void critInTheUnprotectedHeaderIsRefused() throws Exception {
        String[] compact = jws(null).split("\\.");
        ObjectNode flattened = JSON.createObjectNode();
        flattened.put("protected", compact[0]);
        flattened.put("payload", compact[1]);
        flattened.put("signature", compact[2]);
        flattened.putObject("header").putArray("crit").add("sigT");
        SignatureFacts facts = JadesInspector.inspect(JSON.writeValueAsBytes(flattened), null);
        assertFalse(facts.parsed());
        assertTrue(facts.formatProblem().contains("unprotected"), facts.formatProblem());
    }

    @Test
    void anOversizedProtectedHeaderIsNotRead() throws Exception {
        String padding = "x".repeat(JadesInspector.MAX_PROTECTED_HEADER);
        SignatureFacts facts = sealgate(jws("{\"pad\":\"" + padding + "\"}"));
        assertFalse(facts.parsed());
        assertEquals(false, facts.signatureValid());
    }
}
