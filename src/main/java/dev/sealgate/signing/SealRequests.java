package dev.sealgate.signing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.scheduler.Scheduled;

import dev.sealgate.audit.Actor;
import dev.sealgate.audit.AuditAction;
import dev.sealgate.audit.AuditLog;
import dev.sealgate.crypto.DocumentDigest;
import dev.sealgate.formats.SignatureRequest;
import dev.sealgate.identity.Principal;
import dev.sealgate.identity.PrincipalKind;
import dev.sealgate.identity.Roles;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import dev.sealgate.support.SigningSettings;

/**
 * Seal requests (用印审批): where a department's policy says its seal needs approval, using it makes a
 * request that waits, with its document, for the seal's custodian. Each state change is one conditional
 * update (only a pending request can be decided), so of an approval and a rejection racing, exactly one
 * wins, on any number of instances; each commits with its audit entry.
 */
@ApplicationScoped
public class SealRequests {

    private static final Logger LOG = Logger.getLogger(SealRequests.class);

    @Inject
    RequestParameters parameters;

    @Inject
    SigningSettings settings;

    @Inject
    AuditLog audit;

    @Inject
    DocumentSigner signer;

    @Inject
    Clock clock;

    private volatile Duration expiry;

    @PostConstruct
    void read() {
        expiry = settings.sealApproval().expiry();
    }

    /** Whether using {@code department}'s seal waits for its custodian. */
    public boolean approvalRequired(String department) {
        return department != null && settings.sealApproval().required().getOrDefault(department, false);
    }

    /** Replaces the expiry (tests of expiry, which cannot wait a day); {@link #read()} restores it. */
    void overrideExpiry(Duration value) {
        expiry = value;
    }

