package dev.sealgate.formats.jades;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampToken;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sealgate.crypto.CryptoException;
import dev.sealgate.crypto.CryptoProviders;
import dev.sealgate.crypto.KeyStoreCustody;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.crypto.TimeStampSource;
import dev.sealgate.crypto.TimeStamps;

/** JAdES B-B and B-T over JSON, checked independently with jose4j and BouncyCastle. */
class JadesSignerTest {

    private static final KeyStoreCustody STORE = KeyStoreCustody.pkcs12(Path.of("certs-dev/dev-pki.p12"),
            "sealgate-dev".toCharArray(), true);
    private static final TimeStampSource TSA = request -> TimeStamps.respond(request, STORE.chain("tsa"), STORE, "tsa",
            new ASN1ObjectIdentifier("2.25.1"));
    private static final Instant SIGNING_TIME = Instant.parse("2026-03-04T05:06:07.890Z");
    private static final byte[] DOCUMENT = """
            {"certificate":"residence","holder":{"name":"张伟","residentId":"110101199003077777"},"issued":"2026-03-04"}
            """.getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SignerKey seal(String alias) {
        List<X509Certificate> chain = STORE.chain(alias);
        return new SignerKey(STORE, alias, chain, SignatureScheme.forKey(chain.get(0).getPublicKey()));
    }

    // ---- B-B, compact ----------------------------------------------------------------------

    @Test
    void es256AttachedCompact() throws Exception {
        checkCompact(seal("seal-civil-affairs"), "ES256", false);
    }

    @Test
    void es256DetachedCompact() throws Exception {
        checkCompact(seal("seal-civil-affairs"), "ES256", true);
    }

    @Test
    void rs256AttachedCompact() throws Exception {
        checkCompact(seal("seal-tax"), "RS256", false);
    }

    @Test
    void rs256DetachedCompact() throws Exception {
        checkCompact(seal("seal-tax"), "RS256", true);
    }

    @Test
    void ps256WithTheRsaSealWhenAskedForPss() throws Exception {
        SignerKey tax = seal("seal-tax");
        checkCompact(new SignerKey(STORE, "seal-tax", tax.chain(), SignatureScheme.RSA_PSS_SHA256), "PS256", false);
    }

    private void checkCompact(SignerKey signer, String alg, boolean detached) throws Exception {
        String compact = new String(JadesSigner.sign(DOCUMENT, signer, SIGNING_TIME, detached, null),
                StandardCharsets.US_ASCII);
        String[] parts = compact.split("\\.", -1);
        assertEquals(3, parts.length);
        assertEquals(detached ? "" : b64url(DOCUMENT), parts[1]);

        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        checkHeader(header, signer, alg, "jose", detached);

        assertTrue(verify(compact, detached ? DOCUMENT : null, signer), "jose4j verifies the signature");
        if (alg.equals("ES256")) {
            assertEquals(64, Base64.getUrlDecoder().decode(parts[2]).length, "raw R||S");
        }

        byte[] changed = changedByte(DOCUMENT);
        String tampered = detached ? compact : parts[0] + "." + b64url(changed) + "." + parts[2];
        assertFalse(verify(tampered, detached ? changed : null, signer), "a changed payload byte breaks the signature");
    }

    // ---- B-T, flattened JSON ---------------------------------------------------------------

    @Test
    void es256AttachedFlattenedWithTimeStamp() throws Exception {
        checkFlattened(seal("seal-civil-affairs"), "ES256", false);
    }

    @Test
    void es256DetachedFlattenedWithTimeStamp() throws Exception {
        checkFlattened(seal("seal-civil-affairs"), "ES256", true);
    }

    @Test
    void rs256AttachedFlattenedWithTimeStamp() throws Exception {
        checkFlattened(seal("seal-tax"), "RS256", false);
    }

    @Test
    void rs256DetachedFlattenedWithTimeStamp() throws Exception {
        checkFlattened(seal("seal-tax"), "RS256", true);
    }

