package dev.sealgate.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.cms.CMSSignedData;

import dev.sealgate.audit.Actor;
import dev.sealgate.audit.AuditLog;
import dev.sealgate.crypto.CertificatePaths;
import dev.sealgate.crypto.CertificateUrls;
import dev.sealgate.crypto.CryptoException;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.MalformedSignatureException;
import dev.sealgate.crypto.RevocationEvidence;
import dev.sealgate.formats.cades.CadesExtensions;
import dev.sealgate.formats.cades.CadesSigner;
import dev.sealgate.identity.Principal;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.support.SigningSettings;
import dev.sealgate.verification.DocumentValidator;
import dev.sealgate.verification.RevocationSources;
import dev.sealgate.verification.TrustAnchors;
import dev.sealgate.verification.ValidationReport;
import io.quarkus.narayana.jta.QuarkusTransaction;
import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.Spool;
import dev.sealgate.formats.pades.PadesSigner;
import dev.sealgate.verification.Indication;

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
 */
@ApplicationScoped
public class SignatureExtender {

    @Inject
    DocumentValidator validator;

    @Inject
    RevocationSources revocations;

    @Inject
    TrustAnchors anchors;

    @Inject
    CertificateAuthority ca;

    @Inject
    DocumentSigner signer;

    @Inject
    AuditLog audit;

    /** CMS signatures are extended in memory: one larger than {@code maxCmsExtensionSize} is refused. */
    @Inject
    SigningSettings limits;

