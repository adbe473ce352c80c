package dev.sealgate.verification.blocks;

import java.time.Instant;

/**
 * EN 319 102-1 5.6.2.2, validation time sliding: an object whose certificate (its TSA's, its revocation
 * data's issuer's) has expired by the validation time still counts when a proof of existence from a
 * later valid archive time-stamp slides the control time back to before that expiry.
 */
final class ValidationTimeSliding {

    private ValidationTimeSliding() {
    }

    /**
     * Whether an object signed under a certificate expiring at {@code expiry} can be relied on at
     * {@code validationTime}: the certificate has not expired yet, or {@code proofOfExistence} (null when
     * none) shows the object existed before it did. True when the expiry is unknown.
     */
    static boolean controlTimeWithinValidity(Instant expiry, Instant validationTime, Instant proofOfExistence) {
        return expiry == null || !validationTime.isAfter(expiry) || proofOfExistence != null && proofOfExistence.isBefore(expiry);
    }
}
