package dev.sealgate.verification.gathering;

import java.time.Instant;
import java.util.Optional;

import dev.sealgate.verification.report.ValidationReport;

/**
 * How a signature SealGate made was authorised: the signer's authentication (and, for a seal used with
 * approval, the custodian's). The signing layer keeps the records and implements this; verification
 * only asks, so the layers stay one-way.
 */
public interface SignatureAuthorisations {

    /**
     * The authorisation of the signature SealGate made with the certificate {@code serialHex} at the
     * claimed {@code signingTime} (to the second), if SealGate made one.
     */
    Optional<ValidationReport.Authorisation> of(String serialHex, Instant signingTime);
}
