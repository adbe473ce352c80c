package dev.sealgate.formats.jades;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.BigIntegers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sealgate.crypto.CryptoException;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.KeyCustody;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.crypto.RevocationEvidence;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.crypto.TimeStampSource;
import dev.sealgate.crypto.TimeStampTokens;

/**
 * JAdES baseline signatures (ETSI TS 119 182-1) over a JSON document, assembled by hand: the JWS
 * protected header is built here, the signing input {@code BASE64URL(header) "." BASE64URL(payload)}
 * is signed by the key custody, and the result is serialised.
 *
 * <h2>Serialisation</h2>
 * <ul>
 * <li><b>B-B</b>: JWS compact serialisation {@code header.payload.signature}.</li>
 * <li><b>B-T</b>: the signature time-stamp is an unsigned property ({@code etsiU} in the unprotected
 * header), and the compact serialisation has no unprotected header. B-T is therefore produced in
 * the <em>flattened JWS JSON serialisation</em> (RFC 7515 section 7.2.2):
 * {@code {"payload":..,"protected":..,"header":{"etsiU":[..]},"signature":..}}.</li>
 * </ul>
 *
 * <h2>Attached and detached</h2>
 * Attached: the JWS payload is the JSON document, base64url-encoded, unchanged byte for byte.
 * Detached: RFC 7515 appendix F, the signing input is the same but the payload is left out of the
 * serialisation (empty second part in compact form, no {@code payload} member in JSON form); the
 * verifier supplies the document. No {@code sigD} header is used: the {@code sigD} mechanisms
 * (ObjectIdByURI, ObjectIdByURIHash, HttpHeaders) name the detached objects by URI, and a single
 * JSON body has no URI of its own. EU DSS accepts this form as its {@code NO_SIG_D} detached
 * mechanism when the document is given to the validator as detached content.
 *
 * <h2>Protected header</h2>
 * <ul>
 * <li>{@code alg}: ES256 (ECDSA P-256, signature value converted from DER to the raw 64-byte
 * R||S form JWS requires), RS256, PS256 or EdDSA. SM2 has no registered JOSE algorithm and is
 * refused.</li>
 * <li>{@code typ}: {@code jose} for the compact serialisation, {@code jose+json} for the JSON
 * serialisation (RFC 7515 section 4.1.9).</li>
 * <li>{@code cty}: {@code json}, attached signatures only (TS 119 182-1 clause 5.1.3: not for
 * detached signatures).</li>
 * <li>{@code iat}: the claimed signing time, NumericDate seconds (RFC 7519). TS 119 182-1 V1.2.1
 * replaced {@code sigT} by {@code iat}: signatures made from 2025-05-15 on shall carry {@code iat}
 * and not {@code sigT}; DSS reports a recent signature with {@code sigT} (alone or together with
 * {@code iat}) as not B-B.</li>
 * <li>{@code x5t#S256}: SHA-256 of the signing certificate DER, base64url. B-B requires exactly one
 * of {@code x5t#S256}, {@code x5t#o}, {@code sigX5ts}.</li>
 * <li>{@code x5c}: the signer's chain without the self-signed root, standard base64 DER, so a
 * validator can build the path.</li>
 * </ul>
 * Not emitted: {@code kid} (optional in JAdES); {@code crit}, which TS 119 182-1 requires only with
 * {@code sigD} (and RFC 7797 with {@code b64}); none of the parameters above may or need be listed
 * in it, and RFC 7515 forbids an empty one.
 *
 * <h2>Signature time-stamp (B-T)</h2>
 * {@code etsiU} holds one base64url-encoded component
 * {@code {"sigTst":{"tstTokens":[{"val":"<base64 DER TimeStampToken>"}]}}}. The message imprint is
 * SHA-256 over the base64url-encoded JWS signature value (its ASCII bytes), TS 119 182-1 clause
 * 5.3.4.
 */
public final class JadesSigner {

