package dev.sealgate.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * RFC 3161 time-stamp tokens as a client uses them, both ways in one place: requesting one over data
 * (and checking that the answer is the one asked for), and checking one found in a signature over
 * what it stamped. Every format's time-stamps (CAdES, PAdES, JAdES, audit checkpoints) go through here;
 * the TSA's side is {@link TimeStamps}.
 */
public final class TimeStampTokens {

    private static final SecureRandom NONCES = new SecureRandom();

    private TimeStampTokens() {
    }

    /** Requests an RFC 3161 token over {@code data} (SHA-256 imprint) and checks the answer matches. */
    public static TimeStampToken request(byte[] data, TimeStampSource source) {
        return requestDigest(DocumentDigest.digest(NISTObjectIdentifiers.id_sha256).digest(data), source);
    }

    /** Requests an RFC 3161 token over a SHA-256 digest computed by the caller (a PDF's byte ranges, streamed). */
    public static TimeStampToken requestDigest(byte[] sha256, TimeStampSource source) {
        try {
            TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
            requests.setCertReq(true);
            TimeStampRequest request = requests.generate(TSPAlgorithms.SHA256, sha256, new BigInteger(64, NONCES));
            TimeStampResponse response = new TimeStampResponse(source.respond(request.getEncoded()));
            response.validate(request);
            TimeStampToken token = response.getTimeStampToken();
            if (token == null) {
                throw new CryptoException("The TSA refused the request: " + response.getStatusString());
            }
            return token;
        } catch (TSPException | IOException e) {
            throw new CryptoException("Time-stamping failed: " + e.getMessage(), e);
        }
    }

    /** Checks a time-stamp token over {@code stamped} (imprint and TSA signature). */
    public static SignatureFacts.TimeStampFacts check(byte[] tokenDer, byte[] stamped) {
        try {
            // a PDF's /Contents is zero-padded after the token: read one DER object and ignore the rest
            try (var in = new org.bouncycastle.asn1.ASN1InputStream(tokenDer)) {
                return check(in.readObject(), stamped);
            }
        } catch (IOException e) {
            return SignatureFacts.TimeStampFacts.unreadable();
        }
    }

    /** Checks a time-stamp token (a parsed ContentInfo) over {@code stamped}: imprint and TSA signature. */
    public static SignatureFacts.TimeStampFacts check(ASN1Encodable value, byte[] stamped) {
        try {
            CMSSignedData cms = new CMSSignedData(value.toASN1Primitive().getEncoded());
            TimeStampToken token = new TimeStampToken(cms);
            List<X509Certificate> certs = CmsVerifiers.certificates(cms);
            X509Certificate tsa = CmsVerifiers.matching(cms, token.getSID());
            byte[] imprint = DocumentDigest.digest(token.getTimeStampInfo().getMessageImprintAlgOID()).digest(stamped);
            boolean imprintMatches = Arrays.equals(imprint, token.getTimeStampInfo().getMessageImprintDigest());
            boolean signatureValid = false;
            if (tsa != null) {
                try {
                    token.validate(CmsVerifiers.verifier(tsa));
                    signatureValid = true;
                } catch (Exception e) {
                    signatureValid = false;
                }
            }
            return new SignatureFacts.TimeStampFacts(token.getTimeStampInfo().getGenTime().toInstant(), tsa, certs,
                    imprintMatches, signatureValid, CmsVerifiers.algorithmName(token.getTimeStampInfo().getMessageImprintAlgOID()));
        } catch (Exception e) {
            return SignatureFacts.TimeStampFacts.unreadable();
        }
    }
}
