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

import dev.sealgate.audit.Actor;
import dev.sealgate.audit.AuditEntry;
import dev.sealgate.identity.CallerResolver;
import dev.sealgate.identity.Roles;
import dev.sealgate.support.Problem;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;
import io.quarkus.panache.common.Page;

@Path("/api/v1/audit")
@Tag(name = "audit", description = "The hash-chained, signed audit log (auditors)")
public class AuditResource {

    static final int MAX_PAGE_SIZE = 200;

    @Inject
    AuditVerifier verifier;

    @Inject
    AuditCheckpoints checkpoints;

    @Inject
    CallerResolver caller;

    @Schema(description = "One audit entry")
    public record EntryView(long seq, String time, String actorSubject, String actorUsername, String actorClient, String action,
            String objectType, String objectId, String documentDigest, String outcome, String prevHash, String hash) {

        static EntryView of(AuditEntry e) {
            return new EntryView(e.seq, e.occurredAt.toString(), e.actorSubject, e.actorUsername, e.actorClient, e.action,
                    e.objectType, e.objectId, e.documentDigest, e.outcome, e.prevHash, e.hash);
        }
    }

    @Schema(description = "A page of audit entries, in sequence order")
    public record EntryPage(int page, int size, List<EntryView> entries) {
    }

    @Schema(description = "A signed, time-stamped head of the chain")
    public record CheckpointView(long id, long seq, String headHash, String createdAt,
            @Schema(description = "Detached CMS signature over the checkpoint statement, base64 DER") String signature,
            @Schema(description = "RFC 3161 time-stamp token over the checkpoint statement, base64 DER") String timeStamp) {
    }

    @GET
    @Path("/verify")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.AUDITOR)
    @Operation(summary = "Recompute the audit chain and its checkpoints",
            description = "From the first entry to the current head: every hash, every link, no gaps, the head, and every "
                    + "checkpoint's signature, time-stamp and hash. Answers intact, or the first break and why.")
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
    @Operation(summary = "Page through audit entries", description = "Filters combine; entries in sequence order.")
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
        String query = (conditions.isEmpty() ? "" : String.join(" and ", conditions) + " ") + "order by seq";
        List<EntryView> entries = AuditEntry.<AuditEntry>find(query, parameters).page(Page.of(page, size)).list()
                .stream().map(EntryView::of).toList();
        return new EntryPage(page, size, entries);
    }

    @POST
    @Path("/checkpoints")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.AUDITOR)
    @Operation(summary = "Sign and time-stamp the chain's head now")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = CheckpointView.class)))
    public Response checkpoint() {
        caller.current();
        AuditCheckpoint made = checkpoints.checkpoint();
        return Response.status(Response.Status.CREATED).entity(new CheckpointView(made.id, made.seq, made.headHash, made.createdAt.toString(), made.signature,
                        made.timeStamp))
                .build();
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
