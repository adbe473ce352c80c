package dev.sealgate.pki;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The CA's register of what it issued, looked up by serial number: the {@code issued_certificate}
 * table in the service. The one door through which the OCSP answers and the validator's signer
 * identity read it, so a benchmark can run the CA and the validator without a database.
 */
@ApplicationScoped
public class CertificateRegister {

    /** The certificate issued under {@code serial} (lower-case hex, see {@link CertificateAuthority#hex}), or null. */
    @Transactional
    public IssuedCertificate find(String serial) {
        return IssuedCertificate.findBySerial(serial);
    }

    /** Whether the register holds {@code serial} unrevoked: one count, without reading the certificate. */
    @Transactional
    public boolean unrevoked(String serial) {
        return IssuedCertificate.count("serial = ?1 and revokedAt is null", serial) > 0;
    }

    @Transactional
    public void add(IssuedCertificate issued) {
        issued.persist();
    }
}