    /**
     * Records a request to seal the document in {@code body} with the requester's department's seal, as
     * {@code request} and {@code options} (the query parameters that place it) say.
     */
    public SealRequest create(Principal requester, String clientId, SignatureRequest request, String options, String purpose,
            StepUp.Authentication authentication, InputStream body) {
        if (purpose == null || purpose.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "The seal of your department is used with its custodian's "
                    + "approval: say what it is for in purpose (用印事由), at most 500 characters.");
        }
        String why = purpose.strip();
        if (why.length() > 500 || why.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "purpose must be at most 500 characters of text.");
        }
        long limit = Math.min(settings.sealApproval().maxDocumentSize().asLongValue(), settings.maxDocumentSize().asLongValue());
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        DocumentDigest digest;
        try {
            digest = DocumentDigest.of(body, DocumentDigest.SHA256, copy, limit);
        } catch (DocumentDigest.DocumentTooLargeException e) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "A document waiting for a seal custodian may be at most "
                    + limit + " bytes.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (digest.size() == 0) {
            throw new ProblemException(ProblemType.EMPTY_DOCUMENT, "The request body is empty: send the document to seal.");
        }
        Instant now = clock.instant();
        SealRequest r = new SealRequest();
        r.id = UUID.randomUUID().toString();
        r.state = SealRequest.State.PENDING;
        r.department = requester.department();
        r.requesterSubject = requester.subject();
        r.requesterUsername = requester.username();
        r.requesterName = requester.displayName();
        r.requesterClient = clientId;
        r.requesterAcr = authentication.acr();
        r.requesterAuthTime = authentication.authTime();
        r.purpose = why;
        r.format = request.format();
        r.packaging = request.packaging();
        r.level = request.level().label();
        r.options = options;
        r.documentName = request.documentName();
        r.documentType = request.documentType() == null ? null
                : request.documentType().substring(0, Math.min(255, request.documentType().length()));
        r.documentSize = digest.size();
        r.documentSha256 = digest.sha256Hex();
        r.createdAt = now;
        r.expiresAt = now.plus(expiry);
        SealRequestContent content = new SealRequestContent();
        content.requestId = r.id;
        content.content = copy.toByteArray();
        QuarkusTransaction.requiringNew().run(() -> {
            if (SealRequest.count("state", SealRequest.State.PENDING) >= settings.sealApproval().maxPending()) {
                throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "Too many seal requests are waiting for a decision; "
                        + "try again when custodians have decided some.", 60, null);
            }
            r.persist();
            content.persist();
            r.auditEntryId = audit.record(Actor.of(requester, clientId), AuditAction.SEAL_REQUEST_CREATE, "seal-request", r.id, r.documentSha256,
                    "waiting for the custodian; acr " + authentication.acr() + " at " + authentication.authTime()).id;
        });
        return r;
    }

    /** The request, if {@code caller} may see it: its requester, the department's custodians, auditors; else 404. */
    public SealRequest visible(String id, Principal caller) {
        SealRequest r = find(id);
        if (r == null || !(caller.subject().equals(r.requesterSubject) || custodianOf(caller, r.department)
                || caller.kind() == PrincipalKind.AUDITOR)) {
            throw notFound();
        }
        return expireIfDue(r);
    }

    /** The caller's own requests, and for a custodian their department's (for an auditor all); newest first, at most 100. */
    public List<SealRequest> list(Principal caller, SealRequest.State state) {
        boolean custodian = caller.hasRole(Roles.SEAL_CUSTODIAN) && caller.department() != null;
        boolean auditor = caller.kind() == PrincipalKind.AUDITOR;
        StringBuilder query = new StringBuilder(auditor ? "1 = 1" : custodian ? "(requesterSubject = :me or department = :department)"
                : "requesterSubject = :me");
        Parameters parameters = new Parameters();
        if (!auditor) {
            parameters.and("me", caller.subject());
        }
        if (custodian && !auditor) {
            parameters.and("department", caller.department());
        }
        if (state != null) {
            query.append(" and state = :state");
            parameters.and("state", state);
        }
        query.append(" order by createdAt desc");
        return QuarkusTransaction.requiringNew().call(() -> SealRequest.<SealRequest>find(query.toString(), parameters).page(0, 100).list());
    }

    /**
     * The custodian approves: the request becomes APPROVED (one conditional update, with its audit
     * entry), then the seal is applied as the requester asked and the result kept for them (SIGNED, with
     * the signature record and its audit entry). If signing fails the request is pending again.
     */
    public SealRequest approve(String id, Principal custodian, String clientId, StepUp.Authentication authentication) {
        SealRequest r = decidable(id, custodian);
        Instant now = clock.instant();
        boolean won = QuarkusTransaction.requiringNew().call(() -> {
            int changed = SealRequest.update("state = ?1, decidedAt = ?2, deciderSubject = ?3, deciderUsername = ?4 "
                    + "where id = ?5 and state = ?6 and expiresAt > ?2", SealRequest.State.APPROVED, now, custodian.subject(),
                    custodian.username(), id, SealRequest.State.PENDING);
            if (changed == 1) {
                SealRequest.update("auditEntryId = ?1 where id = ?2", audit.record(Actor.of(custodian, clientId), AuditAction.SEAL_REQUEST_APPROVE,
                        "seal-request", id, r.documentSha256, "approved; acr " + authentication.acr() + " at " + authentication.authTime()).id, id);
            }
            return changed == 1;
        });
        if (!won) {
            throw closed(id);
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> sign(id, custodian, authentication));
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew().run(() -> {
                SealRequest.update("state = ?1, decidedAt = null, deciderSubject = null, deciderUsername = null where id = ?2 and state = ?3",
                        SealRequest.State.PENDING, id, SealRequest.State.APPROVED);
                SealRequest.update("auditEntryId = ?1 where id = ?2", audit.record(Actor.of(custodian, clientId), AuditAction.SEAL_REQUEST_SIGN_FAILED,
                        "seal-request", id, r.documentSha256, "the seal could not be applied; pending again").id, id);
            });
            throw e;
        }
    }

    private SealRequest sign(String id, Principal custodian, StepUp.Authentication authentication) {
        SealRequest r = SealRequest.findById(id);
        SealRequestContent content = SealRequestContent.findById(id);
        Principal requester = new Principal(r.requesterSubject, r.requesterUsername, PrincipalKind.CIVIL_SERVANT,
                List.of(Roles.CIVIL_SERVANT, Roles.SIGNER), r.department, null, null, r.requesterName);
        SignatureRequest request = parameters.fromOptions(r.options, r.documentName, r.documentType);
        SignedDocument signed = signer.sign(requester, r.requesterClient, request, new ByteArrayInputStream(content.content),
                new DocumentSigner.Authorisation(new StepUp.Authentication(r.requesterAcr, r.requesterAuthTime), custodian.username(),
                        authentication, r.id));
        try {
            content.content = signed.produced().bytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            signed.produced().discard();
        }
        r.state = SealRequest.State.SIGNED;
        r.signatureId = signed.record().id;
        r.resultType = signed.mediaType();
        r.checkUrl = signed.checkUrl();
        return r;
    }

    /** The custodian rejects: the request becomes REJECTED and its document is deleted, with the audit entry. */
    public SealRequest reject(String id, Principal custodian, String clientId, String reason, StepUp.Authentication authentication) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 500 || why.chars().anyMatch(Character::isISOControl)) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "Say why in reason (at most 500 characters of text).");
        }
        SealRequest r = decidable(id, custodian);
        Instant now = clock.instant();
        boolean won = QuarkusTransaction.requiringNew().call(() -> {
            int changed = SealRequest.update("state = ?1, decidedAt = ?2, deciderSubject = ?3, deciderUsername = ?4, reason = ?5 "
                    + "where id = ?6 and state = ?7 and expiresAt > ?2", SealRequest.State.REJECTED, now, custodian.subject(),
                    custodian.username(), why, id, SealRequest.State.PENDING);
            if (changed == 1) {
                SealRequestContent.deleteById(id);
                SealRequest.update("auditEntryId = ?1 where id = ?2", audit.record(Actor.of(custodian, clientId), AuditAction.SEAL_REQUEST_REJECT,
                        "seal-request", id, r.documentSha256, "rejected; document deleted; acr " + authentication.acr() + " at "
                                + authentication.authTime()).id, id);
            }
            return changed == 1;
        });
        if (!won) {
            throw closed(id);
        }
        return find(id);
    }

    /** The signed result, for the requester, while it is kept (until the request's expiry). */
    public byte[] result(String id, Principal caller) {
        SealRequest r = find(id);
        if (r == null || !caller.subject().equals(r.requesterSubject)) {
            throw notFound();
        }
        if (r.state != SealRequest.State.SIGNED) {
            throw new ProblemException(ProblemType.SEAL_REQUEST_CLOSED, "The request is " + r.state.name().toLowerCase()
                    + ": there is no sealed document" + (r.state == SealRequest.State.PENDING ? " yet." : "."));
        }
        SealRequestContent content = QuarkusTransaction.requiringNew().call(() -> SealRequestContent.findById(id));
        if (content == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "The sealed document was kept until " + r.expiresAt
                    + " and has been deleted; its signature record remains.");
        }
        return content.content;
    }

    /** Every minute (by default): pending requests past their expiry expire, and kept results past it are deleted. */
    @Scheduled(every = "${sealgate.signing.seal-approval.sweep-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        Instant now = clock.instant();
        List<String> due = QuarkusTransaction.requiringNew().call(() -> SealRequest.<SealRequest>find(
                "state in ?1 and expiresAt <= ?2", List.of(SealRequest.State.PENDING, SealRequest.State.SIGNED), now)
                .page(0, 500).list().stream().map(r -> r.id).toList());
        for (String id : due) {
            try {
                expire(id, now);
            } catch (RuntimeException e) {
                LOG.warnf("seal request %s could not be expired now: %s", id, e.getClass().getSimpleName());
            }
        }
    }

    private SealRequest expireIfDue(SealRequest r) {
        Instant now = clock.instant();
        if (r.state == SealRequest.State.PENDING && !r.expiresAt.isAfter(now)) {
            expire(r.id, now);
            return find(r.id);
        }
        return r;
    }

    private void expire(String id, Instant now) {
        QuarkusTransaction.requiringNew().run(() -> {
            int changed = SealRequest.update("state = ?1, decidedAt = ?2 where id = ?3 and state = ?4 and expiresAt <= ?2",
                    SealRequest.State.EXPIRED, now, id, SealRequest.State.PENDING);
            if (changed == 1) {
                SealRequestContent.deleteById(id);
                audit.record(Actor.system("seal-request-expiry"), AuditAction.SEAL_REQUEST_EXPIRE, "seal-request", id, null,
                        "expired undecided; document deleted");
            } else if (SealRequest.count("id = ?1 and state = ?2 and expiresAt <= ?3", id, SealRequest.State.SIGNED, now) == 1
                    && SealRequestContent.deleteById(id)) {
                audit.record(Actor.system("seal-request-expiry"), AuditAction.SEAL_REQUEST_RESULT_DELETED, "seal-request", id, null,
                        "sealed document no longer kept");
            }
        });
    }

    /** A request the custodian may decide: theirs to decide (same department, not their own) and still pending. */
    private SealRequest decidable(String id, Principal custodian) {
        SealRequest r = find(id);
        if (r == null) {
            throw notFound();
        }
        if (!custodianOf(custodian, r.department)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Only a custodian of the seal's department decides this request.");
        }
        if (custodian.subject().equals(r.requesterSubject)) {
            throw new ProblemException(ProblemType.OWN_SEAL_REQUEST, "You asked for this seal: another custodian decides it.");
        }
        r = expireIfDue(r);
        if (r.state != SealRequest.State.PENDING) {
            throw closed(id);
        }
        return r;
    }

    private ProblemException closed(String id) {
        SealRequest now = find(id);
        return new ProblemException(ProblemType.SEAL_REQUEST_CLOSED, "The request is " + (now == null ? "gone"
                : now.state.name().toLowerCase()) + "; only a pending request can be approved or rejected.");
    }

    private static boolean custodianOf(Principal caller, String department) {
        return caller.hasRole(Roles.SEAL_CUSTODIAN) && department != null && department.equals(caller.department());
    }

    private static SealRequest find(String id) {
        if (id == null || id.length() != 36) {
            return null;
        }
        return QuarkusTransaction.requiringNew().call(() -> SealRequest.findById(id));
    }

    private static ProblemException notFound() {
        return new ProblemException(ProblemType.NOT_FOUND, "No seal request with that id is visible to you.");
    }
}
