package dev.sealgate.formats;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/** Certificates and revocation values a validator needs beside a signature (B-LT), as a format embeds them. */
public record ValidationData(List<X509Certificate> certificates, List<X509CRL> crls, List<byte[]> ocspResponses) {
}
