package dev.sealgate.formats.jades;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sealgate.crypto.CertificateUrls;
import dev.sealgate.crypto.CryptoProviders;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.crypto.ParsedCertificates;
import dev.sealgate.crypto.Pem;
import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.TimeStampTokens;

/** Reads a JAdES signature (compact or flattened JSON serialisation) and checks what cryptography can check. */
public final class JadesInspector {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder URL = Base64.getUrlDecoder();

    private JadesInspector() {
    }

    private static final int MAX_SIGNATURES = 64;

    /**
     * Every signature of a JWS: one for the compact and the flattened JSON serialisations, each entry
     * of {@code signatures} for the general JSON serialisation (RFC 7515 7.2.1), over the shared payload.
     */
    public static List<SignatureFacts> inspectAll(byte[] jws, byte[] detachedPayload) throws MalformedSignatureException {
        List<SignatureFacts> out = new ArrayList<>();
        for (byte[] signature : serialisations(jws)) {
            out.add(inspect(signature, detachedPayload));
        }
        return out;
    }

    /** Each signature of the JWS on its own: the JWS itself, or each entry of a general JSON serialisation flattened. */
    private static List<byte[]> serialisations(byte[] jws) throws MalformedSignatureException {
        int first = 0;
        while (first < jws.length && Character.isWhitespace(jws[first])) {
            first++;
        }
        // a compact JWS (the common case, possibly megabytes) goes straight on: only JSON is read here
        if (first < jws.length && jws[first] == '{') {
            JsonNode node;
            try {
                node = JSON.readTree(jws);
            } catch (java.io.IOException e) {
                throw new MalformedSignatureException("Not a JWS: the JSON or the protected header does not parse.");
            }
            if (node.path("signatures").isArray() && !node.has("signature")) {
                if (node.get("signatures").isEmpty()) {
                    throw new MalformedSignatureException("Not a JWS: the JSON serialisation has an empty 'signatures' array.");
                }
                List<byte[]> out = new ArrayList<>();
                for (JsonNode entry : node.get("signatures")) {
                    if (out.size() >= MAX_SIGNATURES) {
                        break;
                    }
                    com.fasterxml.jackson.databind.node.ObjectNode flattened = JSON.createObjectNode();
                    if (node.has("payload")) {
                        flattened.set("payload", node.get("payload"));
                    }
                    entry.fields().forEachRemaining(field -> flattened.set(field.getKey(), field.getValue()));
                    out.add(flattened.toString().getBytes(StandardCharsets.UTF_8));
                }
                return out;
            }
        }
        return List.of(jws);
    }

    /**
     * A signature of a JWS, and when it is a counter-signature ({@code cSig} in {@code etsiU}, ETSI TS 119 182-1
     * 5.3.2) the number (from 1, in report order) of the signature it counter-signs; 0 for a signature of the JWS itself.
     */
    public record Found(SignatureFacts facts, int counterSigns) {
    }

    /** How deep counter-signatures of counter-signatures are followed. */
    private static final int MAX_COUNTER_SIGNATURE_DEPTH = 4;

    /**
     * Every signature of the JWS, each followed by its counter-signatures (and theirs), as EU DSS reports them. A
     * counter-signature signs its master's JWS Signature Value: detached, that value is its payload; attached, its
     * payload must be that value (else it does not counter-sign this signature: the "moved counter-signature").
     */
    public static List<Found> inspectWithCounterSignatures(byte[] jws, byte[] detachedPayload) throws MalformedSignatureException {
        List<Found> out = new ArrayList<>();
        for (byte[] signature : serialisations(jws)) {
            out.add(new Found(inspect(signature, detachedPayload), 0));
            counterSignatures(signature, out.size(), out, 1);
        }
        return out;
    }

