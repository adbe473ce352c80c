package dev.sealgate.pki;

/** A CDI event: the CA revoked the certificate with this serial (lower-case hex). Fired inside the revoking transaction. */
public record CertificateRevoked(String serial) {
}
