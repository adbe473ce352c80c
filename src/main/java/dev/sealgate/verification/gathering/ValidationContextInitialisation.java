package dev.sealgate.verification.gathering;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.formats.Inspected;

/**
 * EN 319 102-1 5.2.4, validation context initialisation: the material validation may use besides the
 * trust anchors and the policy — certificates, CRLs and OCSP responses the signature carries, what
 * its container adds (a PDF's DSS dictionary), and the certificates the validator knows itself
 * (SealGate's own CA chain: an OFD signature carries its signer's certificate alone).
 */
public final class ValidationContextInitialisation {

    /** Certificates, CRLs and OCSP responses available for building and checking paths. */
    public record Material(List<X509Certificate> certificates, List<X509CRL> crls, List<byte[]> ocspResponses) {
    }

    private ValidationContextInitialisation() {
    }

    public static Material material(SignatureFacts facts, Inspected.Context context, List<X509Certificate> known) {
        List<X509Certificate> certificates = new ArrayList<>(facts.certificates());
        certificates.addAll(context.certificates());
        for (X509Certificate certificate : known) {
            if (!certificates.contains(certificate)) {
                certificates.add(certificate);
            }
        }
        List<X509CRL> crls = new ArrayList<>(facts.crls());
        crls.addAll(context.crls());
        List<byte[]> ocsp = new ArrayList<>(facts.ocspResponses());
        ocsp.addAll(context.ocspResponses());
        return new Material(certificates, crls, ocsp);
    }
}
