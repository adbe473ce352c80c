package dev.sealgate.verification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.crypto.SignatureFacts;
import dev.sealgate.formats.DocumentFormat;
import dev.sealgate.formats.DocumentFormats;
import dev.sealgate.formats.Inspected;
import dev.sealgate.formats.Spool;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.verification.blocks.SignatureValidator;
import dev.sealgate.verification.blocks.ValidationPolicies;
import dev.sealgate.verification.gathering.Gathered;
import dev.sealgate.verification.gathering.Gatherer;
import dev.sealgate.verification.report.Indication;
import dev.sealgate.verification.report.ValidationReport.Message;
import dev.sealgate.verification.report.ValidationReport.SignatureReport;
import dev.sealgate.verification.report.ValidationReport;

/** Has the format plug-ins recognise what was sent, its format find every signature in it, and validates each the same way. */
@ApplicationScoped
public class DocumentValidator {

    @Inject
    SignatureValidator validator;

    @Inject
    Gatherer gatherer;

    @Inject
    DocumentFormats formats;

    @Inject
    ValidationPolicies policies;

    @Inject
    Clock clock;

    DocumentValidator() {
    }

    /** A document validator outside CDI (benchmarks, validation "as of" a chosen time). */
    public DocumentValidator(SignatureValidator validator, Gatherer gatherer, DocumentFormats formats, ValidationPolicies policies,
            Clock clock) {
        this.validator = validator;
        this.gatherer = gatherer;
        this.formats = formats;
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
        long held = hold(signed);
        try {
            byte[] bytes = read(signed);
            DocumentFormat format = formats.recognise(bytes);
            held += holdParsing(format, bytes);
            return validate(format, bytes, original, partnerId, now);
        } finally {
            HELD.giveBack(held);
        }
    }

    /**
     * What the documents being verified hold in memory together (each is read whole: the inspectors work on
     * bytes): a quarter of the heap, at most 256 MB. A verification that would pass it is {@code 503
     * server-busy} with {@code Retry-After}, never an {@code OutOfMemoryError}; one larger than the whole budget
     * can never be verified here and is {@code 413}.
     */
    private static final long HELD_TOTAL = Math.min(256L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4);

    static final Spool.Budget HELD = new Spool.Budget(HELD_TOTAL);

    /**
     * Parsing costs memory beyond the bytes (a PDF's objects, as its format says): that is charged too, so that many
     * object-heavy documents at once are turned away rather than exhausting the heap.
     */
    private static long holdParsing(DocumentFormat format, byte[] bytes) {
        long extra = format.parsingCost(bytes);
        if (extra == 0) {
            return 0;
        }
        if (extra > HELD_TOTAL) {
            throw new ProblemException(ProblemType.PDF_TOO_COMPLEX, "The PDF holds more objects than this service can verify at once.");
        }
        if (!HELD.take(extra)) {
            throw new ProblemException(ProblemType.SERVER_BUSY, "Too many documents are being verified at once; retry shortly.", 5, null);
        }
        return extra;
    }

    private static long hold(Path signed) {
        long size;
        try {
            size = Files.size(signed);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The uploaded part could not be read.");
        }
        if (size > HELD_TOTAL) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The document is larger than this service can verify ("
                    + HELD_TOTAL + " bytes).");
        }
        if (!HELD.take(size)) {
            throw new ProblemException(ProblemType.SERVER_BUSY, "Too many documents are being verified at once; retry shortly.", 5, null);
        }
        return size;
    }

    /** A report, the format recognised and the SHA-256 of what was validated (for the audit log), from one read of the upload. */
    public record Validated(ValidationReport report, DocumentFormat format, String sha256) {
    }

    public Validated validateUpload(Path signed, Path original, String partnerId) {
        return validateUpload(signed, original, partnerId, clock.instant());
    }

    /**
     * Reads the upload once, recognises the format by content, has the format's inspector find every
     * signature, and validates each the same way whatever the format.
     */
    public Validated validateUpload(Path signed, Path original, String partnerId, Instant now) {
        long held = hold(signed);
        try {
            byte[] bytes = read(signed);
            DocumentFormat format = formats.recognise(bytes);
            held += holdParsing(format, bytes);
            return new Validated(validate(format, bytes, original, partnerId, now), format, DocumentDigest.sha256HexOf(bytes));
        } finally {
            HELD.giveBack(held);
        }
    }

    private ValidationReport validate(DocumentFormat format, byte[] bytes, Path original, String partnerId, Instant now) {
        String policyName = partnerId == null ? "default" : policies.partnerPolicies().getOrDefault(partnerId, "default");
        ValidationPolicies.Policy policy = policies.policies().get(policyName);
        if (policy == null) {
            throw new IllegalStateException("Validation policy '" + policyName + "' is not configured");
        }
        List<Inspected> signatures;
        try {
            signatures = format.inspect(bytes, original);
        } catch (MalformedSignatureException e) {
            throw new ProblemException(ProblemType.MALFORMED_SIGNATURE, e.getMessage());
        }
        List<SignatureReport> reports = new ArrayList<>();
        for (int i = 0; i < signatures.size(); i++) {
            reports.add(validate(i + 1, signatures.get(i), now, policy));
        }
        List<Message> errors = new ArrayList<>();
        Indication verdict = Indication.TOTAL_PASSED;
        if (reports.isEmpty()) {
            errors.add(new Message("NO_SIGNATURE", "The document carries no signature."));
            verdict = Indication.TOTAL_FAILED;
        }
        for (SignatureReport report : reports) {
            verdict = Indication.worst(verdict, report.indication());
        }
        return new ValidationReport(verdict, format.name(), now.toString(), policyName,
                gatherer.offline() ? "embedded-only" : "embedded-then-online", reports, errors.isEmpty() ? null : errors);
    }

    /**
     * One signature: what it needs from outside gathered first (revocation data, the register's answers), then judged
     * by the building blocks from that alone.
     */
    private SignatureReport validate(int number, Inspected signature, Instant now, ValidationPolicies.Policy policy) {
        Inspected.Context context = signature.context();
        try {
            return validator.judge(number, signature.facts(), context, gatherer.gather(signature.facts(), context), now, policy);
        } catch (ProblemException | UncheckedIOException | Gathered.NotGathered e) {
            throw e;
        } catch (RuntimeException e) {
            // a damaged certificate, name or time inside an otherwise readable signature
            SignatureFacts damaged = SignatureFacts.unparseable("a certificate, name or time in the signature is damaged");
            return validator.judge(number, damaged, context, gatherer.nothing(), now, policy);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The uploaded part could not be read.");
        }
    }
}
