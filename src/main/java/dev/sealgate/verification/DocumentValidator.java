package dev.sealgate.verification;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sealgate.crypto.CmsSignatureInspector;
import dev.sealgate.crypto.JadesInspector;
import dev.sealgate.crypto.SignatureFacts;
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

    DocumentValidator() {
    }

    /** A document validator outside CDI (benchmarks). */
    public DocumentValidator(SignatureValidator validator, PdfSignatures pdfs, RevocationSources revocations,
            ValidationPolicies policies) {
        this.validator = validator;
        this.pdfs = pdfs;
        this.revocations = revocations;
        this.policies = policies;
    }

    /** Validates under the policy configured for {@code partnerId} (an {@code azp}), or the default policy. */
    public ValidationReport validate(Path signed, Path original, String partnerId) {
        Instant now = Instant.now();
        String policyName = partnerId == null ? "default" : policies.partnerPolicies().getOrDefault(partnerId, "default");
        ValidationPolicies.Policy policy = policies.policies().get(policyName);
        if (policy == null) {
            throw new IllegalStateException("Validation policy '" + policyName + "' is not configured");
        }
        byte[] head = head(signed);
        String text = new String(head, StandardCharsets.ISO_8859_1).stripLeading();
        List<SignatureReport> reports = new ArrayList<>();
        String format;
        if (text.startsWith("%PDF-")) {
            format = "PAdES";
            reports.addAll(pdfs.validate(signed, now, policy));
        } else if (text.startsWith("{") || text.startsWith("eyJ")) {
            // a JSON serialisation, or a compact JWS whose protected header is base64url of '{"'...
            format = "JAdES";
            SignatureFacts facts = JadesInspector.inspect(read(signed), original == null ? null : read(original));
            reports.add(validator.validate(1, facts, context("JAdES"), now, policy));
        } else if (head.length > 0 && (head[0] & 0xff) == 0x30) {
            format = "CAdES";
            SignatureFacts facts = CmsSignatureInspector.inspect(read(signed), original == null ? null
                    : CmsSignatureInspector.DetachedContent.of(() -> open(original)));
            reports.add(validator.validate(1, facts, context("CAdES"), now, policy));
        } else {
            throw new ProblemException(ProblemType.UNRECOGNISED_SIGNATURE,
                    "The 'signed' part is neither a PDF, a JWS (JAdES) nor a CMS signature (CAdES).");
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

    static SignatureValidator.Context context(String format) {
        return new SignatureValidator.Context(format, null, List.<X509Certificate>of(), List.<X509CRL>of(), List.of(), null);
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
