package dev.sealgate.signing;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.verification.gathering.SignatureAuthorisations;
import dev.sealgate.verification.report.ValidationReport;

/** The signature records answer how a signature SealGate made was authorised. */
@ApplicationScoped
public class RecordedAuthorisations implements SignatureAuthorisations {

    @Override
    public Optional<ValidationReport.Authorisation> of(String serialHex, Instant signingTime) {
        String serial;
        try {
            serial = CertificateAuthority.hex(new BigInteger(serialHex, 16));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // signing times are claimed to the second (CMS, PDF); the record keeps milliseconds
        Instant from = signingTime.truncatedTo(ChronoUnit.SECONDS);
        SignatureRecord record = QuarkusTransaction.joiningExisting().call(() -> SignatureRecord.<SignatureRecord>find(
                "certificateSerial = ?1 and createdAt >= ?2 and createdAt < ?3 order by createdAt", serial, from, from.plusSeconds(1))
                .firstResult());
        if (record == null || record.authAcr == null && record.authTime == null) {
            return Optional.empty();
        }
        return Optional.of(new ValidationReport.Authorisation(record.authAcr, text(record.authTime), record.approverUsername,
                record.approverAcr, text(record.approverAuthTime)));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