    /** The extended object, in memory or in a temporary file; the level it now has. */
    public record Extended(DocumentSigner.Produced produced, BaselineLevel from, BaselineLevel to, String auditEntry) {
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
        DocumentSigner.Produced produced = switch (report.documentFormat()) {
            case "CAdES" -> inMemory(() -> cades(readBounded(signed), original, current, target, digest));
            case "PAdES" -> pades(signed, current, target, digest);
            case "JAdES" -> inMemory(() -> jades(readBounded(signed), original, current, target, digest));
            default -> throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS,
                    report.documentFormat() + " signatures cannot be extended.");
        };
        try {
            String entry = QuarkusTransaction.requiringNew().call(() -> audit.record(Actor.of(caller, clientId), "signature.extend",
                    "document", null, digest.sha256Hex(), "extended " + current.label() + " to " + target.label()).id);
            return new Extended(produced, current, target, entry);
        } catch (RuntimeException e) {
            produced.discard();
            throw e;
        }
    }

    private DocumentSigner.Produced cades(byte[] signed, Path original, BaselineLevel current, BaselineLevel target,
            DocumentDigest digest) throws IOException, MalformedSignatureException {
        CMSSignedData cms = CadesExtensions.parse(signed);
        byte[] content = CadesExtensions.encapsulatedContent(cms);
        if (content == null && original == null && target == BaselineLevel.B_LTA) {
            throw new ProblemException(ProblemType.MISSING_PART,
                    "A detached signature is extended to B-LTA with its document: send it as part 'original'.");
        }
        if (current == BaselineLevel.B_B) {
            cms = CadesExtensions.addSignatureTimeStamps(cms, ca::timestamp);
        }
        if (target.longTerm()) {
            Material material = prove(CadesExtensions.material(cms));
            cms = CadesExtensions.addValidationData(cms, material.certificates(), material.crls(), material.ocspResponses());
        }
        if (target == BaselineLevel.B_LTA) {
            byte[] contentSha256;
            if (content != null) {
                contentSha256 = DocumentDigest.digest(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256).digest(content);
            } else {
                try (InputStream in = Files.newInputStream(original)) {
                    contentSha256 = DocumentDigest.of(in, DocumentDigest.SHA256, null, Long.MAX_VALUE).value();
                }
            }
            cms = CadesSigner.addArchiveTimeStamp(cms, contentSha256, ca::timestamp);
        }
        return new DocumentSigner.Produced(Spool.of(CadesExtensions.encode(cms)), "application/pkcs7-signature", digest, Instant.now());
    }

    /**
     * PAdES: B-T is a document time-stamp over the signed revision (EN 319 142-1 5.3: a PDF signature
     * cannot gain a signature time-stamp afterwards); B-LT a DSS dictionary; B-LTA a DSS dictionary
     * (with the previous time-stamps' validation data) and a document time-stamp over it.
     */
    private DocumentSigner.Produced pades(Path signed, BaselineLevel current, BaselineLevel target,
            DocumentDigest digest) {
        Spool input = Spool.ofFile(signed);
        List<Spool> stages = new ArrayList<>();
        try {
            Spool pdf = input;
            if (current == BaselineLevel.B_B && target != BaselineLevel.B_LTA) {
                // B-LTA's own document time-stamp proves the signature's time as well; B-T and B-LT need one first
                pdf = stage(stages, pdf, (in, out) -> PadesSigner.addDocumentTimeStamp(in, ca::timestamp, ca.tsaChain(), out));
            }
            if (target.longTerm()) {
                Material material = prove(PadesSigner.material(pdf));
                pdf = stage(stages, pdf, (in, out) -> PadesSigner.addValidationData(in, new PadesSigner.ValidationData(
                        material.certificates(), material.ocspResponses(), material.crls()), out));
            }
            if (target == BaselineLevel.B_LTA) {
                pdf = stage(stages, pdf, (in, out) -> PadesSigner.addDocumentTimeStamp(in, ca::timestamp, ca.tsaChain(), out));
            }
            stages.remove(pdf);
            return new DocumentSigner.Produced(pdf, "application/pdf", digest, Instant.now());
        } catch (CryptoException e) {
            throw new ProblemException(ProblemType.SIGNING_UNAVAILABLE,
                    "The signature could not be extended; nothing was stored. Try again later.", 10, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            stages.forEach(Spool::discard);
        }
    }

    /**
     * JAdES: a compact JWS becomes the flattened JSON serialisation (the signed bytes do not change),
     * then gains {@code sigTst} (B-T), {@code xVals} and {@code rVals} with what it lacks (B-LT), and
     * {@code arcTst} (B-LTA). A general JSON serialisation with several signatures is not extended.
     */
    private DocumentSigner.Produced jades(byte[] jws, Path original, BaselineLevel current, BaselineLevel target,
            DocumentDigest digest) throws IOException, MalformedSignatureException {
        List<dev.sealgate.crypto.SignatureFacts> all = dev.sealgate.formats.jades.JadesInspector.inspectAll(jws,
                original == null ? null : Files.readAllBytes(original));
        if (all.size() != 1) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS,
                    "A JWS with " + all.size() + " signatures (general JSON serialisation) is not extended; one signature at a time.");
        }
        dev.sealgate.crypto.SignatureFacts facts = all.get(0);
        dev.sealgate.formats.jades.JadesSigner.LongTerm longTerm = null;
        if (target.longTerm()) {
            Set<X509Certificate> subjects = new LinkedHashSet<>(List.of(facts.signer()));
            Set<X509Certificate> pool = new LinkedHashSet<>(facts.certificates());
            for (dev.sealgate.crypto.SignatureFacts.TimeStampFacts ts : concat(facts.signatureTimeStamps(), facts.archiveTimeStamps())) {
                if (ts.tsa() != null) {
                    subjects.add(ts.tsa());
                }
                pool.addAll(ts.certificates());
            }
            Material material = prove(new CadesExtensions.Material(List.copyOf(subjects), List.copyOf(pool), facts.crls(),
                    facts.ocspResponses()));
            // only what the signature does not carry yet: a renewal adds no second copy of the same values
            List<X509Certificate> certificates = material.certificates().stream().filter(c -> !facts.certificates().contains(c))
                    .toList();
            List<X509CRL> crls = material.crls().stream().filter(c -> !facts.crls().contains(c)).toList();
            List<byte[]> ocsp = material.ocspResponses().stream()
                    .filter(o -> facts.ocspResponses().stream().noneMatch(f -> java.util.Arrays.equals(f, o))).toList();
            longTerm = new dev.sealgate.formats.jades.JadesSigner.LongTerm(certificates, crls, ocsp,
                    target == BaselineLevel.B_LTA);
        }
        byte[] extended = dev.sealgate.formats.jades.JadesSigner.extend(jws, !facts.signatureTimeStamps().isEmpty(), longTerm,
                ca::timestamp);
        return new DocumentSigner.Produced(Spool.of(extended), "application/jose+json", digest, Instant.now());
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

    private interface InMemoryExtension {
        DocumentSigner.Produced run() throws IOException, MalformedSignatureException;
    }

    /** Runs a CMS or JWS extension, with what went wrong turned into the caller's problem. */
    private static DocumentSigner.Produced inMemory(InMemoryExtension extension) {
        try {
            return extension.run();
        } catch (MalformedSignatureException e) {
            throw new ProblemException(ProblemType.MALFORMED_SIGNATURE, e.getMessage());
        } catch (CryptoException e) {
            throw new ProblemException(ProblemType.SIGNING_UNAVAILABLE,
                    "The signature could not be extended; nothing was stored. Try again later.", 10, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CMS and JWS signatures are extended in memory, up to the configured size. */
    private byte[] readBounded(Path signed) throws IOException {
        if (Files.size(signed) > limits.maxCmsExtensionSize().asLongValue()) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "Signatures are extended in memory up to "
                    + limits.maxCmsExtensionSize().asLongValue() + " bytes; this one is larger (an enveloping signature of a large document).");
        }
        return Files.readAllBytes(signed);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private interface Step {
        void apply(Spool in, OutputStream out) throws IOException;
    }

    private Spool stage(List<Spool> stages, Spool in, Step step) throws IOException {
        Spool out = signer.newSpool();
        stages.add(out);
        try (OutputStream stream = out) {
            step.apply(in, stream);
        }
        return out;
    }

    /** Certificates and revocation values that complete what a signature holds. */
    private record Material(List<X509Certificate> certificates, List<X509CRL> crls, List<byte[]> ocspResponses) {
    }

    /**
     * For every signer and time-stamp unit: the path to a trust anchor, and revocation data for each
     * certificate on it below the anchor. A certificate without a path or without revocation data
     * stops the extension: a B-LT that a validator could not use is not written.
     */
    private Material prove(CadesExtensions.Material found) {
        Set<X509Certificate> pool = new LinkedHashSet<>(found.certificates());
        pool.addAll(ca.tsaChain());
        pool.addAll(ca.caChain());
        Set<X509Certificate> subjects = new LinkedHashSet<>(found.subjects());
        // the time-stamp about to be added is SealGate's: its unit's validation data goes in with the rest
        subjects.add(ca.tsaChain().get(0));
        Set<X509Certificate> certificates = new LinkedHashSet<>();
        List<X509CRL> crls = new ArrayList<>();
        List<byte[]> ocsp = new ArrayList<>();
        for (X509Certificate subject : subjects) {
            CertificatePaths.Path path = CertificatePaths.build(subject, pool, anchors.all());
            if (!path.trusted()) {
                throw new ProblemException(ProblemType.VALIDATION_DATA_UNAVAILABLE, "No path from '"
                        + subject.getSubjectX500Principal().getName() + "' to a trust anchor: its validation data cannot be added.");
            }
            List<X509Certificate> chain = path.certificates();
            for (int i = 0; i < chain.size(); i++) {
                X509Certificate certificate = chain.get(i);
                certificates.add(certificate);
                if (certificate.equals(path.anchor()) || RevocationEvidence.noCheck(certificate)) {
                    continue;
                }
                RevocationSources.Found evidence = revocations.find(certificate, chain.subList(i + 1, chain.size()), found.ocspResponses(), found.crls())
                        .filter(f -> f.encoded() != null)
                        .orElseThrow(() -> new ProblemException(ProblemType.VALIDATION_DATA_UNAVAILABLE, "No revocation data for '"
                                + certificate.getSubjectX500Principal().getName() + "' could be obtained"
                                + (revocations.offline() ? " (verification is offline: only embedded data is used)" : "")
                                + "; the signature was not extended."));
                if (evidence.ocsp()) {
                    if (ocsp.stream().noneMatch(o -> java.util.Arrays.equals(o, evidence.encoded()))) {
                        ocsp.add(evidence.encoded());
                    }
                } else {
                    X509CRL crl = CertificateUrls.parseCrl(evidence.encoded());
                    if (!crls.contains(crl)) {
                        crls.add(crl);
                    }
                }
            }
        }
        return new Material(List.copyOf(certificates), crls, ocsp);
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
