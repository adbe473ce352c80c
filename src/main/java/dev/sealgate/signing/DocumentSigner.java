package dev.sealgate.signing;

import java.io.BufferedInputStream;
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
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sealgate.audit.Actor;
import dev.sealgate.audit.AuditLog;
import dev.sealgate.crypto.CryptoException;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.crypto.TimeStampSource;
import dev.sealgate.formats.cades.CadesSigner;
import dev.sealgate.formats.jades.JadesSigner;
import dev.sealgate.identity.Principal;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.support.SigningSettings;
import io.quarkus.narayana.jta.QuarkusTransaction;
import dev.sealgate.formats.Spool;
import dev.sealgate.formats.pades.PadesSigner;
import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.ofd.OfdSigner;

/**
 * Signs one document: reads it once (digest, and a spool file when the content must be embedded),
 * has the key custody sign the signed attributes, assembles the signed object, and records it. A
 * failure at any step leaves no record and no file behind.
 */
@ApplicationScoped
public class DocumentSigner {

    @Inject
    SignerKeys keys;

    @Inject
    CertificateAuthority ca;

    @Inject
    AuditLog audit;

    @Inject
    SigningSettings limits;

    @Inject
    ElectronicSeals seals;

    @Inject
    dev.sealgate.support.PkiSettings pkiSettings;

    private Spool.Budget budget;

    @jakarta.annotation.PostConstruct
    void createBudget() {
        budget = new Spool.Budget(limits.inMemoryTotal().asLongValue());
        if (workDir == null) {
            workDir = limits.workDir();
        }
    }

    /** {@link SigningSettings#workDir}, or a benchmark's directory. */
    Path workDir;

    private volatile boolean workDirReady;

    DocumentSigner() {
    }

