package dev.sealgate.signing;

import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.sealgate.audit.AuditLog;
import dev.sealgate.formats.SignatureFormat;
import dev.sealgate.identity.CallerResolver;
import dev.sealgate.identity.Principal;
import dev.sealgate.identity.Roles;
import dev.sealgate.support.Problem;
import dev.sealgate.support.ProblemException;
import dev.sealgate.support.ProblemType;

@Path("/api/v1/seal-requests")
@Tag(name = "seal requests", description = "Using a department's seal with its custodian's approval (用印审批)")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
public class SealRequestResource {

    @Inject
    SealRequests requests;

    @Inject
    CallerResolver caller;

    @Inject
    JsonWebToken token;

    @Inject
    StepUp stepUp;

    /** The body of a rejection. */
    public record Rejection(@Schema(description = "Why the seal is not used; shown to the requester") String reason) {
    }

    @GET
    @RolesAllowed({ Roles.CIVIL_SERVANT, Roles.AUDITOR })
    @Operation(summary = "Seal requests", description = "The caller's own; for a custodian also their department's; for an auditor all. "
            + "Newest first, at most 100.")
    public List<SealRequestView> list(@QueryParam("state") String state) {
        SealRequest.State wanted = null;
        if (state != null) {
            try {
                wanted = SealRequest.State.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ProblemException(ProblemType.INVALID_PARAMETER, "state must be pending, approved, signed, rejected or expired.");
            }
        }
        return requests.list(caller.current(), wanted).stream().map(SealRequestView::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.CIVIL_SERVANT, Roles.AUDITOR })
    @Operation(summary = "A seal request", description = "For its requester, the custodians of its department and auditors; anyone else gets 404.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SealRequestView.class)))
    @APIResponse(responseCode = "404", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SealRequestView get(@PathParam("id") String id) {
        return SealRequestView.of(requests.visible(id, caller.current()));
    }

    @GET
    @Path("/{id}/document")
    @Produces({ "application/pkcs7-signature", "application/pdf", "application/ofd", "application/jose", "application/jose+json",
            Problem.MEDIA_TYPE })
    @RolesAllowed(Roles.CIVIL_SERVANT)
    @Operation(summary = "The sealed document", description = "For the requester, once the request is signed, until it expires.")
    @APIResponse(responseCode = "200", description = "The signed document or signature")
    @APIResponse(responseCode = "409", description = "Not signed (pending, rejected or expired)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response document(@PathParam("id") String id) {
        Principal principal = caller.current();
        byte[] result = requests.result(id, principal);
        SealRequest r = requests.visible(id, principal);
        Response.ResponseBuilder response = Response.ok(result, r.resultType).header("Content-Location", "/api/v1/signatures/" + r.signatureId);
        if (r.checkUrl != null) {
            response.header("SealGate-Check-Url", r.checkUrl);
        }
        return response.build();
    }

    @POST
    @Path("/{id}/approve")
    @RolesAllowed(Roles.SEAL_CUSTODIAN)
    @Operation(summary = "Approve a seal request", description = "By a custodian of the seal's department who did not make the request, "
            + "authenticated as signing with the seal demands (step-up). The seal is applied as requested; the requester fetches the result.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SealRequestView.class)))
    @APIResponse(responseCode = "401", description = "Step-up needed (RFC 9470 challenge in WWW-Authenticate)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Another department's request, or the custodian's own",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "No longer pending (decided or expired)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response approve(@PathParam("id") String id) {
        Principal custodian = caller.current();
        StepUp.Authentication authentication = stepUp.require(token, SignatureFormat.KeyKind.SEAL);
        return named(SealRequestView.of(requests.approve(id, custodian, caller.clientId(), authentication)));
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SEAL_CUSTODIAN)
    @Operation(summary = "Reject a seal request", description = "As approving; the document is deleted and the reason kept.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SealRequestView.class)))
    @APIResponse(responseCode = "409", description = "No longer pending (decided or expired)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response reject(@PathParam("id") String id, Rejection rejection) {
        Principal custodian = caller.current();
        StepUp.Authentication authentication = stepUp.require(token, SignatureFormat.KeyKind.SEAL);
        return named(SealRequestView.of(requests.reject(id, custodian, caller.clientId(), rejection == null ? null : rejection.reason(),
                authentication)));
    }

    /** The view, with the audit entry of the step just taken in SealGate-Audit-Entry. */
    private static Response named(SealRequestView view) {
        return Response.ok(view, MediaType.APPLICATION_JSON).header(AuditLog.ENTRY_HEADER, view.auditEntry()).build();
    }
}
