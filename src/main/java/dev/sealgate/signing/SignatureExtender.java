package dev.sealgate.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.sealgate.audit.Actor;
import dev.sealgate.audit.AuditAction;
import dev.sealgate.audit.AuditLog;
import dev.sealgate.crypto.CryptoException;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.DocumentFormat;
import dev.sealgate.formats.Extending;
import dev.sealgate.formats.Produced;
import dev.sealgate.identity.Principal;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.verification.DocumentValidator;
import dev.sealgate.verification.report.Indication;
import dev.sealgate.verification.report.ValidationReport;

/**
 * Extends a signature made by anyone to a higher level (EN 319 122-1 and 319 142-1 augmentation):
 * B-T adds a time-stamp, B-LT the certificates and revocation values a validator needs, B-LTA an
 * archive time-stamp over all of it; asking B-LTA of a B-LTA adds a further archive time-stamp (with
 * the validation data for the previous one first), which is how an archive renews its proof before
 * the last time-stamp unit's certificate expires.
 *
 * <p>Only a signature that validates ({@code TOTAL_PASSED} under the caller's policy) is extended:
 * a time-stamp over a forged or unverifiable signature would lend it a credibility it has not earned.
 * Validation data comes from where verification takes it: what the signature embeds, SealGate's own
 * CA, then the certificate's OCSP responder and CRL. What cannot be proven is refused, not written.
 * How is the format's ({@link DocumentFormat#extend}).
 */
@ApplicationScoped
public class SignatureExtender {

    @Inject
    DocumentValidator validator;

    @Inject
    FormatServices services;

    @Inject
    AuditLog audit;

    /** The extended object, in memory or in a temporary file; the level it now has. */
    public record Extended(Produced produced, BaselineLevel from, BaselineLevel to, String auditEntry) {
    }

    public Extended extend(Principal caller, String clientId, Path signed, Path original, BaselineLevel target) {
        if (target == BaselineLevel.B_B) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS,
                    "level must be B-T, B-LT or B-LTA: every signature is at least B-B.");
        }
        // validated first, and the upload's digest (for the audit entry) taken from the same read
        DocumentValidator.Validated validated = validator.validateUpload(signed, original, caller.partnerId());
        ValidationReport report = validated.report();
        if (report.signatures() == null || report.signatures().isEmpty()) {
            throw new ProblemException(ProblemType.SIGNATURE_NOT_VALID, "The document carries no signature to extend.");
        }
        if (report.indication() != Indication.TOTAL_PASSED) {
            ValidationReport.SignatureReport worst = report.signatures().stream()
                    .filter(s -> s.indication() != Indication.TOTAL_PASSED).findFirst().orElse(report.signatures().get(0));
            throw new ProblemException(ProblemType.SIGNATURE_NOT_VALID, "Signature " + worst.number() + " does not validate ("
                    + worst.indication() + (worst.subIndication() == null ? "" : "/" + worst.subIndication())
                    + " under policy '" + report.policy() + "'); only a valid signature is extended. See POST /api/v1/verifications.");
        }
        BaselineLevel current = lowestLevel(report);
        if (target.ordinal() < current.ordinal() || target == current && target != BaselineLevel.B_LTA) {
            throw new ProblemException(ProblemType.LEVEL_NOT_HIGHER, "The signature is already at " + current.label()
                    + "; extend it to a higher level (B-LTA again adds a further archive time-stamp).");
        }
        DocumentDigest digest = digestOf(signed, validated.sha256());
        Produced produced;
        try {
            produced = validated.format().extend(new Extending(signed, original, current, target, digest, services));
        } catch (MalformedSignatureException e) {
            throw new ProblemException(ProblemType.MALFORMED_SIGNATURE, e.getMessage());
        } catch (CryptoException e) {
            throw new ProblemException(ProblemType.SIGNING_UNAVAILABLE,
                    "The signature could not be extended; nothing was stored. Try again later.", 10, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            String entry = QuarkusTransaction.requiringNew().call(() -> audit.record(Actor.of(caller, clientId), AuditAction.SIGNATURE_EXTEND,
                    "document", null, digest.sha256Hex(), "extended " + current.label() + " to " + target.label()).id);
            return new Extended(produced, current, target, entry);
        } catch (RuntimeException e) {
            produced.discard();
            throw e;
        }
    }

    /** The level every signature of the document has at least. */
    private static BaselineLevel lowestLevel(ValidationReport report) {
        BaselineLevel lowest = BaselineLevel.B_LTA;
        for (ValidationReport.SignatureReport signature : report.signatures()) {
            BaselineLevel level = signature.level();
            if (level == null || level.ordinal() < lowest.ordinal()) {
                lowest = level == null ? BaselineLevel.B_B : level;
            }
        }
        return lowest;
    }

    /** The upload's SHA-256 as validation computed it, with its size. */
    private static DocumentDigest digestOf(Path file, String sha256Hex) {
        try {
            byte[] sha256 = java.util.HexFormat.of().parseHex(sha256Hex);
            return new DocumentDigest(Files.size(file), sha256, DocumentDigest.SHA256, sha256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