    /** Header and etsiU member names. */
    static final String ALG = "alg";
    static final String TYP = "typ";
    static final String CTY = "cty";
    static final String IAT = "iat";
    static final String X5T_S256 = "x5t#S256";
    static final String X5C = "x5c";
    static final String ETSI_U = "etsiU";
    static final String SIG_TST = "sigTst";
    static final String TST_TOKENS = "tstTokens";
    static final String VAL = "val";
    static final String X_VALS = "xVals";
    static final String R_VALS = "rVals";
    static final String ARC_TST = "arcTst";

    private static final int P256_FIELD_BYTES = 32;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private JadesSigner() {
    }

    /**
     * Signs a JSON document.
     *
     * @param json        the document: UTF-8 JSON text (a single JSON value, member names unique)
     * @param signer      the key in custody with its chain and scheme
     * @param signingTime the claimed signing time ({@code iat}, whole seconds)
     * @param detached    leave the document out of the serialised signature
     * @param tsaOrNull   a time-stamping service for B-T, or {@code null} for B-B
     * @return B-B: the JWS compact serialisation (ASCII); B-T: the flattened JWS JSON serialisation (UTF-8)
     * @throws IllegalArgumentException when {@code json} is not JSON
     * @throws CryptoException          when the key's scheme has no JOSE algorithm, or signing or
     *                                  time-stamping fails
     */
    public static byte[] sign(byte[] json, SignerKey signer, Instant signingTime, boolean detached,
            TimeStampSource tsaOrNull) {
        return sign(json, signer, signingTime, detached, tsaOrNull, null);
    }

    /**
     * Validation data for JAdES B-LT ({@code xVals} and {@code rVals} in {@code etsiU}, TS 119 182-1
     * 5.3.5) and, with {@code archive}, an archive time-stamp ({@code arcTst}, 5.3.6) over everything.
     */
    public record LongTerm(List<X509Certificate> certificates, List<java.security.cert.X509CRL> crls, List<byte[]> ocspResponses,
            boolean archive) {
    }

    /** The same at B-LT or B-LTA ({@code longTermOrNull}), which needs a time-stamping service. */
    public static byte[] sign(byte[] json, SignerKey signer, Instant signingTime, boolean detached,
            TimeStampSource tsaOrNull, LongTerm longTermOrNull) {
        if (longTermOrNull != null) {
            Objects.requireNonNull(tsaOrNull, "a long-term signature is time-stamped");
        }
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(signingTime, "signingTime");
        requireJson(json);
        String alg = joseAlgorithm(signer);
        boolean jsonSerialisation = tsaOrNull != null;

        ObjectNode header = JsonNodeFactory.instance.objectNode();
        header.put(ALG, alg);
        header.put(TYP, jsonSerialisation ? "jose+json" : "jose");
        if (!detached) {
            header.put(CTY, "json");
        }
        header.put(IAT, signingTime.getEpochSecond());
        header.put(X5T_S256, base64url(sha256(der(signer.certificate()))));
        ArrayNode x5c = header.putArray(X5C);
        for (X509Certificate certificate : chainWithoutRoot(signer.chain())) {
            x5c.add(BASE64.encodeToString(der(certificate)));
        }

        // ASCII byte arrays throughout: a megabyte of payload is encoded once and copied once into the output
        byte[] encodedHeader = BASE64URL.encode(write(header));
        byte[] encodedPayload = BASE64URL.encode(json);
        byte[] signingInput = join(encodedHeader, encodedPayload);
        // the signing input holds the whole document: hash it with the JDK's SHA-256 where the scheme allows
        byte[] signature = KeyCustody.signsDigests(signer.scheme())
                ? signer.custody().signDigest(signer.alias(), signer.scheme(), sha256(signingInput))
                : signer.custody().sign(signer.alias(), signer.scheme(), signingInput);
        if (signer.scheme() == SignatureScheme.ECDSA_SHA256) {
            signature = derToConcatenated(signature, P256_FIELD_BYTES);
        }
        byte[] encodedSignature = BASE64URL.encode(signature);

        if (!jsonSerialisation) {
            return detached ? join(encodedHeader, new byte[0], encodedSignature)
                    : join(signingInput, encodedSignature);
        }

        ObjectNode flattened = JsonNodeFactory.instance.objectNode();
        if (!detached) {
            flattened.put("payload", new String(encodedPayload, StandardCharsets.US_ASCII));
        }
        flattened.put("protected", new String(encodedHeader, StandardCharsets.US_ASCII));
        flattened.putObject("header").putArray(ETSI_U);
        flattened.put("signature", new String(encodedSignature, StandardCharsets.US_ASCII));
        addSignatureTimeStamp(flattened, tsaOrNull);
        if (longTermOrNull != null) {
            addValidationData(flattened, longTermOrNull);
            if (longTermOrNull.archive()) {
                addArchiveTimeStamp(flattened, encodedPayload, tsaOrNull);
            }
        }
        return write(flattened);
    }

