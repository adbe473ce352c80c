package dev.sealgate.sharing;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.sealgate.audit.Actor;
import dev.sealgate.audit.AuditAction;
import dev.sealgate.audit.AuditLog;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.formats.BaselineLevel;
import dev.sealgate.formats.Produced;
import dev.sealgate.formats.SignatureFormat;
import dev.sealgate.formats.SignatureRequest;
import dev.sealgate.identity.ResidentId;
import dev.sealgate.identity.UserDirectory;
import dev.sealgate.privacy.PrivacyFilter;
import dev.sealgate.privacy.PrivacyGate;
import dev.sealgate.privacy.SharingPolicy;
import dev.sealgate.signing.DocumentSigner;
import dev.sealgate.signing.SignerKeys;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

/**
 * One release to a partner: policy check, the citizen resolved in Keycloak, the record minimised by
 * the privacy filter, sealed as JAdES by the owning department's seal, and the disclosure logged in
 * the same transaction, with its audit entry (the subject appears there only through the disclosure).
 */
@ApplicationScoped
public class Releases {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOT_FOUND = "No record for that subject in this dataset.";

    @Inject
    PrivacyGate gate;

    @Inject
    UserDirectory directory;

    @Inject
    SignerKeys keys;

    @Inject
    DocumentSigner signer;

    @Inject
    AuditLog audit;

    /**
     * @param hiddenUntil  for a lawful secret enquiry: until when (ISO-8601 date or instant) the
     *                     citizen's disclosure view does not show this release; only for purposes whose
     *                     policy has a confidentiality clause, and within its maximum
     * @param hiddenReason why, shown to auditors (required with hiddenUntil)
     */
    public record ShareRequest(String dataset, String nationalId, String purpose, String caseReference, String hiddenUntil,
            String hiddenReason) {

        public ShareRequest(String dataset, String nationalId, String purpose, String caseReference) {
            this(dataset, nationalId, purpose, caseReference, null, null);
        }
    }

    /** A sealed release and its media type. */
    /** {@code auditEntry}: the id of the audit entry that recorded the release (null before it is recorded). */
    public record Sealed(byte[] bytes, String mediaType, String auditEntry) {
    }

