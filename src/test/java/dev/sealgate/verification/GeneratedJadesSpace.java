package dev.sealgate.verification;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sealgate.verification.GeneratedSpace.Crypto;
import dev.sealgate.verification.GeneratedSpace.Made;
import dev.sealgate.verification.GeneratedSpace.Material;
import dev.sealgate.verification.GeneratedSpace.Scenario;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.JWSSerializationType;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.jades.JAdESSignatureParameters;
import eu.europa.esig.dss.jades.signature.JAdESCounterSignatureParameters;
import eu.europa.esig.dss.jades.signature.JAdESService;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.validation.SignedDocumentValidator;

/**
 * JAdES signatures (flattened JSON serialisation) over the PKI axes of {@link GeneratedSpace}, made by EU
 * DSS's JAdESService with the scenario's keys, the revocation data added as {@code rVals} in
 * {@code etsiU}, and counter-signatures ({@code cSig}, ETSI TS 119 182-1 5.3.2): none, intact, with a
 * broken value, or moved from another signature (the counter-signature of a different master grafted in).
 */
final class GeneratedJadesSpace {

    enum Counter { NONE, INTACT, BROKEN, MOVED }

    record JadesScenario(Scenario pki, Counter counter) {
        static JadesScenario random(Random random) {
            Scenario p = Scenario.random(random);
            // JOSE has no SHA-1 algorithm; no signature time-stamp (the PKI of time-stamps is CAdES's axis)
            Crypto crypto = p.crypto() == Crypto.RSA2048_SHA1 ? Crypto.RSA2048_SHA256 : p.crypto();
            p = new Scenario(p.anchor(), p.signer(), p.issuer(), p.revocation(), p.revocationTime(), p.status(), p.caRevocation(),
                    GeneratedSpace.TimeStamp.NONE, crypto, GeneratedSpace.Reference.V2, GeneratedSpace.Tamper.NONE).normalised();
            Counter[] counters = Counter.values();
            return new JadesScenario(p, random.nextBoolean() ? Counter.NONE : counters[random.nextInt(counters.length)]);
        }

        @Override
        public String toString() {
            return "JAdES counter=" + counter + " " + pki;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final byte[] PAYLOAD = "{\"licence\":\"2026-0042\",\"granted\":\"Sunday\"}".getBytes(StandardCharsets.UTF_8);

    static Map<JadesScenario, Long> draw(long seed, int count) {
        return GeneratedSpace.draw(seed, count, JadesScenario::random);
    }

    static Made make(JadesScenario s, Random random) throws Exception {
        Material m = GeneratedSpace.material(s.pki(), random);
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        // the space has signers whose certificates are expired or not yet valid at the signing time: DSS signs anyway
        verifier.setAlertOnNotYetValidCertificate(new eu.europa.esig.dss.alert.SilentOnStatusAlert());
        verifier.setAlertOnExpiredCertificate(new eu.europa.esig.dss.alert.SilentOnStatusAlert());
        JAdESService service = new JAdESService(verifier);
        byte[] signed = sign(service, m, GeneratedSpace.SIGNED);
        switch (s.counter()) {
            case NONE -> {
            }
            case INTACT -> signed = counterSign(service, m, signed);
            case BROKEN -> signed = breakCounterSignature(counterSign(service, m, signed));
            case MOVED -> {
                byte[] other = counterSign(service, m, sign(service, m, GeneratedSpace.SIGNED.plusSeconds(1)));
                signed = graftCounterSignature(other, signed);
            }
        }
        return new Made(withRevocationValues(signed, m), m.anchors());
    }

    private static JAdESSignatureParameters parameters(Material m, java.time.Instant at) {
        JAdESSignatureParameters parameters = new JAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.JAdES_BASELINE_B);
        parameters.setSignaturePackaging(SignaturePackaging.ENVELOPING);
        parameters.setJwsSerializationType(JWSSerializationType.FLATTENED_JSON_SERIALIZATION);
        parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
        parameters.setSigningCertificate(new CertificateToken(m.signer().certificate()));
        parameters.setCertificateChain(m.carried().stream().map(CertificateToken::new).toList());
        parameters.bLevel().setSigningDate(Date.from(at));
        return parameters;
    }

    private static byte[] sign(JAdESService service, Material m, java.time.Instant at) throws Exception {
        JAdESSignatureParameters parameters = parameters(m, at);
        DSSDocument document = new InMemoryDocument(PAYLOAD, "licence.json");
        ToBeSigned toBeSigned = service.getDataToSign(document, parameters);
        return bytes(service.signDocument(document, parameters, value(m, toBeSigned)));
    }

