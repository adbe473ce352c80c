package dev.sealgate.crypto;

import java.time.Instant;

/** What the CA's register says about one serial number. */
public record CertificateStatus(State state, Instant revokedAt, Integer reason) {

    public enum State { GOOD, REVOKED, UNKNOWN }

    public static final CertificateStatus GOOD = new CertificateStatus(State.GOOD, null, null);
    public static final CertificateStatus UNKNOWN = new CertificateStatus(State.UNKNOWN, null, null);

    public static CertificateStatus revoked(Instant at, int reason) {
        return new CertificateStatus(State.REVOKED, at, reason);
    }
}
