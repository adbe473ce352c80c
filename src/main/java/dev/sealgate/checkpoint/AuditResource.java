package dev.sealgate.checkpoint;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.panache.common.Page;
import io.quarkus.security.Authenticated;

import dev.sealgate.audit.AuditEntry;
import dev.sealgate.audit.CheckpointNote;
import dev.sealgate.audit.SignedTreeHead;
import dev.sealgate.crypto.AuditLogIdentity;
import dev.sealgate.crypto.NoteSignatures;
import dev.sealgate.crypto.Pem;
import dev.sealgate.identity.CallerResolver;
import dev.sealgate.identity.Principal;
import dev.sealgate.identity.PrincipalKind;
import dev.sealgate.identity.Roles;
import dev.sealgate.pki.CertificateAuthority;
import dev.sealgate.support.Problem;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

@Path("/api/v1/audit")
@Tag(name = "audit", description = "The audit log: a Merkle tree with signed heads (auditors), and proofs anyone may check")
public class AuditResource {

    static final int MAX_PAGE_SIZE = 200;

    @Inject
    AuditVerifier verifier;

    @Inject
    AuditSequencer sequencer;

    @Inject
    TreeHeads heads;

    @Inject
    AuditKey auditKey;

    @Inject
    CertificateAuthority ca;

    @Inject
    jakarta.enterprise.inject.Instance<ProofAccess> access;

    @Inject
    CallerResolver caller;

    @Inject
    Witnesses witnesses;

    @Schema(description = "One audit entry; its leaf hash is recomputed from these fields as the README's audit section says")
    public record EntryView(String id, @Schema(description = "Position in the tree from 1 (leaf seq - 1); null until sequenced") Long seq,
            @Schema(description = "1: an entry of the hash chain written before the tree; 2: written as a leaf; 3: a leaf that also "
                    + "binds the digest of details kept beside it") int version,
            String time, String actorSubject, String actorUsername, String actorClient, String action,
            String objectType, String objectId, String documentDigest, String outcome,
            @Schema(description = "Version 1 only") String prevHash, @Schema(description = "Version 1 only") String hash,
            String leafHash,
            @Schema(description = "Version 3: for a release of a citizen's data, the digest of what the citizen is shown about it "
                    + "(README, audit log); otherwise null", nullable = true) String detailsDigest) {

        static EntryView of(AuditEntry e) {
            return new EntryView(e.id, e.seq, e.version, e.occurredAt.toString(), e.actorSubject, e.actorUsername, e.actorClient,
                    e.action, e.objectType, e.objectId, e.documentDigest, e.outcome, e.prevHash, e.hash, e.leafHash, e.detailsDigest);
        }
    }

    @Schema(description = "An audit entry, its place in the tree and the proof that a signed tree head includes it")
    public record InclusionProof(EntryView entry, long leafIndex, String leafHash, long treeSize,
            @Schema(description = "RFC 9162 inclusion proof (audit path), lower-case hex, nearest the leaf first") List<String> proof,
            SignedTreeHead treeHead) {
    }

    @Schema(description = "The RFC 9162 consistency proof that a signed tree head extends the tree of an earlier size; the "
            + "earlier head as stored, when it still is (old heads are thinned out: the one you hold is the one to check against)")
    public record ConsistencyProof(
            @Schema(description = "The earlier tree's size, as asked for") long fromSize,
            @Schema(description = "The signed head of that size, while it is stored; null once thinned out", nullable = true) SignedTreeHead from,
            @Schema(description = "The later signed head") SignedTreeHead to,
            @Schema(description = "The consistency proof's hashes, lower-case hex") List<String> proof) {
    }

    @Schema(description = "A page of audit entries, in sequence order")
    public record EntryPage(int page, int size, List<EntryView> entries) {
    }

