package dev.sealgate.formats;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a signature about to be extended holds, and whose validation data it needs: its signers and time-stamp units
 * ({@code subjects}), and the certificates, CRLs and OCSP responses it already carries.
 */
public record ValidationNeeds(List<X509Certificate> subjects, List<X509Certificate> certificates, List<X509CRL> crls,
        List<byte[]> ocspResponses) {
}
