package dev.sealgate.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Certificates carried inside signatures, parsed once each (keyed by their DER) and kept, bounded. A
 * verifier meets the same signers, CAs and TSAs again and again; a kept certificate keeps its public
 * key object, and with it BouncyCastle's precomputation for that key, which for ECDSA otherwise costs
 * about as much as checking the signature. Certificates are public and immutable: sharing them
 * between requests exposes nothing. Emptied when it holds {@value #MAX} certificates.
 */
public final class ParsedCertificates {

    static final int MAX = 4096;

    private static final Map<ByteBuffer, X509Certificate> PARSED = new ConcurrentHashMap<>();

    private ParsedCertificates() {
    }

    /** The certificate with this DER encoding (BouncyCastle's implementation). */
    public static X509Certificate of(byte[] der) throws CertificateException {
        X509Certificate known = PARSED.get(ByteBuffer.wrap(der));
        if (known != null) {
            return known;
        }
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509", CryptoProviders.bc())
                .generateCertificate(new ByteArrayInputStream(der));
        if (PARSED.size() >= MAX) {
            PARSED.clear();
        }
        PARSED.put(ByteBuffer.wrap(der.clone()), parsed);
        return parsed;
    }

    public static X509Certificate of(X509CertificateHolder holder) throws CertificateException {
        try {
            return of(holder.getEncoded());
        } catch (IOException e) {
            throw new CertificateException("Certificate not encodable", e);
        }
    }
}