    private void checkFlattened(SignerKey signer, String alg, boolean detached) throws Exception {
        Instant before = Instant.now().minusSeconds(2);
        byte[] out = JadesSigner.sign(DOCUMENT, signer, SIGNING_TIME, detached, TSA);
        JsonNode jws = JSON.readTree(out);

        Set<String> members = new TreeSet<>();
        jws.fieldNames().forEachRemaining(members::add);
        assertEquals(detached ? Set.of("protected", "header", "signature") : Set.of("payload", "protected", "header", "signature"),
                members);
        if (!detached) {
            assertEquals(b64url(DOCUMENT), jws.get("payload").asText());
        }
        checkHeader(JSON.readTree(Base64.getUrlDecoder().decode(jws.get("protected").asText())), signer, alg,
                "jose+json", detached);

        String signature = jws.get("signature").asText();
        String compact = jws.get("protected").asText() + "." + (detached ? "" : jws.get("payload").asText()) + "."
                + signature;
        assertTrue(verify(compact, detached ? DOCUMENT : null, signer), "jose4j verifies the signature");
        String tampered = detached ? compact
                : jws.get("protected").asText() + "." + b64url(changedByte(DOCUMENT)) + "." + signature;
        assertFalse(verify(tampered, detached ? changedByte(DOCUMENT) : null, signer));

        // unprotected header: exactly etsiU with one base64url-encoded sigTst component
        JsonNode unprotected = jws.get("header");
        assertEquals(1, unprotected.size());
        JsonNode etsiU = unprotected.get("etsiU");
        assertTrue(etsiU.isArray());
        assertEquals(1, etsiU.size());
        JsonNode component = JSON.readTree(Base64.getUrlDecoder().decode(etsiU.get(0).asText()));
        assertEquals(1, component.size());
        JsonNode tstTokens = component.get("sigTst").get("tstTokens");
        assertEquals(1, tstTokens.size());
        byte[] tokenDer = Base64.getDecoder().decode(tstTokens.get(0).get("val").asText());

        TimeStampToken token = new TimeStampToken(new CMSSignedData(tokenDer));
        assertEquals(TSPAlgorithms.SHA256, token.getTimeStampInfo().getMessageImprintAlgOID());
        byte[] expectedImprint = MessageDigest.getInstance("SHA-256")
                .digest(signature.getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(expectedImprint, token.getTimeStampInfo().getMessageImprintDigest(),
                "imprint over the base64url signature value");
        X509Certificate tsa = STORE.chain("tsa").get(0);
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(CryptoProviders.bc()).build(tsa));
        assertTrue(token.getSID().match(new JcaX509CertificateHolder(tsa)), "signed by the dev TSA");
        assertTrue(token.getTimeStampInfo().getGenTime().toInstant().isAfter(before));
    }

    private static void checkHeader(JsonNode header, SignerKey signer, String alg, String typ, boolean detached)
            throws Exception {
        Set<String> names = new TreeSet<>();
        header.fieldNames().forEachRemaining(names::add);
        Set<String> expected = new TreeSet<>(Set.of("alg", "typ", "iat", "x5t#S256", "x5c"));
        if (!detached) {
            expected.add("cty");
        }
        assertEquals(expected, names, "no sigT (replaced by iat), no crit, no kid");

        assertEquals(alg, header.get("alg").asText());
        assertEquals(typ, header.get("typ").asText());
        if (!detached) {
            assertEquals("json", header.get("cty").asText());
        }
        assertTrue(header.get("iat").isIntegralNumber());
        assertEquals(SIGNING_TIME.getEpochSecond(), header.get("iat").asLong());
        assertEquals(b64url(MessageDigest.getInstance("SHA-256").digest(signer.certificate().getEncoded())),
                header.get("x5t#S256").asText());

        List<String> x5c = new ArrayList<>();
        header.get("x5c").forEach(node -> x5c.add(node.asText()));
        List<X509Certificate> chain = signer.chain();
        assertEquals(chain.size() - 1, x5c.size(), "chain without the root");
        for (int i = 0; i < x5c.size(); i++) {
            assertArrayEquals(chain.get(i).getEncoded(), Base64.getDecoder().decode(x5c.get(i)), "x5c[" + i + "]");
        }
        X509Certificate last = chain.get(chain.size() - 1);
        assertEquals(last.getSubjectX500Principal(), last.getIssuerX500Principal(), "dev chains end in the root");
    }