    private static byte[] counterSign(JAdESService service, Material m, byte[] signed) throws Exception {
        DSSDocument document = new InMemoryDocument(signed, "signed.json");
        String id = SignedDocumentValidator.fromDocument(document).getSignatures().get(0).getId();
        JAdESCounterSignatureParameters parameters = new JAdESCounterSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.JAdES_BASELINE_B);
        parameters.setJwsSerializationType(JWSSerializationType.FLATTENED_JSON_SERIALIZATION);
        parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
        parameters.setSigningCertificate(new CertificateToken(m.signer().certificate()));
        parameters.setCertificateChain(m.carried().stream().map(CertificateToken::new).toList());
        parameters.bLevel().setSigningDate(Date.from(GeneratedSpace.SIGNED.plusSeconds(600)));
        parameters.setSignatureIdToCounterSign(id);
        ToBeSigned toBeSigned = service.getDataToBeCounterSigned(document, parameters);
        return bytes(service.counterSignSignature(document, parameters, value(m, toBeSigned)));
    }

    private static SignatureValue value(Material m, ToBeSigned toBeSigned) throws Exception {
        boolean ec = "EC".equals(m.signer().key().getAlgorithm());
        Signature signature = Signature.getInstance(ec ? "SHA256withECDSA" : "SHA256withRSA");
        signature.initSign(m.signer().key());
        signature.update(toBeSigned.getBytes());
        return new SignatureValue(ec ? SignatureAlgorithm.ECDSA_SHA256 : SignatureAlgorithm.RSA_SHA256, signature.sign());
    }

    private static byte[] bytes(DSSDocument document) throws Exception {
        try (var in = document.openStream()) {
            return in.readAllBytes();
        }
    }

    /** The etsiU items of a flattened JWS, decoded (each a base64url JSON object, or the object itself). */
    private static ObjectNode decodeItem(JsonNode item) throws Exception {
        return (ObjectNode) (item.isObject() ? item : JSON.readTree(Base64.getUrlDecoder().decode(item.asText())));
    }

    private static ArrayNode etsiU(ObjectNode jws) {
        ObjectNode header = jws.has("header") ? (ObjectNode) jws.get("header") : jws.putObject("header");
        return header.has("etsiU") ? (ArrayNode) header.get("etsiU") : header.putArray("etsiU");
    }

    /** The counter-signature's own signature value with one bit flipped. */
    private static byte[] breakCounterSignature(byte[] signed) throws Exception {
        ObjectNode jws = (ObjectNode) JSON.readTree(signed);
        ArrayNode items = etsiU(jws);
        for (int i = 0; i < items.size(); i++) {
            ObjectNode item = decodeItem(items.get(i));
            if (item.has("cSig")) {
                JsonNode cSig = item.get("cSig");
                if (cSig.isTextual()) {
                    String[] parts = cSig.asText().split("\\.", -1);
                    parts[2] = flip(parts[2]);
                    item.put("cSig", String.join(".", parts));
                } else {
                    ((ObjectNode) cSig).put("signature", flip(cSig.get("signature").asText()));
                }
                items.set(i, JSON.getNodeFactory().textNode(URL.encodeToString(JSON.writeValueAsBytes(item))));
            }
        }
        return JSON.writeValueAsBytes(jws);
    }

    private static String flip(String base64url) {
        byte[] value = Base64.getUrlDecoder().decode(base64url);
        value[value.length / 2] ^= 0x01;
        return URL.encodeToString(value);
    }

    /** {@code to} with the cSig items of {@code from} (which counter-sign another signature) added to its etsiU. */
    private static byte[] graftCounterSignature(byte[] from, byte[] to) throws Exception {
        ObjectNode source = (ObjectNode) JSON.readTree(from);
        ObjectNode target = (ObjectNode) JSON.readTree(to);
        for (JsonNode item : etsiU(source)) {
            if (decodeItem(item).has("cSig")) {
                etsiU(target).add(item);
            }
        }
        return JSON.writeValueAsBytes(target);
    }

    /** The scenario's revocation data as an rVals item in etsiU (TS 119 182-1 5.3.5.2), base64url-encoded. */
    private static byte[] withRevocationValues(byte[] signed, Material m) throws Exception {
        if (m.crls().isEmpty() && m.ocsps().isEmpty()) {
            return signed;
        }
        ObjectNode jws = (ObjectNode) JSON.readTree(signed);
        ObjectNode item = JSON.createObjectNode();
        ObjectNode rVals = item.putObject("rVals");
        if (!m.crls().isEmpty()) {
            ArrayNode crls = rVals.putArray("crlVals");
            for (X509CRL crl : m.crls()) {
                crls.addObject().put("val", Base64.getEncoder().encodeToString(crl.getEncoded()));
            }
        }
        if (!m.ocsps().isEmpty()) {
            ArrayNode ocsps = rVals.putArray("ocspVals");
            for (byte[] ocsp : m.ocsps()) {
                // TS 119 182-1 5.3.5.2 (as EU DSS reads it): the DER of the whole OCSPResponse
                ocsps.addObject().put("val", Base64.getEncoder().encodeToString(ocsp));
            }
        }
        etsiU(jws).add(URL.encodeToString(JSON.writeValueAsBytes(item)));
        return JSON.writeValueAsBytes(jws);
    }

    private GeneratedJadesSpace() {
    }
}
