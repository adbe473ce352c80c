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
import dev.sealgate.audit.AuditLog;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.crypto.JadesSignatures;
import dev.sealgate.crypto.SignatureScheme;
import dev.sealgate.crypto.SignerKey;
import dev.sealgate.identity.ResidentId;
import dev.sealgate.identity.UserDirectory;
import dev.sealgate.privacy.PrivacyFilter;
import dev.sealgate.privacy.PrivacyGate;
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
    AuditLog audit;

    public record ShareRequest(String dataset, String nationalId, String purpose, String caseReference) {
    }

    @Transactional
    public byte[] release(String partnerId, Actor actor, ShareRequest request) {
        if (request == null || blank(request.dataset()) || blank(request.purpose()) || blank(request.caseReference())
                || request.caseReference().length() > 255) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "dataset, nationalId, purpose and caseReference are required.");
        }
        if (!ResidentId.isValid(request.nationalId())) {
            throw new ProblemException(ProblemType.INVALID_NATIONAL_ID, "nationalId must be a valid 18-character resident ID.");
        }
        // policy first: a partner without a lawful purpose learns nothing about the subject
        gate.filter(partnerId, request.dataset(), request.purpose(), JSON.createObjectNode());
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
        if (seal.scheme() == SignatureScheme.SM2_SM3) {
            throw new ProblemException(ProblemType.UNSUPPORTED_SIGNATURE_PARAMETERS,
                    "The owning department's seal is SM2, which has no JOSE algorithm; it cannot seal a JAdES release.");
        }
        Instant now = Instant.now();
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("policy", release.policy().reference());
        envelope.put("dataset", request.dataset());
        envelope.put("purpose", request.purpose());
        envelope.put("legalBasis", release.legalBasis());
        envelope.put("recipient", partnerId);
        envelope.put("caseReference", request.caseReference());
        envelope.put("releasedAt", now.toString());
        envelope.set("record", release.filtered().released());
        byte[] sealed = JadesSignatures.sign(envelope.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), seal, now,
                false, null);

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
        disclosure.persist();
        audit.record(actor, "share.release", "disclosure", disclosure.id, DocumentDigest.sha256HexOf(sealed), "released");
        return sealed;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
