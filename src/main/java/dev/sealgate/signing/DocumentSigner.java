package dev.sealgate.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.sealgate.audit.Actor;
import dev.sealgate.audit.AuditAction;
import dev.sealgate.audit.AuditLog;
import dev.sealgate.crypto.CryptoException;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.formats.Appearance;
import dev.sealgate.formats.DocumentFormat;
import dev.sealgate.formats.DocumentFormats;
import dev.sealgate.formats.Making;
import dev.sealgate.formats.Produced;
import dev.sealgate.formats.SignatureFormat;
import dev.sealgate.formats.SignatureRequest;
import dev.sealgate.formats.Spool;
import dev.sealgate.identity.Principal;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.support.PkiSettings;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.support.SigningSettings;

/**
 * Signs one document: chooses the key the format signs with, has the format's plug-in read the document once and
 * make the signed object ({@link DocumentFormat#make}), and records it. A failure at any step leaves no record and
 * no file behind.
 */
@ApplicationScoped
public class DocumentSigner {

    @Inject
    SignerKeys keys;

    @Inject
    AuditLog audit;

    @Inject
    SigningSettings limits;

    @Inject
    ElectronicSeals seals;

    @Inject
    PkiSettings pkiSettings;

    @Inject
    DocumentFormats formats;

    @Inject
    FormatServices services;

    DocumentSigner() {
    }

    /** A signer outside CDI (benchmarks): {@link #produce} only, with the size limits' defaults ({@link SigningSettings#defaults}). */
    public static DocumentSigner standalone(CertificateAuthority ca, Path workDir, DocumentFormats formats) {
        DocumentSigner signer = new DocumentSigner();
        signer.formats = formats;
        signer.services = FormatServices.standalone(ca, workDir);
        signer.limits = signer.services.limits();
        return signer;
    }

    /**
     * Who authorised a signature: the signer's authentication and, for a seal used with a custodian's
     * approval, the custodian, their authentication and the seal request.
     */
    public record Authorisation(StepUp.Authentication signer, String approverUsername, StepUp.Authentication approver,
            String sealRequestId) {

        public static Authorisation of(StepUp.Authentication signer) {
            return new Authorisation(signer, null, null, null);
        }

        /** For the audit entry: how the signer (and the approver) had authenticated. */
        String describe() {
            String text = "acr " + signer.acr() + " at " + signer.authTime();
            return approverUsername == null ? text
                    : text + "; approved by " + approverUsername.substring(0, Math.min(64, approverUsername.length())) + " (acr "
                            + approver.acr() + " at " + approver.authTime() + ") on seal request " + sealRequestId;
        }
    }

    public SignedDocument sign(Principal signer, String clientId, SignatureRequest request, InputStream body, Authorisation authorisation) {
        SignerKey key;
        byte[] seal = null;
        String detail = "signed";
        DocumentFormat format = formats.of(request.format());
        switch (format.keyUse(request.keyKind())) {
            case ELECTRONIC_SEAL -> {
                // GB/T 38540: the department's electronic seal and the SM2 key whose certificate it lists
                ElectronicSeals.InUse inUse = request.sealId() == null ? seals.current(signer.department())
                        : seals.chosen(signer.department(), request.sealId());
                key = inUse.key();
                seal = inUse.seal().der;
                detail = "sealed with electronic seal " + inUse.seal().id;
            }
            case PERSONAL_SM2 -> key = keys.personalSm2(signer);
            default -> key = keys.forCaller(signer, request.keyKind());
        }
        // a check code for the QR code beside a visible signature or a seal
        String code = format.showsCheckCode(request) ? CheckCodes.newCode() : null;
        AppearanceMaker appearance = code == null ? null : appearance(signer, request, code);
        Produced produced = produce(request, key, seal, appearance, body);
        String auditDetail = detail + "; " + authorisation.describe();
        try {
            SignatureRecord record = record(signer, clientId, request, key, produced.digest(), produced.signedAt());
            record.authAcr = authorisation.signer().acr();
            record.authTime = authorisation.signer().authTime();
            if (authorisation.approverUsername() != null) {
                record.approverUsername = authorisation.approverUsername();
                record.approverAcr = authorisation.approver().acr();
                record.approverAuthTime = authorisation.approver().authTime();
                record.sealRequestId = authorisation.sealRequestId();
            }
            if (code != null && produced.checkable()) {
                // the check page compares an uploaded copy with what was handed out
                record.checkCodeHash = CheckCodes.hash(code);
                record.signedSha256 = sha256(produced.output());
                record.pageCount = produced.pages();
                record.signerName = signer.displayName() != null ? signer.displayName() : signer.username();
            }
            // the record and its audit entry commit together, or neither does (with an approved seal
            // request's own changes, when the signature is made on its approval)
            String entry = QuarkusTransaction.joiningExisting().call(() -> {
                record.persist();
                record.auditEntryId = audit.record(Actor.of(signer, clientId), AuditAction.SIGNATURE_CREATE, "signature", record.id,
                        record.documentSha256, auditDetail).id;
                return record.auditEntryId;
            });
            return new SignedDocument(record, produced, code == null || !produced.checkable() ? null : checkUrl(code), entry);
        } catch (RuntimeException e) {
            produced.discard();
            throw e;
        }
    }