    /** Verifies with jose4j, taking the key from the leaf certificate in x5c. */
    private static boolean verify(String compact, byte[] detachedPayload, SignerKey signer) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(compact);
        if (detachedPayload != null) {
            jws.setEncodedPayload(b64url(detachedPayload));
        }
        X509Certificate leaf = jws.getLeafCertificateHeaderValue();
        assertNotNull(leaf);
        assertEquals(signer.certificate(), leaf);
        jws.setKey(leaf.getPublicKey());
        return jws.verifySignature();
    }

    // ---- refusals --------------------------------------------------------------------------

    @Test
    void sm2IsRefused() {
        CryptoException e = assertThrows(CryptoException.class,
                () -> JadesSigner.sign(DOCUMENT, seal("seal-health"), SIGNING_TIME, false, null));
        assertEquals("SM2 has no registered JOSE algorithm; use CAdES or PAdES", e.getMessage());
        assertThrows(CryptoException.class,
                () -> JadesSigner.sign(DOCUMENT, seal("seal-health"), SIGNING_TIME, true, TSA));
    }

    @Test
    void nonJsonIsRefused() {
        SignerKey signer = seal("seal-civil-affairs");
        List<byte[]> bad = List.of(
                "not json".getBytes(StandardCharsets.UTF_8),
                "{\"a\":1} trailing".getBytes(StandardCharsets.UTF_8),
                "{\"a\":1} {\"b\":2}".getBytes(StandardCharsets.UTF_8),
                "1 2".getBytes(StandardCharsets.UTF_8),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_16BE),
                "{\"a\":\"x\u0000y\"}".getBytes(StandardCharsets.UTF_8),
                new byte[] { '"', (byte) 0xC0, (byte) 0x80, '"' },
                new byte[] { '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"' },
                "{\"a\":{\"b\":1,\"b\":2}}".getBytes(StandardCharsets.UTF_8),
                "{\"a\":1,}".getBytes(StandardCharsets.UTF_8),
                "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8),
                "".getBytes(StandardCharsets.UTF_8),
                "   ".getBytes(StandardCharsets.UTF_8),
                new byte[] { '"', (byte) 0xC3, (byte) 0x28, '"' },
                "%PDF-1.7".getBytes(StandardCharsets.US_ASCII));
        for (byte[] document : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> JadesSigner.sign(document, signer, SIGNING_TIME, false, null),
                    new String(document, StandardCharsets.ISO_8859_1));
            assertTrue(e.getMessage().startsWith("The document is not JSON"), e.getMessage());
        }
    }

    @Test
    void anyJsonValueIsAccepted() throws Exception {
        SignerKey signer = seal("seal-civil-affairs");
        for (String document : List.of("[]", "[1,2,3]", "\"text\"", "42", "null", " {\n \"a\" : [true] }\n")) {
            byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
            String compact = new String(JadesSigner.sign(bytes, signer, SIGNING_TIME, false, null),
                    StandardCharsets.US_ASCII);
            assertTrue(verify(compact, null, signer), document);
            assertArrayEquals(bytes, Base64.getUrlDecoder().decode(compact.split("\\.")[1]), "signed unchanged");
        }
    }

    // ---- ECDSA value conversion ------------------------------------------------------------

    @Test
    void derEcdsaValueBecomesFixedLengthRs() throws Exception {
        BigInteger r = BigInteger.ONE.shiftLeft(255).add(BigInteger.valueOf(7)); // leading 0x00 in DER
        BigInteger s = BigInteger.valueOf(0x1234); // short: left-padded
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(r));
        v.add(new ASN1Integer(s));
        byte[] raw = JadesSigner.derToConcatenated(new DERSequence(v).getEncoded("DER"), 32);
        assertEquals(64, raw.length);
        assertEquals(r, new BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, 32)));
        assertEquals(s, new BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64)));

        ASN1EncodableVector big = new ASN1EncodableVector();
        big.add(new ASN1Integer(BigInteger.ONE.shiftLeft(256)));
        big.add(new ASN1Integer(s));
        assertThrows(CryptoException.class,
                () -> JadesSigner.derToConcatenated(new DERSequence(big).getEncoded("DER"), 32));
        assertThrows(CryptoException.class, () -> JadesSigner.derToConcatenated(new byte[] { 1, 2, 3 }, 32));
    }

    private static byte[] changedByte(byte[] document) {
        byte[] copy = document.clone();
        int at = new String(document, StandardCharsets.UTF_8).indexOf("residence");
        copy[at] = 'R';
        return copy;
    }

    private static String b64url(byte[] data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    }
}
