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

import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.formats.Inspected;
import dev.sealgate.formats.ofd.OfdInspector;
import dev.sealgate.formats.cades.CadesInspector;
import dev.sealgate.formats.jades.JadesInspector;
import dev.sealgate.formats.pades.PadesInspector;
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
    PadesInspector pdfs;

    @Inject
    RevocationSources revocations;

    @Inject
    ValidationPolicies policies;

    @Inject
    Clock clock;

    DocumentValidator() {
    }

    /** A document validator outside CDI (benchmarks, validation "as of" a chosen time). */
    public DocumentValidator(SignatureValidator validator, PadesInspector pdfs, RevocationSources revocations,
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
        long held = hold(signed);
        try {
            byte[] bytes = read(signed);
            held += holdParsing(bytes);
            return validate(bytes, original, partnerId, now);
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

    static final dev.sealgate.formats.Spool.Budget HELD = new dev.sealgate.formats.Spool.Budget(HELD_TOTAL);

    /** What a parsed PDF keeps per object beyond its bytes (the parser's object pool and cross-reference map), measured generously. */
    static final int PDF_BYTES_PER_OBJECT = 256;

    /**
     * A PDF's parse costs memory per object, beyond its bytes: that is charged too, so that many object-heavy PDFs at
     * once are turned away rather than exhausting the heap. Other formats' parse trees are bounded by their own limits.
     */
    private static long holdParsing(byte[] bytes) {
        if (!"PAdES".equals(format(bytes))) {
            return 0;
        }
        long extra = (long) PadesInspector.countObjects(bytes) * PDF_BYTES_PER_OBJECT;
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

    /** A report and the SHA-256 of what was validated (for the audit log), from one read of the upload. */
    public record Validated(ValidationReport report, String sha256) {
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
            held += holdParsing(bytes);
            return new Validated(validate(bytes, original, partnerId, now), DocumentDigest.sha256HexOf(bytes));
        } finally {
            HELD.giveBack(held);
        }
    }

    private ValidationReport validate(byte[] bytes, Path original, String partnerId, Instant now) {
        String policyName = partnerId == null ? "default" : policies.partnerPolicies().getOrDefault(partnerId, "default");
        ValidationPolicies.Policy policy = policies.policies().get(policyName);
        if (policy == null) {
            throw new IllegalStateException("Validation policy '" + policyName + "' is not configured");
        }
        String format = format(bytes);
        List<Inspected> signatures;
        try {
            signatures = switch (format) {
                case "PAdES" -> pdfs.inspect(bytes);
                case "OFD" -> OfdInspector.inspect(bytes);
                case "JAdES" -> jades(bytes, original);
                default -> cades(bytes, original);
            };
        } catch (MalformedSignatureException e) {
            throw new ProblemException(ProblemType.MALFORMED_SIGNATURE, e.getMessage());
        }
        List<SignatureReport> reports = new ArrayList<>();
        for (int i = 0; i < signatures.size(); i++) {
            reports.add(validator.validate(i + 1, signatures.get(i).facts(), signatures.get(i).context(), now, policy));
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
        return new ValidationReport(verdict, format, now.toString(), policyName,
                revocations.offline() ? "embedded-only" : "embedded-then-online", reports, errors.isEmpty() ? null : errors);
    }

    /** PAdES, JAdES, CAdES or OFD, from the first bytes. */
    private static String format(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.ISO_8859_1).stripLeading();
        if (text.startsWith("%PDF-")) {
            return "PAdES";
        }
        if (text.startsWith("{") || text.startsWith("eyJ")) {
            // a JSON serialisation, or a compact JWS whose protected header is base64url of '{"'...
            return "JAdES";
        }
        if (bytes.length > 0 && (bytes[0] & 0xff) == 0x30) {
            return "CAdES";
        }
        if (OfdInspector.isOfd(bytes)) {
            return "OFD";
        }
        throw new ProblemException(ProblemType.UNRECOGNISED_SIGNATURE,
                "The 'signed' part is neither a PDF, a JWS (JAdES), a CMS signature (CAdES) nor an OFD package.");
    }

    /** Every signature of the JWS (several in a general JSON serialisation), each followed by its counter-signatures. */
    private static List<Inspected> jades(byte[] jws, Path original) throws MalformedSignatureException {
        return JadesInspector.inspectWithCounterSignatures(jws, original == null ? null : read(original)).stream()
                .map(found -> new Inspected(found.facts(), found.counterSigns() == 0 ? context("JAdES")
                        : Inspected.Context.of("JAdES", "counter-signature of signature " + found.counterSigns())))
                .toList();
    }

    /** Every signer of the SignedData and every counter-signature. */
    private static List<Inspected> cades(byte[] cms, Path original) throws MalformedSignatureException {
        return CadesInspector.inspectAll(cms, original == null ? null
                : CadesInspector.DetachedContent.of(() -> open(original))).stream()
                .map(signer -> new Inspected(signer.facts(), signer.counterSigns() == 0 ? context("CAdES")
                        : Inspected.Context.of("CAdES", "counter-signature of signature " + signer.counterSigns())))
                .toList();
    }

    static Inspected.Context context(String format) {
        return Inspected.Context.of(format, null);
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
