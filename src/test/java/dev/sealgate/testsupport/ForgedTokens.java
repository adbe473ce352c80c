package dev.sealgate.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;

/** Tokens built by hand, signed with the realm's test key (or not at all), for the rejection tests. */
public final class ForgedTokens {

    private ForgedTokens() {
    }

    /** Claims like Keycloak's for a citizen, valid for five minutes from {@code issuedAtOffsetSeconds}. */
    public static JwtClaims citizenClaims(long issuedAtOffsetSeconds) {
        JwtClaims claims = new JwtClaims();
        long now = System.currentTimeMillis() / 1000 + issuedAtOffsetSeconds;
        claims.setIssuer(TestRealm.issuer());
        claims.setAudience("sealgate-api");
        claims.setSubject(UUID.randomUUID().toString());
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAt(NumericDate.fromSeconds(now));
        claims.setNotBefore(NumericDate.fromSeconds(now));
        claims.setExpirationTime(NumericDate.fromSeconds(now + 300));
        claims.setClaim("typ", "Bearer");
        claims.setClaim("azp", "dev-cli");
        claims.setClaim("preferred_username", "forged-citizen");
        claims.setClaim("realm_access", Map.of("roles", List.of("citizen")));
        return claims;
    }

    public static String signedWithRealmKey(JwtClaims claims) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(TestRealm.forgeryKey());
            jws.setKeyIdHeaderValue(TestRealm.forgeryKid());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setHeader("typ", "JWT");
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The classic {@code alg: none} attack: a well-formed token with no signature. */
    public static String unsigned(JwtClaims claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(claims.toJson().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }

    /** The key-confusion attack: HS256 with the realm's public key (as published) used as the HMAC secret. */
    public static String hmacWithPublicKey(JwtClaims claims, byte[] publicKeyBytes, String kid) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(new HmacKey(publicKeyBytes));
            jws.setKeyIdHeaderValue(kid);
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
            jws.setDoKeyValidation(false);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Changes one byte of the payload, keeping it valid JSON and the signature as it was: the
     * first occurrence of {@code from} becomes {@code to} (same length, one character apart).
     */
    public static String withPayloadByteChanged(String token, String from, String to) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        if (!payload.contains(from) || from.length() != to.length()) {
            throw new IllegalArgumentException("payload has no " + from);
        }
        String changed = payload.replaceFirst(java.util.regex.Pattern.quote(from), to);
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(changed.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }
}