    /** A signer outside CDI (benchmarks): {@link #produce} only, with the size limits' defaults ({@link SigningSettings#defaults}). */
    public static DocumentSigner standalone(CertificateAuthority ca, Path workDir) {
        DocumentSigner signer = new DocumentSigner();
        signer.ca = ca;
        signer.workDir = workDir;
        signer.limits = SigningSettings.defaults();
        signer.createBudget();
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
        if (request.format() == SignatureFormat.Format.OFD && request.keyKind() == SignatureFormat.KeyKind.SEAL) {
            // GB/T 38540: the department's electronic seal and the SM2 key whose certificate it lists
            ElectronicSeals.InUse inUse = request.sealId() == null ? seals.current(signer.department())
                    : seals.chosen(signer.department(), request.sealId());
            key = inUse.key();
            seal = inUse.seal().der;
            detail = "sealed with electronic seal " + inUse.seal().id;
        } else if (request.format() == SignatureFormat.Format.OFD) {
            key = keys.personalSm2(signer);
        } else {
            key = keys.forCaller(signer, request.keyKind());
        }
        // a check code for the QR code of a visible PAdES signature, or beside an OFD seal
        boolean checkable = request.format() == SignatureFormat.Format.PADES && request.visible() != null
                || request.format() == SignatureFormat.Format.OFD && request.keyKind() == SignatureFormat.KeyKind.SEAL;
        String code = checkable ? CheckCodes.newCode() : null;
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
                record.auditEntryId = audit.record(Actor.of(signer, clientId), "signature.create", "signature", record.id,
                        record.documentSha256, auditDetail).id;
                return record.auditEntryId;
            });
            return new SignedDocument(record, produced, code == null || !produced.checkable() ? null : checkUrl(code), entry);
        } catch (RuntimeException e) {
            produced.discard();
            throw e;
        }
    }

    /**
     * A signed object, with the document's digest and the signing time: in memory when it is small, in
     * a temporary file otherwise; {@link #discard()} frees either.
     */
    public record Produced(Spool output, String mediaType, DocumentDigest digest, Instant signedAt, int pages, boolean checkable) {

        public Produced(Spool output, String mediaType, DocumentDigest digest, Instant signedAt) {
            this(output, mediaType, digest, signedAt, 0, false);
        }

        public void writeTo(OutputStream out) throws IOException {
            output.writeTo(out);
        }

        public byte[] bytes() throws IOException {
            return output.bytes();
        }

        /** Whether the signed object is in memory (no temporary file). */
        public boolean inMemory() {
            return output.inMemory();
        }

        /** Removes the temporary file, if there is one. */
        public void discard() {
            output.discard();
        }
    }

    /** Reads the document once and writes the signed object with {@code key}; records nothing. */
    public Produced produce(SignatureRequest request, SignerKey key, InputStream body) {
        return produce(request, key, null, body);
    }

    /** {@link #produce(SignatureRequest, SignerKey, InputStream)}, for an OFD seal with the DER {@code SESeal}. */
    public Produced produce(SignatureRequest request, SignerKey key, byte[] seal, InputStream body) {
        return produce(request, key, seal, null, body);
    }

    /** A visible signature's appearance, made once the signing time is known. */
    @FunctionalInterface
    public interface AppearanceMaker {
        dev.sealgate.formats.pades.SignatureAppearance at(Instant signingTime);
    }

    /**
     * {@link #produce(SignatureRequest, SignerKey, InputStream)} with an OFD seal (the DER {@code SESeal})
     * or a visible PAdES appearance; either may be null.
     */
    public Produced produce(SignatureRequest request, SignerKey key, byte[] seal, AppearanceMaker appearance, InputStream body) {
        Spool document = null;
        Spool output = null;
        try {
            if (!workDirReady) {
                // once: createDirectories on an existing directory costs a failed mkdir and an exception per call
                Files.createDirectories(workDir);
                workDirReady = true;
            }
            if (request.format() == SignatureFormat.Format.JADES && !key.scheme().hasJose()) {
                throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS,
                        dev.sealgate.crypto.SignatureScheme.NO_JOSE_ALGORITHM + ": sign JSON with this key as CAdES.");
            }
            boolean embeds = request.packaging() == SignatureFormat.Packaging.ENVELOPING
                    || request.format() != SignatureFormat.Format.CADES;
            boolean json = request.format() == SignatureFormat.Format.JADES;
            // JSON is signed from memory (bounded by max-json-size); read one byte past the bound to see it exceeded
            long limit = json ? Math.min(limits.maxJsonSize().asLongValue() + 1, limits.maxDocumentSize().asLongValue())
                    : limits.maxDocumentSize().asLongValue();
            document = embeds ? new Spool(workDir, json ? (int) Math.min(limit, Integer.MAX_VALUE - 16) : memoryLimit(), budget) : null;
            DocumentDigest digest;
            try (InputStream in = new BufferedInputStream(body, 64 * 1024); OutputStream copy = document) {
                // CAdES signs this digest; PAdES and JAdES hash their own signed bytes later, so SHA-256 (the record's) is enough here
                digest = DocumentDigest.of(in, request.format() == SignatureFormat.Format.CADES ? key.scheme().digest()
                        : DocumentDigest.SHA256, copy, limit);
            } catch (DocumentDigest.DocumentTooLargeException e) {
                throw json && limit > limits.maxJsonSize().asLongValue() ? jsonTooLarge() : new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                        "The document exceeds the configured maximum of " + limits.maxDocumentSize().asLongValue() + " bytes.");
            }
            if (digest.size() == 0) {
                throw new ProblemException(ProblemType.EMPTY_DOCUMENT, "The request body is empty: send the document to sign.");
            }
            Instant now = Instant.now();
            if (document == null && !request.level().longTerm()) {
                // detached CAdES without validation data: the signature is small, no file round trip
                return new Produced(Spool.of(CadesSigner.detached(digest, key, cadesOptions(request, now))),
                        "application/pkcs7-signature", digest, now);
            }
            if (json) {
                return jades(request, key, document.bytes(), digest, now);
            }
            output = new Spool(workDir, memoryLimit(), budget);
            String mediaType;
            int pages = 0;
            boolean checkable = false;
            try (OutputStream out = output) {
                if (request.format() == SignatureFormat.Format.OFD) {
                    OfdSigner.Result result = OfdSigner.sign(document, new OfdSigner.Request(key, seal, limits.seals().diameterMm(),
                            request.placement(), now, request.level() == BaselineLevel.B_T ? ca::timestamp : null,
                            appearance == null ? null : appearance.at(now).qrText()), out);
                    pages = result.pages();
                    checkable = result.qrCode();
                    mediaType = "application/ofd";
                } else if (request.format() == SignatureFormat.Format.CADES) {
                    mediaType = cades(request, key, digest, document, now, out);
                } else {
                    pages = pades(request, key, document, now, appearance == null ? null : appearance.at(now), out);
                    checkable = appearance != null;
                    mediaType = "application/pdf";
                }
            }
            return new Produced(output, mediaType, digest, now, pages, checkable);
        } catch (IOException e) {
            discard(output);
            throw new UncheckedIOException(e);
        } catch (CryptoException e) {
            discard(output);
            throw new ProblemException(ProblemType.SIGNING_UNAVAILABLE,
                    "The signature could not be produced; nothing was stored. Try again later.", 10, e);
        } catch (RuntimeException e) {
            discard(output);
            throw e;
        } finally {
            discard(document);
        }
    }

    /** A spool for an intermediate or final object: in memory within the limits, else in the work directory. */
    Spool newSpool() throws IOException {
        if (!workDirReady) {
            Files.createDirectories(workDir);
            workDirReady = true;
        }
        return new Spool(workDir, memoryLimit(), budget);
    }

    /** Bytes of the in-memory budget not held by any request (for tests and diagnostics). */
    long memoryAvailable() {
        return budget.available();
    }

    private int memoryLimit() {
        return (int) Math.min(Integer.MAX_VALUE - 16, limits.inMemoryLimit().asLongValue());
    }

    private static void discard(Spool spool) {
        if (spool != null) {
            spool.discard();
        }
    }

    private CadesSigner.Options cadesOptions(SignatureRequest request, Instant now) {
        return new CadesSigner.Options(now, true, request.level() == BaselineLevel.B_B ? null : ca::timestamp);
    }

    private String cades(SignatureRequest request, SignerKey key, DocumentDigest digest, Spool document, Instant now,
            OutputStream output) throws IOException {
        CadesSigner.Options options = cadesOptions(request, now);
        if (!request.level().longTerm()) {
            writeCades(key, digest, document, options, output);
            return "application/pkcs7-signature";
        }
        Spool signed = new Spool(workDir, memoryLimit(), budget);
        try {
            try (OutputStream out = signed) {
                writeCades(key, digest, document, options, out);
            }
            ValidationMaterial material = validationMaterial(key);
            if (request.level() == BaselineLevel.B_LTA) {
                // the archive time-stamp is added to the SignedData in memory: small when detached, bounded when enveloping
                if (document != null && digest.size() > limits.maxCmsExtensionSize().asLongValue()) {
                    throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "Enveloping B-LTA signatures are made for documents up to "
                            + limits.maxCmsExtensionSize().asLongValue() + " bytes; sign larger documents detached.");
                }
                java.io.ByteArrayOutputStream withData = new java.io.ByteArrayOutputStream();
                try (InputStream in = signed.open()) {
                    CadesSigner.addValidationData(in, material.certificates(), material.crls(), material.ocspResponses(), withData);
                }
                output.write(CadesSigner.addArchiveTimeStamp(withData.toByteArray(), digest.sha256(), ca::timestamp));
                return "application/pkcs7-signature";
            }
            try (InputStream in = new BufferedInputStream(signed.open(), 64 * 1024)) {
                CadesSigner.addValidationData(in, material.certificates(), material.crls(), material.ocspResponses(), output);
            }
        } finally {
            signed.discard();
        }
        return "application/pkcs7-signature";
    }

    private static void writeCades(SignerKey key, DocumentDigest digest, Spool document, CadesSigner.Options options,
            OutputStream out) throws IOException {
        if (document == null) {
            out.write(CadesSigner.detached(digest, key, options));
            return;
        }
        try (InputStream content = new BufferedInputStream(document.open(), 64 * 1024)) {
            CadesSigner.enveloping(content, digest, key, options, out);
        }
    }

    /** Signs the PDF (visibly when {@code appearance} is given); returns its number of pages. */
    private int pades(SignatureRequest request, SignerKey key, Spool pdf, Instant now,
            dev.sealgate.formats.pades.SignatureAppearance appearance, OutputStream output) throws IOException {
        TimeStampSource timeStamps = request.level() == BaselineLevel.B_B ? null : ca::timestamp;
        String name = key.certificate().getSubjectX500Principal().getName();
        if (!request.level().longTerm()) {
            return PadesSigner.sign(pdf, key, now, timeStamps, ca.tsaChain(), name, appearance, output).pages();
        }
        Spool signed = new Spool(workDir, memoryLimit(), budget);
        int pages;
        try {
            try (OutputStream out = signed) {
                pages = PadesSigner.sign(pdf, key, now, timeStamps, ca.tsaChain(), name, appearance, out).pages();
            }
            ValidationMaterial material = validationMaterial(key);
            if (request.level() == BaselineLevel.B_LT) {
                PadesSigner.addValidationData(signed, new PadesSigner.ValidationData(material.certificates(),
                        material.ocspResponses(), material.crls()), output);
            } else {
                Spool withData = new Spool(workDir, memoryLimit(), budget);
                try {
                    try (OutputStream out = withData) {
                        PadesSigner.addValidationData(signed, new PadesSigner.ValidationData(material.certificates(),
                                material.ocspResponses(), material.crls()), out);
                    }
                    PadesSigner.addDocumentTimeStamp(withData, ca::timestamp, ca.tsaChain(), output);
                } finally {
                    withData.discard();
                }
            }
        } finally {
            signed.discard();
        }
        return pages;
    }

    private Produced jades(SignatureRequest request, SignerKey key, byte[] document, DocumentDigest digest, Instant now) {
        if (document.length > limits.maxJsonSize().asLongValue()) {
            throw jsonTooLarge();
        }
        boolean timeStamped = request.level() != BaselineLevel.B_B;
        JadesSigner.LongTerm longTerm = null;
        if (request.level().longTerm()) {
            ValidationMaterial material = validationMaterial(key);
            longTerm = new JadesSigner.LongTerm(material.certificates(), material.crls(), material.ocspResponses(),
                    request.level() == BaselineLevel.B_LTA);
        }
        byte[] jws;
        try {
            jws = JadesSigner.sign(document, key, now, request.packaging() == SignatureFormat.Packaging.DETACHED,
                    timeStamped ? ca::timestamp : null, longTerm);
        } catch (IllegalArgumentException e) {
            // sign checks the document before anything is signed; its message says where and why, for the
            // caller who sent the document (problem details are not logged)
            throw new ProblemException(ProblemType.NOT_JSON, "JAdES signs JSON documents. " + e.getMessage() + ".");
        }
        return new Produced(Spool.of(jws), timeStamped ? "application/jose+json" : "application/jose", digest, now);
    }

    private ProblemException jsonTooLarge() {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                "JSON documents are limited to " + limits.maxJsonSize().asLongValue() + " bytes; sign larger files as CAdES.");
    }

    /** What a validator needs for B-LT: every certificate up to the root, fresh OCSP answers, the root's CRL. */
    record ValidationMaterial(List<X509Certificate> certificates, List<byte[]> ocspResponses, List<X509CRL> crls) {
    }

    private ValidationMaterial validationMaterial(SignerKey key) {
        java.util.Set<X509Certificate> distinct = new java.util.LinkedHashSet<>(key.chain());
        distinct.addAll(ca.tsaChain());
        distinct.addAll(ca.caChain());
        List<X509Certificate> certificates = List.copyOf(distinct);
        List<byte[]> ocsp = new ArrayList<>();
        List<X509CRL> crls = new ArrayList<>();
        for (X509Certificate cert : certificates) {
            X509Certificate issuer = dev.sealgate.crypto.CertificatePaths.issuerOf(cert, certificates);
            CertificateAuthority.OwnRevocation own = issuer == null || cert.equals(issuer) ? null : ca.ownRevocation(cert, issuer);
            if (own != null && own.ocsp()) {
                ocsp.add(own.encoded());
            } else if (own != null && crls.isEmpty()) {
                crls.add(dev.sealgate.crypto.CertificateUrls.parseCrl(own.encoded()));
            }
        }
        return new ValidationMaterial(certificates, ocsp, crls);
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
        String sealName = request.keyKind() == SignatureFormat.KeyKind.SEAL && request.format() == SignatureFormat.Format.PADES
                ? departmentName : null;
        String person = signer.displayName() != null ? signer.displayName() : signer.username();
        String url = checkUrl(code);
        SignatureRequest.Visible place = request.visible() != null ? request.visible() : new SignatureRequest.Visible(null, null, null, null);
        return at -> {
            java.time.ZonedDateTime local = at.atZone(limits.appearanceZone());
            String time = "签署时间 " + APPEARANCE_TIME.format(local);
            // under a seal's QR code the time goes on two short lines: date, then time and zone
            List<String> lines = sealName != null
                    ? List.of("签署时间 " + local.toLocalDate(), APPEARANCE_CLOCK.format(local))
                    : departmentName == null ? List.of(person, time) : List.of(person, departmentName, time);
            return new dev.sealgate.formats.pades.SignatureAppearance(place.page(), place.x(), place.y(), place.width(), sealName,
                    lines, url, "扫码核验\nScan to verify");
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