    private static void counterSignatures(byte[] jws, int master, List<Found> out, int depth) {
        if (depth > MAX_COUNTER_SIGNATURE_DEPTH) {
            return;
        }
        JsonNode node;
        byte[] masterValue;
        try {
            String text = new String(jws, StandardCharsets.UTF_8).strip();
            if (!text.startsWith("{")) {
                return;
            }
            node = JSON.readTree(text);
            masterValue = URL.decode(node.path("signature").asText(""));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return;
        }
        for (JsonNode item : node.path("header").path("etsiU")) {
            if (out.size() >= MAX_SIGNATURES) {
                return;
            }
            JsonNode property;
            try {
                property = item.isObject() ? item : JSON.readTree(URL.decode(item.asText()));
            } catch (java.io.IOException | IllegalArgumentException e) {
                continue;
            }
            JsonNode cSig = property.get("cSig");
            if (cSig == null) {
                continue;
            }
            byte[] counter = (cSig.isTextual() ? cSig.asText() : cSig.toString()).getBytes(StandardCharsets.UTF_8);
            SignatureFacts facts;
            try {
                facts = inspect(counter, masterValue);
                byte[] attached = attachedPayload(counter);
                if (attached != null && facts.parsed() && !Arrays.equals(attached, masterValue)) {
                    facts = facts.withDigestMatches(false);
                }
            } catch (MalformedSignatureException e) {
                facts = SignatureFacts.unparseable("the counter-signature is not a readable JWS");
            }
            out.add(new Found(withMastersValidationData(facts, out.get(master - 1).facts()), master));
            counterSignatures(counter, out.size(), out, depth + 1);
        }
    }

    /**
     * A counter-signature lives in its master's unsigned header: the certificates and revocation values the master carries
     * (x5c, xVals, rVals) are validation data for it too, as EU DSS uses them.
     */
    private static SignatureFacts withMastersValidationData(SignatureFacts counter, SignatureFacts master) {
        if (!counter.parsed() || !master.parsed()) {
            return counter;
        }
        List<X509Certificate> certificates = new ArrayList<>(counter.certificates());
        master.certificates().stream().filter(c -> !certificates.contains(c)).forEach(certificates::add);
        List<X509CRL> crls = new ArrayList<>(counter.crls());
        master.crls().stream().filter(c -> !crls.contains(c)).forEach(crls::add);
        List<byte[]> ocsp = new ArrayList<>(counter.ocspResponses());
        master.ocspResponses().stream().filter(o -> ocsp.stream().noneMatch(e -> Arrays.equals(e, o))).forEach(ocsp::add);
        return new SignatureFacts(counter.parsed(), counter.formatProblem(), counter.signer(), counter.signatureAlgorithm(),
                counter.digestAlgorithm(), counter.digestMatches(), counter.signatureValid(), counter.signingCertificateRef(),
                counter.claimedSigningTime(), counter.signatureTimeStamps(), counter.archiveTimeStamps(), certificates, crls, ocsp);
    }