    /**
     * Sealed through the signing path, as any document a department seals: JAdES (compact JWS, B-B)
     * with the department's seal; a seal on SM2, for which JOSE registers no algorithm, seals the same
     * envelope as CAdES enveloping with SM2/SM3 instead.
     */
    private Sealed seal(byte[] envelope, SignerKey seal) {
        boolean jose = seal.scheme().hasJose();
        SignatureRequest request = new SignatureRequest(jose ? SignatureFormat.Format.JADES : SignatureFormat.Format.CADES,
                SignatureFormat.Packaging.ENVELOPING, BaselineLevel.B_B, SignatureFormat.KeyKind.SEAL, "release.json",
                "application/json");
        Produced produced = signer.produce(request, seal, new java.io.ByteArrayInputStream(envelope));
        try {
            return new Sealed(produced.bytes(), jose ? "application/jose" : "application/pkcs7-mime", null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            produced.discard();
        }
    }

    @Transactional
    public Sealed release(String partnerId, Actor actor, ShareRequest request) {
        if (request == null || blank(request.dataset()) || blank(request.purpose()) || blank(request.caseReference())
                || request.caseReference().length() > 255) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "dataset, nationalId, purpose and caseReference are required.");
        }
        if (!ResidentId.isValid(request.nationalId())) {
            throw new ProblemException(ProblemType.INVALID_NATIONAL_ID, "nationalId must be a valid 18-character resident ID.");
        }
        // to the millisecond, as every database keeps it: the digest the audit entry binds is recomputed from the row
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant hiddenUntil = hiddenUntil(request, now);
        // policy first: a partner without a lawful purpose learns nothing about the subject
        PrivacyGate.Release allowed = gate.filter(partnerId, request.dataset(), request.purpose(), JSON.createObjectNode());
        if (hiddenUntil != null) {
            confidential(allowed.confidentiality(), hiddenUntil, now);
        }
        if (directory.findByNationalId(request.nationalId().toUpperCase()).isEmpty()) {
            throw new ProblemException(ProblemType.NOT_FOUND, NOT_FOUND);
        }
        String subject = gate.subjectKey(request.nationalId());
        DatasetRecord stored = DatasetRecord.find(request.dataset(), subject);
        if (stored == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, NOT_FOUND);
        }
        JsonNode record;
        try {
            record = JSON.readTree(stored.recordJson);
        } catch (Exception e) {
            throw new IllegalStateException("Stored record unreadable", e);
        }
        PrivacyGate.Release release = gate.filter(partnerId, request.dataset(), request.purpose(), record);
        SignerKey seal = keys.seal(stored.ownerDepartment);
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("policy", release.policy().reference());
        envelope.put("dataset", request.dataset());
        envelope.put("purpose", request.purpose());
        envelope.put("legalBasis", release.legalBasis());
        envelope.put("recipient", partnerId);
        envelope.put("caseReference", request.caseReference());
        envelope.put("releasedAt", now.toString());
        envelope.set("record", release.filtered().released());
        Sealed sealed = seal(envelope.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), seal);

        Disclosure disclosure = new Disclosure();
        disclosure.id = UUID.randomUUID().toString();
        disclosure.subjectKey = subject;
        disclosure.recipient = partnerId;
        disclosure.dataset = request.dataset();
        disclosure.purpose = request.purpose();
        disclosure.legalBasis = release.legalBasis();
        disclosure.caseReference = request.caseReference();
        disclosure.policyRef = release.policy().reference();
        ArrayNode released = JSON.createArrayNode();
        ArrayNode withheld = JSON.createArrayNode();
        for (PrivacyFilter.FieldDecision decision : release.filtered().decisions()) {
            if (decision.released()) {
                released.addObject().put("path", decision.path()).put("operator", decision.operator());
            } else {
                withheld.add(decision.path());
            }
        }
        disclosure.fieldsReleased = released.toString();
        disclosure.fieldsWithheld = withheld.toString();
        disclosure.releasedAt = now;
        disclosure.hiddenUntil = hiddenUntil;
        disclosure.hiddenReason = hiddenUntil == null ? null : request.hiddenReason().strip();
        disclosure.persist();
        disclosure.auditEntryId = audit.record(actor, AuditAction.SHARE_RELEASE, "disclosure", disclosure.id,
                DocumentDigest.sha256HexOf(sealed.bytes()), hiddenUntil == null ? "released" : "released-hidden-until-" + hiddenUntil,
                disclosure.detailsDigest()).id;
        return new Sealed(sealed.bytes(), sealed.mediaType(), disclosure.auditEntryId);
    }

    /** The requested end of confidentiality, checked for form; null when the release is visible at once. */
    private static Instant hiddenUntil(ShareRequest request, Instant now) {
        if (request.hiddenUntil() == null) {
            if (request.hiddenReason() != null) {
                throw new ProblemException(ProblemType.INVALID_PARAMETER, "hiddenReason is only meaningful with hiddenUntil.");
            }
            return null;
        }
        Instant until;
        try {
            until = request.hiddenUntil().length() == 10
                    ? java.time.LocalDate.parse(request.hiddenUntil()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    : Instant.parse(request.hiddenUntil());
        } catch (java.time.format.DateTimeParseException e) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "hiddenUntil must be an ISO-8601 date or instant.");
        }
        until = until.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (!until.isAfter(now)) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "hiddenUntil must be in the future.");
        }
        if (blank(request.hiddenReason()) || request.hiddenReason().length() > 1024) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER,
                    "A hidden release needs a hiddenReason (at most 1024 characters) for the auditors.");
        }
        return until;
    }

    /** Only a purpose whose policy allows confidentiality may hide a release, and no longer than its maximum. */
    private static void confidential(SharingPolicy.Confidentiality confidentiality, Instant until, Instant now) {
        if (confidentiality == null) {
            throw new ProblemException(ProblemType.CONFIDENTIALITY_NOT_ALLOWED,
                    "The partner's policy does not allow releases for this purpose to be hidden from the citizen.");
        }
        if (until.isAfter(now.plus(confidentiality.max()))) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER,
                    "hiddenUntil is beyond the policy's maximum of " + confidentiality.max().toDays() + " days.");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