    @GET
    @Path("/verify")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.AUDITOR)
    @Operation(summary = "Recompute the audit tree, its signed heads and the old chain's checkpoints",
            description = "From the first entry to the size the sequencer has committed: every leaf hash from its fields, no gaps, "
                    + "the old chain's links, every stored subtree, every signed tree head's signature, time-stamp and root, and every "
                    + "checkpoint of the chain written before the tree. Answers intact, or the first break and why.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AuditVerifier.Verification.class)))
    public AuditVerifier.Verification verify() {
        caller.current();
        return verifier.verify();
    }

    @GET
    @Path("/entries")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.AUDITOR)
    @Transactional
    @Operation(summary = "Page through audit entries", description = "Filters combine; entries in sequence order, those not sequenced yet last.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = EntryPage.class)))
    @APIResponse(responseCode = "400", description = "A bad filter or page",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public EntryPage entries(
            @Parameter(description = "Exact action, e.g. signature.create") @QueryParam("action") String action,
            @Parameter(description = "Actor's Keycloak subject or username") @QueryParam("actor") String actor,
            @Parameter(description = "From this instant (ISO-8601, inclusive)") @QueryParam("from") String from,
            @Parameter(description = "Before this instant (ISO-8601, exclusive)") @QueryParam("to") String to,
            @Parameter(description = "Page number from 0") @QueryParam("page") @DefaultValue("0") String pageParam,
            @Parameter(description = "Entries per page, 1-" + MAX_PAGE_SIZE) @QueryParam("size") @DefaultValue("50") String sizeParam) {
        caller.current();
        int page = number(pageParam);
        int size = number(sizeParam);
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "page must be >= 0 and size 1-" + MAX_PAGE_SIZE + ".");
        }
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (action != null && !action.isBlank()) {
            conditions.add("action = :action");
            parameters.put("action", action);
        }
        if (actor != null && !actor.isBlank()) {
            conditions.add("(actorSubject = :actor or actorUsername = :actor)");
            parameters.put("actor", actor);
        }
        if (from != null && !from.isBlank()) {
            conditions.add("occurredAt >= :from");
            parameters.put("from", instant(from, "from"));
        }
        if (to != null && !to.isBlank()) {
            conditions.add("occurredAt < :to");
            parameters.put("to", instant(to, "to"));
        }
        String query = (conditions.isEmpty() ? "" : String.join(" and ", conditions) + " ") + "order by seq asc nulls last, occurredAt, id";
        List<EntryView> entries = AuditEntry.<AuditEntry>find(query, parameters).page(Page.of(page, size)).list()
                .stream().map(EntryView::of).toList();
        return new EntryPage(page, size, entries);
    }

    @POST
    @Path("/checkpoints")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.AUDITOR)
    @Operation(summary = "Sign and time-stamp the tree's head now",
            description = "Sequences what is pending first when this instance holds the sequencer's lease (or it is free).")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = SignedTreeHead.class)))
    public Response checkpoint() {
        caller.current();
        SequencerBatch.Batch batch;
        do {
            batch = sequencer.batch();
        } while (batch.holder() && batch.sequenced() > 0);
        AuditTreeHead made = heads.sign();
        return Response.status(Response.Status.CREATED).entity(made.signed()).build();
    }

    /** The audit log's identity, for verifiers to require it (see the README's "Audit log"). */
    @Schema(name = "AuditLogKey")
    public record LogKey(
            @Schema(description = "Extended key usage a log key's certificate carries (critical, its only one)") String extendedKeyUsage,
            @Schema(description = "CMS content type a tree head's signature signs") String treeHeadContentType,
            @Schema(description = "How far a head's time may lie from its time-stamp's, in seconds") long maxTimeStampGapSeconds,
            @Schema(description = "The log's keys' certificates, PEM, oldest first; the current key's is the last with certifiedForTheLog") List<Certificate> certificates,
            @Schema(description = "The origin line of the log's checkpoints") String origin,
            @Schema(description = "The current log key as a C2SP verifier key (name+keyid+base64(0x02 || SPKI)): what witnesses "
                    + "and checkpoint tooling verify the log's note signature with") String noteVerifierKey,
            @Schema(description = "The witnesses whose co-signatures this log accepts, as verifier keys") List<String> witnesses) {

        /** @param certifiedForTheLog false for a key certified before the log had an identity of its own: pin it to accept its heads */
        public record Certificate(String serial, String notBefore, String notAfter, boolean certifiedForTheLog, String pem) {
        }
    }

    @GET
    @Path("/log-key")
    @Produces(MediaType.APPLICATION_JSON)
    @jakarta.annotation.security.PermitAll
    @Transactional
    @Operation(summary = "The audit log's identity", description = "No token needed. What makes a tree head the log's own: the"
            + " extended key usage and the content type its signature must carry, the time-stamp bound, and every log key's certificate.")
    public LogKey logKey() {
        java.security.PublicKey current = auditKey.current().certificate().getPublicKey();
        List<LogKey.Certificate> certificates = new java.util.ArrayList<>();
        for (java.security.cert.X509Certificate certificate : ca.auditLogCertificates()) {
            certificates.add(new LogKey.Certificate(certificate.getSerialNumber().toString(16), certificate.getNotBefore().toInstant().toString(),
                    certificate.getNotAfter().toInstant().toString(), AuditLogIdentity.certifiedForTheLog(certificate),
                    Pem.encode(List.of(certificate))));
        }
        return new LogKey(AuditLogIdentity.LOG_SIGNING.getId(), AuditLogIdentity.TREE_HEAD.getId(),
                AuditLogIdentity.MAX_TIME_STAMP_GAP.toSeconds(), certificates, heads.origin(),
                NoteSignatures.logVkey(heads.origin(), current),
                witnesses.known().stream().map(NoteSignatures.Cosigner::vkey).toList());
    }

    @GET
    @Path("/tree-heads/latest")
    @Produces(MediaType.APPLICATION_JSON)
    @jakarta.annotation.security.PermitAll
    @Transactional
    @Operation(summary = "The latest signed tree head", description = "No token needed: anyone may keep heads to check later ones against.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SignedTreeHead.class)))
    public SignedTreeHead latest(@Parameter(description = "The latest head co-signed by at least this many witnesses")
            @QueryParam("witnessed") String witnessedParam) {
        AuditTreeHead head = witnessedParam != null ? witnessedHead(witnessedParam) : AuditTreeHead.latest();
        if (head == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No tree head has been signed yet.");
        }
        return head.signed(head.cosignatures());
    }

    @GET
    @Path("/checkpoint")
    @Produces(MediaType.TEXT_PLAIN + ";charset=utf-8")
    @jakarta.annotation.security.PermitAll
    @Transactional
    @Operation(summary = "The latest signed tree head as a C2SP checkpoint", description = "No token needed. The origin line, tree"
            + " size and base64 root hash (c2sp.org/tlog-checkpoint), signed by the log's key (c2sp.org/signed-note, ECDSA type 0x02;"
            + " its verifier key is GET /api/v1/audit/log-key's noteVerifierKey), then each known witness's co-signature"
            + " (c2sp.org/tlog-cosignature, cosignature/v1).")
    @APIResponse(responseCode = "200", description = "The signed note", content = @Content(mediaType = MediaType.TEXT_PLAIN))
    @APIResponse(responseCode = "404", description = "No head signed as a checkpoint yet",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public String checkpointNote() {
        AuditTreeHead head = AuditTreeHead.find("origin is not null order by treeSize desc, id desc").firstResult();
        if (head == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No tree head has been signed as a checkpoint yet.");
        }
        return head.checkpoint(head.cosignatures());
    }

    @Schema(description = "The co-signatures the log holds for one checkpoint")
    public record Cosignatures(long treeSize, String rootHash,
            @Schema(description = "Each witness's name, key ID, and when it co-signed") List<Cosigned> cosignatures) {

        public record Cosigned(String witness, String keyId, String cosignedAt) {
        }
    }

    @POST
    @Path("/checkpoint/cosignatures")
    @jakarta.ws.rs.Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.APPLICATION_JSON)
    @jakarta.annotation.security.PermitAll
    @Transactional
    @Operation(summary = "A witness posts its co-signature of a checkpoint",
            description = "No token: the co-signature is the credential. The body is the checkpoint note with the witness's signature line"
                    + " (others' lines are ignored). Accepted when the log signed a head of that size and root, and the line is a known"
                    + " witness's (SEALGATE_AUDIT_WITNESSES) cosignature/v1 that verifies; kept once per witness and head.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Cosignatures.class)))
    @APIResponse(responseCode = "400", description = "Not a checkpoint note, or another log's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "No line from a known witness (witness-unknown)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The log signed no head of that size and root (checkpoint-unknown)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "A known witness's line does not verify (cosignature-invalid)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Cosignatures cosign(java.io.InputStream upload) {
        String body;
        try {
            // no token is needed here: read no more than a note can be, whatever the body's length
            byte[] bytes = upload.readNBytes(CheckpointNote.MAX_BYTES + 1);
            if (bytes.length > CheckpointNote.MAX_BYTES) {
                throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "A checkpoint note is at most "
                        + CheckpointNote.MAX_BYTES + " bytes.");
            }
            body = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "A signed note is UTF-8 text.");
        } catch (java.io.IOException e) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "The note could not be read.");
        }
        CheckpointNote note;
        try {
            note = CheckpointNote.parse(body);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "Not a checkpoint note: " + e.getMessage());
        }
        if (!note.origin().equals(heads.origin())) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "The checkpoint is another log's (origin '" + note.origin()
                    + "'); this log's origin is '" + heads.origin() + "'.");
        }
        List<AuditCosignature> accepted = new ArrayList<>();
        for (CheckpointNote.Line line : note.signatures()) {
            int keyId = java.nio.ByteBuffer.wrap(line.signature(), 0, 4).getInt();
            java.util.Optional<NoteSignatures.Cosigner> witness = witnesses.named(line.name(), keyId);
            if (witness.isEmpty()) {
                continue;
            }
            NoteSignatures.Cosignature cosignature = NoteSignatures.verifyCosignature(
                    witness.get(), note.text(), line.signature());
            if (cosignature == null) {
                throw new ProblemException(ProblemType.COSIGNATURE_INVALID, "Witness " + line.name() + "'s co-signature does not verify "
                        + "over this checkpoint (cosignature/v1, Ed25519).");
            }
            AuditCosignature stored = new AuditCosignature();
            stored.treeSize = note.treeSize();
            stored.rootHash = note.rootHex();
            stored.witnessName = line.name();
            stored.keyId = String.format("%08x", keyId);
            stored.cosignedAt = Instant.ofEpochSecond(cosignature.time());
            stored.signature = java.util.Base64.getEncoder().encodeToString(line.signature());
            accepted.add(stored);
        }
        if (accepted.isEmpty()) {
            throw new ProblemException(ProblemType.WITNESS_UNKNOWN, "The note carries no co-signature of a witness this log knows; the"
                    + " operator adds a witness's verifier key to SEALGATE_AUDIT_WITNESSES.");
        }
        if (AuditTreeHead.count("treeSize = ?1 and rootHash = ?2 and origin is not null", note.treeSize(), note.rootHex()) == 0) {
            throw new ProblemException(ProblemType.CHECKPOINT_UNKNOWN, "This log signed no checkpoint of " + note.treeSize()
                    + " entries with that root.");
        }
        for (AuditCosignature cosignature : accepted) {
            // a witness's newer co-signature of the same head replaces its older one
            AuditCosignature.delete("witnessName = ?1 and keyId = ?2 and treeSize = ?3 and rootHash = ?4", cosignature.witnessName,
                    cosignature.keyId, cosignature.treeSize, cosignature.rootHash);
            cosignature.receivedAt = Instant.now();
            cosignature.persist();
        }
        return new Cosignatures(note.treeSize(), note.rootHex(), AuditCosignature.of(note.treeSize(), note.rootHex()).stream()
                .map(c -> new Cosignatures.Cosigned(c.witnessName, c.keyId, c.cosignedAt.toString())).toList());
    }

    @GET
    @Path("/entries/{id}/proof")
    @Produces(MediaType.APPLICATION_JSON)
    @Authenticated
    @Transactional
    @Operation(summary = "Prove that an audit entry is in the signed log",
            description = "The entry, its leaf hash and index, and the RFC 9162 inclusion proof against the latest signed tree head "
                    + "(or the head of treeSize). Auditors: any entry; others: entries they acted in, and citizens the releases "
                    + "of their data. Entries join a signed head within seconds; before that 409 audit-entry-pending with Retry-After.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = InclusionProof.class)))
    @APIResponse(responseCode = "404", description = "No such entry, or not the caller's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Not in a signed tree head yet (audit-entry-pending), or the entry's row was changed"
            + " after it was logged (audit-entry-altered)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response proof(@PathParam("id") String id,
            @Parameter(description = "Prove against the head of this size (default: the latest)") @QueryParam("treeSize") String treeSizeParam,
            @Parameter(description = "Prove against the latest head co-signed by at least this many witnesses")
            @QueryParam("witnessed") String witnessedParam) {
        Principal who = caller.current();
        AuditEntry entry = id == null || id.length() > 40 ? null : AuditEntry.findById(id);
        if (entry == null || !mayRead(who, entry)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No audit entry " + id + " that this caller may read.");
        }
        if (treeSizeParam != null && witnessedParam != null) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "Give treeSize or witnessed, not both.");
        }
        AuditTreeHead head;
        if (witnessedParam != null) {
            head = witnessedHead(witnessedParam);
            treeSizeParam = Long.toString(head.treeSize);
        } else {
            head = treeSizeParam == null ? AuditTreeHead.latest() : AuditTreeHead.ofSize(size(treeSizeParam, "treeSize"));
        }
        if (treeSizeParam != null && head == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No signed tree head of " + treeSizeParam + " entries.");
        }
        if (entry.seq == null || head == null || head.treeSize < entry.seq) {
            if (witnessedParam != null) {
                throw new ProblemException(ProblemType.AUDIT_ENTRY_PENDING, "The entry is not in a head co-signed by " + witnessedParam
                        + " witnesses yet; witnesses co-sign on their own schedule (minutes).", 60, null);
            }
            if (treeSizeParam != null && entry.seq != null) {
                throw new ProblemException(ProblemType.INVALID_PARAMETER,
                        "The head of " + head.treeSize + " entries is older than entry " + entry.seq + ".");
            }
            throw new ProblemException(ProblemType.AUDIT_ENTRY_PENDING, "The entry is not in a signed tree head yet; heads are "
                    + "signed every second or so.", 1, null);
        }
        long index = entry.seq - 1;
        if (!entry.logged().computeLeafHash().equals(entry.leafHash)) {
            // the stored leaf hash would still verify against the head: say the row changed instead of serving it as if fresh
            throw new ProblemException(ProblemType.AUDIT_ENTRY_ALTERED, "Entry " + id + "'s stored fields no longer hash to its leaf"
                    + " in the signed log: the row was changed after it was logged. An auditor's GET /api/v1/audit/verify shows where.");
        }
        return Response.ok(new InclusionProof(EntryView.of(entry), index, entry.leafHash, head.treeSize,
                heads.inclusion(index, head.treeSize), head.signed(head.cosignatures()))).build();
    }

    @GET
    @Path("/consistency")
    @Produces(MediaType.APPLICATION_JSON)
    @jakarta.annotation.security.PermitAll
    @Transactional
    @Operation(summary = "Prove that one signed tree head extends an earlier one",
            description = "from is the size of the earlier tree (the head you hold), to the size of a signed tree head (default: the "
                    + "latest); RFC 9162 consistency proof. The earlier head is returned too while it is stored; heads older than a "
                    + "day are thinned out to one an hour, so check the proof against the head you were given.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ConsistencyProof.class)))
    @APIResponse(responseCode = "400", description = "Sizes missing, not numbers, or from > to",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No signed head of the size asked for as to, or from beyond the tree",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ConsistencyProof consistency(@QueryParam("from") String fromParam, @QueryParam("to") String toParam) {
        if (fromParam == null) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "from (the size of the earlier tree head) is required.");
        }
        long from = size(fromParam, "from");
        AuditTreeHead second = toParam == null ? AuditTreeHead.latest() : AuditTreeHead.ofSize(size(toParam, "to"));
        if (second == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, toParam == null ? "No tree head has been signed yet."
                    : "No signed tree head of " + toParam + " entries.");
        }
        if (from > second.treeSize) {
            throw toParam == null ? new ProblemException(ProblemType.NOT_FOUND, "The latest signed tree head has " + second.treeSize
                    + " entries, fewer than " + from + ".")
                    : new ProblemException(ProblemType.INVALID_PARAMETER, "from must not be larger than to.");
        }
        AuditTreeHead first = AuditTreeHead.ofSize(from);
        return new ConsistencyProof(from, first == null ? null : first.signed(first.cosignatures()), second.signed(second.cosignatures()),
                heads.consistency(from, second.treeSize));
    }

    private boolean mayRead(Principal who, AuditEntry entry) {
        if (who.hasRole(Roles.AUDITOR)) {
            return true;
        }
        if (who.kind() == PrincipalKind.PARTNER) {
            return who.partnerId() != null && who.partnerId().equals(entry.actorClient) && entry.actorSubject != null
                    && entry.actorSubject.equals(who.subject());
        }
        if (who.subject() != null && who.subject().equals(entry.actorSubject)) {
            return true;
        }
        for (ProofAccess rule : access) {
            if (rule.mayRead(who, entry)) {
                return true;
            }
        }
        return false;
    }

    /** The latest head co-signed by {@code witnessed} (1 to 100) witnesses; 404 when there is none. */
    private static AuditTreeHead witnessedHead(String witnessed) {
        long k = size(witnessed, "witnessed");
        AuditTreeHead head = k > 0 && k <= 100 ? AuditTreeHead.latestWitnessed((int) k) : null;
        if (head == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No signed tree head is co-signed by " + witnessed
                    + " witnesses (1 to 100; witnesses co-sign on their own schedule).");
        }
        return head;
    }

    private static long size(String value, String name) {
        try {
            long size = Long.parseLong(value.trim());
            if (size >= 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(ProblemType.INVALID_PARAMETER, name + " must be a tree size (a whole number, 0 or more).");
    }

    private static int number(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Instant instant(String value, String name) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, name + " must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z.");
        }
    }
}