    /** The decoded payload a JWS carries (compact or flattened JSON), or null when it is detached or unreadable. */
    private static byte[] attachedPayload(byte[] jws) {
        try {
            String text = new String(jws, StandardCharsets.UTF_8).strip();
            String payload = text.startsWith("{") ? JSON.readTree(text).path("payload").asText("") : text.split("\\.", -1)[1];
            return payload.isEmpty() ? null : URL.decode(payload);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** @param detachedPayload the original document when the JWS payload is detached, else null */
    public static SignatureFacts inspect(byte[] jws, byte[] detachedPayload) throws MalformedSignatureException {
        String protectedB64;
        String payloadB64;
        String signatureB64;
        List<SignatureFacts.TimeStampFacts> timestamps = new ArrayList<>();
        try {
            String text = new String(jws, StandardCharsets.UTF_8).strip();
            JsonNode unprotected = null;
            if (text.startsWith("{")) {
                JsonNode node = JSON.readTree(text);
                protectedB64 = node.path("protected").asText(null);
                payloadB64 = node.has("payload") ? node.get("payload").asText() : null;
                signatureB64 = node.path("signature").asText(null);
                unprotected = node.get("header");
            } else {
                String[] parts = text.split("\\.", -1);
                if (parts.length != 3) {
                    throw new MalformedSignatureException("Not a JWS: a compact serialisation has three dot-separated parts.");
                }
                protectedB64 = parts[0];
                payloadB64 = parts[1].isEmpty() ? null : parts[1];
                signatureB64 = parts[2];
            }
            if (protectedB64 == null || signatureB64 == null) {
                throw new MalformedSignatureException("Not a JWS: the JSON has no 'protected' header or no 'signature'.");
            }
            if (payloadB64 == null && detachedPayload != null) {
                payloadB64 = Base64.getUrlEncoder().withoutPadding().encodeToString(detachedPayload);
            }
            if (protectedB64.length() > MAX_PROTECTED_HEADER * 4 / 3 + 4) {
                return SignatureFacts.unparseable("the protected header is larger than " + MAX_PROTECTED_HEADER
                        + " bytes; no signer needs that much");
            }
            JsonNode header = JSON.readTree(URL.decode(protectedB64));
            String critical = criticalProblem(header, unprotected);
            List<X509Certificate> chain = new ArrayList<>();
            for (JsonNode cert : header.path("x5c")) {
                chain.add(ParsedCertificates.of(Base64.getDecoder().decode(cert.asText())));
            }
            X509Certificate signer = chain.isEmpty() ? null : chain.get(0);
            String alg = header.path("alg").asText("");
            if (alg.isEmpty() || alg.equalsIgnoreCase("none")) {
                throw new MalformedSignatureException("The JWS is unsecured (alg '" + (alg.isEmpty() ? "" : "none")
                        + "'): it carries no signature.");
            }
            Boolean certRef = null;
            if (header.has("x5t#S256") && signer != null) {
                certRef = Arrays.equals(URL.decode(header.get("x5t#S256").asText()),
                        MessageDigest.getInstance("SHA-256").digest(signer.getEncoded()));
            }
            Instant claimed = header.has("iat") ? Instant.ofEpochSecond(header.get("iat").asLong())
                    : header.has("sigT") ? Instant.parse(header.get("sigT").asText()) : null;
            List<SignatureFacts.TimeStampFacts> archives = new ArrayList<>();
            List<X509Certificate> values = new ArrayList<>();
            List<X509CRL> crls = new ArrayList<>();
            List<byte[]> ocsp = new ArrayList<>();
            if (unprotected != null) {
                // arcTst covers the payload, header and signature value and every etsiU item before it, as
                // written (base64url), TS 119 182-1 5.3.6.3
                StringBuilder archived = new StringBuilder(payloadB64 == null ? "" : payloadB64).append('.').append(protectedB64)
                        .append('.').append(signatureB64).append('.');
                for (JsonNode item : unprotected.path("etsiU")) {
                    // TS 119 182-1 5.3: an etsiU item is a base64url-encoded property or, incorporated in the clear, the JSON itself
                    JsonNode property = item.isObject() ? item : JSON.readTree(URL.decode(item.asText()));
                    for (JsonNode token : property.path("sigTst").path("tstTokens")) {
                        timestamps.add(TimeStampTokens.check(Base64.getDecoder().decode(token.path("val").asText()),
                                signatureB64.getBytes(StandardCharsets.US_ASCII)));
                    }
                    for (JsonNode token : property.path("arcTst").path("tstTokens")) {
                        archives.add(TimeStampTokens.check(Base64.getDecoder().decode(token.path("val").asText()),
                                archived.toString().getBytes(StandardCharsets.US_ASCII)));
                    }
                    for (JsonNode value : property.path("xVals")) {
                        values.add(Pem.fromDer(Base64.getDecoder().decode(value.path("x509Cert").path("val").asText())));
                    }
                    for (JsonNode value : property.path("rVals").path("crlVals")) {
                        crls.add(CertificateUrls.parseCrl(Base64.getDecoder().decode(value.path("val").asText())));
                    }
                    for (JsonNode value : property.path("rVals").path("ocspVals")) {
                        // TS 119 182-1 5.3.5.2 holds the whole OCSPResponse; a bare BasicOCSPResponse is not read (as EU DSS)
                        byte[] der = Base64.getDecoder().decode(value.path("val").asText());
                        if (isOcspResponse(der)) {
                            ocsp.add(der);
                        }
                    }
                    archived.append(item.asText());
                }
            }
            boolean valid = false;
            JsonNode sigD = header.get("sigD");
            if (sigD != null && OBJECT_ID_BY_URI_HASH.equals(sigD.path("mId").asText())) {
                // TS 119 182-1 5.2.8.3.3: the signed objects are bound by their digests in the protected header,
                // and the JWS payload in the signing input is empty
                valid = signer != null && verify(alg, signer, (protectedB64 + ".").getBytes(StandardCharsets.US_ASCII),
                        URL.decode(signatureB64));
                Boolean objectMatches = detachedPayload == null ? null : digestListed(sigD, header, detachedPayload);
                List<X509Certificate> certificates = new ArrayList<>(chain);
                values.stream().filter(c -> !certificates.contains(c)).forEach(certificates::add);
                return new SignatureFacts(critical == null, critical, signer, alg, hashName(sigD), objectMatches, valid,
                        certRef, claimed, timestamps, archives, certificates, crls, ocsp);
            }
            if (signer != null && payloadB64 != null) {
                valid = verify(alg, signer, (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII),
                        URL.decode(signatureB64));
            }
            // Without sigD the payload is covered by the signature value alone, with no digest of its own:
            // a signature that does not verify cannot be told apart from changed content. Like EU DSS (the
            // JWS signing input is its signed data object, "not intact"), report it as the content not
            // matching, as for a CAdES with a wrong original — also for an 'alg' that cannot be checked at
            // all, which DSS reports the same way.
            Boolean payloadMatches = payloadB64 == null ? null : valid;
            List<X509Certificate> certificates = new ArrayList<>(chain);
            values.stream().filter(c -> !certificates.contains(c)).forEach(certificates::add);
            return new SignatureFacts(critical == null, critical, signer, alg, "SHA-256", payloadMatches, valid,
                    certRef, claimed, timestamps, archives, certificates, crls, ocsp);
        } catch (MalformedSignatureException e) {
            throw e;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedSignatureException("Not a JWS: the JSON or the protected header does not parse.");
        } catch (Exception e) {
            return SignatureFacts.unparseable("not a readable JWS");
        }
    }

    /** Whether {@code der} is an OCSPResponse (a SEQUENCE opening with its responseStatus ENUMERATED). */
    private static boolean isOcspResponse(byte[] der) {
        try {
            org.bouncycastle.asn1.ASN1Sequence sequence = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
            return sequence.size() > 0 && sequence.getObjectAt(0) instanceof org.bouncycastle.asn1.ASN1Enumerated;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static final String OBJECT_ID_BY_URI_HASH = "http://uri.etsi.org/19182/ObjectIdByURIHash";

    /** A protected header larger than this is not read (a chain in x5c is a few kilobytes; 1 MB holds hundreds). */
    static final int MAX_PROTECTED_HEADER = 1024 * 1024;

    /** Header parameters RFC 7515 and RFC 7518 define for JWS: never extensions, so never in {@code crit}. */
    private static final java.util.Set<String> JWS_DEFINED = java.util.Set.of("alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t",
            "x5t#S256", "typ", "cty", "crit");

    /**
     * Why {@code crit} makes the JWS invalid, or null (RFC 7515 4.1.11). It must be protected, a list of
     * distinct names each present in the protected header, none defined by RFC 7515/7518 (a recipient may treat
     * those as invalid; SealGate does), and each an extension SealGate understands and processes: {@code sigT} and
     * {@code iat} (the claimed signing time), {@code sigD} with {@code mId} ObjectIdByURIHash (the detached objects'
     * digests, TS 119 182-1 5.2.8), and {@code b64} together with such a {@code sigD} (RFC 7797, applied to the
     * digests). Any other name — other JAdES parameters included, which SealGate reads but does not act on — is not
     * understood, so the signature is not valid: stricter than a validator that understands more of them.
     */
    static String criticalProblem(JsonNode header, JsonNode unprotected) {
        if (unprotected != null && unprotected.has("crit")) {
            return "'crit' is in the unprotected header; RFC 7515 4.1.11 requires it to be integrity protected";
        }
        JsonNode crit = header.get("crit");
        if (crit == null) {
            return null;
        }
        if (!crit.isArray()) {
            return "'crit' is not a list of header parameter names (RFC 7515 4.1.11)";
        }
        // an empty list breaks a producer's rule ("MUST NOT use the empty list") but requires nothing of a recipient:
        // judged as if absent, as EU DSS does (dss/jades/jades-with-empty-crit.json in the shared samples)
        boolean sigDUnderstood = header.has("sigD") && OBJECT_ID_BY_URI_HASH.equals(header.get("sigD").path("mId").asText());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode item : crit) {
            if (!item.isTextual() || !seen.add(item.asText())) {
                return "'crit' lists a name twice or a value that is not a name (RFC 7515 4.1.11)";
            }
            String name = item.asText();
            if (!header.has(name)) {
                return "'crit' lists '" + printable(name) + "', which is not in the protected header (RFC 7515 4.1.11)";
            }
            if (JWS_DEFINED.contains(name)) {
                return "'crit' lists '" + name + "', a parameter RFC 7515 defines, which is not an extension (RFC 7515 4.1.11)";
            }
            boolean understood = switch (name) {
                case "sigT", "iat" -> true;
                case "sigD" -> sigDUnderstood;
                case "b64" -> sigDUnderstood;
                default -> false;
            };
            if (!understood) {
                return "'crit' requires the extension '" + printable(name) + "' to be understood and processed, and SealGate does not "
                        + "process it; the signature cannot be accepted (RFC 7515 4.1.11)";
            }
        }
        return null;
    }

    /** A name from the input, shortened and without control characters, for a message. */
    private static String printable(String name) {
        String clean = name.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }

    /**
     * Whether the digest of {@code object} is among sigD's hashV: computed with hashM over the object's
     * base64url form, or over its bytes when the header says {@code b64: false} (TS 119 182-1 5.2.8.3.3).
     */
    private static boolean digestListed(JsonNode sigD, JsonNode header, byte[] object) throws java.security.NoSuchAlgorithmException {
        boolean b64 = !header.has("b64") || header.get("b64").asBoolean(true);
        byte[] data = b64 ? Base64.getUrlEncoder().withoutPadding().encodeToString(object).getBytes(StandardCharsets.US_ASCII) : object;
        String digest = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance(hashName(sigD)).digest(data));
        for (JsonNode value : sigD.path("hashV")) {
            if (digest.equals(value.asText().replace("=", ""))) {
                return true;
            }
        }
        return false;
    }

    /** The JCA name of sigD's hashM (S256, S384, S512). */
    private static String hashName(JsonNode sigD) {
        return switch (sigD.path("hashM").asText("S256")) {
            case "S384" -> "SHA-384";
            case "S512" -> "SHA-512";
            default -> "SHA-256";
        };
    }

    private static boolean verify(String alg, X509Certificate signer, byte[] input, byte[] signature) {
        String jca = SignatureScheme.forJose(alg).map(SignatureScheme::joseJcaName).orElse(null);
        if (jca == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(jca, CryptoProviders.bc());
            verifier.initVerify(signer.getPublicKey());
            verifier.update(input);
            return verifier.verify(signature);
        } catch (Exception e) {
            return false;
        }
    }
}
