package dev.sealgate.crypto;

import java.math.BigInteger;
import java.time.Instant;

/**
 * What to put in a certificate. URLs may be null (a root has none).
 *
 * @param subject      RFC 4514 distinguished name, e.g. {@code CN=Min Zhang,OU=civil-affairs,O=SealGate,C=CN}
 * @param crlUrl       CRL distribution point
 * @param ocspUrl      OCSP responder (authority information access)
 * @param caIssuersUrl where the issuer's certificate can be fetched (authority information access)
 */
public record CertificateTemplate(String subject, BigInteger serial, Instant notBefore, Instant notAfter,
        CertificatePurpose purpose, String crlUrl, String ocspUrl, String caIssuersUrl) {
}