    /** Reads the document once and writes the signed object with {@code key}; records nothing. */
    public Produced produce(SignatureRequest request, SignerKey key, InputStream body) {
        return produce(request, key, null, body);
    }

    /** {@link #produce(SignatureRequest, SignerKey, InputStream)}, with an electronic seal (the DER {@code SESeal}). */
    public Produced produce(SignatureRequest request, SignerKey key, byte[] seal, InputStream body) {
        return produce(request, key, seal, null, body);
    }

    /** A visible mark's content, made once the signing time is known. */
    @FunctionalInterface
    public interface AppearanceMaker extends Function<Instant, Appearance> {
    }

    /**
     * {@link #produce(SignatureRequest, SignerKey, InputStream)} with an electronic seal (the DER {@code SESeal}) or a
     * visible mark's content; either may be null. The request's format makes it ({@link DocumentFormat#make}).
     */
    public Produced produce(SignatureRequest request, SignerKey key, byte[] seal, AppearanceMaker appearance, InputStream body) {
        try {
            return formats.of(request.format()).make(new Making(request, key, seal, appearance, services), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CryptoException e) {
            throw new ProblemException(ProblemType.SIGNING_UNAVAILABLE,
                    "The signature could not be produced; nothing was stored. Try again later.", 10, e);
        }
    }

    /** Bytes of the in-memory budget not held by any request (for tests and diagnostics). */
    long memoryAvailable() {
        return services.memoryAvailable();
    }

    /** The address a check code opens: {@code {public URL}/v/{code}}. */
    String checkUrl(String code) {
        String base = pkiSettings.publicUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v/" + code;
    }

    private static final java.time.format.DateTimeFormatter APPEARANCE_TIME = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'xxx");
    private static final java.time.format.DateTimeFormatter APPEARANCE_CLOCK = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm:ss 'UTC'xxx");

    /**
     * The appearance of a visible signature: the department's seal for a seal (the seal its electronic
     * seals show, drawn from the name on it), the civil servant's name and department otherwise, the
     * signing time in the configured zone, the QR code.
     */
    private AppearanceMaker appearance(Principal signer, SignatureRequest request, String code) {
        String department = signer.department();
        String departmentName = department == null ? null : limits.seals().names().getOrDefault(department, department);
        // a seal is drawn from the name on it (a format that shows the electronic seal's own picture ignores it)
        String sealName = request.keyKind() == SignatureFormat.KeyKind.SEAL ? departmentName : null;
        String person = signer.displayName() != null ? signer.displayName() : signer.username();
        String url = checkUrl(code);
        return at -> {
            java.time.ZonedDateTime local = at.atZone(limits.appearanceZone());
            String time = "签署时间 " + APPEARANCE_TIME.format(local);
            // under a seal's QR code the time goes on two short lines: date, then time and zone
            List<String> lines = sealName != null
                    ? List.of("签署时间 " + local.toLocalDate(), APPEARANCE_CLOCK.format(local))
                    : departmentName == null ? List.of(person, time) : List.of(person, departmentName, time);
            return new Appearance(sealName, lines, url, "扫码核验\nScan to verify");
        };
    }

    private static String sha256(Spool output) {
        try (InputStream in = output.open()) {
            return DocumentDigest.of(in, DocumentDigest.SHA256, null, Long.MAX_VALUE).sha256Hex();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SignatureRecord record(Principal signer, String clientId, SignatureRequest request, SignerKey key,
            DocumentDigest digest, Instant now) {
        SignatureRecord record = new SignatureRecord();
        record.id = UUID.randomUUID().toString();
        record.createdAt = now;
        record.signerSubject = signer.subject();
        record.signerUsername = signer.username();
        record.department = signer.department();
        record.keyKind = request.keyKind();
        record.certificateSerial = CertificateAuthority.hex(key.certificate().getSerialNumber());
        record.signatureAlgorithm = key.scheme().name();
        record.format = request.format();
        record.packaging = request.packaging();
        record.level = request.level().label();
        record.documentName = request.documentName();
        record.documentType = request.documentType();
        record.documentSize = digest.size();
        record.documentSha256 = digest.sha256Hex();
        record.clientAzp = clientId;
        return record;
    }
}