    /** Adds {@code sigTst} over the signature value to a flattened JWS (B-T). */
    static void addSignatureTimeStamp(ObjectNode flattened, TimeStampSource tsa) {
        TimeStampToken token = TimeStampTokens.request(flattened.get("signature").asText().getBytes(StandardCharsets.US_ASCII), tsa);
        ObjectNode sigTst = JsonNodeFactory.instance.objectNode();
        sigTst.putObject(SIG_TST).putArray(TST_TOKENS).addObject().put(VAL, BASE64.encodeToString(encoded(token)));
        etsiU(flattened).add(base64url(write(sigTst)));
    }

    /** Adds {@code xVals} and {@code rVals} (B-LT). */
    static void addValidationData(ObjectNode flattened, LongTerm data) {
        ObjectNode xVals = JsonNodeFactory.instance.objectNode();
        ArrayNode certificates = xVals.putArray(X_VALS);
        for (X509Certificate certificate : data.certificates()) {
            certificates.addObject().putObject("x509Cert").put(VAL, BASE64.encodeToString(der(certificate)));
        }
        ObjectNode rVals = JsonNodeFactory.instance.objectNode();
        ObjectNode values = rVals.putObject(R_VALS);
        if (!data.crls().isEmpty()) {
            ArrayNode crls = values.putArray("crlVals");
            for (java.security.cert.X509CRL crl : data.crls()) {
                try {
                    crls.addObject().put(VAL, BASE64.encodeToString(crl.getEncoded()));
                } catch (java.security.cert.CRLException e) {
                    throw new CryptoException("Unreadable CRL", e);
                }
            }
        }
        if (!data.ocspResponses().isEmpty()) {
            ArrayNode ocsp = values.putArray("ocspVals");
            // TS 119 182-1 5.3.5.2: the whole OCSPResponse (a BasicOCSPResponse found elsewhere, as CAdES keeps it, is wrapped)
            for (byte[] response : data.ocspResponses()) {
                try {
                    ocsp.addObject().put(VAL, BASE64.encodeToString(RevocationEvidence.asOcspResponse(response)
                            .getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER)));
                } catch (java.io.IOException | IllegalArgumentException e) {
                    throw new IllegalStateException("an OCSP response that is neither an OCSPResponse nor a BasicOCSPResponse", e);
                }
            }
        }
        etsiU(flattened).add(base64url(write(xVals)));
        etsiU(flattened).add(base64url(write(rVals)));
    }

    /**
     * Adds {@code arcTst} (B-LTA): a time-stamp over the payload, the protected header, the signature
     * value and every {@code etsiU} item so far, each as written (base64url), TS 119 182-1 5.3.6.3.
     *
     * @param encodedPayload the base64url payload (empty for a detached signature)
     */
    static void addArchiveTimeStamp(ObjectNode flattened, byte[] encodedPayload, TimeStampSource tsa) {
        StringBuilder archived = new StringBuilder(new String(encodedPayload, StandardCharsets.US_ASCII)).append('.')
                .append(flattened.get("protected").asText()).append('.').append(flattened.get("signature").asText()).append('.');
        for (JsonNode item : etsiU(flattened)) {
            archived.append(item.asText());
        }
        TimeStampToken token = TimeStampTokens.request(archived.toString().getBytes(StandardCharsets.US_ASCII), tsa);
        ObjectNode arcTst = JsonNodeFactory.instance.objectNode();
        arcTst.putObject(ARC_TST).putArray(TST_TOKENS).addObject().put(VAL, BASE64.encodeToString(encoded(token)));
        etsiU(flattened).add(base64url(write(arcTst)));
    }

    private static ArrayNode etsiU(ObjectNode flattened) {
        return (ArrayNode) flattened.with("header").withArray(ETSI_U);
    }

    /**
     * Extends a JAdES signature made by anyone: a compact JWS becomes the flattened JSON serialisation
     * (the signed bytes are unchanged), then gains what {@code target} lacks. Only the compact and
     * flattened serialisations with one signature; {@code etsiU} items must be base64url-encoded.
     *
     * @param hasSignatureTimeStamp whether the signature already has a {@code sigTst}
     * @param longTermOrNull        validation data to add (B-LT, B-LTA; none when both lists are empty), or null for B-T
     */
    public static byte[] extend(byte[] jws, boolean hasSignatureTimeStamp, LongTerm longTermOrNull, TimeStampSource tsa)
            throws MalformedSignatureException {
        ObjectNode flattened = flattened(jws);
        if (!hasSignatureTimeStamp) {
            addSignatureTimeStamp(flattened, tsa);
        }
        if (longTermOrNull != null) {
            if (!longTermOrNull.certificates().isEmpty() || !longTermOrNull.crls().isEmpty() || !longTermOrNull.ocspResponses().isEmpty()) {
                addValidationData(flattened, longTermOrNull);
            }
            if (longTermOrNull.archive()) {
                byte[] payload = flattened.has("payload") ? flattened.get("payload").asText().getBytes(StandardCharsets.US_ASCII)
                        : new byte[0];
                addArchiveTimeStamp(flattened, payload, tsa);
            }
        }
        return write(flattened);
    }

    /** The JWS as a flattened JSON serialisation (a compact one converted; a general one with several signatures refused). */
    static ObjectNode flattened(byte[] jws) throws MalformedSignatureException {
        String text = new String(jws, StandardCharsets.US_ASCII).strip();
        if (!text.startsWith("{")) {
            String[] parts = text.split("\\.", -1);
            if (parts.length != 3) {
                throw new MalformedSignatureException("Not a JWS: a compact serialisation has three dot-separated parts.");
            }
            ObjectNode flattened = JsonNodeFactory.instance.objectNode();
            if (!parts[1].isEmpty()) {
                flattened.put("payload", parts[1]);
            }
            flattened.put("protected", parts[0]);
            flattened.putObject("header").putArray(ETSI_U);
            flattened.put("signature", parts[2]);
            return flattened;
        }
        try {
            JsonNode node = JSON.readTree(jws);
            if (!(node instanceof ObjectNode object) || !object.has("signature") || !object.has("protected")) {
                throw new MalformedSignatureException("Only a compact or flattened JWS with one signature can be extended.");
            }
            JsonNode items = object.path("header").path(ETSI_U);
            for (JsonNode item : items) {
                if (!item.isTextual()) {
                    throw new MalformedSignatureException("etsiU items in the clear are not extended; only base64url-encoded ones.");
                }
            }
            return object;
        } catch (IOException e) {
            throw new MalformedSignatureException("Not a JWS: " + e.getMessage());
        }
    }

    /**
     * Checks that {@code json} is one JSON value in UTF-8 with unique member names (I-JSON,
     * RFC 7493), so the signed bytes mean the same thing to every reader.
     *
     * @throws IllegalArgumentException with a message fit for a 400 response
     */
    public static void requireJson(byte[] json) {
        requireUtf8(json);
        // a NUL among the first bytes would make Jackson read the bytes as UTF-16 or UTF-32; in UTF-8 JSON it is never valid
        for (int i = 0; i < Math.min(4, json.length); i++) {
            if (json[i] == 0) {
                throw new IllegalArgumentException("The document is not JSON: it is not UTF-8 text");
            }
        }
        // a streaming pass: every token read (duplicate names detected), no tree built
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new IllegalArgumentException("The document is not JSON: it is empty");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("The document is not JSON at line " + parser.currentLocation().getLineNr()
                        + ", column " + parser.currentLocation().getColumnNr() + ": more than one JSON value");
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new IllegalArgumentException("The document is not JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("The document is not JSON: " + e.getMessage());
        }
    }

    /** Strict UTF-8 (no malformed or overlong sequences, no surrogates), decoded through a small buffer: nothing kept. */
    private static void requireUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        CoderResult result;
        do {
            out.clear();
            result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw new IllegalArgumentException("The document is not JSON: it is not valid UTF-8 (at byte " + in.position() + ")");
            }
        } while (result.isOverflow());
        out.clear();
        if (decoder.flush(out).isError()) {
            throw new IllegalArgumentException("The document is not JSON: it is not valid UTF-8");
        }
    }

    /** {@code first "." second "." ...}: the parts of a JWS, ASCII. */
    private static byte[] join(byte[]... parts) {
        int length = parts.length - 1;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                joined[at++] = '.';
            }
            System.arraycopy(parts[i], 0, joined, at, parts[i].length);
            at += parts[i].length;
        }
        return joined;
    }

    /** The JWS {@code alg} for the signer's scheme and key. */
    static String joseAlgorithm(SignerKey signer) {
        SignatureScheme scheme = signer.scheme();
        if (!scheme.hasJose()) {
            throw new CryptoException(SignatureScheme.NO_JOSE_ALGORITHM + "; use CAdES or PAdES");
        }
        if (scheme == SignatureScheme.ECDSA_SHA256 && !X9ObjectIdentifiers.prime256v1.equals(namedCurve(signer.certificate()))) {
            throw new CryptoException("ES256 needs a P-256 key; the key under " + signer.alias() + " is on another curve");
        }
        return scheme.joseName();
    }

    /**
     * Converts a DER ECDSA-Sig-Value {@code SEQUENCE { r INTEGER, s INTEGER }} into the fixed-length
     * big-endian concatenation R||S that JWS uses (RFC 7518 section 3.4).
     */
    static byte[] derToConcatenated(byte[] der, int fieldBytes) {
        try {
            ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            if (sequence.size() != 2) {
                throw new CryptoException("ECDSA signature value is not a pair of integers");
            }
            BigInteger r = ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue();
            BigInteger s = ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue();
            if (r.signum() <= 0 || s.signum() <= 0 || r.bitLength() > fieldBytes * 8 || s.bitLength() > fieldBytes * 8) {
                throw new CryptoException("ECDSA signature value out of range");
            }
            byte[] out = new byte[2 * fieldBytes];
            BigIntegers.asUnsignedByteArray(r, out, 0, fieldBytes);
            BigIntegers.asUnsignedByteArray(s, out, fieldBytes, fieldBytes);
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw new CryptoException("ECDSA signature value is not DER: " + e.getMessage(), e);
        }
    }

    private static ASN1ObjectIdentifier namedCurve(X509Certificate certificate) {
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
            return ASN1ObjectIdentifier.getInstance(info.getAlgorithm().getParameters());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<X509Certificate> chainWithoutRoot(List<X509Certificate> chain) {
        X509Certificate last = chain.get(chain.size() - 1);
        boolean selfSigned = last.getSubjectX500Principal().equals(last.getIssuerX500Principal());
        return chain.size() > 1 && selfSigned ? chain.subList(0, chain.size() - 1) : chain;
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new CryptoException("Bad certificate", e);
        }
    }

    private static byte[] encoded(TimeStampToken token) {
        try {
            return token.getEncoded();
        } catch (IOException e) {
            throw new CryptoException("Bad time-stamp token", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        return DocumentDigest.digest(NISTObjectIdentifiers.id_sha256).digest(data);
    }

    private static String base64url(byte[] data) {
        return BASE64URL.encodeToString(data);
    }

    private static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise JSON", e);
        }
    }
}
