package dev.sealgate.verification;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sealgate.crypto.CmsSignatureInspector;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.JadesInspector;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.verification.ValidationReport.Message;
import dev.sealgate.verification.ValidationReport.SignatureReport;

/** Recognises what was sent (PDF, JWS, CMS), finds every signature in it and validates each. */
@ApplicationScoped
public class DocumentValidator {

    @Inject
    SignatureValidator validator;

    @Inject
    PdfSignatures pdfs;

    @Inject
    RevocationSources revocations;

    @Inject
    ValidationPolicies policies;

    @Inject
    Clock clock;

    DocumentValidator() {
    }

    /** A document validator outside CDI (benchmarks, validation "as of" a chosen time). */
    public DocumentValidator(SignatureValidator validator, PdfSignatures pdfs, RevocationSources revocations,
            ValidationPolicies policies, Clock clock) {
        this.validator = validator;
        this.pdfs = pdfs;
        this.revocations = revocations;
        this.policies = policies;
        this.clock = clock;
    }

    /**
     * Validates under the policy configured for {@code partnerId} (an {@code azp}), or the default
     * policy, at the validation time the clock gives.
     */
    public ValidationReport validate(Path signed, Path original, String partnerId) {
        return validate(signed, original, partnerId, clock.instant());
    }

    /** The same, "as of" {@code now}: every time-dependent rule is judged at that time. */
    public ValidationReport validate(Path signed, Path original, String partnerId, Instant now) {
        String policyName = partnerId == null ? "default" : policies.partnerPolicies().getOrDefault(partnerId, "default");
        ValidationPolicies.Policy policy = policies.policies().get(policyName);
        if (policy == null) {
            throw new IllegalStateException("Validation policy '" + policyName + "' is not configured");
        }
        byte[] head = head(signed);
        String text = new String(head, StandardCharsets.ISO_8859_1).stripLeading();
        String format;
        if (text.startsWith("%PDF-")) {
            format = "PAdES";
        } else if (text.startsWith("{") || text.startsWith("eyJ")) {
            // a JSON serialisation, or a compact JWS whose protected header is base64url of '{"'...
            format = "JAdES";
        } else if (head.length > 0 && (head[0] & 0xff) == 0x30) {
            format = "CAdES";
        } else {
            throw new ProblemException(ProblemType.UNRECOGNISED_SIGNATURE,
                    "The 'signed' part is neither a PDF, a JWS (JAdES) nor a CMS signature (CAdES).");
        }
        List<SignatureReport> reports;
        try {
            reports = switch (format) {
                case "PAdES" -> pdfs.validate(signed, now, policy);
                case "JAdES" -> jades(signed, original, now, policy);
                default -> cades(signed, original, now, policy);
            };
        } catch (MalformedSignatureException e) {
            throw new ProblemException(ProblemType.MALFORMED_SIGNATURE, e.getMessage());
        }
        List<Message> errors = new ArrayList<>();
        Indication verdict = Indication.TOTAL_PASSED;
        if (reports.isEmpty()) {
            errors.add(new Message("NO_SIGNATURE", "The document carries no signature."));
            verdict = Indication.TOTAL_FAILED;
        }
        for (SignatureReport report : reports) {
            verdict = Indication.worst(verdict, Indication.valueOf(report.indication()));
        }
        return new ValidationReport(verdict.name(), format, now.toString(), policyName,
                revocations.offline() ? "embedded-only" : "embedded-then-online", reports, errors.isEmpty() ? null : errors);
    }

    /** Every signature of the JWS (several in a general JSON serialisation), each validated on its own. */
    private List<SignatureReport> jades(Path signed, Path original, Instant now, ValidationPolicies.Policy policy)
            throws MalformedSignatureException {
        List<dev.sealgate.crypto.SignatureFacts> all = JadesInspector.inspectAll(read(signed), original == null ? null : read(original));
        List<SignatureReport> reports = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            reports.add(validator.validate(i + 1, all.get(i), context("JAdES"), now, policy));
        }
        return reports;
    }

    /** Every signer of the SignedData and every counter-signature, each validated on its own. */
    private List<SignatureReport> cades(Path signed, Path original, Instant now, ValidationPolicies.Policy policy)
            throws MalformedSignatureException {
        List<CmsSignatureInspector.Signer> signers = CmsSignatureInspector.inspectAll(read(signed), original == null ? null
                : CmsSignatureInspector.DetachedContent.of(() -> open(original)));
        List<SignatureReport> reports = new ArrayList<>();
        for (int i = 0; i < signers.size(); i++) {
            CmsSignatureInspector.Signer signer = signers.get(i);
            SignatureValidator.Context context = signer.counterSigns() == 0 ? context("CAdES")
                    : SignatureValidator.Context.of("CAdES", "counter-signature of signature " + signer.counterSigns());
            reports.add(validator.validate(i + 1, signer.facts(), context, now, policy));
        }
        return reports;
    }

    static SignatureValidator.Context context(String format) {
        return SignatureValidator.Context.of(format, null);
    }

    /** The hex SHA-256 of an uploaded part, for the audit log. */
    static String sha256Hex(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return DocumentDigest.of(in, DocumentDigest.SHA256, null, Long.MAX_VALUE)
                    .sha256Hex();
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The uploaded part could not be read.");
        }
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(1024);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The uploaded part could not be read.");
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The uploaded part could not be read.");
        }
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The uploaded part could not be read.");
        }
    }
}
